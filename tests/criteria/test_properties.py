"""Property-based tests of the scoring engine over all 52 sheets (hypothesis).

Why: hand-picked examples cover the rules we thought of; these cover every sheet and any
valid answer set, for two promises the council relies on: a total never exceeds what the
sheet prints, and answering better never ranks a product lower.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ocop.criteria.catalogue import ScoringForm
from ocop.criteria.scoring import allows_nothing_ticked, score_sheet
from ocop.criteria.sheets import Criterion
from tests.criteria.helpers import forms

FORMS = sorted(forms().items())


def _choices(criterion: Criterion) -> st.SearchStrategy[int | None]:
    """Any option; "nothing ticked" only where the criterion has no 0-point option."""
    options = st.sampled_from([o.number for o in criterion.options])
    if allows_nothing_ticked(criterion):
        return st.one_of(st.none(), options)
    return options


@st.composite
def filled_sheets(draw: st.DrawFn) -> tuple[ScoringForm, dict[str, int | None]]:
    _, form = draw(st.sampled_from(FORMS))
    answers = {c.code: draw(_choices(c)) for c in form.sheet.criteria_list()}
    return form, answers


def _points(criterion: Criterion, choice: int | None) -> int:
    return 0 if choice is None else criterion.option(choice).points


@settings(max_examples=300, deadline=None)
@given(filled_sheets())
def test_total_never_exceeds_the_maxima(case: tuple[ScoringForm, dict[str, int | None]]) -> None:
    form, answers = case
    result = score_sheet(sheet=form.sheet, answers=answers, bands=form.bands)
    for group in form.sheet.groups():
        assert 0 <= result.groups[group.number] <= group.max
    for part in form.sheet.parts:
        assert 0 <= result.parts[part.code] <= part.max
    assert result.total == sum(result.parts.values()) == sum(result.groups.values())
    assert 0 <= result.total <= form.sheet.max == 100
    assert result.star is None or result.star <= result.band_star


@st.composite
def raised_answers(
    draw: st.DrawFn,
) -> tuple[ScoringForm, dict[str, int | None], dict[str, int | None]]:
    """A filled sheet and the same sheet with one criterion answered with more points."""
    form, answers = draw(filled_sheets())
    raisable = [
        c
        for c in form.sheet.criteria_list()
        if any(o.points > _points(c, answers[c.code]) for o in c.options)
    ]
    criterion = draw(st.sampled_from(raisable))
    current = _points(criterion, answers[criterion.code])
    better = draw(st.sampled_from([o.number for o in criterion.options if o.points > current]))
    return form, answers, {**answers, criterion.code: better}


@settings(max_examples=300, deadline=None)
@given(raised_answers())
def test_raising_an_answer_never_lowers_the_star(
    case: tuple[ScoringForm, dict[str, int | None], dict[str, int | None]],
) -> None:
    form, before, after = case
    low = score_sheet(sheet=form.sheet, answers=before, bands=form.bands)
    high = score_sheet(sheet=form.sheet, answers=after, bands=form.bands)
    assert high.total >= low.total
    assert high.band_star >= low.band_star
    # The final star too (an exclusion counts as no star: raising a 0 can lift a stop rule).
    assert (high.star or 0) >= (low.star or 0)
