"""Capture, recording and registering through the domain functions."""

import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ocop.core.models import AppendOnlyError, AuditEntry
from ocop.traceability import domain, epcis, gs1
from ocop.traceability.enums import BizStep, Disposition
from ocop.traceability.models import Event, EventItem, TradeItem
from ocop.traceability.queries import lot_history, lot_inputs, lot_outputs
from tests.conftest import HOME_COMMUNE, OTHER_PROVINCE_COMMUNE
from tests.factories import make_user
from tests.traceability.helpers import EXAMPLES, document, make_chain, object_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    return make_chain(commune=HOME_COMMUNE)


def test_capture_good_and_bad_events(chain, province_officer):
    bad = object_event(chain["jar_lot"], event_id="urn:uuid:bad")
    del bad["action"]
    doc = document(
        object_event(chain["jar_lot"], event_id="urn:uuid:good-1"),
        bad,
        {"type": "AssociationEvent"},
        object_event(chain["raw_lot"], event_id="urn:uuid:good-2", step="inspecting"),
    )
    report = domain.capture_document(
        document=doc, actor=province_officer, producer=chain["producer"]
    )
    assert (report.accepted_count, report.rejected_count) == (2, 2)
    assert [(r.index, r.code) for r in report.rejected] == [
        (1, "schema_invalid"),
        (2, "unsupported_event_type"),
    ]
    assert report.rejected[0].message == (
        "Sự kiện không đúng lược đồ EPCIS 2.0 ('action' is a required property)."
    )
    assert sorted(Event.objects.values_list("event_id", flat=True)) == [
        "urn:uuid:good-1",
        "urn:uuid:good-2",
    ]
    good = Event.objects.get(event_id="urn:uuid:good-1")
    assert good.biz_step == BizStep.PACKING.value
    assert good.producer == chain["producer"]
    assert good.recorded_by == province_officer
    assert list(good.items.values_list("lot", "trade_item", "quantity", "uom")) == [
        (chain["jar_lot"].pk, chain["jar"].pk, Decimal("10.000"), "KGM")
    ]
    assert good.document["eventID"] == "urn:uuid:good-1"
    assert "recordTime" in good.document
    assert AuditEntry.objects.filter(action="ocop.trace_event.captured").count() == 2
    assert AuditEntry.objects.get(action="ocop.epcis.document_captured").data == {
        "accepted": 2,
        "rejected": 2,
    }


def test_rejected_event_leaves_nothing_behind(chain):
    # The event passes the schema but names a GTIN with a wrong check digit: no event
    # row, no item row, no audit entry.
    wrong = object_event(chain["jar_lot"], event_id="urn:uuid:wrong")
    wrong["quantityList"] = [
        {"epcClass": "https://id.gs1.org/01/08931234000020/10/J01", "quantity": 1}
    ]
    report = domain.capture_document(
        document=document(wrong), actor=None, producer=chain["producer"]
    )
    assert [(r.code, r.event_id) for r in report.rejected] == [("bad_identifier", "urn:uuid:wrong")]
    assert Event.objects.count() == 0
    assert EventItem.objects.count() == 0
    assert AuditEntry.objects.filter(action="ocop.trace_event.captured").count() == 0


def test_duplicates_future_and_foreign_items_rejected(chain):
    other = make_chain(commune=OTHER_PROVINCE_COMMUNE, prefix="8939999")
    future = (timezone.localtime() + timedelta(days=3)).isoformat()
    doc = document(
        object_event(chain["jar_lot"], event_id="urn:uuid:1"),
        object_event(chain["jar_lot"], event_id="urn:uuid:1"),
        object_event(chain["jar_lot"], event_id="urn:uuid:2", eventTime=future),
        object_event(other["jar_lot"], event_id="urn:uuid:3"),
    )
    report = domain.capture_document(document=doc, actor=None, producer=chain["producer"])
    assert [r.code for r in report.rejected] == [
        "duplicate_event",
        "event_in_future",
        "foreign_trade_item",
    ]
    again = domain.capture_document(
        document=document(object_event(chain["jar_lot"], event_id="urn:uuid:1")),
        actor=None,
        producer=chain["producer"],
    )
    assert [r.code for r in again.rejected] == ["duplicate_event"]
    assert Event.objects.count() == 1


def test_event_without_id_gets_a_stable_one(chain):
    doc = document(object_event(chain["jar_lot"]))
    first = domain.capture_document(document=doc, actor=None, producer=chain["producer"])
    assert first.accepted[0].event_id.startswith("urn:uuid:")
    second = domain.capture_document(document=doc, actor=None, producer=chain["producer"])
    assert [r.code for r in second.rejected] == ["duplicate_event"]


def test_bad_document_saves_nothing(chain):
    doc = document(object_event(chain["jar_lot"], event_id="urn:uuid:1"))
    del doc["creationDate"]
    report = domain.capture_document(document=doc, actor=None, producer=chain["producer"])
    assert report.accepted_count == 0
    assert [(r.index, r.code) for r in report.rejected] == [(None, "bad_document")]
    assert Event.objects.count() == 0


def test_official_examples_captured(chain):
    examples = {p.stem: json.loads(p.read_text()) for p in Path(EXAMPLES).glob("*.json")}
    report = domain.capture_document(
        document=document(*examples.values()), actor=None, producer=chain["producer"]
    )
    assert sorted(e.event_type for e in report.accepted) == [
        "AggregationEvent",
        "ObjectEvent",
        "TransformationEvent",
    ]
    assert [r.code for r in report.rejected] == ["unsupported_event_type"]
    aggregation = Event.objects.get(event_type="AggregationEvent")
    assert aggregation.parent_id == "urn:epc:id:sscc:0614141.1234567890"
    assert aggregation.items.filter(role="child").count() == 4
    # An event's own @context (with the "example" prefix) is kept as written.
    assert aggregation.document["@context"][1] == {"example": "https://example.org/epcis"}


def test_capture_needs_rights(chain, other_province_officer):
    with pytest.raises(PermissionDenied):
        domain.capture_document(
            document=document(object_event(chain["jar_lot"], event_id="urn:uuid:1")),
            actor=other_province_officer,
            producer=chain["producer"],
        )
    assert Event.objects.count() == 0


def test_producer_account_captures_for_itself(chain):
    user = make_user("chuthe", role="producer", producer=chain["producer"])
    report = domain.capture_document(
        document=document(object_event(chain["jar_lot"], event_id="urn:uuid:1")), actor=user
    )
    assert report.accepted[0].producer == chain["producer"]
    with pytest.raises(ValidationError):
        domain.capture_document(document=document(), actor=make_user("nobody"))


def test_record_object_event_with_lab_result(chain, commune_officer):
    event = domain.record_object_event(
        actor=commune_officer,
        producer=chain["producer"],
        biz_step=BizStep.INSPECTING,
        disposition=Disposition.CONFORMANT.value,
        lots=[(chain["jar_lot"], Decimal("2"), "H87")],
        event_time=timezone.now() - timedelta(hours=1),
        read_point=chain["farm"],
        biz_location=chain["farm"],
        lab_results=[
            domain.LabResult(
                indicator="Hàm lượng nước", value=Decimal("18.5"), uom="P1", passed=True
            )
        ],
    )
    assert event.has_quality_data is True
    assert event.read_point == chain["farm"]
    assert event.document["bizStep"] == "inspecting"
    assert event.document["readPoint"] == {"id": "urn:ocop:vn:loc:NB-8931234-FARM"}
    report = event.document["sensorElementList"][0]["sensorReport"][0]
    assert report == {
        "type": "Dimensionless",
        "value": 18.5,
        "ocop:indicator": "Hàm lượng nước",
        "uom": "P1",
        "ocop:passed": True,
    }
    exported = epcis.export_document(events=[event])
    assert epcis.check_document(exported) is None


def test_events_are_append_only(chain):
    event = domain.record_object_event(
        actor=None,
        producer=chain["producer"],
        biz_step=BizStep.PACKING,
        disposition="",
        lots=[(chain["jar_lot"], None, "")],
        event_time=timezone.now(),
    )
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.update(biz_step="x")


def test_export_of_captured_chain_validates_and_traces(chain):
    raw_class = gs1.class_uri(gtin=chain["raw"].gtin, lot="R01")
    jar_class = gs1.class_uri(gtin=chain["jar"].gtin, lot="J01")
    transformation = {
        "type": "TransformationEvent",
        "eventID": "urn:uuid:t1",
        "eventTime": "2026-11-21T08:00:00+07:00",
        "eventTimeZoneOffset": "+07:00",
        "bizStep": "commissioning",
        "inputQuantityList": [{"epcClass": raw_class, "quantity": 100, "uom": "KGM"}],
        "outputQuantityList": [{"epcClass": jar_class, "quantity": 200}],
    }
    harvest = object_event(
        chain["raw_lot"], event_id="urn:uuid:h1", step="urn:ocop:vn:bizstep:harvesting"
    )
    harvest["eventTime"] = "2026-11-19T08:00:00+07:00"
    report = domain.capture_document(
        document=document(harvest, transformation), actor=None, producer=chain["producer"]
    )
    assert report.rejected == []
    assert list(lot_inputs(chain["jar_lot"])) == [chain["raw_lot"]]
    assert list(lot_outputs(chain["raw_lot"])) == [chain["jar_lot"]]
    assert [e.event_id for e in lot_history(chain["raw_lot"])] == ["urn:uuid:h1", "urn:uuid:t1"]
    exported = epcis.export_document(events=Event.objects.order_by("event_time"))
    assert epcis.check_document(exported) is None
    assert [e["eventID"] for e in exported["epcisBody"]["eventList"]] == [
        "urn:uuid:h1",
        "urn:uuid:t1",
    ]


def test_register_trade_item_normalises_and_checks_prefix(chain, province_officer):
    item = domain.register_trade_item(
        actor=province_officer,
        product=chain["product"],
        fields={"gtin": "8931234000035", "variant": "Hũ 250 g"},
    )
    assert item.gtin == "08931234000035"
    with pytest.raises(ValidationError) as bad:
        domain.register_trade_item(
            actor=province_officer, product=chain["product"], fields={"gtin": "8931234000036"}
        )
    assert bad.value.message_dict == {"gtin": ["GTIN không hợp lệ (sai độ dài hoặc số kiểm tra)."]}
    with pytest.raises(ValidationError) as foreign:
        domain.register_trade_item(
            actor=province_officer, product=chain["product"], fields={"gtin": "8934588012228"}
        )
    assert list(foreign.value.message_dict) == ["gtin"]
    assert TradeItem.objects.filter(product=chain["product"]).count() == 3
