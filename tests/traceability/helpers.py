"""Builders for traceability tests: a producer with a GS1 prefix, trade items and lots."""

from ocop.traceability import gs1
from ocop.traceability.models import CompanyPrefix, Location, Lot, TradeItem
from tests.factories import make_producer, make_product

EXAMPLES = "/work/shared/reference/epcis-2.0/examples"


def gtin_for(prefix: str, item: int) -> str:
    """A valid GTIN-13 in ``prefix`` (GS1 Vietnam 893…)."""
    body = f"{prefix}{item:0{12 - len(prefix)}d}"
    return body + str(gs1.check_digit(body))


def make_chain(*, commune: str, prefix: str = "8931234", name: str | None = None) -> dict:
    producer = make_producer(commune=commune, name=name)
    product = make_product(producer=producer, name=f"Mật ong {prefix}")
    CompanyPrefix.objects.create(producer=producer, prefix=prefix)
    raw = TradeItem.objects.create(product=product, gtin=gtin_for(prefix, 1).zfill(14))
    jar = TradeItem.objects.create(product=product, gtin=gtin_for(prefix, 2).zfill(14))
    farm = Location.objects.create(
        producer=producer, code=f"NB-{prefix}-FARM", kind="farm", name="Vùng nuôi ong"
    )
    return {
        "producer": producer,
        "product": product,
        "raw": raw,
        "jar": jar,
        "farm": farm,
        "raw_lot": Lot.objects.create(trade_item=raw, number="R01", quantity=100),
        "jar_lot": Lot.objects.create(trade_item=jar, number="J01", quantity=200),
    }


def document(*events: dict, context=None) -> dict:
    return {
        "@context": context or ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-11-30T08:00:00.000+07:00",
        "epcisBody": {"eventList": list(events)},
    }


def object_event(lot: Lot, *, event_id: str = "", step: str = "packing", **extra) -> dict:
    event = {
        "type": "ObjectEvent",
        "eventTime": "2026-11-20T08:00:00.000+07:00",
        "eventTimeZoneOffset": "+07:00",
        "action": "OBSERVE",
        "bizStep": step,
        "quantityList": [
            {
                "epcClass": gs1.class_uri(gtin=lot.trade_item.gtin, lot=lot.number),
                "quantity": 10,
                "uom": "KGM",
            }
        ],
    }
    if event_id:
        event["eventID"] = event_id
    event.update(extra)
    return event
