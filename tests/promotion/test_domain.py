"""Stock consent, fairs, inquiry transitions and who sees which inquiry."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ocop.core.audit import MASK
from ocop.core.models import AuditEntry
from ocop.geo.models import Province
from ocop.promotion import domain
from ocop.promotion.enums import ConsentKind, InquiryStatus, SalesPointStatus
from ocop.promotion.models import Inquiry, InquiryMessage, Stock
from ocop.promotion.queries import (
    contract_revenue,
    fairs_for_user,
    inquiries_for_user,
    open_points_for_product,
    sales_points_for_user,
    stocked_products,
)
from tests.conftest import HOME_COMMUNE, HOME_PROVINCE, OTHER_COMMUNE_SAME_PROVINCE
from tests.factories import make_producer, make_product, make_user

from .conftest import new_inquiry

# -------------------------------------------------------------------------- stock


def test_stock_is_shown_only_after_the_producer_consents(point, product, producer_user):
    domain.set_sales_point_status(actor=None, point=point, status=SalesPointStatus.OPEN)
    stock = domain.add_stock(actor=None, point=point, product=product)
    assert list(stocked_products(point)) == []
    assert list(open_points_for_product(product)) == []
    domain.consent_to_stock(actor=producer_user, stock=stock)
    stock.refresh_from_db()
    assert stock.consent_kind == ConsentKind.ACCOUNT
    assert stock.consented_by == producer_user
    assert list(stocked_products(point)) == [product]
    assert list(open_points_for_product(product)) == [point]
    assert AuditEntry.objects.filter(action="ocop.stock.consented").count() == 1


def test_closed_point_is_not_where_to_buy(point, product):
    stock = domain.add_stock(actor=None, point=point, product=product)
    domain.record_paper_consent(actor=None, stock=stock, note="Công văn 12/HTX ngày 01/11/2026")
    assert list(open_points_for_product(product)) == []  # planned, not open


def test_only_the_producer_account_consents_for_the_producer(
    point, product, province_officer, other_producer_user
):
    stock = domain.add_stock(actor=province_officer, point=point, product=product)
    for actor in (province_officer, other_producer_user):
        with pytest.raises(PermissionDenied):
            domain.consent_to_stock(actor=actor, stock=stock)
    stock.refresh_from_db()
    assert stock.consented_at is None


def test_officer_records_paper_consent_with_a_note(point, product, province_officer):
    stock = domain.add_stock(actor=province_officer, point=point, product=product)
    with pytest.raises(ValidationError):
        domain.record_paper_consent(actor=province_officer, stock=stock, note="  ")
    domain.record_paper_consent(actor=province_officer, stock=stock, note="Văn bản số 5/HTX")
    stock.refresh_from_db()
    assert (stock.consent_kind, stock.consent_note) == (ConsentKind.PAPER, "Văn bản số 5/HTX")
    assert stock.consented_by == province_officer
    with pytest.raises(ValidationError):
        domain.record_paper_consent(actor=province_officer, stock=stock, note="lần hai")


def test_officer_of_another_province_cannot_manage_the_point(
    point, product, other_province_officer
):
    with pytest.raises(PermissionDenied):
        domain.add_stock(actor=other_province_officer, point=point, product=product)
    assert Stock.objects.count() == 0


def test_producer_withdraws_its_product(point, product, producer_user):
    stock = domain.add_stock(actor=None, point=point, product=product)
    domain.remove_stock(actor=producer_user, stock=stock, reason="Hết hợp tác")
    assert Stock.objects.count() == 0
    entry = AuditEntry.objects.get(action="ocop.stock.removed")
    assert entry.reason == "Hết hợp tác"


def test_producer_sees_points_carrying_its_products(point, product, producer_user):
    assert list(sales_points_for_user(producer_user)) == []
    domain.add_stock(actor=None, point=point, product=product)
    assert list(sales_points_for_user(producer_user)) == [point]


# -------------------------------------------------------------------------- fairs


def test_fair_participants_include_the_producers_of_products(product, province_officer):
    fair = domain.create_fair(
        actor=province_officer,
        fields={
            "name": "Hội chợ OCOP Ninh Bình 2026",
            "starts_on": date(2026, 10, 1),
            "ends_on": date(2026, 10, 5),
            "place": "Quảng trường",
            "province": Province.objects.get(code=HOME_PROVINCE),
        },
        products=[product],
    )
    assert list(fair.producers.all()) == [product.producer]
    domain.record_fair_results(
        actor=province_officer, fair=fair, contracts_count=12, revenue_vnd=1_500_000_000
    )
    fair.refresh_from_db()
    assert (fair.contracts_count, fair.revenue_vnd) == (12, 1_500_000_000)
    actions = AuditEntry.objects.for_object(fair).order_by("id").values_list("action", flat=True)
    assert list(actions) == [
        "ocop.fair.created",
        "ocop.fair.participants_set",
        "ocop.fair.results_recorded",
    ]


def test_fair_of_another_province_is_refused_and_hidden(product, province_officer):
    fields = {
        "name": "Hội chợ Hà Nội",
        "starts_on": date(2026, 10, 1),
        "ends_on": date(2026, 10, 5),
        "place": "Giảng Võ",
        "province": Province.objects.get(code="01"),
    }
    with pytest.raises(PermissionDenied):
        domain.create_fair(actor=province_officer, fields=fields)
    domain.create_fair(actor=None, fields=fields)
    assert list(fairs_for_user(province_officer)) == []


# ---------------------------------------------------------------------- inquiries


def test_submit_inquiry_routes_to_the_producer_and_masks_contacts(inquiry, product):
    assert inquiry.producer == product.producer
    assert inquiry.status == InquiryStatus.NEW
    assert len(inquiry.token) == 32
    entry = AuditEntry.objects.get(action="ocop.inquiry.submitted")
    assert entry.changes["contact_email"] == MASK
    assert "minh@sieuthi.example.vn" not in str(entry.changes)
    assert "Trần Văn Minh" not in str(entry.changes)
    assert inquiry.token not in str(entry.changes)


def test_submit_inquiry_needs_a_contact(product):
    with pytest.raises(ValidationError):
        new_inquiry(product, contact_email="", contact_phone="")
    assert Inquiry.objects.count() == 0


def test_inquiry_by_token(inquiry):
    assert domain.inquiry_by_token(inquiry.token) == inquiry
    assert domain.inquiry_by_token("x" * 32) is None
    assert domain.inquiry_by_token("short") is None


def test_inquiry_walks_the_whole_way(inquiry, producer_user):
    domain.buyer_reply(inquiry=inquiry, text="Cho hỏi thêm về giá sỉ.")
    domain.answer_inquiry(actor=producer_user, inquiry=inquiry, text="Giá sỉ 150.000 đ/lọ.")
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.ANSWERED
    domain.answer_inquiry(actor=producer_user, inquiry=inquiry, text="Có thể giao tháng 1.")
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.ANSWERED
    domain.start_negotiation(actor=producer_user, inquiry=inquiry)
    signed = timezone.localdate() - timedelta(days=1)
    domain.report_contract(
        actor=producer_user, inquiry=inquiry, value_vnd=75_000_000, signed_on=signed
    )
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.contract_value_vnd, inquiry.contract_date) == (
        InquiryStatus.CONTRACT,
        75_000_000,
        signed,
    )
    domain.close_inquiry(actor=producer_user, inquiry=inquiry, reason="Đã giao hàng")
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.CLOSED
    assert contract_revenue(Inquiry.objects.all()) == 75_000_000
    assert [m.from_buyer for m in inquiry.messages.all()] == [True, False, False]
    actions = list(
        AuditEntry.objects.for_object(inquiry).order_by("id").values_list("action", flat=True)
    )
    assert actions == [
        "ocop.inquiry.submitted",
        "ocop.inquiry.answered",
        "ocop.inquiry.negotiation_started",
        "ocop.inquiry.contract_reported",
        "ocop.inquiry.closed",
    ]


@pytest.mark.parametrize(
    "step",
    ["negotiate", "contract"],
)
def test_invalid_transitions_from_new_are_refused(inquiry, producer_user, step):
    with pytest.raises(ValidationError) as err:
        if step == "negotiate":
            domain.start_negotiation(actor=producer_user, inquiry=inquiry)
        else:
            domain.report_contract(
                actor=producer_user,
                inquiry=inquiry,
                value_vnd=1_000_000,
                signed_on=timezone.localdate(),
            )
    assert "Không thể chuyển yêu cầu" in err.value.messages[0]
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.NEW


def test_closed_from_new_and_then_nothing_more(inquiry, producer_user):
    with pytest.raises(ValidationError):
        domain.close_inquiry(actor=producer_user, inquiry=inquiry, reason=" ")
    domain.close_inquiry(actor=producer_user, inquiry=inquiry, reason="Tin rác")
    with pytest.raises(ValidationError):
        domain.close_inquiry(actor=producer_user, inquiry=inquiry, reason="lần hai")
    with pytest.raises(ValidationError):
        domain.buyer_reply(inquiry=inquiry, text="Còn hàng không?")
    with pytest.raises(ValidationError):
        domain.answer_inquiry(actor=producer_user, inquiry=inquiry, text="Còn")
    assert InquiryMessage.objects.count() == 0


def test_contract_needs_a_positive_value(inquiry, producer_user):
    domain.answer_inquiry(actor=producer_user, inquiry=inquiry, text="Chào anh")
    domain.start_negotiation(actor=producer_user, inquiry=inquiry)
    with pytest.raises(ValidationError):
        domain.report_contract(
            actor=producer_user, inquiry=inquiry, value_vnd=0, signed_on=timezone.localdate()
        )
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.IN_NEGOTIATION


def test_routing_producer_sees_own_officers_their_area(
    inquiry,
    other_inquiry,
    producer_user,
    other_producer_user,
    province_officer,
    commune_officer,
    other_province_officer,
    sysadmin,
):
    assert list(inquiries_for_user(producer_user)) == [inquiry]
    assert list(inquiries_for_user(other_producer_user)) == [other_inquiry]
    assert list(inquiries_for_user(province_officer)) == [inquiry]
    assert list(inquiries_for_user(commune_officer)) == [inquiry]
    assert list(inquiries_for_user(other_province_officer)) == [other_inquiry]
    assert set(inquiries_for_user(sysadmin)) == {inquiry, other_inquiry}


def test_officer_of_another_commune_and_council_members_do_not_see_it(inquiry):
    other_commune = make_user("xakhac", role="commune_officer", commune=OTHER_COMMUNE_SAME_PROVINCE)
    council = make_user("hoidong", role="council_member", province=HOME_PROVINCE)
    assert list(inquiries_for_user(other_commune)) == []
    assert list(inquiries_for_user(council)) == []
    with pytest.raises(PermissionDenied):
        domain.answer_inquiry(actor=council, inquiry=inquiry, text="x")
    with pytest.raises(PermissionDenied):
        domain.close_inquiry(actor=other_commune, inquiry=inquiry, reason="x")
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.NEW
    assert InquiryMessage.objects.count() == 0


def test_inquiry_stays_with_the_producer_of_another_product(db, inquiry, producer_user):
    # A second product of another producer in the same commune: its inquiry is not ours.
    neighbour = make_product(producer=make_producer(commune=HOME_COMMUNE), name="Gạo")
    theirs = new_inquiry(neighbour)
    assert theirs.producer_id != inquiry.producer_id
    assert list(inquiries_for_user(producer_user)) == [inquiry]
    with pytest.raises(PermissionDenied):
        domain.answer_inquiry(actor=producer_user, inquiry=theirs, text="x")
