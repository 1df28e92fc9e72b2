"""The criteria data as *revision content*: what gets hashed, stored and scored.

Why this module exists: a score must be reproducible years later from exactly the sheet it
was made with, so the unit that is stored (``SheetRevision.content``), validated
(``ocop criteria check``) and scored (``ocop score``) is one self-contained JSON document::

    {"version": {"code": "26/2026", "parts": [{"code": "A", "max": 40}, …],
                 "star_bands": [{"stars": 5, "min": 90, "max": 100, "max_inclusive": true}, …]},
     "sheet": <the sheet's YAML file as parsed, JSON-normalised>}

The same document is built from the data files and read back from the database, and both
paths go through :func:`form_from_content`, so a stored revision and a data file mean the same
thing. Parsing of the sheet itself is delegated to :mod:`ocop.criteria.sheets`; this module
adds only the version facts a sheet needs to be scored (part maxima, star bands) and fast
file reading (libyaml when present: the pure-Python parser takes seconds for 52 sheets).

No Django here: the CLI, the loader, the API and the benchmark share it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .sheets import DATA_DIR, Sheet, StarBand, Version, sheet_from_dict

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SHEET_GLOB = "[0-9][0-9]-*.yaml"


class UnknownCriteria(LookupError):
    """No version or product set with that code/number in the data folder."""


@dataclass(frozen=True, slots=True)
class ScoringForm:
    """A sheet together with the star bands of its version: all the engine needs."""

    sheet: Sheet
    bands: tuple[StarBand, ...]


@dataclass(frozen=True, slots=True)
class SheetSource:
    """One sheet file as revision content, with its path relative to the data folder."""

    source: str
    content: Mapping[str, Any]
    form: ScoringForm


@dataclass(frozen=True, slots=True)
class VersionSource:
    """A version folder read for loading/checking: the facts, its sheets, a checkable Version."""

    folder: Path
    meta: Mapping[str, Any]
    facts: Mapping[str, Any]
    version: Version
    sheets: tuple[SheetSource, ...]

    @property
    def has_classification(self) -> bool:
        """True when the decision has its own Annex I (it then names the product sets)."""
        return bool(self.meta.get("classification"))


def read_yaml(path: Path) -> Any:
    """Parse a data file with the same safe semantics as :mod:`sheets`, but faster."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)


def canonical_json(value: Any) -> str:
    """The one serialisation that is hashed: sorted keys, no spaces, UTF-8 text kept."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(content: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON; equal content gives an equal hash on any database."""
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def version_facts(meta: Mapping[str, Any]) -> dict[str, Any]:
    """The part of ``version.yaml`` that scoring depends on, in JSON-safe, ordered form.

    Parts are a list, not a mapping, because their order is meaningful and PostgreSQL's
    ``jsonb`` does not keep key order.
    """
    return {
        "code": str(meta["code"]),
        "parts": [{"code": str(code), "max": int(value)} for code, value in meta["parts"].items()],
        "star_bands": [
            {
                "stars": int(band["stars"]),
                "min": band["min"],
                "max": band["max"],
                "max_inclusive": bool(band.get("max_inclusive", False)),
            }
            for band in meta["star_bands"]
        ],
    }


def sheet_content(*, facts: Mapping[str, Any], raw: Mapping[str, Any]) -> dict[str, Any]:
    """Revision content for one parsed sheet file, normalised through JSON.

    The round trip makes the hashed document identical to what a JSON column returns, and
    fails loudly (TypeError) if a data file holds something JSON cannot store.
    """
    content: dict[str, Any] = json.loads(canonical_json({"version": facts, "sheet": raw}))
    return content


def bands_from_facts(facts: Mapping[str, Any]) -> tuple[StarBand, ...]:
    return tuple(
        StarBand(
            stars=band["stars"],
            min=band["min"],
            max=band["max"],
            max_inclusive=band["max_inclusive"],
        )
        for band in facts["star_bands"]
    )


def part_maxima_from_facts(facts: Mapping[str, Any]) -> dict[str, int]:
    return {part["code"]: part["max"] for part in facts["parts"]}


def form_from_content(content: Mapping[str, Any], *, path: Path | None = None) -> ScoringForm:
    """Rebuild the scoring form from revision content (from a file or from the database)."""
    facts = content["version"]
    sheet = sheet_from_dict(content["sheet"], part_maxima=part_maxima_from_facts(facts), path=path)
    return ScoringForm(sheet=sheet, bands=bands_from_facts(facts))


def version_folders(data_dir: Path = DATA_DIR) -> dict[str, Path]:
    """Version code → folder, reading only the small ``version.yaml`` files."""
    folders: dict[str, Path] = {}
    for meta_path in sorted(data_dir.glob("*/version.yaml")):
        folders[str(read_yaml(meta_path)["code"])] = meta_path.parent
    return folders


def find_version_folder(code: str, *, data_dir: Path = DATA_DIR) -> Path:
    """The folder of a version given its code ("26/2026") or slug ("qd-26-2026")."""
    folders = version_folders(data_dir)
    if code in folders:
        return folders[code]
    for folder in folders.values():
        if folder.name == code:
            return folder
    known = ", ".join(folders)
    raise UnknownCriteria(
        f"Không có bộ tiêu chí {code!r} (có: {known}) / unknown criteria version {code!r}"
    )


def _sheet_source(*, path: Path, data_dir: Path, facts: Mapping[str, Any]) -> SheetSource:
    content = sheet_content(facts=facts, raw=read_yaml(path))
    return SheetSource(
        source=path.relative_to(data_dir).as_posix(),
        content=content,
        form=form_from_content(content, path=path),
    )


def read_version(folder: Path, *, data_dir: Path = DATA_DIR) -> VersionSource:
    """Read one version folder as revision content plus a Version that ``check_version`` takes.

    The Version is built from the very content that would be stored, so what is checked is
    what is loaded (the Annex I classification is not part of it; ``load_classification``
    reads that).
    """
    meta = read_yaml(folder / "version.yaml")
    facts = version_facts(meta)
    sources = tuple(
        _sheet_source(path=path, data_dir=data_dir, facts=facts)
        for path in sorted(folder.glob(SHEET_GLOB))
    )
    sources = tuple(sorted(sources, key=lambda s: s.form.sheet.number))
    version = Version(
        code=facts["code"],
        instrument=meta["instrument"],
        title=meta.get("title"),
        date=meta.get("date"),
        in_force_from=meta.get("in_force_from"),
        in_force_to=meta.get("in_force_to"),
        part_maxima=part_maxima_from_facts(facts),
        star_bands=bands_from_facts(facts),
        sheets=tuple(source.form.sheet for source in sources),
        notes=tuple(meta.get("notes") or ()),
        path=folder,
    )
    return VersionSource(folder=folder, meta=meta, facts=facts, version=version, sheets=sources)


def read_all(data_dir: Path = DATA_DIR) -> dict[str, VersionSource]:
    """Every version folder under ``data_dir``, keyed by version code."""
    return {
        code: read_version(folder, data_dir=data_dir)
        for code, folder in version_folders(data_dir).items()
    }


def newest_first(sources: Iterable[VersionSource]) -> list[VersionSource]:
    """Versions ordered by entry into force, the current one first (for listings)."""
    return sorted(sources, key=lambda s: s.version.in_force_from or dt.date.min, reverse=True)


def read_form(*, criteria: str, number: int, data_dir: Path = DATA_DIR) -> ScoringForm:
    """One sheet of one version, reading only its own file (fast path for the CLI)."""
    folder = find_version_folder(criteria, data_dir=data_dir)
    meta = read_yaml(folder / "version.yaml")
    paths = sorted(folder.glob(f"{number:02d}-*.yaml")) if 0 < number < 100 else []
    if not paths:
        raise UnknownCriteria(
            f"Bộ tiêu chí {meta['code']} không có phiếu bộ sản phẩm số {number}"
            f" / no sheet for product set {number} in {meta['code']}"
        )
    form = _sheet_source(path=paths[0], data_dir=data_dir, facts=version_facts(meta)).form
    if form.sheet.number != number:
        raise UnknownCriteria(f"{paths[0].name}: product set {form.sheet.number}, not {number}")
    return form
