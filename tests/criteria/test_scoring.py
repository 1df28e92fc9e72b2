"""Tests of the scoring engine on the real sheets (no database).

Why: the engine decides legal results. Every expected number below is worked out by hand
from the printed sheet (QĐ 26/2026 Phụ lục II, bộ 1 unless stated) and asserted exactly.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest

from ocop.criteria.scoring import (
    Cap,
    CouncilRules,
    MemberSheet,
    Problem,
    Rule,
    ScoringError,
    Vote,
    band_star,
    council_document,
    council_result,
    score_sheet,
    scoring_errors,
    sheet_document,
    sheet_rules,
)
from ocop.criteria.sheets import Criterion, Sheet
from tests.criteria.helpers import answers_with_total, best_answers, form, lowest_answers

F1 = form("26/2026", 1)
SHEET = F1.sheet
BANDS = F1.bands


def score(answers: dict[str, int | None], *, knockouts: frozenset[str] = frozenset()):  # type: ignore[no-untyped-def]
    return score_sheet(sheet=SHEET, answers=answers, bands=BANDS, knockouts=knockouts)


def best(**changes: int | None) -> dict[str, int | None]:
    """Best answers on sheet 1 with some criteria changed (keys use _ for the dot)."""
    answers = best_answers(SHEET)
    answers.update({code.replace("_", "."): value for code, value in changes.items()})
    return answers


# --------------------------------------------------------------------------- bands


@pytest.mark.parametrize(
    ("total", "stars"),
    [
        (0, 1),
        (29.99, 1),
        (30, 2),
        (49.99, 2),
        (50, 3),
        (69.99, 3),
        (70, 4),
        (89.99, 4),
        (90, 5),
        (100, 5),
        (Fraction(8999, 100), 4),
        (Fraction(269, 3), 4),  # 89.67: a council mean just under 90
    ],
)
def test_band_star_boundaries(total: float | Fraction, stars: int) -> None:
    assert band_star(total=total, bands=BANDS) == stars


def test_band_star_outside_bands() -> None:
    with pytest.raises(ValueError, match="outside every star band"):
        band_star(total=100.01, bands=BANDS)


@pytest.mark.parametrize(
    ("total", "stars"),
    [(0, 1), (29, 1), (30, 2), (49, 2), (50, 3), (69, 3), (70, 4), (89, 4), (90, 5), (100, 5)],
)
def test_sheet_total_lands_in_its_band(total: int, stars: int) -> None:
    result = score(answers_with_total(SHEET, total))
    assert result.total == total
    assert result.band_star == stars


# --------------------------------------------------------------------------- full sheet


def test_best_answers_score_full_marks() -> None:
    result = score(best())
    assert result.total == 100
    assert dict(result.parts) == {"A": 40, "B": 25, "C": 35}
    assert dict(result.groups) == {
        1: 18, 2: 10, 3: 12, 4: 13, 5: 12, 6: 12, 7: 3, 8: 5, 9: 5, 10: 5, 11: 2, 12: 3,
    }  # fmt: skip
    assert (result.band_star, result.star, result.capped_by) == (5, 5, ())
    assert (result.excluded, result.knockouts, result.potential_5_star) == (False, (), True)
    assert result.points["1.1"] == 3
    assert result.not_applicable == ()
    assert result.nothing_ticked == ()


def test_lowest_answers_score_zero() -> None:
    result = score(lowest_answers(SHEET))
    assert result.total == 0
    assert dict(result.parts) == {"A": 0, "B": 0, "C": 0}
    assert (result.band_star, result.star) == (1, 1)
    # 5.1 "Không có câu chuyện sản phẩm" makes 5.2 not apply.
    assert result.not_applicable == ("5.2",)
    assert result.nothing_ticked == ("1.1", "1.3", "1.4", "1.6", "2.3", "3.1", "3.3", "3.4",
                                     "3.5", "4.1", "9", "10", "11", "12")  # fmt: skip


# --------------------------------------------------------------------------- marks


def test_missing_5_star_mark_caps_at_4() -> None:
    # 1.3 option 3 (3 points) carries *****; option 2 scores 2.
    result = score(best(**{"1_3": 2}))
    assert (result.total, result.band_star, result.star) == (99, 5, 4)
    assert result.capped_by == (Cap(criterion="1.3", mark=5, required=3, points=2),)
    assert result.potential_5_star is True  # ≥ 90 goes to the centre; the centre checks marks


def test_marks_are_cumulative() -> None:
    # 2.3 option 3 (3 points) carries ****: missing it caps at 3★ even with the 5★ mark missed.
    result = score(best(**{"1_3": 2, "2_3": 2}))
    assert (result.total, result.band_star, result.star) == (98, 5, 3)
    assert result.capped_by == (
        Cap(criterion="1.3", mark=5, required=3, points=2),
        Cap(criterion="2.3", mark=4, required=3, points=2),
    )
    # 2.2 option 3 (2 points) carries ***: option 2 (1 point) drops the product to 2★.
    result = score(best(**{"1_3": 2, "2_3": 2, "2_2": 2}))
    assert (result.total, result.band_star, result.star) == (96, 5, 2)
    assert [(c.criterion, c.mark) for c in result.capped_by] == [("1.3", 5), ("2.2", 3), ("2.3", 4)]


def test_criterion_with_two_marks_reports_the_lowest_missed() -> None:
    # 1.5: option 3 (2 points) ****, option 4 (3 points) *****; option 2 scores 1.
    result = score(best(**{"1_5": 2}))
    assert (result.total, result.band_star, result.star) == (98, 5, 3)
    assert result.capped_by == (Cap(criterion="1.5", mark=4, required=2, points=1),)
    # Option 3 meets 4★ but not 5★.
    result = score(best(**{"1_5": 3}))
    assert (result.total, result.star) == (99, 4)
    assert result.capped_by == (Cap(criterion="1.5", mark=5, required=3, points=2),)


def test_marks_above_the_band_do_not_cap() -> None:
    # Unmarked criteria lowered to reach band 4 (4.3 −5, 4.2 −3, 6.3 −3, 12 −2, 1.3 −1):
    # the missed 5★ mark of 1.3 is above the band, so it caps nothing.
    result = score(best(**{"4_3": 1, "4_2": 1, "6_3": 1, "12": 1, "1_3": 2}))
    assert (result.total, result.band_star, result.star, result.capped_by) == (86, 4, 4, ())


def test_nothing_ticked_scores_zero_and_misses_the_mark() -> None:
    # 1.6 has no 0-point option; its option 1 (1 point) carries ****.
    for answers in (best(**{"1_6": None}), {k: v for k, v in best().items() if k != "1.6"}):
        result = score(answers)
        assert (result.total, result.band_star, result.star) == (97, 5, 3)
        assert result.points["1.6"] == 0
        assert result.nothing_ticked == ("1.6",)
        assert result.capped_by == (Cap(criterion="1.6", mark=4, required=1, points=0),)


# --------------------------------------------------------------------------- conditions


@pytest.mark.parametrize("story_structure", [3, 1, None, "omitted"])
def test_story_structure_does_not_apply_without_a_story(story_structure: object) -> None:
    answers = best(**{"5_1": 1})
    if story_structure == "omitted":
        del answers["5.2"]
    else:
        answers["5.2"] = story_structure  # type: ignore[assignment]
    result = score(answers)
    # 5.1 option 1 = 0 (−5), 5.2 not applicable = 0 (−2); 5.1 misses its **** (5 points).
    assert (result.total, result.band_star, result.star) == (93, 5, 3)
    assert result.points["5.2"] == 0
    assert result.not_applicable == ("5.2",)
    assert result.capped_by == (Cap(criterion="5.1", mark=4, required=5, points=0),)


def test_story_structure_must_be_answered_when_there_is_a_story() -> None:
    answers = best(**{"5_1": 2})
    del answers["5.2"]
    with pytest.raises(ScoringError) as caught:
        score(answers)
    assert caught.value.problems == (Problem(code="unanswered", detail="5.2", criterion="5.2"),)


def test_not_applicable_answer_must_still_be_an_option() -> None:
    with pytest.raises(ScoringError) as caught:
        score(best(**{"5_1": 1, "5_2": 9}))
    assert caught.value.problems == (
        Problem(code="unknown_option", detail="5.2 = 9 (1–3)", criterion="5.2"),
    )


def test_148_conditional_mark_is_missed_without_a_story() -> None:
    # QĐ 148, bộ 1: 5.b (*** at 3 points, **** at 5) and 5.c (***** at 2) apply only with a
    # story. No story: 5.a = 0 (−5), 5.b and 5.c = 0 (−5, −2) → 88, and 5.b's 3★ mark is
    # missed, so the product cannot be 3★.
    f148 = form("148/2023", 1)
    answers = best_answers(f148.sheet)
    answers["5.a"] = 1
    result = score_sheet(sheet=f148.sheet, answers=answers, bands=f148.bands)
    assert (result.total, result.band_star, result.star) == (88, 4, 2)
    assert result.not_applicable == ("5.b", "5.c")
    assert result.capped_by == (Cap(criterion="5.b", mark=3, required=3, points=0),)


# --------------------------------------------------------------------------- exclusions


def test_sheet_rules_have_stable_ids() -> None:
    assert [(r.id, r.kind, r.trigger) for r in sheet_rules(SHEET)] == [
        ("sheet:1", "knockout", "declared"),
        ("2.1:knockout", "knockout", "declared"),
        ("6.1:stop", "stop", "declared"),
    ]
    assert [r.id for r in sheet_rules(form("148/2023", 1).sheet)] == [
        "2.a:knockout",
        "6.a:stop",
        "10:stop",  # printed under group 10, not under a criterion
    ]
    assert [(r.id, r.trigger, r.criteria) for r in sheet_rules(form("26/2026", 16).sheet)] == [
        ("sheet:1", "declared", ()),
        ("6.4:stop", "zero_points", ("6.1", "6.2", "6.3", "6.4")),
    ]


def test_declared_knockout_excludes() -> None:
    result = score(best(), knockouts=frozenset({"sheet:1"}))
    [rule] = result.knockouts
    assert (rule.id, rule.kind, rule.target) == ("sheet:1", "knockout", "sheet")
    assert rule.text.startswith("Hồ sơ bị loại khi: Giả mạo hồ sơ")
    assert (result.total, result.band_star, result.star) == (100, 5, None)
    assert (result.excluded, result.potential_5_star) == (True, False)


def test_declared_stop_rule_excludes() -> None:
    result = score(best(), knockouts=frozenset({"6.1:stop", "2.1:knockout"}))
    assert [(r.id, r.kind) for r in result.knockouts] == [
        ("2.1:knockout", "knockout"),
        ("6.1:stop", "stop"),
    ]
    assert result.star is None


def test_zero_points_stop_fires_from_the_answers() -> None:
    # Bộ 16: "Nếu được 0 điểm tại một trong các chỉ tiêu trên, sẽ không đánh giá các bước
    # tiếp theo" (6.1–6.4). 6.2 option 1 scores 0.
    f16 = form("26/2026", 16)
    answers = best_answers(f16.sheet)
    answers["6.2"] = 1
    result = score_sheet(sheet=f16.sheet, answers=answers, bands=f16.bands)
    assert [r.id for r in result.knockouts] == ["6.4:stop"]
    assert (result.total, result.band_star, result.star, result.excluded) == (97, 5, None, True)
    with pytest.raises(ScoringError) as caught:
        score_sheet(
            sheet=f16.sheet,
            answers=best_answers(f16.sheet),
            bands=f16.bands,
            knockouts=frozenset({"6.4:stop"}),
        )
    assert caught.value.problems == (Problem(code="derived_rule", detail="6.4:stop"),)


def _with_knockout_option(sheet: Sheet) -> Sheet:
    """Sheet 1 with 1.1 option 1 flagged as a knock-out (no printed option is one today)."""
    criterion = sheet.criterion("1.1")
    first = dataclasses.replace(
        criterion.options[0], knockout=True, knockout_reason="Nhập khẩu toàn bộ"
    )
    changed = dataclasses.replace(criterion, options=(first, *criterion.options[1:]))
    return _replace_criteria(sheet, {"1.1": changed})


def test_knockout_option_fires_when_ticked() -> None:
    sheet = _with_knockout_option(SHEET)
    ticked = score_sheet(sheet=sheet, answers=best(**{"1_1": 1}), bands=BANDS)
    assert ticked.knockouts == (
        Rule(
            id="1.1:option:1",
            kind="knockout",
            text="Nhập khẩu toàn bộ",
            target="1.1",
            trigger="option",
            criteria=("1.1", "1"),
        ),
    )
    assert ticked.star is None
    assert score_sheet(sheet=sheet, answers=best(), bands=BANDS).knockouts == ()


# --------------------------------------------------------------------------- errors


def test_every_problem_is_reported_at_once() -> None:
    answers = best(**{"1_1": 7, "1_2": None, "2_4": True, "3_1": "3"})  # type: ignore[arg-type]
    del answers["6.4"]
    answers["9.9"] = 1
    with pytest.raises(ScoringError) as caught:
        score(answers, knockouts=frozenset({"nope"}))
    assert caught.value.problems == (
        Problem(code="unknown_criterion", detail="9.9"),
        Problem(code="unknown_option", detail="1.1 = 7 (1–3)", criterion="1.1"),
        Problem(code="nothing_ticked_not_allowed", detail="1.2", criterion="1.2"),
        Problem(code="not_an_option", detail="2.4 = True", criterion="2.4"),
        Problem(code="not_an_option", detail="3.1 = '3'", criterion="3.1"),
        Problem(code="unanswered", detail="6.4", criterion="6.4"),
        Problem(code="unknown_rule", detail="nope (có: sheet:1, 2.1:knockout, 6.1:stop)"),
    )
    assert str(caught.value).splitlines() == [
        "Phiếu chấm không hợp lệ / invalid answers:",
        "  - Tiêu chí không có trong phiếu / unknown criterion: 9.9",
        "  - Lựa chọn không có / unknown option: 1.1 = 7 (1–3)",
        "  - Không được để trống: hãy chọn lựa chọn 0 điểm / nothing ticked is not allowed:"
        " tick the 0-point option: 1.2",
        "  - Không phải số thứ tự lựa chọn / not an option number: 2.4 = True, 3.1 = '3'",
        "  - Chưa chấm / unanswered: 6.4",
        "  - Quy tắc loại không có trong phiếu / unknown knock-out rule:"
        " nope (có: sheet:1, 2.1:knockout, 6.1:stop)",
    ]
    assert caught.value.code == "invalid_answers"


def test_empty_answers_list_every_required_criterion() -> None:
    with pytest.raises(ScoringError) as caught:
        score({})
    unanswered = [p.detail for p in caught.value.problems]
    # Criteria without a 0-point option (1.1, 1.3, …) may be left empty; 5.2 applies
    # because 5.1 is unanswered (not "no story").
    assert unanswered == ["1.2", "1.5", "1.7", "2.1", "2.2", "2.4", "3.2", "4.2", "4.3",
                          "5.1", "5.2", "5.3", "6.1", "6.2", "6.3", "6.4", "7", "8"]  # fmt: skip


# --------------------------------------------------------------------------- the council

CHAIR = MemberSheet(member="Chủ tịch", answers=best(), is_chair=True)
# 1.3 → 2 points (A −1), 4.1 → 3 points (B −2): 97.
MEMBER_B = MemberSheet(member="B", answers=best(**{"1_3": 2, "4_1": 3}))
# 8 → 1 point (C −4), 2.2 → option 3, 2 points (A −1): 95.
MEMBER_C = MemberSheet(member="C", answers=best(**{"8": 2, "2_2": 3}))


def council(*sheets: MemberSheet, size: int | None = None, rules: CouncilRules | None = None):  # type: ignore[no-untyped-def]
    return council_result(sheet=SHEET, bands=BANDS, sheets=sheets, council_size=size, rules=rules)


def test_three_member_council_means() -> None:
    result = council(CHAIR, MEMBER_B, MEMBER_C, size=4)
    assert [m.result.total for m in result.members] == [100, 97, 95]
    assert result.total == 292 / 3
    assert dict(result.parts) == {"A": 118 / 3, "B": 73 / 3, "C": 101 / 3}
    assert result.means["1.3"] == 8 / 3
    assert result.means["8"] == 11 / 3
    assert (result.band_star, result.star) == (5, 4)
    # 1.3 mean 8/3 < 3 (*****), 4.1 mean 13/3 < 5 (*****); 8 mean 11/3 ≥ 3 (****) holds.
    assert result.capped_by == (
        Cap(criterion="1.3", mark=5, required=3, points=8 / 3),
        Cap(criterion="4.1", mark=5, required=5, points=13 / 3),
    )
    assert result.spread == 5
    assert (result.held, result.potential_5_star, result.excluded) == (False, True, False)
    assert result.quorum.size == 4
    assert (result.quorum.present, result.quorum.required, result.quorum.chair_present) == (
        3,
        3,
        True,
    )
    assert (result.quorum.met, result.ready) == (True, True)


def test_council_mean_is_compared_unrounded() -> None:
    def member(name: str, total: int) -> MemberSheet:
        return MemberSheet(
            member=name, answers=answers_with_total(SHEET, total), is_chair=name == "a"
        )

    under = council(member("a", 89), member("b", 90), member("c", 90))
    assert (under.total, under.band_star) == (269 / 3, 4)  # 89.67, never rounded up to 90
    exact = council(member("a", 89), member("b", 90), member("c", 91))
    assert (exact.total, exact.band_star) == (90.0, 5)


def test_council_marks_use_per_criterion_means() -> None:
    # 2.2: *** on option 3 (2 points). Members 3, 2, 1 points → mean exactly 2: met.
    members = [
        MemberSheet(member="a", answers=best(**{"2_2": 4}), is_chair=True),
        MemberSheet(member="b", answers=best(**{"2_2": 3})),
        MemberSheet(member="c", answers=best(**{"2_2": 2})),
    ]
    assert council(*members).capped_by == ()
    # Members 3, 1, 1 → mean 5/3 < 2: the 3★ mark fails on the mean although one member met it.
    members[1] = MemberSheet(member="b", answers=best(**{"2_2": 2}))
    result = council(*members)
    assert result.capped_by == (Cap(criterion="2.2", mark=3, required=2, points=5 / 3),)
    assert (result.band_star, result.star) == (5, 2)


@pytest.mark.parametrize(
    ("size", "rules", "required", "met"),
    [
        (3, CouncilRules(), 3, True),
        (4, CouncilRules(), 3, True),
        (5, CouncilRules(), 4, False),  # 3/4 of 5 = 3.75 → 4 sheets needed
        (6, CouncilRules(quorum=Fraction(1, 2)), 3, True),
    ],
)
def test_council_quorum(size: int, rules: CouncilRules, required: int, met: bool) -> None:
    result = council(CHAIR, MEMBER_B, MEMBER_C, size=size, rules=rules)
    assert (result.quorum.required, result.quorum.met, result.ready) == (required, met, met)


def test_quorum_needs_the_chair() -> None:
    without_chair = dataclasses.replace(CHAIR, is_chair=False)
    result = council(without_chair, MEMBER_B, MEMBER_C)
    assert (result.quorum.chair_present, result.quorum.met) == (False, False)
    relaxed = council(without_chair, MEMBER_B, MEMBER_C, rules=CouncilRules(chair_required=False))
    assert relaxed.quorum.met is True


def test_spread_beyond_the_maximum_holds_the_result() -> None:
    low = MemberSheet(member="D", answers=answers_with_total(SHEET, 89))
    held = council(CHAIR, MEMBER_B, low)  # 100 − 89 = 11 > 10
    assert (held.spread, held.held, held.ready) == (11, True, False)
    assert held.total == 286 / 3  # still computed, for the discussion
    at_limit = council(
        CHAIR, MEMBER_B, MemberSheet(member="D", answers=answers_with_total(SHEET, 90))
    )
    assert (at_limit.spread, at_limit.held) == (10, False)
    relaxed = council(CHAIR, MEMBER_B, low, rules=CouncilRules(max_spread=12))
    assert relaxed.held is False


def test_knockout_by_majority_excludes_by_minority_flags() -> None:
    def ko(sheet: MemberSheet) -> MemberSheet:
        return dataclasses.replace(sheet, knockouts=frozenset({"sheet:1"}))

    majority = council(ko(CHAIR), ko(MEMBER_B), MEMBER_C)
    assert [(v.rule.id, v.votes) for v in majority.knockouts] == [("sheet:1", 2)]
    assert (majority.excluded, majority.star, majority.flagged) == (True, None, ())
    assert majority.potential_5_star is False
    minority = council(ko(CHAIR), MEMBER_B, MEMBER_C)
    assert minority.knockouts == ()
    assert minority.flagged == (Vote(rule=sheet_rules(SHEET)[0], votes=1),)
    assert (minority.excluded, minority.star) == (False, 4)
    # Half is not a majority.
    even = council(ko(CHAIR), ko(MEMBER_B), MEMBER_C, MemberSheet(member="D", answers=best()))
    assert (even.excluded, [v.votes for v in even.flagged]) == (False, [2])


def test_council_errors_name_the_member() -> None:
    broken = MemberSheet(member="B", answers=best(**{"1_1": 9}))
    with pytest.raises(ScoringError) as caught:
        council(CHAIR, broken, dataclasses.replace(MEMBER_C, member="Chủ tịch"))
    assert caught.value.problems == (
        Problem(code="duplicate_member", detail="Chủ tịch"),
        Problem(code="unknown_option", detail="1.1 = 9 (1–3)", criterion="1.1", member="B"),
    )
    assert "[B] Lựa chọn không có / unknown option: 1.1 = 9 (1–3)" in str(caught.value)
    with pytest.raises(ScoringError, match="no member sheets"):
        council()
    with pytest.raises(ScoringError, match="council smaller than sheets"):
        council(CHAIR, MEMBER_B, size=1)


# --------------------------------------------------------------------------- documents


def test_sheet_document_shape() -> None:
    document = sheet_document(score(best(**{"1_3": 2})), member="Tự đánh giá")
    assert list(document)[:10] == [
        "criteria", "set", "members", "parts", "total", "band_star", "star", "capped_by",
        "knockouts", "potential_5_star",
    ]  # fmt: skip
    assert (document["criteria"], document["set"], document["total"]) == ("26/2026", 1, 99)
    assert document["parts"] == {"A": 39, "B": 25, "C": 35}
    assert (document["band_star"], document["star"], document["potential_5_star"]) == (5, 4, True)
    assert document["capped_by"] == [{"criterion": "1.3", "mark": 5, "required": 3, "points": 2}]
    assert document["knockouts"] == []
    assert document["council"] is None
    [member] = document["members"]
    assert (member["member"], member["chair"], member["total"]) == ("Tự đánh giá", False, 99)


def test_council_document_shape() -> None:
    document = council_document(council(CHAIR, MEMBER_B, MEMBER_C))
    assert list(document)[:10] == [
        "criteria", "set", "members", "parts", "total", "band_star", "star", "capped_by",
        "knockouts", "potential_5_star",
    ]  # fmt: skip
    assert [(m["member"], m["chair"], m["total"]) for m in document["members"]] == [
        ("Chủ tịch", True, 100),
        ("B", False, 97),
        ("C", False, 95),
    ]
    assert document["total"] == 292 / 3
    assert document["council"] == {
        "size": 3,
        "present": 3,
        "quorum_required": 3,
        "chair_present": True,
        "quorum_met": True,
        "spread": 5,
        "max_spread": 10,
        "held": False,
        "ready": True,
    }


# --------------------------------------------------------------------------- data checks


def test_scoring_errors_on_real_data_and_broken_sheets() -> None:
    for code in ("26/2026", "148/2023"):
        for number in range(1, 27):
            assert scoring_errors(form(code, number).sheet) == []
    story = SHEET.criterion("5.2")
    assert story.applies_when is not None
    broken_condition = dataclasses.replace(
        story, applies_when=dataclasses.replace(story.applies_when, unless_options=(9,))
    )
    stop = SHEET.criterion("6.1")
    broken_stop = dataclasses.replace(
        stop, notes=(dataclasses.replace(stop.notes[0], trigger="zero_point"),)
    )
    sheet = _replace_criteria(SHEET, {"5.2": broken_condition, "6.1": broken_stop})
    assert scoring_errors(sheet) == [
        "criterion 5.2: condition options [9] are not options of 5.1",
        "6.1: unknown stop trigger 'zero_point'",
    ]


def _replace_criteria(sheet: Sheet, replacements: dict[str, Criterion]) -> Sheet:
    parts = []
    for part in sheet.parts:
        groups = [
            dataclasses.replace(
                group, criteria=tuple(replacements.get(c.code, c) for c in group.criteria)
            )
            for group in part.groups
        ]
        parts.append(dataclasses.replace(part, groups=tuple(groups)))
    return dataclasses.replace(sheet, parts=tuple(parts))
