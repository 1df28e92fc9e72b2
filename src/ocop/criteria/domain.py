"""Loading criteria versions, their classification and sheet revisions from the data files.

Why revisions: a council score must stay explainable by the exact sheet it was made with, so
loading never edits a stored sheet. Same content (by SHA-256 of its canonical JSON) adds
nothing; changed content appends revision n + 1, which new scoring then uses.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from ocop.core.audit import log_action
from ocop.core.domain import create_audited, update_audited

from .catalogue import SheetSource, VersionSource, content_hash, newest_first, read_all
from .models import CriteriaVersion, ProductSet, SheetRevision
from .scoring import version_errors
from .sheets import DATA_DIR

# The current decision, whose Annex I ``load_classification`` loads; ``load_criteria`` adds
# every other version, the 148/2023 product sets and the sheet revisions.
CURRENT_VERSION = {"code": "26/2026", "slug": "qd-26-2026", "name": "Quyết định 26/2026/QĐ-TTg"}


@dataclass(frozen=True)
class LoadedClassification:
    version: str
    product_sets: int


@transaction.atomic
def load_classification(*, data_dir: Path = DATA_DIR) -> LoadedClassification:
    """Create or update the current version and its 26 product sets (idempotent)."""
    path = data_dir / CURRENT_VERSION["slug"] / "annex-i.yaml"
    with path.open(encoding="utf-8") as fh:
        annex = yaml.safe_load(fh)
    if annex.get("version") != CURRENT_VERSION["code"]:
        raise ValueError(f"{path} is not the Annex I of {CURRENT_VERSION['code']}")
    CriteriaVersion.objects.exclude(code=CURRENT_VERSION["code"]).update(is_current=False)
    version, _ = CriteriaVersion.objects.update_or_create(
        code=CURRENT_VERSION["code"],
        defaults={
            "slug": CURRENT_VERSION["slug"],
            "name": CURRENT_VERSION["name"],
            "is_current": True,
        },
    )
    for entry in annex["product_sets"]:
        sub_group = entry.get("sub_group") or {}
        ProductSet.objects.update_or_create(
            version=version,
            number=entry["number"],
            defaults={
                "code": entry["code"],
                "name": entry["name"],
                "sector_code": entry["sector"]["code"],
                "sector_name": entry["sector"]["name"],
                "group_code": entry["group"]["code"],
                "group_name": entry["group"]["name"],
                "sub_group_code": sub_group.get("code") or "",
                "sub_group_name": sub_group.get("name") or "",
                "lead_ministry": entry.get("lead_ministry") or "",
            },
        )
    return LoadedClassification(version=version.code, product_sets=version.product_sets.count())


class CriteriaDataError(ValueError):
    """The data files do not pass ``scoring.version_errors``; nothing was loaded."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = tuple(errors)
        lines = "\n".join(f"  - {error}" for error in self.errors)
        super().__init__(f"Dữ liệu bộ tiêu chí có lỗi / criteria data has errors:\n{lines}")


@dataclass(frozen=True)
class LoadedVersion:
    """What ``load_criteria`` did for one version (printed one line per version)."""

    code: str
    parts: tuple[tuple[str, int], ...]
    product_sets: int
    sheets: int
    new_revisions: int
    unchanged: int

    def __str__(self) -> str:
        parts = " ".join(f"{code}{maximum}" for code, maximum in self.parts)
        if not self.sheets:
            return f"{self.code}: chỉ bản ghi phiên bản, không có phiếu ({parts})"
        return (
            f"{self.code}: {self.product_sets} bộ sản phẩm, {self.sheets} phiếu — "
            f"{self.new_revisions} phiên bản mới, {self.unchanged} không đổi ({parts})"
        )


_INSTRUMENT_NUMBER = re.compile(r"^Quyết định số (\S+)")


def _short_name(instrument: str) -> str:
    """Shorten "Quyết định số 148/QĐ-TTg ngày …" to "Quyết định 148/QĐ-TTg" for lists."""
    match = _INSTRUMENT_NUMBER.match(instrument)
    return f"Quyết định {match.group(1)}" if match else instrument[:300]


def _version_fields(source: VersionSource) -> dict[str, Any]:
    meta = source.meta
    instrument = " ".join(str(meta["instrument"]).split())
    return {
        "slug": source.folder.name,
        "name": _short_name(instrument),
        "instrument": instrument,
        "title": meta.get("title") or "",
        "in_force_from": meta.get("in_force_from"),
        "in_force_to": meta.get("in_force_to"),
        "part_maxima": source.facts["parts"],
        "star_bands": source.facts["star_bands"],
    }


def _upsert_version(source: VersionSource) -> CriteriaVersion:
    fields = _version_fields(source)
    existing = CriteriaVersion.objects.filter(code=source.version.code).first()
    if existing is None:
        return create_audited(
            obj=CriteriaVersion(code=source.version.code, **fields),
            actor=None,
            action="ocop.criteria.version_created",
        )
    return update_audited(
        obj=existing, fields=fields, actor=None, action="ocop.criteria.version_updated"
    )


def _product_set(*, version: CriteriaVersion, source: SheetSource, classified: bool) -> ProductSet:
    """The product set a sheet scores, created from the sheet when the data has no Annex I.

    With an Annex I (26/2026) ``load_classification`` owns the sets and the sheet only finds
    its own; without one (148/2023) the sheet's number and name are the set.
    """
    sheet_set = source.form.sheet.product_set
    existing = ProductSet.objects.filter(version=version, number=sheet_set.number).first()
    if classified:
        if existing is None:
            raise CriteriaDataError(
                [f"{version.code}: bộ {sheet_set.number} không có trong Phụ lục I / not in Annex I"]
            )
        return existing
    if existing is None:
        return create_audited(
            obj=ProductSet(version=version, number=sheet_set.number, name=sheet_set.name),
            actor=None,
            action="ocop.criteria.product_set_created",
        )
    return update_audited(
        obj=existing,
        fields={"name": sheet_set.name},
        actor=None,
        action="ocop.criteria.product_set_updated",
    )


def record_revision(
    *, product_set: ProductSet, content: dict[str, Any], source: str
) -> tuple[SheetRevision, bool]:
    """Append a revision unless the latest one already has this content.

    Returns (revision, created). Locks the product set so two loaders cannot both append
    the same number. Compares with the *latest* revision only: a file reverted to an older
    content becomes a new revision, so the latest always equals the data file.
    """
    ProductSet.objects.select_for_update().filter(pk=product_set.pk).first()
    digest = content_hash(content)
    latest = product_set.revisions.order_by("-number").first()
    if latest is not None and latest.content_hash == digest:
        return latest, False
    revision = SheetRevision(
        product_set=product_set,
        number=latest.number + 1 if latest else 1,
        content=content,
        content_hash=digest,
        source=source,
    )
    revision.full_clean()
    revision.save()
    # The content is large and immutable in its own row: log its identity, not a copy.
    log_action(
        action="ocop.criteria.revision_loaded",
        obj=revision,
        data={"number": revision.number, "hash": digest, "source": source},
    )
    return revision, True


def _load_version(source: VersionSource) -> LoadedVersion:
    version = _upsert_version(source)
    created = 0
    for sheet_source in source.sheets:
        product_set = _product_set(
            version=version, source=sheet_source, classified=source.has_classification
        )
        _, is_new = record_revision(
            product_set=product_set, content=dict(sheet_source.content), source=sheet_source.source
        )
        created += is_new
    return LoadedVersion(
        code=version.code,
        parts=tuple(source.version.part_maxima.items()),
        product_sets=version.product_sets.count(),
        sheets=len(source.sheets),
        new_revisions=created,
        unchanged=len(source.sheets) - created,
    )


@transaction.atomic
def load_criteria(*, data_dir: Path = DATA_DIR) -> tuple[LoadedVersion, ...]:
    """Load every version, its product sets and one revision per changed sheet (idempotent).

    Checks every file first and loads nothing if any fails (a broken scoring form must never
    become the latest revision). Keeps ``load_classification``'s behaviour for 26/2026.
    Versions come newest first.
    """
    sources = read_all(data_dir)
    errors = [error for source in sources.values() for error in version_errors(source.version)]
    if errors:
        raise CriteriaDataError(errors)
    load_classification(data_dir=data_dir)
    return tuple(_load_version(source) for source in newest_first(sources.values()))
