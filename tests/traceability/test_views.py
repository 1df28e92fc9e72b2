"""Back-office traceability pages: status codes, scoping (404 outside the area), forms."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ocop.traceability import domain, epcis
from ocop.traceability.enums import BizStep
from ocop.traceability.models import CompanyPrefix, Event, Location, Lot, TradeItem
from tests.conftest import HOME_COMMUNE, OTHER_PROVINCE_COMMUNE
from tests.factories import make_user
from tests.traceability.helpers import document, make_chain, object_event

pytestmark = pytest.mark.django_db

LISTS = [
    "backoffice:trace_prefix_list",
    "backoffice:trace_trade_item_list",
    "backoffice:trace_lot_list",
    "backoffice:trace_location_list",
    "backoffice:trace_event_list",
]
FORMS = [
    "backoffice:trace_prefix_create",
    "backoffice:trace_trade_item_create",
    "backoffice:trace_lot_create",
    "backoffice:trace_location_create",
    "backoffice:trace_event_record",
    "backoffice:trace_event_upload",
]


@pytest.fixture
def chains():
    home = make_chain(commune=HOME_COMMUNE, prefix="8931234", name="HTX Hoa Lư")
    far = make_chain(commune=OTHER_PROVINCE_COMMUNE, prefix="8935555", name="Công ty Ba Đình")
    for chain, event_id in ((home, "urn:uuid:home"), (far, "urn:uuid:far")):
        domain.capture_document(
            document=document(object_event(chain["jar_lot"], event_id=event_id)),
            actor=None,
            producer=chain["producer"],
        )
    return {"home": home, "far": far}


@pytest.mark.parametrize("name", LISTS + FORMS)
def test_pages_need_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", LISTS + FORMS)
def test_pages_open_for_province_officer(client, province_officer, chains, name):
    client.force_login(province_officer)
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", FORMS)
def test_forms_forbidden_without_write_rights(client, chains, name):
    client.force_login(make_user("hoidong", role="council_member", province="37"))
    assert client.get(reverse(name)).status_code == 403


def test_lists_show_only_the_area(client, province_officer, chains):
    client.force_login(province_officer)
    lots = client.get(reverse("backoffice:trace_lot_list")).content.decode()
    assert "J01" in lots
    assert "8935555" not in lots
    items = client.get(reverse("backoffice:trace_trade_item_list")).content.decode()
    assert chains["home"]["jar"].gtin in items
    assert chains["far"]["jar"].gtin not in items
    events = client.get(reverse("backoffice:trace_event_list"))
    assert [e.event_id for e in events.context["page"].object_list] == ["urn:uuid:home"]


def test_event_detail_scoped(client, province_officer, chains):
    client.force_login(province_officer)
    home = Event.objects.get(event_id="urn:uuid:home")
    far = Event.objects.get(event_id="urn:uuid:far")
    response = client.get(reverse("backoffice:trace_event_detail", args=[home.pk]))
    assert response.status_code == 200
    assert "urn:uuid:home" in response.content.decode()
    assert client.get(reverse("backoffice:trace_event_detail", args=[far.pk])).status_code == 404


def test_producer_account_sees_only_its_own(client, chains):
    user = make_user("chuthe", role="producer", producer=chains["far"]["producer"])
    client.force_login(user)
    events = client.get(reverse("backoffice:trace_event_list"))
    assert [e.event_id for e in events.context["page"].object_list] == ["urn:uuid:far"]
    home = Event.objects.get(event_id="urn:uuid:home")
    assert client.get(reverse("backoffice:trace_event_detail", args=[home.pk])).status_code == 404


def test_event_filters(client, province_officer, chains):
    home = chains["home"]
    domain.capture_document(
        document=document(object_event(home["raw_lot"], event_id="urn:uuid:raw", step="shipping")),
        actor=None,
        producer=home["producer"],
    )
    client.force_login(province_officer)
    url = reverse("backoffice:trace_event_list")

    def ids(**params):
        page = client.get(url, params).context["page"]
        return sorted(e.event_id for e in page.object_list)

    assert ids() == ["urn:uuid:home", "urn:uuid:raw"]
    assert ids(lot=home["raw_lot"].pk) == ["urn:uuid:raw"]
    assert ids(trade_item=home["jar"].pk) == ["urn:uuid:home"]
    assert ids(biz_step=BizStep.SHIPPING.value) == ["urn:uuid:raw"]
    assert ids(date_from="2026-11-21") == []
    assert ids(date_from="2026-11-20", date_to="2026-11-20") == ["urn:uuid:home", "urn:uuid:raw"]


def test_export_validates_and_is_scoped(client, province_officer, chains):
    client.force_login(province_officer)
    response = client.get(reverse("backoffice:trace_event_list"), {"export": "epcis"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    exported = json.loads(response.content)
    assert epcis.check_document(exported) is None
    assert [e["eventID"] for e in exported["epcisBody"]["eventList"]] == ["urn:uuid:home"]


def test_upload_reports_accepted_and_rejected(client, province_officer, chains):
    home = chains["home"]
    bad = object_event(home["jar_lot"], event_id="urn:uuid:bad")
    del bad["eventTimeZoneOffset"]
    doc = document(object_event(home["jar_lot"], event_id="urn:uuid:up"), bad)
    client.force_login(province_officer)
    response = client.post(
        reverse("backoffice:trace_event_upload"),
        {
            "producer": home["producer"].pk,
            "file": SimpleUploadedFile(
                "su-kien.jsonld", json.dumps(doc).encode(), "application/json"
            ),
        },
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.accepted_count, report.rejected_count) == (1, 1)
    assert report.rejected[0].code == "schema_invalid"
    page = response.content.decode()
    assert "Đã nhận 1 sự kiện, từ chối 1 sự kiện." in page
    assert "schema_invalid" in page
    assert Event.objects.filter(event_id="urn:uuid:up", producer=home["producer"]).exists()
    assert not Event.objects.filter(event_id="urn:uuid:bad").exists()


def test_upload_refuses_other_areas_producer_and_bad_json(client, province_officer, chains):
    client.force_login(province_officer)
    url = reverse("backoffice:trace_event_upload")
    doc = document(object_event(chains["far"]["jar_lot"], event_id="urn:uuid:x"))
    response = client.post(
        url,
        {
            "producer": chains["far"]["producer"].pk,
            "file": SimpleUploadedFile("a.json", json.dumps(doc).encode()),
        },
    )
    assert "producer" in response.context["form"].errors
    response = client.post(
        url,
        {"producer": chains["home"]["producer"].pk, "file": SimpleUploadedFile("a.json", b"{")},
    )
    assert response.context["form"].errors["file"] == ["Tệp không phải JSON hợp lệ (UTF-8)."]
    assert not Event.objects.filter(event_id="urn:uuid:x").exists()


def test_record_event_form(client, commune_officer, chains):
    home = chains["home"]
    client.force_login(commune_officer)
    when = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("backoffice:trace_event_record"),
        {
            "producer": home["producer"].pk,
            "biz_step": BizStep.INSPECTING.value,
            "disposition": "https://ref.gs1.org/cbv/Disp-conformant",
            "action": "OBSERVE",
            "lot": home["jar_lot"].pk,
            "quantity": "2",
            "uom": "H87",
            "event_time": when,
            "read_point": home["farm"].pk,
            "lab_indicator": "Hàm lượng nước",
            "lab_value": "18.2",
            "lab_uom": "p1",
            "lab_passed": "yes",
        },
    )
    event = Event.objects.get(biz_step=BizStep.INSPECTING.value)
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:trace_event_detail", args=[event.pk])
    assert event.recorded_by == commune_officer
    detail = client.get(response["Location"]).content.decode()
    assert "Hàm lượng nước" in detail
    assert "18,2 P1" in detail  # Vietnamese decimal comma


def test_record_event_refuses_another_producers_lot(client, sysadmin, chains):
    client.force_login(sysadmin)
    response = client.post(
        reverse("backoffice:trace_event_record"),
        {
            "producer": chains["home"]["producer"].pk,
            "biz_step": BizStep.PACKING.value,
            "action": "OBSERVE",
            "lot": chains["far"]["jar_lot"].pk,
            "event_time": "2026-11-20T08:00",
        },
    )
    assert response.context["form"].errors["lot"] == ["Lô hàng này không thuộc chủ thể đã chọn."]
    assert Event.objects.count() == 2


def test_create_pages(client, province_officer, chains):
    home = chains["home"]
    client.force_login(province_officer)
    response = client.post(
        reverse("backoffice:trace_trade_item_create"),
        {"product": home["product"].pk, "gtin": "8931234000035", "variant": "Hũ 250 g"},
    )
    assert response.status_code == 302
    assert TradeItem.objects.filter(gtin="08931234000035").exists()
    response = client.post(
        reverse("backoffice:trace_trade_item_create"),
        {"product": home["product"].pk, "gtin": "8931234000036"},
    )
    assert response.context["form"].errors["gtin"] == [
        "GTIN không hợp lệ (sai độ dài hoặc số kiểm tra)."
    ]
    response = client.post(
        reverse("backoffice:trace_lot_create"),
        {"trade_item": home["jar"].pk, "number": "J02", "quantity": "50"},
    )
    assert response.status_code == 302
    assert Lot.objects.filter(trade_item=home["jar"], number="J02").exists()
    response = client.post(
        reverse("backoffice:trace_location_create"),
        {
            "producer": home["producer"].pk,
            "code": "NB-KHO-2",
            "kind": "warehouse",
            "name": "Kho 2",
            "latitude": "20.25",
            "longitude": "105.97",
        },
    )
    assert response.status_code == 302
    assert Location.objects.get(code="NB-KHO-2").producer == home["producer"]
    response = client.post(
        reverse("backoffice:trace_prefix_create"),
        {"producer": chains["far"]["producer"].pk, "prefix": "8930001"},
    )
    assert "producer" in response.context["form"].errors
    assert not CompanyPrefix.objects.filter(prefix="8930001").exists()
