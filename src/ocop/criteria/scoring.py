"""The scoring engine (chấm điểm, phân hạng): a pure function of (sheet, answers).

Why it is pure and alone: the same sheet is scored by the producer's self-assessment
(Mẫu 02), by every council member, by the API and by imports; if any of them computed a
total or a star differently, two screens would disagree about a legal result. So this module
has no database access and no Django import, takes a :class:`~ocop.criteria.sheets.Sheet`
(from the data files or rebuilt from a stored revision) plus the version's star bands, and
returns frozen results.

The rules (QĐ 26/2026 Điều 3 and Phụ lục II; see docs/criteria.md):

* **Answers** are ``{criterion code: option number}`` (1-based, in document order).
  A missing or unknown criterion, an unknown option or a value that is not an option number
  is an error (:class:`ScoringError` lists them all) — never a silent zero — except:

  - a criterion that **does not apply** ("Chỉ áp dụng khi có câu chuyện sản phẩm": 5.2 when
    5.1 is "Không có câu chuyện sản phẩm") scores 0 whether it is answered or not (an
    answer, if given, must still be a valid option or ``None``); it never triggers a stop
    rule, and it does not meet a minimum-star mark above 0 points;
  - a criterion **without a 0-point option** (e.g. 3.3 "Sử dụng lao động địa phương") may be
    left with nothing ticked — answered ``None`` or left out — and scores 0. Criteria that
    do have a 0-point option must be answered (tick that option).

* **Bands** on the unrounded total, half-open as the version's data says (5★ [90, 100],
  4★ [70, 90), …).
* **Minimum-star marks** (``***``/``****``/``*****``): star *k* needs every criterion with a
  mark ≤ *k* to score at least the points of its marked option (the highest such option
  when a criterion carries several marks). The final star is the highest *k* ≤ the band star
  whose conditions hold; ``capped_by`` names each criterion that stopped a higher star, with
  the lowest mark it misses.
* **Exclusions**: knock-outs ("Hồ sơ bị loại khi…", "Bị loại nếu…") and stop notes ("Không
  xem xét các chỉ tiêu khác nếu…") are *rules* with stable ids (:func:`sheet_rules`). Those
  that need judgement are declared by the scorer in ``knockouts``; a stop that fires on 0
  points and an option flagged as a knock-out follow from the answers and must not be
  declared. An excluded product has ``star = None``; its points are still reported.
* **Council**: per-criterion means, total = mean of member totals, marks on the means, the
  star from the mean total, all compared exactly (fractions, never rounded); quorum and
  spread against :class:`CouncilRules`; a rule fired by a majority of members excludes, by
  a minority it is flagged.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .sheets import Criterion, Note, Option, Sheet, StarBand, Version, check_version

KNOCKOUT = "knockout"
STOP = "stop"
DECLARED = "declared"
ZERO_POINTS = "zero_points"
OPTION = "option"

# Problem codes (machine-readable, like pretix's error codes) and their bilingual labels.
PROBLEMS: Mapping[str, str] = {
    "unanswered": "Chưa chấm / unanswered",
    "unknown_criterion": "Tiêu chí không có trong phiếu / unknown criterion",
    "not_an_option": "Không phải số thứ tự lựa chọn / not an option number",
    "unknown_option": "Lựa chọn không có / unknown option",
    "nothing_ticked_not_allowed": (
        "Không được để trống: hãy chọn lựa chọn 0 điểm"
        " / nothing ticked is not allowed: tick the 0-point option"
    ),
    "unknown_rule": "Quy tắc loại không có trong phiếu / unknown knock-out rule",
    "derived_rule": (
        "Quy tắc tự xác định từ câu trả lời, không khai báo"
        " / rule follows from the answers, do not declare it"
    ),
    "no_members": "Chưa có phiếu chấm nào / no member sheets",
    "duplicate_member": "Một thành viên nộp hai phiếu / member scored twice",
    "council_size": "Số thành viên hội đồng ít hơn số phiếu / council smaller than sheets",
}


# --------------------------------------------------------------------------- errors


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an answer set; ``code`` is a key of :data:`PROBLEMS`."""

    code: str
    detail: str
    criterion: str | None = None
    member: str | None = None


class ScoringError(ValueError):
    """The answers cannot be scored. ``problems`` lists every issue, not just the first."""

    code = "invalid_answers"

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(format_problems(self.problems))


def format_problems(problems: Iterable[Problem]) -> str:
    """A Vietnamese-first, bilingual message with one line per kind of problem (and member)."""
    grouped: dict[tuple[str | None, str], list[str]] = {}
    for problem in problems:
        grouped.setdefault((problem.member, problem.code), []).append(problem.detail)
    lines = ["Phiếu chấm không hợp lệ / invalid answers:"]
    for (member, code), details in grouped.items():
        who = f"[{member}] " if member else ""
        lines.append(f"  - {who}{PROBLEMS[code]}: {', '.join(details)}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule that excludes a product: a knock-out (bị loại) or a stop note.

    ``id`` is what a scorer declares: ``sheet:1`` for the first "Hồ sơ bị loại khi…" clause
    of the sheet header, ``<code>:knockout`` / ``<code>:stop`` for a note printed under a
    criterion (or a group number), ``<code>:option:<n>`` for an option flagged as a
    knock-out; a second note of the same kind on the same target gets ``:2``.
    ``trigger`` is ``declared`` (judged by the council), ``zero_points`` (fires when any of
    ``criteria`` scores 0) or ``option`` (fires when that option is ticked).
    """

    id: str
    kind: str
    text: str
    target: str
    trigger: str
    criteria: tuple[str, ...] = ()


def _note_rules(target: str, notes: Iterable[Note]) -> Iterator[Rule]:
    for note in notes:
        if note.kind in (KNOCKOUT, STOP):
            yield Rule(
                id=f"{target}:{note.kind}",
                kind=note.kind,
                text=note.text,
                target=target,
                trigger=ZERO_POINTS if note.trigger == ZERO_POINTS else DECLARED,
                criteria=tuple(note.criteria),
            )


def _option_rules(criterion: Criterion) -> Iterator[Rule]:
    for option in criterion.options:
        if option.knockout:
            yield Rule(
                id=f"{criterion.code}:option:{option.number}",
                kind=KNOCKOUT,
                text=option.knockout_reason or option.text,
                target=criterion.code,
                trigger=OPTION,
                criteria=(criterion.code, str(option.number)),
            )


def _rule_candidates(sheet: Sheet) -> Iterator[Rule]:
    for index, text in enumerate(sheet.knockouts, start=1):
        yield Rule(id=f"sheet:{index}", kind=KNOCKOUT, text=text, target="sheet", trigger=DECLARED)
    for group in sheet.groups():
        yield from _note_rules(str(group.number), group.notes)
        for criterion in group.criteria:
            yield from _note_rules(criterion.code, criterion.notes)
            yield from _option_rules(criterion)


def sheet_rules(sheet: Sheet) -> tuple[Rule, ...]:
    """Every exclusion rule of a sheet in document order, with unique ids."""
    seen: Counter[str] = Counter()
    rules: list[Rule] = []
    for rule in _rule_candidates(sheet):
        seen[rule.id] += 1
        count = seen[rule.id]
        rules.append(dataclasses.replace(rule, id=f"{rule.id}:{count}") if count > 1 else rule)
    return tuple(rules)


def allows_nothing_ticked(criterion: Criterion) -> bool:
    """True when no option scores 0, so "nothing ticked" (0 points) is a legitimate answer."""
    return min(option.points for option in criterion.options) > 0


STOP_TRIGGERS = frozenset({None, "condition", ZERO_POINTS})


def scoring_errors(sheet: Sheet) -> list[str]:
    """Data errors that ``sheets.check_sheet`` does not see but would change a score.

    A condition naming an option its criterion does not have would never (or always) apply;
    an unknown stop trigger would silently become a declared rule; a 0-point stop with no
    criteria could never fire. ``ocop criteria check`` and ``load_criteria`` report these.
    """
    errors: list[str] = []
    for criterion in sheet.criteria_list():
        condition = criterion.applies_when
        if condition is not None and condition.criterion in _codes(sheet):
            numbers = {o.number for o in sheet.criterion(condition.criterion).options}
            unknown = sorted(set(condition.unless_options) - numbers)
            if unknown or not condition.unless_options:
                listed = list(condition.unless_options)
                errors.append(
                    f"criterion {criterion.code}: condition options {listed}"
                    f" are not options of {condition.criterion}"
                )
    for target, note in sheet.notes_of_kind(STOP) + sheet.notes_of_kind(KNOCKOUT):
        if note.kind == STOP and note.trigger not in STOP_TRIGGERS:
            errors.append(f"{target}: unknown stop trigger {note.trigger!r}")
        if note.trigger == ZERO_POINTS and not note.criteria:
            errors.append(f"{target}: 0-point stop rule names no criteria")
    return errors


def version_errors(version: Version) -> list[str]:
    """``sheets.check_version`` plus :func:`scoring_errors` of every sheet ("sheet N: …")."""
    errors = check_version(version)
    for sheet in version.sheets:
        errors.extend(f"sheet {sheet.number}: {error}" for error in scoring_errors(sheet))
    return errors


def _codes(sheet: Sheet) -> set[str]:
    return {c.code for c in sheet.criteria_list()}


# --------------------------------------------------------------------------- the plan


@dataclass(frozen=True, slots=True)
class _Item:
    """A criterion reduced to what scoring needs (built once per sheet)."""

    code: str
    part: str
    group: int
    points: tuple[int, ...]
    allows_none: bool
    depends_on: str | None
    unless: frozenset[int]
    # (star, points required) for each star 3..5 that some mark ≤ star constrains, ascending.
    required: tuple[tuple[int, int], ...]
    option_rules: Mapping[int, Rule]


@dataclass(frozen=True, slots=True)
class _Plan:
    criteria: str
    number: int
    items: tuple[_Item, ...]
    by_code: Mapping[str, _Item]
    part_codes: tuple[str, ...]
    group_numbers: tuple[int, ...]
    marked: tuple[_Item, ...]
    knockout_options: tuple[_Item, ...]
    rules: Mapping[str, Rule]
    zero_rules: tuple[Rule, ...]


def _required(options: Sequence[Option]) -> tuple[tuple[int, int], ...]:
    """Cumulative thresholds: for star k, the best points among options marked ≤ k."""
    required: list[tuple[int, int]] = []
    for star in (3, 4, 5):
        marked = [o.points for o in options if o.min_star is not None and o.min_star <= star]
        if marked:
            required.append((star, max(marked)))
    return tuple(required)


def _compile(sheet: Sheet) -> _Plan:
    rules = sheet_rules(sheet)
    option_rules: dict[str, dict[int, Rule]] = {}
    for rule in rules:
        if rule.trigger == OPTION:
            option_rules.setdefault(rule.criteria[0], {})[int(rule.criteria[1])] = rule
    items: list[_Item] = []
    for part in sheet.parts:
        for group in part.groups:
            for criterion in group.criteria:
                condition = criterion.applies_when
                points = tuple(o.points for o in criterion.options)
                items.append(
                    _Item(
                        code=criterion.code,
                        part=part.code,
                        group=group.number,
                        points=points,
                        allows_none=allows_nothing_ticked(criterion),
                        depends_on=condition.criterion if condition else None,
                        unless=frozenset(condition.unless_options if condition else ()),
                        required=_required(criterion.options),
                        option_rules=option_rules.get(criterion.code, {}),
                    )
                )
    return _Plan(
        criteria=sheet.criteria,
        number=sheet.number,
        items=tuple(items),
        by_code={item.code: item for item in items},
        part_codes=tuple(part.code for part in sheet.parts),
        group_numbers=tuple(group.number for group in sheet.groups()),
        marked=tuple(item for item in items if item.required),
        knockout_options=tuple(item for item in items if item.option_rules),
        rules={rule.id: rule for rule in rules},
        zero_rules=tuple(rule for rule in rules if rule.trigger == ZERO_POINTS),
    )


# Sheets are frozen but not hashable (their part maxima are a mapping), so plans are cached by
# identity; the cache keeps the sheet alive so an id is never reused while it is cached.
# Compiling a plan takes well under a millisecond, so a full cache is simply emptied (which is
# also safe when threads share it).
_PLANS: dict[int, tuple[Sheet, _Plan]] = {}
_PLAN_CACHE_SIZE = 64


def _plan_for(sheet: Sheet) -> _Plan:
    cached = _PLANS.get(id(sheet))
    if cached is not None and cached[0] is sheet:
        return cached[1]
    plan = _compile(sheet)
    if len(_PLANS) >= _PLAN_CACHE_SIZE:
        _PLANS.clear()
    _PLANS[id(sheet)] = (sheet, plan)
    return plan


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True, kw_only=True)
class Cap:
    """A minimum-star mark that was not met and so kept the star below the band."""

    criterion: str
    mark: int
    required: int
    points: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """What every result has: sums, band, star after marks, exclusions."""

    criteria: str
    set: int
    groups: Mapping[int, float]
    parts: Mapping[str, float]
    total: float
    band_star: int
    star: int | None
    capped_by: tuple[Cap, ...]
    excluded: bool
    potential_5_star: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class SheetResult(Outcome):
    """One scored sheet (a self-assessment or one council member's sheet): whole points."""

    groups: Mapping[int, int]
    parts: Mapping[str, int]
    total: int
    points: Mapping[str, int]
    not_applicable: tuple[str, ...]
    nothing_ticked: tuple[str, ...]
    knockouts: tuple[Rule, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Vote:
    """A rule fired by ``votes`` of the members who scored."""

    rule: Rule
    votes: int


@dataclass(frozen=True, slots=True)
class CouncilRules:
    """A council's own rules (quy chế hoạt động): set per council, never constants.

    ``quorum`` is the share of appointed members whose sheets are needed (rounded up);
    with ``chair_required`` the chair must be one of them. A spread of member totals above
    ``max_spread`` holds the result for discussion and re-scoring.
    """

    quorum: Fraction = Fraction(3, 4)
    chair_required: bool = True
    max_spread: float = 10


@dataclass(frozen=True, slots=True)
class MemberSheet:
    """One council member's answers for one sheet."""

    member: str
    answers: Mapping[str, int | None]
    knockouts: frozenset[str] = frozenset()
    is_chair: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Quorum:
    size: int
    present: int
    required: int
    chair_present: bool
    met: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberResult:
    member: str
    is_chair: bool
    result: SheetResult


@dataclass(frozen=True, slots=True, kw_only=True)
class CouncilResult(Outcome):
    """The council's result. Only ``ready`` results may go to a recommendation."""

    members: tuple[MemberResult, ...]
    means: Mapping[str, float]
    knockouts: tuple[Vote, ...]
    flagged: tuple[Vote, ...]
    spread: int
    held: bool
    quorum: Quorum
    rules: CouncilRules = field(default_factory=CouncilRules)

    @property
    def ready(self) -> bool:
        """Quorum met and members close enough: the council may recommend this result."""
        return self.quorum.met and not self.held


# --------------------------------------------------------------------------- bands and marks


def _in_band(band: StarBand, total: float | Fraction) -> bool:
    if band.max_inclusive:
        return band.min <= total <= band.max
    return band.min <= total < band.max


def band_star(*, total: float | Fraction, bands: Sequence[StarBand]) -> int:
    """The star band an unrounded total falls in (89.99 → 4★, 90 → 5★)."""
    for band in bands:
        if _in_band(band, total):
            return band.stars
    raise ValueError(f"total {total} is outside every star band")


def _apply_marks(
    plan: _Plan, *, sums: Mapping[str, int], members: int, band: int
) -> tuple[int, tuple[Cap, ...]]:
    """Final star and caps from per-criterion point sums over ``members`` sheets.

    Comparing ``sum >= required × members`` is the exact form of ``mean >= required``.
    """
    caps: list[Cap] = []
    for item in plan.marked:
        total = sums[item.code]
        for star, required in item.required:
            if star > band:
                break
            if total < required * members:
                points = total if members == 1 else total / members
                caps.append(Cap(criterion=item.code, mark=star, required=required, points=points))
                break
    star = min([band, *(cap.mark - 1 for cap in caps)])
    return star, tuple(caps)


# --------------------------------------------------------------------------- one sheet

_MISSING = object()


def _applies(item: _Item, answers: Mapping[str, object]) -> bool:
    return item.depends_on is None or answers.get(item.depends_on) not in item.unless


def _check_value(item: _Item, value: object, *, applies: bool) -> Problem | None:
    # The common case first; ``type(...) is int`` also rejects True/False.
    if type(value) is int:
        if 1 <= value <= len(item.points):
            return None
        return Problem(
            code="unknown_option",
            detail=f"{item.code} = {value} (1–{len(item.points)})",
            criterion=item.code,
        )
    if value is not _MISSING and value is not None:
        return Problem(code="not_an_option", detail=f"{item.code} = {value!r}", criterion=item.code)
    if not applies or item.allows_none:
        return None
    if value is _MISSING:
        return Problem(code="unanswered", detail=item.code, criterion=item.code)
    return Problem(code="nothing_ticked_not_allowed", detail=item.code, criterion=item.code)


def _check_rules(plan: _Plan, knockouts: Collection[str]) -> list[Problem]:
    problems: list[Problem] = []
    for rule_id in sorted(knockouts):
        rule = plan.rules.get(rule_id)
        if rule is None:
            known = ", ".join(r.id for r in plan.rules.values() if r.trigger == DECLARED)
            problems.append(Problem(code="unknown_rule", detail=f"{rule_id} (có: {known or '—'})"))
        elif rule.trigger != DECLARED:
            problems.append(Problem(code="derived_rule", detail=rule_id))
    return problems


def _validate(
    plan: _Plan, answers: Mapping[str, object], knockouts: Collection[str]
) -> list[Problem]:
    problems = [
        Problem(code="unknown_criterion", detail=str(code))
        for code in answers
        if code not in plan.by_code
    ]
    for item in plan.items:
        value = answers.get(item.code, _MISSING)
        problem = _check_value(item, value, applies=_applies(item, answers))
        if problem is not None:
            problems.append(problem)
    return problems + _check_rules(plan, knockouts)


def _fired(
    plan: _Plan, *, answers: Mapping[str, object], points: Mapping[str, int], na: Collection[str]
) -> list[Rule]:
    """Rules that follow from the answers: 0-point stops and knock-out options."""
    fired = [
        rule
        for rule in plan.zero_rules
        if any(points.get(code) == 0 and code not in na for code in rule.criteria)
    ]
    for item in plan.knockout_options:
        choice = answers.get(item.code)
        if isinstance(choice, int) and choice in item.option_rules:
            fired.append(item.option_rules[choice])
    return fired


def _in_order(plan: _Plan, rules: Iterable[Rule]) -> tuple[Rule, ...]:
    ids = {rule.id for rule in rules}
    return tuple(rule for rule in plan.rules.values() if rule.id in ids)


def _top_star(bands: Sequence[StarBand]) -> int:
    return max(band.stars for band in bands)


def score_sheet(
    *,
    sheet: Sheet,
    answers: Mapping[str, int | None],
    bands: Sequence[StarBand],
    knockouts: Collection[str] = frozenset(),
) -> SheetResult:
    """Score one filled-in sheet. Raises :class:`ScoringError` listing every problem.

    ``knockouts`` holds the ids of the declared rules (see :func:`sheet_rules`) the scorer
    found to apply. Do not pass unvalidated user input anywhere else: this is the only check.
    """
    plan = _plan_for(sheet)
    problems = _validate(plan, answers, knockouts)
    if problems:
        raise ScoringError(problems)
    points: dict[str, int] = {}
    not_applicable: list[str] = []
    nothing_ticked: list[str] = []
    groups = dict.fromkeys(plan.group_numbers, 0)
    parts = dict.fromkeys(plan.part_codes, 0)
    for item in plan.items:
        choice = answers.get(item.code)
        if not _applies(item, answers):
            not_applicable.append(item.code)
            value = 0
        elif choice is None:
            nothing_ticked.append(item.code)
            value = 0
        else:
            value = item.points[choice - 1]
        points[item.code] = value
        groups[item.group] += value
        parts[item.part] += value
    total = sum(parts.values())
    band = band_star(total=total, bands=bands)
    star, caps = _apply_marks(plan, sums=points, members=1, band=band)
    fired = _in_order(
        plan,
        [
            *(plan.rules[rule_id] for rule_id in knockouts),
            *_fired(plan, answers=answers, points=points, na=not_applicable),
        ],
    )
    return SheetResult(
        criteria=plan.criteria,
        set=plan.number,
        groups=groups,
        parts=parts,
        total=total,
        band_star=band,
        star=None if fired else star,
        capped_by=caps,
        excluded=bool(fired),
        potential_5_star=not fired and band == _top_star(bands),
        points=points,
        not_applicable=tuple(not_applicable),
        nothing_ticked=tuple(nothing_ticked),
        knockouts=fired,
    )


# --------------------------------------------------------------------------- the council


def _member_results(
    *, sheet: Sheet, bands: Sequence[StarBand], sheets: Sequence[MemberSheet]
) -> tuple[MemberResult, ...]:
    """Score every member's sheet, collecting all members' problems into one error."""
    problems: list[Problem] = []
    counts = Counter(s.member for s in sheets)
    problems.extend(
        Problem(code="duplicate_member", detail=name) for name, n in counts.items() if n > 1
    )
    results: list[MemberResult] = []
    for member_sheet in sheets:
        try:
            result = score_sheet(
                sheet=sheet,
                answers=member_sheet.answers,
                bands=bands,
                knockouts=member_sheet.knockouts,
            )
        except ScoringError as exc:
            problems.extend(
                Problem(
                    code=p.code, detail=p.detail, criterion=p.criterion, member=member_sheet.member
                )
                for p in exc.problems
            )
            continue
        results.append(
            MemberResult(member=member_sheet.member, is_chair=member_sheet.is_chair, result=result)
        )
    if problems:
        raise ScoringError(problems)
    return tuple(results)


def _quorum(*, size: int, members: Sequence[MemberResult], rules: CouncilRules) -> Quorum:
    present = len(members)
    required = math.ceil(rules.quorum * size)
    chair_present = any(m.is_chair for m in members)
    met = present >= required and (chair_present or not rules.chair_required)
    return Quorum(
        size=size, present=present, required=required, chair_present=chair_present, met=met
    )


def _votes(plan: _Plan, members: Sequence[MemberResult]) -> list[Vote]:
    counts = Counter(rule.id for m in members for rule in m.result.knockouts)
    return [
        Vote(rule=rule, votes=counts[rule.id]) for rule in plan.rules.values() if counts[rule.id]
    ]


def _sum_maps[K](maps: Iterable[Mapping[K, int]]) -> dict[K, int]:
    """Key-wise sums of the members' point mappings (keys keep the sheet's order)."""
    totals: dict[K, int] = {}
    for mapping in maps:
        for key, value in mapping.items():
            totals[key] = totals.get(key, 0) + value
    return totals


def council_result(
    *,
    sheet: Sheet,
    bands: Sequence[StarBand],
    sheets: Sequence[MemberSheet],
    council_size: int | None = None,
    rules: CouncilRules | None = None,
) -> CouncilResult:
    """The council's result from its members' sheets (the average of member totals).

    ``council_size`` is the number of appointed members (default: the sheets given).
    Raises :class:`ScoringError` when any member's answers are invalid, a member appears
    twice, there are no sheets, or the council is smaller than the number of sheets.
    """
    rules = rules or CouncilRules()
    size = len(sheets) if council_size is None else council_size
    if not sheets:
        raise ScoringError([Problem(code="no_members", detail="0")])
    if size < len(sheets):
        raise ScoringError([Problem(code="council_size", detail=f"{size} < {len(sheets)}")])
    plan = _plan_for(sheet)
    members = _member_results(sheet=sheet, bands=bands, sheets=sheets)
    n = len(members)
    sums = _sum_maps(m.result.points for m in members)
    group_sums = _sum_maps(m.result.groups for m in members)
    part_sums = _sum_maps(m.result.parts for m in members)
    totals = [m.result.total for m in members]
    mean_total = Fraction(sum(totals), n)
    band = band_star(total=mean_total, bands=bands)
    star, caps = _apply_marks(plan, sums=sums, members=n, band=band)
    votes = _votes(plan, members)
    excluding = tuple(v for v in votes if 2 * v.votes > n)
    spread = max(totals) - min(totals)
    return CouncilResult(
        criteria=plan.criteria,
        set=plan.number,
        groups={k: v / n for k, v in group_sums.items()},
        parts={k: v / n for k, v in part_sums.items()},
        total=float(mean_total),
        band_star=band,
        star=None if excluding else star,
        capped_by=caps,
        excluded=bool(excluding),
        potential_5_star=not excluding and band == _top_star(bands),
        members=members,
        means={k: v / n for k, v in sums.items()},
        knockouts=excluding,
        flagged=tuple(v for v in votes if 2 * v.votes <= n),
        spread=spread,
        held=spread > rules.max_spread,
        quorum=_quorum(size=size, members=members, rules=rules),
        rules=rules,
    )


# --------------------------------------------------------------------------- JSON


def _rule_dict(rule: Rule) -> dict[str, Any]:
    return {"rule": rule.id, "kind": rule.kind, "target": rule.target, "text": rule.text}


def _vote_dict(vote: Vote) -> dict[str, Any]:
    return {**_rule_dict(vote.rule), "votes": vote.votes}


def _cap_dict(cap: Cap) -> dict[str, Any]:
    return {
        "criterion": cap.criterion,
        "mark": cap.mark,
        "required": cap.required,
        "points": cap.points,
    }


def _outcome_dict(outcome: Outcome) -> dict[str, Any]:
    return {
        "parts": dict(outcome.parts),
        "total": outcome.total,
        "band_star": outcome.band_star,
        "star": outcome.star,
        "capped_by": [_cap_dict(cap) for cap in outcome.capped_by],
    }


def sheet_result_to_dict(result: SheetResult) -> dict[str, Any]:
    """One sheet's result as plain JSON data (what ``ocop score`` prints per member)."""
    return {
        **_outcome_dict(result),
        "knockouts": [_rule_dict(rule) for rule in result.knockouts],
        "potential_5_star": result.potential_5_star,
        "excluded": result.excluded,
        "groups": {str(k): v for k, v in result.groups.items()},
        "not_applicable": list(result.not_applicable),
        "nothing_ticked": list(result.nothing_ticked),
    }


def _council_dict(result: CouncilResult) -> dict[str, Any]:
    return {
        "size": result.quorum.size,
        "present": result.quorum.present,
        "quorum_required": result.quorum.required,
        "chair_present": result.quorum.chair_present,
        "quorum_met": result.quorum.met,
        "spread": result.spread,
        "max_spread": result.rules.max_spread,
        "held": result.held,
        "ready": result.ready,
    }


def sheet_document(result: SheetResult, *, member: str, is_chair: bool = False) -> dict[str, Any]:
    """A single sheet in the same document shape as a council result (``council`` null)."""
    data = sheet_result_to_dict(result)
    return {
        "criteria": result.criteria,
        "set": result.set,
        "members": [{"member": member, "chair": is_chair, **data}],
        **data,
        "flagged": [],
        "council": None,
    }


def council_document(result: CouncilResult) -> dict[str, Any]:
    """The council's result as plain JSON data: members first, then the averages.

    Numbers are unrounded (display them with 2 decimals); ``star`` is null when excluded.
    """
    return {
        "criteria": result.criteria,
        "set": result.set,
        "members": [
            {"member": m.member, "chair": m.is_chair, **sheet_result_to_dict(m.result)}
            for m in result.members
        ],
        **_outcome_dict(result),
        "knockouts": [_vote_dict(vote) for vote in result.knockouts],
        "potential_5_star": result.potential_5_star,
        "excluded": result.excluded,
        "groups": {str(k): v for k, v in result.groups.items()},
        "flagged": [_vote_dict(vote) for vote in result.flagged],
        "council": _council_dict(result),
    }
