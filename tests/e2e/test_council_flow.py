"""Three council members score one dossier in the browser; the chair sees the mean and
the star and recommends; the province issues the decision. A member cannot see another
member's sheet before submitting their own."""

import re

import pytest
from playwright.sync_api import Page, expect

from ocop.evaluation import domain
from ocop.evaluation.enums import DossierKind, DossierState, Level
from ocop.evaluation.models import Dossier
from tests.conftest import HOME_COMMUNE, HOME_PROVINCE
from tests.e2e.conftest import ARTIFACTS
from tests.evaluation.helpers import answers_at
from tests.factories import PASSWORD, make_producer, make_product, make_user

pytestmark = pytest.mark.e2e


def sign_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc email").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()


def tick(page: Page, answers: dict[str, int]) -> None:
    for code, option in answers.items():
        page.locator(f'input[name="c-{code}"][value="{option}"]').check()


@pytest.fixture
def dossier_in_council(units):
    producer = make_producer(commune=HOME_COMMUNE, name="HTX Mật ong Cúc Phương")
    product = make_product(producer=producer, name="Mật ong bạc hà Cúc Phương", set_number=4)
    owner = make_user("chuthe", role="producer", producer=producer)
    commune = make_user("xa", role="commune_officer", commune=HOME_COMMUNE)
    province = make_user("tinh", role="province_officer", province=HOME_PROVINCE)
    members = [
        make_user(n, role="council_member", province=HOME_PROVINCE)
        for n in ("chutich", "uyvien1", "uyvien2")
    ]
    dossier = domain.start_dossier(actor=owner, product=product, kind=DossierKind.FIRST)
    sheet = dossier.revision.form().sheet
    domain.save_dossier_draft(
        actor=owner,
        dossier=dossier,
        registration={"applicant": "Lê Văn Hải"},
        self_answers=answers_at(sheet, quality=0.8),
    )
    domain.submit_dossier(actor=owner, dossier=dossier)
    domain.assess_at_commune(
        actor=commune, dossier=dossier, fields={"complete": True}, propose=True
    )
    round_ = domain.open_round(
        actor=province, level=Level.PROVINCE, year=2026, number=2, province_code=HOME_PROVINCE
    )
    domain.check_at_province(actor=province, dossier=dossier, complete=True, round_=round_)
    domain.set_up_council(
        actor=province,
        round_=round_,
        name="Hội đồng OCOP tỉnh Ninh Bình",
        chair=members[0],
        members=[(members[1], "Sở Công Thương"), (members[2], "Sở Y tế")],
    )
    return Dossier.objects.get(pk=dossier.pk), sheet


def test_three_members_score_and_the_decision_is_issued(page, live_server, dossier_in_council):
    dossier, sheet = dossier_in_council
    base = live_server.url
    detail = f"{base}/dossiers/{dossier.pk}/"
    # 74, 66 and 74 points: a spread of 8, inside the council's limit of 10.
    qualities = {"chutich": 0.75, "uyvien1": 0.7, "uyvien2": 0.75}

    # The first member submits; the second cannot see that sheet before submitting.
    sign_in(page, base, "chutich")
    page.goto(detail)
    page.get_by_role("link", name="Chấm điểm").click()
    tick(page, answers_at(sheet, quality=qualities["chutich"]))
    expect(page.locator("[data-sheet-total]")).not_to_have_text("0")
    page.get_by_role("button", name="Nộp phiếu chấm").click()
    expect(page.get_by_text("Đã nộp phiếu chấm.")).to_be_visible()

    sign_in(page, base, "uyvien1")
    page.goto(detail)
    expect(page.locator("#no-sheets")).to_be_visible()
    expect(page.get_by_role("cell", name="chutich")).to_have_count(0)
    page.get_by_role("link", name="Chấm điểm").click()
    tick(page, answers_at(sheet, quality=qualities["uyvien1"]))
    page.get_by_role("button", name="Nộp phiếu chấm").click()
    expect(page.get_by_role("cell", name=re.compile("chutich"))).to_be_visible()

    sign_in(page, base, "uyvien2")
    page.goto(f"{base}/dossiers/{dossier.pk}/score/")
    tick(page, answers_at(sheet, quality=qualities["uyvien2"]))
    page.get_by_role("button", name="Nộp phiếu chấm").click()

    # The chair sees the mean and the star, and recommends.
    sign_in(page, base, "chutich")
    page.goto(detail)
    dossier.refresh_from_db()
    result = dossier.result
    expect(page.locator("#council-result [data-total]")).to_have_text(
        f"{result.total:.2f}".replace(".", ",")
    )
    expect(page.locator("#council-result [data-star]")).to_have_text(f"{result.star}★")
    page.get_by_role("button", name="Chốt kết quả, đề nghị công nhận").click()
    expect(page.locator("#dossier-state")).to_have_text("Hội đồng đã đề nghị")

    # The province issues the decision.
    sign_in(page, base, "tinh")
    page.goto(f"{base}/rounds/{dossier.round_id}/")
    page.get_by_label("Số quyết định").fill("1520/QĐ-UBND")
    page.get_by_label("Ngày ký").fill("2026-12-20")
    page.get_by_label("Người ký").fill("Chủ tịch UBND tỉnh")
    page.get_by_label("Cơ quan ban hành").fill("UBND tỉnh Ninh Bình")
    page.get_by_label(re.compile("Mật ong bạc hà Cúc Phương")).check()
    page.get_by_role("button", name="Ban hành quyết định").click()
    expect(page.get_by_text("Đã ban hành quyết định 1520/QĐ-UBND.")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "council-decision.png"), full_page=True)

    dossier.refresh_from_db()
    assert dossier.state == DossierState.RECOGNISED
    assert dossier.decision_item.star == result.star
