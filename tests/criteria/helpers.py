"""Answer builders shared by the criteria tests (plain functions, no fixtures).

Why: exact-value tests need answers with a known total; building them by hand for a
60-criterion sheet would hide the intent. Each builder is deterministic.
"""

from __future__ import annotations

import functools

from ocop.criteria.catalogue import ScoringForm, read_all
from ocop.criteria.sheets import Criterion, Sheet


@functools.cache
def forms() -> dict[tuple[str, int], ScoringForm]:
    """Every scoring form of every version, read once per test process."""
    return {
        (code, source.form.sheet.number): source.form
        for code, version in read_all().items()
        for source in version.sheets
    }


def form(code: str, number: int) -> ScoringForm:
    return forms()[(code, number)]


def best_option(criterion: Criterion) -> int:
    """The first option with the most points (cases: the first case's best)."""
    return max(criterion.options, key=lambda o: o.points).number


def option_with_points(criterion: Criterion, points: int) -> int:
    return next(o.number for o in criterion.options if o.points == points)


def best_answers(sheet: Sheet) -> dict[str, int | None]:
    return {c.code: best_option(c) for c in sheet.criteria_list()}


def lowest_answers(sheet: Sheet) -> dict[str, int | None]:
    """0 points everywhere: the 0-point option, or nothing ticked where there is none."""
    answers: dict[str, int | None] = {}
    for criterion in sheet.criteria_list():
        zero = [o.number for o in criterion.options if o.points == 0]
        answers[criterion.code] = zero[0] if zero else None
    return answers


def answers_with_total(sheet: Sheet, total: int) -> dict[str, int | None]:
    """Answers whose points add up to exactly ``total`` (greedy from the lowest answers).

    A criterion that does not apply (5.2 while 5.1 says "no story") is never raised, so
    every raise counts.
    """
    answers = lowest_answers(sheet)
    remaining = total
    for criterion in sheet.criteria_list():
        if not applies(sheet, criterion, answers):
            continue
        for option in sorted(criterion.options, key=lambda o: -o.points):
            if option.points <= remaining:
                answers[criterion.code] = option.number
                remaining -= option.points
                break
    assert remaining == 0, f"cannot reach {total} on sheet {sheet.number}"
    return answers


def applies(sheet: Sheet, criterion: Criterion, answers: dict[str, int | None]) -> bool:
    condition = criterion.applies_when
    return condition is None or answers.get(condition.criterion) not in condition.unless_options
