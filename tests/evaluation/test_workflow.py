from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ocop.core.models import AuditEntry
from ocop.criteria.scoring import score_sheet
from ocop.evaluation import domain
from ocop.evaluation.enums import DossierKind, DossierState, ScoresheetState
from ocop.evaluation.models import Scoresheet
from ocop.evaluation.queries import dossiers_for_user, visible_scoresheets
from ocop.registry.enums import ProductStatus
from tests.conftest import OTHER_COMMUNE_SAME_PROVINCE
from tests.evaluation.helpers import answers_at
from tests.factories import make_user


def score(dossier, user, quality):
    sheet = dossier.revision.form().sheet
    domain.save_scoresheet(actor=user, dossier=dossier, answers=answers_at(sheet, quality=quality))
    return domain.submit_scoresheet(actor=user, dossier=dossier)


@pytest.mark.django_db
def test_submit_freezes_a_version_and_sets_the_commune_deadline(submitted):
    assert submitted.state == DossierState.SUBMITTED
    version = submitted.versions.get()
    assert version.number == 1
    assert version.registration["applicant"] == "Nguyễn Thị Lan"
    form = submitted.revision.form()
    expected = score_sheet(sheet=form.sheet, answers=submitted.self_answers, bands=form.bands)
    assert version.self_total == Decimal(str(round(expected.total, 2)))
    assert submitted.commune_due is not None
    assert (submitted.commune_due - submitted.submitted_at.date()).days >= 15


@pytest.mark.django_db
def test_incomplete_self_assessment_is_refused(product, producer_user):
    dossier = domain.start_dossier(actor=producer_user, product=product, kind=DossierKind.FIRST)
    domain.save_dossier_draft(
        actor=producer_user,
        dossier=dossier,
        registration={"applicant": "A"},
        self_answers={"1.1": 1},
    )
    with pytest.raises(ValidationError):
        domain.submit_dossier(actor=producer_user, dossier=dossier)
    dossier.refresh_from_db()
    assert (dossier.state, dossier.versions.count()) == (DossierState.DRAFT, 0)


@pytest.mark.django_db
def test_return_and_resubmit_makes_a_second_version_with_a_diff(
    submitted, commune_officer, producer_user
):
    domain.assess_at_commune(
        actor=commune_officer,
        dossier=submitted,
        fields={"complete": False},
        propose=False,
        reason="Thiếu phiếu kiểm nghiệm",
    )
    submitted.refresh_from_db()
    assert submitted.state == DossierState.RETURNED
    domain.save_dossier_draft(
        actor=producer_user,
        dossier=submitted,
        registration={"applicant": "Nguyễn Thị Lan", "phone": "0988000222"},
        self_answers=submitted.self_answers,
    )
    domain.submit_dossier(actor=producer_user, dossier=submitted)
    second = submitted.versions.get(number=2)
    assert second.diff == {
        "registration": [
            {"applicant": "Nguyễn Thị Lan", "phone": "0912000111"},
            {"applicant": "Nguyễn Thị Lan", "phone": "0988000222"},
        ]
    }


@pytest.mark.django_db
def test_commune_officer_acts_only_on_their_communes_dossiers(submitted):
    other = make_user("xakhac", role="commune_officer", commune=OTHER_COMMUNE_SAME_PROVINCE)
    with pytest.raises(PermissionDenied):
        domain.assess_at_commune(
            actor=other, dossier=submitted, fields={"complete": True}, propose=True
        )
    submitted.refresh_from_db()
    assert submitted.state == DossierState.SUBMITTED
    assert submitted.commune_assessments.count() == 0
    assert list(dossiers_for_user(other)) == []


@pytest.mark.django_db
def test_proposal_assigns_the_product_code(accepted):
    assert accepted.code == "37-14329-001-" + str(date.today().year)
    assert accepted.state == DossierState.ACCEPTED


@pytest.mark.django_db
def test_three_members_score_and_the_council_result_is_the_mean(accepted, council_users):
    sheets = [
        score(accepted, user, q) for user, q in zip(council_users, (0.9, 0.8, 0.75), strict=True)
    ]
    result = accepted.result
    result.refresh_from_db()
    form = accepted.revision.form()
    totals = [
        score_sheet(sheet=form.sheet, answers=s.answers, bands=form.bands).total for s in sheets
    ]
    assert result.members_scored == 3
    assert result.total == Decimal(str(sum(totals) / 3)).quantize(Decimal("0.0001"))
    assert result.spread == Decimal(max(totals) - min(totals))
    assert result.quorum_met is True
    accepted.refresh_from_db()
    assert accepted.state == (DossierState.SCORED if result.ready else DossierState.ACCEPTED)


@pytest.mark.django_db
def test_blind_scoring_hides_other_sheets_until_own_is_submitted(accepted, council_users):
    first, second, _third = council_users
    score(accepted, first, 0.8)
    sheet = accepted.revision.form().sheet
    domain.save_scoresheet(actor=second, dossier=accepted, answers=answers_at(sheet, quality=0.8))
    assert [s.member.user for s in visible_scoresheets(user=second, dossier=accepted)] == [second]
    domain.submit_scoresheet(actor=second, dossier=accepted)
    assert {s.member.user for s in visible_scoresheets(user=second, dossier=accepted)} == {
        first,
        second,
    }


@pytest.mark.django_db
def test_submitted_sheet_cannot_be_edited_except_reopened_by_the_chair(accepted, council_users):
    chair, member, _ = council_users
    submitted_sheet = score(accepted, member, 0.8)
    with pytest.raises(ValidationError):
        domain.save_scoresheet(actor=member, dossier=accepted, answers={})
    with pytest.raises(PermissionDenied):
        domain.reopen_scoresheet(actor=member, sheet=submitted_sheet, reason="x")
    domain.reopen_scoresheet(actor=chair, sheet=submitted_sheet, reason="Chênh lệch lớn")
    submitted_sheet.refresh_from_db()
    assert submitted_sheet.state == ScoresheetState.DRAFT
    assert (
        AuditEntry.objects.filter(
            action="ocop.scoresheet.reopened", reason="Chênh lệch lớn"
        ).count()
        == 1
    )


@pytest.mark.django_db
def test_only_council_members_without_conflict_score(accepted, council_users):
    outsider = make_user("ngoai", role="council_member", province="37")
    sheet = accepted.revision.form().sheet
    with pytest.raises(PermissionDenied):
        domain.save_scoresheet(
            actor=outsider, dossier=accepted, answers=answers_at(sheet, quality=1)
        )
    domain.declare_conflict(
        actor=council_users[2], dossier=accepted, has_conflict=True, note="Người thân"
    )
    with pytest.raises(PermissionDenied):
        domain.save_scoresheet(
            actor=council_users[2], dossier=accepted, answers=answers_at(sheet, quality=1)
        )
    assert Scoresheet.objects.count() == 0


@pytest.mark.django_db
def test_recommendation_and_decision_recognise_the_star(accepted, council_users, province_officer):
    for user in council_users:
        score(accepted, user, 0.8)
    accepted.refresh_from_db()
    assert accepted.state == DossierState.SCORED
    result = domain.recommend(actor=council_users[0], dossier=accepted, note="Đề nghị công nhận")
    accepted.refresh_from_db()
    star = result.star
    assert star in (3, 4)
    assert accepted.state == DossierState.RECOMMENDED
    decision = domain.decide_recognition(
        actor=province_officer,
        round_=accepted.round,
        number="1234/QĐ-UBND",
        decided_on=date(2026, 12, 20),
        signer="Chủ tịch UBND tỉnh",
        authority="UBND tỉnh Ninh Bình",
        dossiers=[accepted],
    )
    accepted.refresh_from_db()
    assert accepted.state == DossierState.RECOGNISED
    assert [(i.product, i.star) for i in decision.items.all()] == [(accepted.product, star)]
    accepted.product.refresh_from_db()
    assert accepted.product.status == ProductStatus.CERTIFIED


@pytest.mark.django_db
def test_only_the_chair_recommends_and_only_the_province_decides(
    accepted, council_users, commune_officer
):
    for user in council_users:
        score(accepted, user, 0.8)
    with pytest.raises(PermissionDenied):
        domain.recommend(actor=council_users[1], dossier=accepted)
    domain.recommend(actor=council_users[0], dossier=accepted)
    with pytest.raises(PermissionDenied):
        domain.decide_recognition(
            actor=commune_officer,
            round_=accepted.round,
            number="1/QĐ",
            decided_on=date(2026, 12, 1),
            signer="x",
            authority="x",
            dossiers=[accepted],
        )
    accepted.refresh_from_db()
    assert accepted.state == DossierState.RECOMMENDED


@pytest.mark.django_db
def test_ninety_points_at_province_goes_to_the_centre(accepted, council_users):
    for user in council_users:
        score(accepted, user, 1.0)
    result = domain.recommend(actor=council_users[0], dossier=accepted)
    accepted.refresh_from_db()
    assert result.potential_5_star is True
    assert accepted.state == DossierState.FORWARDED


@pytest.mark.django_db
def test_drafts_are_visible_only_to_those_who_prepare_them(
    product, producer_user, commune_officer, council_users
):
    dossier = domain.start_dossier(actor=producer_user, product=product, kind=DossierKind.FIRST)
    assert list(dossiers_for_user(producer_user)) == [dossier]
    assert list(dossiers_for_user(commune_officer)) == [dossier]
    # A council member of the province reads the province's dossiers, but not drafts.
    assert list(dossiers_for_user(council_users[0])) == []
