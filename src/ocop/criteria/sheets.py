"""Versioned OCOP criteria sheets: load, validate and serialise the YAML data files.

Why this module exists: the scoring rules change with each decision (1048/2019, 148/2023,
26/2026) and every evaluation must be scored against the version it was filed under, so the
rules live in data files (``data/<version>/``), not in code. This module is the single,
dependency-light (PyYAML only, no Django) reader of those files: the Django app, the
extractor tool and the tests all go through it, so a sheet means the same thing everywhere.

Layout of a version folder::

    data/qd-26-2026/version.yaml    code, instrument, dates, part maxima, star bands
    data/qd-26-2026/annex-i.yaml    Annex I classification (only where the decision has one)
    data/qd-26-2026/NN-<slug>.yaml  one sheet per product set (26 per version)
"""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
MARKS = frozenset({3, 4, 5})
NOTE_KINDS = frozenset({"info", "knockout", "stop"})
CRITERION_KINDS = frozenset({"choice", "yes_no"})
SHEET_TOTAL = 100


# --------------------------------------------------------------------------- dataclasses


@dataclass(frozen=True, slots=True)
class Option:
    """One tickable answer of a criterion; ``min_star`` is the printed ``***`` … ``*****``."""

    number: int
    text: str
    points: int
    min_star: int | None = None
    knockout: bool = False
    knockout_reason: str | None = None
    case: int | None = None


@dataclass(frozen=True, slots=True)
class Note:
    """A printed note. ``knockout`` excludes the product, ``stop`` ends the evaluation.

    For ``stop`` notes ``criteria`` lists the criteria whose outcome triggers it and
    ``trigger`` is ``zero_points`` (0 points on any of them) or ``condition`` (the situation
    the text describes, judged by the council).
    """

    kind: str
    text: str
    criteria: tuple[str, ...] = ()
    trigger: str | None = None


@dataclass(frozen=True, slots=True)
class Condition:
    """A condition of applicability ("Chỉ áp dụng khi …").

    The criterion is scored unless ``criterion`` is answered with one of ``unless_options``
    (e.g. 5.2 applies unless 5.1 is answered "Không có câu chuyện sản phẩm").
    """

    text: str
    criterion: str
    unless_options: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Case:
    """One alternative of "Lựa chọn một trong hai trường hợp sau" (options carry ``case``)."""

    number: int
    label: str
    name: str


@dataclass(frozen=True, slots=True)
class Criterion:
    """A scored criterion (tiêu chí / chỉ tiêu) with its options in document order."""

    code: str
    name: str
    max: int
    options: tuple[Option, ...]
    kind: str = "choice"
    requirement: str | None = None
    description: str | None = None
    subgroup: str | None = None
    applies_when: Condition | None = None
    cases: tuple[Case, ...] = ()
    case_instruction: str | None = None
    notes: tuple[Note, ...] = ()
    title_min_star: int | None = None

    @property
    def best_points(self) -> int:
        return max((o.points for o in self.options if isinstance(o.points, int)), default=0)

    def option(self, number: int) -> Option:
        """The option with this 1-based number (raises KeyError when absent)."""
        for option in self.options:
            if option.number == number:
                return option
        raise KeyError(f"{self.code}: no option {number}")


@dataclass(frozen=True, slots=True)
class SubGroup:
    """A printed sub-heading inside a group (e.g. sheet 11 "6.1. Ngoại hình", 4 points)."""

    code: str
    name: str
    max: int


@dataclass(frozen=True, slots=True)
class Group:
    """A numbered criterion group (1. TỔ CHỨC SẢN XUẤT …); numbering runs across parts."""

    number: int
    name: str
    max: int
    criteria: tuple[Criterion, ...]
    subgroups: tuple[SubGroup, ...] = ()
    description: str | None = None
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True, slots=True)
class Part:
    """Part A, B or C; ``printed_max`` is kept when the heading contradicts the score."""

    code: str
    name: str
    max: int
    groups: tuple[Group, ...]
    printed_max: int | None = None


@dataclass(frozen=True, slots=True)
class Unit:
    """A classification node (sector, group or sub-group) of Annex I."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class ProductSet:
    """The product set a sheet scores (bộ sản phẩm), with its Annex I classification."""

    number: int
    name: str
    code: str | None = None
    sector: Unit | None = None
    group: Unit | None = None
    sub_group: Unit | None = None
    lead_ministry: str | None = None
    heading: str | None = None
    classification_line: str | None = None


@dataclass(frozen=True, slots=True)
class ClassificationEntry:
    """One leaf of Annex I: a product set, where it sits, who leads it, which sheet scores it."""

    number: int
    code: str
    name: str
    annex_i_name: str
    sector: Unit
    group: Unit
    sub_group: Unit | None
    lead_ministries: tuple[str, ...]
    sheet: str


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """Where the source contradicts itself and how the data resolves it."""

    target: str
    text: str
    resolution: str
    source: str = "hand"


@dataclass(frozen=True, slots=True)
class Correction:
    """A hand correction of the extractor's output (replayed by tools/extract_criteria.py)."""

    target: str
    reason: str
    field: str | None = None
    extracted: Any = None
    value: Any = None
    op: str = "set"
    confidence: str | None = None


@dataclass(frozen=True, slots=True)
class Sheet:
    """One scoring sheet (phiếu đánh giá) of one product set under one version."""

    criteria: str
    product_set: ProductSet
    parts: tuple[Part, ...]
    part_maxima: Mapping[str, int]
    source: str | None = None
    knockouts: tuple[str, ...] = ()
    star_note: str | None = None
    discrepancies: tuple[Discrepancy, ...] = ()
    corrections: tuple[Correction, ...] = ()
    path: Path | None = None

    @property
    def number(self) -> int:
        return self.product_set.number

    @property
    def max(self) -> int:
        return sum(part.max for part in self.parts if isinstance(part.max, int))

    def groups(self) -> Iterator[Group]:
        for part in self.parts:
            yield from part.groups

    def criteria_list(self) -> Iterator[Criterion]:
        for group in self.groups():
            yield from group.criteria

    def criterion(self, code: str) -> Criterion:
        """The criterion with this code (raises KeyError when absent)."""
        for criterion in self.criteria_list():
            if criterion.code == code:
                return criterion
        raise KeyError(f"sheet {self.number}: no criterion {code}")

    def part(self, code: str) -> Part:
        for part in self.parts:
            if part.code == code:
                return part
        raise KeyError(f"sheet {self.number}: no part {code}")

    def group(self, number: int) -> Group:
        for group in self.groups():
            if group.number == number:
                return group
        raise KeyError(f"sheet {self.number}: no group {number}")

    def notes_of_kind(self, kind: str) -> list[tuple[str, Note]]:
        """(criterion or group code, note) pairs of one kind, e.g. all stop rules."""
        found: list[tuple[str, Note]] = []
        for group in self.groups():
            found.extend((str(group.number), note) for note in group.notes if note.kind == kind)
            for criterion in group.criteria:
                found.extend((criterion.code, n) for n in criterion.notes if n.kind == kind)
        return found


@dataclass(frozen=True, slots=True)
class StarBand:
    """A star band on the average total score; half-open unless ``max_inclusive``."""

    stars: int
    min: float
    max: float
    max_inclusive: bool = False

    def contains(self, score: float) -> bool:
        """Compare unrounded scores: 89.99 is 4★, 90 is 5★."""
        if self.max_inclusive:
            return self.min <= score <= self.max
        return self.min <= score < self.max


@dataclass(frozen=True, slots=True)
class Version:
    """One instrument (decision) with its part maxima, star bands and, if kept, its sheets."""

    code: str
    instrument: str
    part_maxima: Mapping[str, int]
    star_bands: tuple[StarBand, ...]
    date: dt.date | None = None
    in_force_from: dt.date | None = None
    in_force_to: dt.date | None = None
    title: str | None = None
    sheets: tuple[Sheet, ...] = ()
    classification: tuple[ClassificationEntry, ...] = ()
    notes: tuple[str, ...] = ()
    path: Path | None = None

    def sheet(self, number: int) -> Sheet:
        for sheet in self.sheets:
            if sheet.number == number:
                return sheet
        raise KeyError(f"{self.code}: no sheet {number}")

    def band_for(self, score: float) -> StarBand:
        """The band an (unrounded) average total score falls in."""
        for band in self.star_bands:
            if band.contains(score):
                return band
        raise ValueError(f"{self.code}: score {score} is outside every star band")


# --------------------------------------------------------------------------- loading


def _unit(data: Mapping[str, Any] | None) -> Unit | None:
    return Unit(code=data["code"], name=data["name"]) if data else None


def _note(data: Mapping[str, Any]) -> Note:
    return Note(
        kind=data["kind"],
        text=data["text"],
        criteria=tuple(data.get("criteria") or ()),
        trigger=data.get("trigger"),
    )


def _option(data: Mapping[str, Any]) -> Option:
    return Option(
        number=data["number"],
        text=data["text"],
        points=data["points"],
        min_star=data.get("min_star"),
        knockout=bool(data.get("knockout", False)),
        knockout_reason=data.get("knockout_reason"),
        case=data.get("case"),
    )


def _criterion(data: Mapping[str, Any]) -> Criterion:
    condition = data.get("applies_when")
    return Criterion(
        code=str(data["code"]),
        name=data["name"],
        max=data["max"],
        options=tuple(_option(o) for o in data["options"]),
        kind=data.get("kind", "choice"),
        requirement=data.get("requirement"),
        description=data.get("description"),
        subgroup=data.get("subgroup"),
        applies_when=Condition(
            text=condition["text"],
            criterion=str(condition["criterion"]),
            unless_options=tuple(condition.get("unless_options") or ()),
        )
        if condition
        else None,
        cases=tuple(
            Case(number=c["number"], label=c["label"], name=c["name"])
            for c in data.get("cases") or ()
        ),
        case_instruction=data.get("case_instruction"),
        notes=tuple(_note(n) for n in data.get("notes") or ()),
        title_min_star=data.get("title_min_star"),
    )


def _group(data: Mapping[str, Any]) -> Group:
    return Group(
        number=data["number"],
        name=data["name"],
        max=data["max"],
        criteria=tuple(_criterion(c) for c in data["criteria"]),
        subgroups=tuple(
            SubGroup(code=str(s["code"]), name=s["name"], max=s["max"])
            for s in data.get("subgroups") or ()
        ),
        description=data.get("description"),
        notes=tuple(_note(n) for n in data.get("notes") or ()),
    )


def sheet_from_dict(
    data: Mapping[str, Any], *, part_maxima: Mapping[str, int], path: Path | None = None
) -> Sheet:
    """Build a Sheet from the parsed YAML mapping; ``part_maxima`` come from the version."""
    ps = data["product_set"]
    return Sheet(
        criteria=str(data["criteria"]),
        source=data.get("source"),
        product_set=ProductSet(
            number=ps["number"],
            name=ps["name"],
            code=ps.get("code"),
            sector=_unit(ps.get("sector")),
            group=_unit(ps.get("group")),
            sub_group=_unit(ps.get("sub_group")),
            lead_ministry=ps.get("lead_ministry"),
            heading=ps.get("heading"),
            classification_line=ps.get("classification_line"),
        ),
        parts=tuple(
            Part(
                code=p["code"],
                name=p["name"],
                max=p["max"],
                groups=tuple(_group(g) for g in p["groups"]),
                printed_max=p.get("printed_max"),
            )
            for p in data["parts"]
        ),
        part_maxima=MappingProxyType(dict(part_maxima)),
        knockouts=tuple(k["text"] for k in data.get("knockouts") or ()),
        star_note=data.get("star_note"),
        discrepancies=tuple(
            Discrepancy(
                target=d["target"],
                text=d["text"],
                resolution=d["resolution"],
                source=d.get("source", "hand"),
            )
            for d in data.get("discrepancies") or ()
        ),
        corrections=tuple(
            Correction(
                target=c["target"],
                reason=c["reason"],
                field=c.get("field"),
                extracted=c.get("extracted"),
                value=c.get("value"),
                op=c.get("op", "set"),
                confidence=c.get("confidence"),
            )
            for c in data.get("corrections") or ()
        ),
        path=path,
    )


# libyaml's loader is ten times faster than the pure-Python one on these files.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)


def _classification(path: Path) -> tuple[ClassificationEntry, ...]:
    data = _read_yaml(path)
    return tuple(
        ClassificationEntry(
            number=e["number"],
            code=e["code"],
            name=e["name"],
            annex_i_name=e["annex_i_name"],
            sector=Unit(code=e["sector"]["code"], name=e["sector"]["name"]),
            group=Unit(code=e["group"]["code"], name=e["group"]["name"]),
            sub_group=_unit(e.get("sub_group")),
            lead_ministries=tuple(e.get("lead_ministries") or ()),
            sheet=e["sheet"],
        )
        for e in data["product_sets"]
    )


def load_version(path: Path) -> Version:
    """Load one version folder (or its ``version.yaml``) with its sheets and classification."""
    folder = path.parent if path.is_file() else path
    meta = _read_yaml(folder / "version.yaml")
    part_maxima = MappingProxyType({str(k): int(v) for k, v in meta["parts"].items()})
    sheets = tuple(
        sheet_from_dict(_read_yaml(p), part_maxima=part_maxima, path=p)
        for p in sorted(folder.glob("[0-9][0-9]-*.yaml"))
    )
    classification_file = meta.get("classification")
    return Version(
        code=str(meta["code"]),
        instrument=meta["instrument"],
        title=meta.get("title"),
        date=meta.get("date"),
        in_force_from=meta.get("in_force_from"),
        in_force_to=meta.get("in_force_to"),
        part_maxima=part_maxima,
        star_bands=tuple(
            StarBand(
                stars=b["stars"],
                min=b["min"],
                max=b["max"],
                max_inclusive=bool(b.get("max_inclusive", False)),
            )
            for b in meta["star_bands"]
        ),
        sheets=tuple(sorted(sheets, key=lambda s: s.number)),
        classification=_classification(folder / classification_file) if classification_file else (),
        notes=tuple(meta.get("notes") or ()),
        path=folder,
    )


def load_all(data_dir: Path = DATA_DIR) -> dict[str, Version]:
    """Every version under ``data_dir``, keyed by code ("26/2026", "148/2023", …)."""
    versions = [load_version(p.parent) for p in sorted(data_dir.glob("*/version.yaml"))]
    return {v.code: v for v in versions}


# --------------------------------------------------------------------------- checking


def _texts(sheet: Sheet) -> Iterator[tuple[str, str]]:
    yield "product set name", sheet.product_set.name
    for i, knockout in enumerate(sheet.knockouts, start=1):
        yield f"knockout {i}", knockout
    for part in sheet.parts:
        yield f"part {part.code}", part.name
        for group in part.groups:
            yield f"group {group.number}", group.name
            for criterion in group.criteria:
                where = f"criterion {criterion.code}"
                yield where, criterion.name
                for extra in (criterion.requirement, criterion.description):
                    if extra:
                        yield where, extra
                for note in criterion.notes:
                    yield where, note.text
                for option in criterion.options:
                    yield f"{where} option {option.number}", option.text


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _num(value: object) -> int:
    """A maximum for summing; a non-integer is reported by ``_type_errors`` instead."""
    return value if isinstance(value, int) else 0


def _type_errors(sheet: Sheet) -> list[str]:
    errors: list[str] = []
    for part in sheet.parts:
        if not _is_int(part.max):
            errors.append(f"part {part.code}: max {part.max!r} is not an integer")
        for group in part.groups:
            if not _is_int(group.max):
                errors.append(f"group {group.number}: max {group.max!r} is not an integer")
            for sub in group.subgroups:
                if not _is_int(sub.max):
                    errors.append(f"subgroup {sub.code}: max {sub.max!r} is not an integer")
            for criterion in group.criteria:
                if not _is_int(criterion.max):
                    errors.append(
                        f"criterion {criterion.code}: max {criterion.max!r} is not an integer"
                    )
    return errors


def _check_criterion(criterion: Criterion, codes: set[str]) -> list[str]:
    where = f"criterion {criterion.code}"
    errors: list[str] = []
    if criterion.kind not in CRITERION_KINDS:
        errors.append(f"{where}: unknown kind {criterion.kind!r}")
    if not criterion.options:
        return [*errors, f"{where}: no options"]
    numbers = [o.number for o in criterion.options]
    if numbers != list(range(1, len(numbers) + 1)):
        errors.append(f"{where}: option numbers {numbers} are not 1..{len(numbers)}")
    for option in criterion.options:
        if not _is_int(option.points):
            errors.append(f"{where} option {option.number}: points {option.points!r}")
        elif option.points < 0:
            errors.append(f"{where} option {option.number}: negative points")
        if option.min_star is not None and option.min_star not in MARKS:
            errors.append(f"{where} option {option.number}: mark {option.min_star} not 3/4/5")
        if option.knockout and not option.knockout_reason:
            errors.append(f"{where} option {option.number}: knock-out without reason")
    if errors:
        return errors
    if criterion.best_points != criterion.max:
        errors.append(f"{where}: max {criterion.max} != best option {criterion.best_points}")
    if criterion.title_min_star is not None and criterion.title_min_star not in MARKS:
        errors.append(f"{where}: title mark {criterion.title_min_star} not 3/4/5")
    if criterion.kind == "yes_no" and [o.points for o in criterion.options] != [0, criterion.max]:
        errors.append(f"{where}: yes/no criterion must be 0 / {criterion.max}")
    case_numbers = {case.number for case in criterion.cases}
    if case_numbers:
        for option in criterion.options:
            if option.case not in case_numbers:
                errors.append(f"{where} option {option.number}: case {option.case!r} undeclared")
        for case in criterion.cases:
            best = max((o.points for o in criterion.options if o.case == case.number), default=None)
            if best != criterion.max:
                errors.append(f"{where}: case {case.number} best {best} != max {criterion.max}")
    elif any(option.case is not None for option in criterion.options):
        errors.append(f"{where}: options name a case but the criterion declares none")
    if criterion.applies_when is not None:
        cond = criterion.applies_when
        if cond.criterion not in codes:
            errors.append(f"{where}: condition on unknown criterion {cond.criterion}")
    for note in criterion.notes:
        if note.kind not in NOTE_KINDS:
            errors.append(f"{where}: unknown note kind {note.kind!r}")
        for code in note.criteria:
            if code not in codes:
                errors.append(f"{where}: note refers to unknown criterion {code}")
    return errors


def check_sheet(sheet: Sheet) -> list[str]:
    """Every arithmetic and structural error of a sheet; an empty list means it is sound.

    The sheet is the scoring form, so its sums must be exact: parts match the version's part
    maxima and total 100, each part/group/sub-group maximum is the sum of its children, each
    criterion's maximum is its best option, marks are 3/4/5, codes unique, options 1..n.
    """
    errors: list[str] = _type_errors(sheet)
    codes_in_order = [c.code for c in sheet.criteria_list()]
    codes = set(codes_in_order)
    if len(codes) != len(codes_in_order):
        dupes = sorted({c for c in codes_in_order if codes_in_order.count(c) > 1})
        errors.append(f"duplicate criterion codes {dupes}")
    part_codes = [p.code for p in sheet.parts]
    if part_codes != list(sheet.part_maxima):
        errors.append(f"parts {part_codes} != version parts {list(sheet.part_maxima)}")
    if sum(sheet.part_maxima.values()) != SHEET_TOTAL:
        errors.append(f"version part maxima total {sum(sheet.part_maxima.values())}, not 100")
    if sheet.max != SHEET_TOTAL:
        errors.append(f"sheet total {sheet.max}, not {SHEET_TOTAL}")
    group_numbers = [g.number for g in sheet.groups()]
    if group_numbers != list(range(1, len(group_numbers) + 1)):
        errors.append(f"group numbers {group_numbers} are not 1..{len(group_numbers)}")
    for part in sheet.parts:
        expected = sheet.part_maxima.get(part.code)
        if part.max != expected:
            errors.append(f"part {part.code}: max {part.max} != version maximum {expected}")
        groups_sum = sum(_num(g.max) for g in part.groups)
        if part.max != groups_sum:
            errors.append(f"part {part.code}: max {part.max} != sum of groups {groups_sum}")
        for group in part.groups:
            criteria_sum = sum(_num(c.max) for c in group.criteria)
            if group.max != criteria_sum:
                errors.append(
                    f"group {group.number}: max {group.max} != sum of criteria {criteria_sum}"
                )
            for sub in group.subgroups:
                sub_sum = sum(_num(c.max) for c in group.criteria if c.subgroup == sub.code)
                if sub.max != sub_sum:
                    errors.append(f"subgroup {sub.code}: max {sub.max} != sum {sub_sum}")
            sub_codes = {s.code for s in group.subgroups}
            for criterion in group.criteria:
                if criterion.subgroup is not None and criterion.subgroup not in sub_codes:
                    errors.append(f"criterion {criterion.code}: unknown subgroup")
                errors.extend(_check_criterion(criterion, codes))
    for where, text in _texts(sheet):
        if text != unicodedata.normalize("NFC", text):
            errors.append(f"{where}: text is not NFC")
    return errors


def lint_sheet(sheet: Sheet) -> list[str]:
    """Oddities that are not arithmetic errors but deserve a human look (kept as printed)."""
    warnings: list[str] = []
    for criterion in sheet.criteria_list():
        by_case: dict[int | None, list[int]] = {}
        for option in criterion.options:
            by_case.setdefault(option.case, []).append(option.points)
        for case, points in by_case.items():
            label = f"criterion {criterion.code}" + (f" case {case}" if case else "")
            if len(set(points)) != len(points):
                warnings.append(f"{label}: options share points {points}")
            if points != sorted(points):
                warnings.append(f"{label}: points not in ascending order {points}")
    return warnings


def check_version(version: Version) -> list[str]:
    """Errors across a version: every sheet sound, sets 1..26, bands cover 0–100 once."""
    errors: list[str] = []
    if sum(version.part_maxima.values()) != SHEET_TOTAL:
        errors.append(f"{version.code}: part maxima do not total 100")
    if version.sheets:
        numbers = [s.number for s in version.sheets]
        if numbers != list(range(1, 27)):
            errors.append(f"{version.code}: sheet numbers {numbers} are not 1..26")
    for sheet in version.sheets:
        if sheet.criteria != version.code:
            errors.append(f"sheet {sheet.number}: criteria {sheet.criteria} != {version.code}")
        errors.extend(f"sheet {sheet.number}: {e}" for e in check_sheet(sheet))
    bands = sorted(version.star_bands, key=lambda b: b.min)
    if bands and (bands[0].min != 0 or bands[-1].max != SHEET_TOTAL):
        errors.append(f"{version.code}: star bands do not span 0–100")
    for low, high in itertools.pairwise(bands):
        if low.max != high.min or low.max_inclusive:
            errors.append(f"{version.code}: bands {low.stars}★/{high.stars}★ overlap or gap")
    if bands and not bands[-1].max_inclusive:
        errors.append(f"{version.code}: top band must include 100")
    return errors


# --------------------------------------------------------------------------- serialising


def sheet_to_dict(sheet: Sheet) -> dict[str, Any]:
    """The sheet as the plain JSON shape the API and fixtures exchange (scoring facts only)."""
    return {
        "criteria": sheet.criteria,
        "set": sheet.product_set.number,
        "name": sheet.product_set.name,
        "parts": [
            {
                "code": part.code,
                "max": part.max,
                "groups": [
                    {
                        "number": group.number,
                        "name": group.name,
                        "max": group.max,
                        "criteria": [
                            {
                                "code": criterion.code,
                                "name": criterion.name,
                                "max": criterion.max,
                                "options": [
                                    {
                                        "number": option.number,
                                        "text": option.text,
                                        "points": option.points,
                                        "min_star": option.min_star,
                                        "knockout": option.knockout,
                                    }
                                    for option in criterion.options
                                ],
                            }
                            for criterion in group.criteria
                        ],
                    }
                    for group in part.groups
                ],
            }
            for part in sheet.parts
        ],
    }
