"""Potential 5★ dossiers go to the centre (MAE); the minister recognises 5★, or the
province recognises 3★/4★ from the central result (Art. 7.4g)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from ocop.evaluation import domain
from ocop.evaluation.enums import DossierState, Level
from ocop.evaluation.models import Dossier
from ocop.registry.enums import ProductStatus
from tests.evaluation.helpers import answers_at
from tests.factories import make_user


def score_all(dossier, users, quality):
    sheet = dossier.revision.form().sheet
    for user in users:
        domain.save_scoresheet(
            actor=user, dossier=dossier, answers=answers_at(sheet, quality=quality)
        )
        domain.submit_scoresheet(actor=user, dossier=dossier)


@pytest.fixture
def at_centre(accepted, council_users):
    score_all(accepted, council_users, 1.0)
    domain.recommend(actor=council_users[0], dossier=accepted)
    accepted.refresh_from_db()
    mae = make_user("bo", role="mae_officer")
    experts = [make_user(f"tw{i}", role="council_member") for i in range(1, 4)]
    centre = Dossier.objects.get(parent=accepted)
    round_ = domain.open_round(actor=mae, level=Level.CENTRE, year=2027, number=1)
    domain.check_at_province(actor=mae, dossier=centre, complete=True, round_=round_)
    domain.set_up_council(
        actor=mae,
        round_=round_,
        name="Hội đồng OCOP cấp trung ương",
        chair=experts[0],
        members=[(experts[1], "Bộ Công Thương"), (experts[2], "Bộ Y tế")],
    )
    centre.refresh_from_db()
    return {"province": accepted, "centre": centre, "mae": mae, "experts": experts, "round": round_}


@pytest.mark.django_db
def test_forwarding_creates_the_centre_dossier(at_centre):
    province, centre = at_centre["province"], at_centre["centre"]
    assert province.state == DossierState.FORWARDED
    assert (centre.level, centre.state, centre.round) == (
        Level.CENTRE,
        DossierState.ACCEPTED,
        at_centre["round"],
    )
    assert (centre.product, centre.code, centre.self_answers) == (
        province.product,
        province.code,
        province.self_answers,
    )


@pytest.mark.django_db
def test_provincial_officer_cannot_take_the_centres_steps(
    accepted, council_users, province_officer
):
    score_all(accepted, council_users, 1.0)
    domain.recommend(actor=council_users[0], dossier=accepted)
    centre = Dossier.objects.get(parent=accepted)
    with pytest.raises(PermissionDenied):
        domain.open_round(actor=province_officer, level=Level.CENTRE, year=2027, number=1)
    mae = make_user("bo", role="mae_officer")
    round_ = domain.open_round(actor=mae, level=Level.CENTRE, year=2027, number=1)
    with pytest.raises(PermissionDenied):
        domain.check_at_province(
            actor=province_officer, dossier=centre, complete=True, round_=round_
        )
    centre.refresh_from_db()
    assert centre.state == DossierState.PROPOSED


@pytest.mark.django_db
def test_minister_recognises_five_stars(at_centre):
    centre, experts = at_centre["centre"], at_centre["experts"]
    score_all(centre, experts, 1.0)
    result = domain.recommend(actor=experts[0], dossier=centre)
    assert (result.star, result.potential_5_star) == (5, False)
    decision = domain.decide_recognition(
        actor=at_centre["mae"],
        round_=at_centre["round"],
        number="100/QĐ-BNNMT",
        decided_on=date(2027, 3, 20),
        signer="Bộ trưởng",
        authority="Bộ Nông nghiệp và Môi trường",
        dossiers=[centre],
    )
    assert [(i.product, i.star) for i in decision.items.all()] == [(centre.product, 5)]
    centre.product.refresh_from_db()
    assert centre.product.status == ProductStatus.CERTIFIED


@pytest.mark.django_db
def test_below_ninety_at_the_centre_the_province_recognises_from_the_central_result(
    at_centre, province_officer
):
    centre, experts = at_centre["centre"], at_centre["experts"]
    score_all(centre, experts, 0.8)
    central = domain.recommend(actor=experts[0], dossier=centre)
    assert central.star in (3, 4)
    domain.decide_recognition(
        actor=at_centre["mae"],
        round_=at_centre["round"],
        number="101/QĐ-BNNMT",
        decided_on=date(2027, 3, 20),
        signer="Bộ trưởng",
        authority="Bộ Nông nghiệp và Môi trường",
        dossiers=[centre],
    )
    centre.refresh_from_db()
    assert centre.state == DossierState.NOT_RECOGNISED
    province = at_centre["province"]
    decision = domain.decide_recognition(
        actor=province_officer,
        round_=province.round,
        number="55/QĐ-UBND",
        decided_on=date(2027, 4, 1),
        signer="Chủ tịch UBND tỉnh",
        authority="UBND tỉnh Ninh Bình",
        dossiers=[province],
    )
    item = decision.items.get()
    assert (item.star, item.total) == (central.star, central.total)
    province.refresh_from_db()
    assert province.state == DossierState.RECOGNISED
