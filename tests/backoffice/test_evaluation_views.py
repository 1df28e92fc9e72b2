"""The evaluation pages, driven with the test client through the whole procedure."""

import pytest
from django.urls import reverse

from ocop.evaluation.enums import DossierState
from ocop.evaluation.models import Dossier, Scoresheet
from tests.e2e.conftest import ARTIFACTS
from tests.evaluation.helpers import answers_at
from tests.factories import make_user


def sheet_post(dossier, quality, **extra):
    sheet = dossier.revision.form().sheet
    return {f"c-{code}": str(n) for code, n in answers_at(sheet, quality=quality).items()} | extra


@pytest.mark.django_db
def test_producer_prepares_and_submits_a_dossier(product, producer_user, login):
    client = login(producer_user)
    response = client.post(
        reverse("backoffice:dossier_start", args=[product.pk]), {"kind": "first"}
    )
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("backoffice:dossier_edit", args=[dossier.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Mẫu 02" in page.content.decode()
    data = sheet_post(dossier, 0.8, applicant="Nguyễn Thị Lan", submit="1")
    response = client.post(reverse("backoffice:dossier_edit", args=[dossier.pk]), data)
    assert response["Location"] == reverse("backoffice:dossier_detail", args=[dossier.pk])
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED
    assert dossier.versions.count() == 1
    # A submitted dossier can no longer be edited.
    again = client.post(reverse("backoffice:dossier_edit", args=[dossier.pk]), data)
    assert again.status_code == 302
    assert dossier.versions.count() == 1


@pytest.mark.django_db
def test_incomplete_sheet_is_reported_and_nothing_submitted(product, producer_user, login):
    client = login(producer_user)
    client.post(reverse("backoffice:dossier_start", args=[product.pk]), {"kind": "first"})
    dossier = Dossier.objects.get()
    response = client.post(
        reverse("backoffice:dossier_edit", args=[dossier.pk]),
        {"applicant": "A", "c-1.1": "1", "submit": "1"},
        follow=True,
    )
    assert "Phiếu chấm không hợp lệ / invalid answers" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DRAFT


@pytest.mark.django_db
def test_commune_and_province_steps_through_the_pages(
    submitted, commune_officer, province_officer, login
):
    client = login(commune_officer)
    client.post(
        reverse("backoffice:dossier_commune", args=[submitted.pk]),
        {"complete": "on", "decision": "propose", "conclusion": "Đạt"},
    )
    submitted.refresh_from_db()
    assert submitted.state == DossierState.PROPOSED
    client = login(province_officer)
    client.post(
        reverse("backoffice:round_list"),
        {"level": "province", "year": 2026, "number": 2, "province": "37"},
    )
    round_ = submitted.product.commune.province.rounds.get()
    client.post(
        reverse("backoffice:dossier_province", args=[submitted.pk]),
        {"decision": "accept", "round": round_.pk},
    )
    submitted.refresh_from_db()
    assert (submitted.state, submitted.round) == (DossierState.ACCEPTED, round_)


@pytest.mark.django_db
def test_member_scores_through_the_page_and_cannot_see_others_first(accepted, council_users, login):
    first, second, _third = council_users
    client = login(first)
    url = reverse("backoffice:dossier_score", args=[accepted.pk])
    assert client.get(url).status_code == 200
    client.post(url, sheet_post(accepted, 0.8, submit="1"))
    assert Scoresheet.objects.get(member__user=first).state == "submitted"
    client = login(second)
    detail = client.get(reverse("backoffice:dossier_detail", args=[accepted.pk]))
    assert list(detail.context["sheets"]) == []
    # Nor the running result, which would reveal the first member's total.
    assert detail.context["result"] is None
    assert 'id="council-result"' not in detail.content.decode()
    client.post(url, sheet_post(accepted, 0.8, submit="1"))
    detail = client.get(reverse("backoffice:dossier_detail", args=[accepted.pk]))
    assert {s.member.user for s in detail.context["sheets"]} == {first, second}
    outsider = make_user("ngoai", role="council_member", province="37")
    # In the province (so the dossier is visible) but not on this council: forbidden.
    assert login(outsider).post(url, sheet_post(accepted, 1.0, submit="1")).status_code == 403
    assert Scoresheet.objects.filter(member__user=outsider).count() == 0


@pytest.mark.django_db
def test_round_page_shows_progress_and_issues_the_decision(
    accepted,
    council_users,
    province_officer,
    login,
):
    url = reverse("backoffice:dossier_score", args=[accepted.pk])
    for user in council_users:
        login(user).post(url, sheet_post(accepted, 0.8, submit="1"))
    client = login(council_users[0])
    client.post(reverse("backoffice:dossier_recommend", args=[accepted.pk]), {"note": "Đạt"})
    accepted.refresh_from_db()
    assert accepted.state == DossierState.RECOMMENDED
    client = login(province_officer)
    page = client.get(reverse("backoffice:round_detail", args=[accepted.round_id]))
    assert page.context["progress"][0]["marks"] == [(m, True) for m in page.context["members"]]
    client.post(
        reverse("backoffice:round_decision", args=[accepted.round_id]),
        {
            "number": "999/QĐ-UBND",
            "decided_on": "2026-12-20",
            "signer": "Chủ tịch UBND tỉnh",
            "authority": "UBND tỉnh Ninh Bình",
            "dossiers": [accepted.pk],
        },
    )
    accepted.refresh_from_db()
    assert accepted.state == DossierState.RECOGNISED


@pytest.mark.django_db
def test_dossier_list_query_count_is_constant(
    accepted, province_officer, login, django_assert_max_num_queries
):
    client = login(province_officer)
    url = reverse("backoffice:dossier_list")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    Dossier.objects.create(product=accepted.product, kind="upgrade", revision=accepted.revision)
    Dossier.objects.create(
        product=accepted.product, kind="reevaluation", revision=accepted.revision
    )
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    assert len(one) == len(three)


@pytest.mark.django_db
def test_minutes_decision_and_results_documents(accepted, council_users, province_officer, login):
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    url = reverse("backoffice:dossier_score", args=[accepted.pk])
    for user in council_users:
        login(user).post(url, sheet_post(accepted, 0.8, submit="1"))
    login(council_users[0]).post(reverse("backoffice:dossier_recommend", args=[accepted.pk]))
    client = login(province_officer)
    client.post(
        reverse("backoffice:round_decision", args=[accepted.round_id]),
        {
            "number": "999/QĐ-UBND",
            "decided_on": "2026-12-20",
            "signer": "Chủ tịch UBND tỉnh",
            "authority": "UBND tỉnh Ninh Bình",
            "dossiers": [accepted.pk],
        },
    )
    accepted.refresh_from_db()
    minutes = client.get(reverse("backoffice:round_minutes_pdf", args=[accepted.round_id]))
    assert minutes["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(minutes.content)).pages)
    assert "BIÊN BẢN HỌP HỘI ĐỒNG" in text  # the title is upper-cased by the stylesheet
    assert "Mật ong rừng Hoa Lư" in text
    decision = accepted.decision_item.decision
    pdf = client.get(reverse("backoffice:decision_pdf", args=[decision.pk]))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "decision.pdf").write_bytes(pdf.content)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "999/QĐ-UBND" in text
    assert f"{accepted.decision_item.star} sao" in text
    sheet = load_workbook(
        io.BytesIO(
            client.get(reverse("backoffice:round_results_xlsx", args=[accepted.round_id])).content
        )
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == "Mật ong rừng Hoa Lư"
    assert rows[1][-3] == accepted.result.star
    # A commune officer (in the province's area, not on the council) gets no minutes.
    other = login(make_user("xa2", role="commune_officer", commune="14329"))
    assert (
        other.get(reverse("backoffice:round_minutes_pdf", args=[accepted.round_id])).status_code
        == 404
    )


@pytest.mark.django_db
def test_producer_sees_state_result_and_anonymous_feedback(
    accepted, council_users, producer_user, login
):
    url = reverse("backoffice:dossier_score", args=[accepted.pk])
    for user in council_users:
        data = sheet_post(accepted, 0.8, submit="1")
        if user == council_users[1]:
            data["note-1.1"] = "Cần bổ sung phương án sản xuất"
        login(user).post(url, data)
    client = login(producer_user)
    before = client.get(reverse("backoffice:dossier_detail", args=[accepted.pk]))
    assert before.context["feedback"] == []
    login(council_users[0]).post(reverse("backoffice:dossier_recommend", args=[accepted.pk]))
    page = login(producer_user).get(reverse("backoffice:dossier_detail", args=[accepted.pk]))
    rows = {row["criterion"].code: row for row in page.context["feedback"]}
    assert rows["1.1"]["notes"] == [(2, "Cần bổ sung phương án sản xuất")]
    accepted.refresh_from_db()
    assert rows["1.1"]["mean"] == accepted.result.means["1.1"]
    body = page.content.decode()
    assert "Thành viên 2: Cần bổ sung phương án sản xuất" in body
    assert "hd2" not in body  # members are not named to the producer


@pytest.mark.django_db
def test_member_declares_a_conflict_through_the_page(accepted, council_users, login):
    client = login(council_users[2])
    page = client.get(reverse("backoffice:dossier_detail", args=[accepted.pk]))
    assert page.context["conflict_form"] is not None
    client.post(
        reverse("backoffice:dossier_conflict", args=[accepted.pk]),
        {"has_conflict": "on", "note": "Người thân của chủ thể"},
    )
    response = client.get(reverse("backoffice:dossier_score", args=[accepted.pk]))
    assert response.status_code == 403
    assert accepted.declarations.get().has_conflict is True


@pytest.mark.django_db
def test_overdue_commune_assessment_is_flagged(submitted, commune_officer, login):
    from datetime import timedelta

    from ocop.evaluation.models import Dossier

    Dossier.objects.filter(pk=submitted.pk).update(
        commune_due=submitted.commune_due - timedelta(days=30)
    )
    body = login(commune_officer).get(reverse("backoffice:dossier_list")).content.decode()
    assert "quá hạn" in body
