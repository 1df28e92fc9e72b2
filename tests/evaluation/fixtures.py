"""Fixtures of the evaluation workflow, shared by tests/evaluation and tests/backoffice."""

import pytest

from ocop.evaluation import domain
from ocop.evaluation.enums import DossierKind, Level
from tests.conftest import HOME_COMMUNE, HOME_PROVINCE
from tests.evaluation.helpers import answers_at
from tests.factories import make_producer, make_product, make_user


@pytest.fixture
def product(db):
    producer = make_producer(commune=HOME_COMMUNE, name="HTX Mật ong Hoa Lư")
    return make_product(producer=producer, name="Mật ong rừng Hoa Lư", set_number=4)


@pytest.fixture
def producer_user(product):
    return make_user("chuthe", role="producer", producer=product.producer)


@pytest.fixture
def council_users(db):
    return [make_user(f"hd{i}", role="council_member", province=HOME_PROVINCE) for i in range(1, 4)]


@pytest.fixture
def submitted(product, producer_user):
    dossier = domain.start_dossier(actor=producer_user, product=product, kind=DossierKind.FIRST)
    sheet = dossier.revision.form().sheet
    domain.save_dossier_draft(
        actor=producer_user,
        dossier=dossier,
        registration={"applicant": "Nguyễn Thị Lan", "phone": "0912000111"},
        self_answers=answers_at(sheet, quality=0.8),
    )
    domain.submit_dossier(actor=producer_user, dossier=dossier)
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def accepted(submitted, commune_officer, province_officer, council_users):
    domain.assess_at_commune(
        actor=commune_officer,
        dossier=submitted,
        fields={"complete": True, "origin": "Nguyên liệu tại địa phương", "conclusion": "Đạt"},
        propose=True,
    )
    round_ = domain.open_round(
        actor=province_officer,
        level=Level.PROVINCE,
        year=2026,
        number=2,
        province_code=HOME_PROVINCE,
    )
    domain.check_at_province(
        actor=province_officer, dossier=submitted, complete=True, round_=round_
    )
    domain.set_up_council(
        actor=province_officer,
        round_=round_,
        name="Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Ninh Bình",
        chair=council_users[0],
        members=[(council_users[1], "Sở Công Thương"), (council_users[2], "Sở Y tế")],
    )
    submitted.refresh_from_db()
    return submitted
