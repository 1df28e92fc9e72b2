"""Demo traceability data for Ninh Bình: GS1 prefixes, trade items, lots, locations with
GPS, and one chain of EPCIS events (harvest → processing → packing → lab test → shipping →
receiving → retail sale). Everything goes through the domain functions; a second run adds
nothing (events have fixed ids, other records are looked up first)."""

import uuid
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ocop.certification.models import Certificate
from ocop.registry.models import Product
from ocop.traceability import domain, epcis, gs1
from ocop.traceability.enums import BizStep, LocationKind
from ocop.traceability.models import CompanyPrefix, Event, Location, Lot, TradeItem

PRODUCTS = 12
# GS1 Vietnam prefixes are 893 + 4–6 digits; the demo uses 8938xxx, one per producer.
PREFIX_BASE = 8938000
_EVENT_NS = uuid.UUID("5b0f3f5e-2f44-4d0a-9b8e-6d1f3c0a7e21")
# Real places around Ninh Bình (Hoa Lư, Tam Cốc, Kim Sơn, the city centre).
PLACES = [
    ("farm", "Vùng nguyên liệu", Decimal("20.253600"), Decimal("105.912300")),
    ("factory", "Xưởng chế biến", Decimal("20.258900"), Decimal("105.974500")),
    ("warehouse", "Kho thành phẩm", Decimal("20.250100"), Decimal("105.975200")),
    ("shop", "Điểm bán OCOP Tràng An", Decimal("20.256800"), Decimal("105.905500")),
]


def _gtin(prefix: str, item: int) -> str:
    body = f"{prefix}{item:0{12 - len(prefix)}d}"
    return (body + str(gs1.check_digit(body))).zfill(14)


def _event_id(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_EVENT_NS, name)}"


def _demo_products() -> list[Product]:
    """Certified products first (their stamps will need GTINs), then others, a dozen."""
    certified = list(
        Product.objects.filter(pk__in=Certificate.objects.values("product_id"))
        .select_related("producer__commune")
        .order_by("id")
    )
    others = list(
        Product.objects.filter(commune__province_id="37", status="registered")
        .exclude(pk__in=[p.pk for p in certified])
        .select_related("producer__commune")
        .order_by("id")[: max(0, PRODUCTS - len(certified))]
    )
    return (certified + others)[:PRODUCTS]


def _locations(producer: object, prefix: str) -> dict[str, Location]:
    found = {}
    for kind, name, lat, lon in PLACES:
        code = f"NB-{prefix}-{kind.upper()}"
        location = Location.objects.filter(code=code).first() or domain.register_location(
            actor=None,
            producer=producer,  # type: ignore[arg-type]
            fields={
                "code": code,
                "kind": LocationKind(kind),
                "name": f"{name} — {producer}",
                "address_text": "Tỉnh Ninh Bình",
                "latitude": lat,
                "longitude": lon,
            },
        )
        found[kind] = location
    return found


def _capture(event: dict[str, object], *, producer: object) -> None:
    if Event.objects.filter(event_id=event["eventID"]).exists():
        return
    report = domain.capture_document(
        document={
            "@context": [epcis.EPCIS_CONTEXT, {"ocop": epcis.OCOP_NAMESPACE}],
            "type": "EPCISDocument",
            "schemaVersion": epcis.SCHEMA_VERSION,
            "creationDate": epcis.iso(timezone.now()),
            "epcisBody": {"eventList": [event]},
        },
        actor=None,
        producer=producer,  # type: ignore[arg-type]
    )
    if report.rejected:
        raise ValueError(report.rejected[0].message)


def _chain(*, producer: object, raw: Lot, jar: Lot, places: dict[str, Location]) -> None:
    """The honey chain of one producer's lots, a day apart, ending a week ago."""
    start = timezone.make_aware(
        datetime.combine(timezone.localdate() - timedelta(days=14), time(7, 30))
    )

    def base(n: int, step: BizStep, where: str) -> dict[str, object]:
        at = start + timedelta(days=n)
        return {
            "eventID": _event_id(f"{raw.pk}-{n}-{step.value}"),
            "eventTime": epcis.iso(at),
            "eventTimeZoneOffset": epcis.offset_of(at),
            "bizStep": epcis.compact_vocab(step.value),
            "readPoint": {"id": domain.location_uri(places[where])},
            "bizLocation": {"id": domain.location_uri(places[where])},
        }

    raw_class = gs1.class_uri(gtin=raw.trade_item.gtin, lot=raw.number)
    jar_class = gs1.class_uri(gtin=jar.trade_item.gtin, lot=jar.number)
    events: list[dict[str, object]] = [
        {
            "type": "ObjectEvent",
            "action": "ADD",
            **base(0, BizStep.HARVESTING, "farm"),
            "disposition": "active",
            "quantityList": [{"epcClass": raw_class, "quantity": 120, "uom": "KGM"}],
        },
        {
            "type": "TransformationEvent",
            **base(1, BizStep.COMMISSIONING, "factory"),
            "disposition": "in_progress",
            "inputQuantityList": [{"epcClass": raw_class, "quantity": 120, "uom": "KGM"}],
            "outputQuantityList": [{"epcClass": jar_class, "quantity": 200, "uom": "H87"}],
        },
        {
            "type": "ObjectEvent",
            "action": "OBSERVE",
            **base(2, BizStep.PACKING, "factory"),
            "disposition": "in_progress",
            "quantityList": [{"epcClass": jar_class, "quantity": 200, "uom": "H87"}],
        },
        {
            "type": "ObjectEvent",
            "action": "OBSERVE",
            **base(3, BizStep.INSPECTING, "factory"),
            "disposition": "conformant",
            "quantityList": [{"epcClass": jar_class, "quantity": 2, "uom": "H87"}],
            "sensorElementList": [
                {
                    "sensorMetadata": {
                        "time": epcis.iso(start + timedelta(days=3)),
                        "ocop:lab": "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng Ninh Bình",
                    },
                    "sensorReport": [
                        {
                            "type": "Dimensionless",
                            "value": 18.2,
                            "uom": "P1",
                            "ocop:indicator": "Hàm lượng nước",
                            "ocop:passed": True,
                        },
                        {
                            "type": "MassConcentration",
                            "value": 12.5,
                            "uom": "NA",
                            "ocop:indicator": "HMF (mg/kg)",
                            "ocop:passed": True,
                        },
                    ],
                }
            ],
        },
        {
            "type": "ObjectEvent",
            "action": "OBSERVE",
            **base(4, BizStep.SHIPPING, "warehouse"),
            "disposition": "in_transit",
            "quantityList": [{"epcClass": jar_class, "quantity": 150, "uom": "H87"}],
        },
        {
            "type": "ObjectEvent",
            "action": "OBSERVE",
            **base(5, BizStep.RECEIVING, "shop"),
            "disposition": "sellable_accessible",
            "quantityList": [{"epcClass": jar_class, "quantity": 150, "uom": "H87"}],
        },
        {
            "type": "ObjectEvent",
            "action": "OBSERVE",
            **base(7, BizStep.RETAIL_SELLING, "shop"),
            "disposition": "retail_sold",
            "quantityList": [{"epcClass": jar_class, "quantity": 40, "uom": "H87"}],
        },
    ]
    for event in events:
        _capture(event, producer=producer)


@transaction.atomic
def load_traceability_demo() -> int:
    """Load (or find) the demo traceability data; returns the number of demo events."""
    today = timezone.localdate()
    producers_done: dict[int, str] = {}
    for index, product in enumerate(_demo_products()):
        producer = product.producer
        if producer.pk not in producers_done:
            existing = CompanyPrefix.objects.filter(producer=producer).first()
            prefix = (
                existing.prefix
                if existing
                else domain.register_company_prefix(
                    actor=None, producer=producer, prefix=str(PREFIX_BASE + len(producers_done))
                ).prefix
            )
            producers_done[producer.pk] = prefix
        prefix = producers_done[producer.pk]
        places = _locations(producer, prefix)
        item_no = 10 * (index + 1)
        lots = []
        for offset, (variant, number) in enumerate([("Nguyên liệu", "NL"), ("Thành phẩm", "TP")]):
            gtin = _gtin(prefix, item_no + offset)
            trade_item = TradeItem.objects.filter(gtin=gtin).first() or domain.register_trade_item(
                actor=None,
                product=product,
                fields={"gtin": gtin, "variant": f"{variant} — {product.packaging}"[:200]},
            )
            lot_number = f"{number}{today.year % 100:02d}-{index + 1:03d}"
            lot = Lot.objects.filter(trade_item=trade_item, number=lot_number).first()
            lots.append(
                lot
                or domain.register_lot(
                    actor=None,
                    trade_item=trade_item,
                    fields={
                        "number": lot_number,
                        "produced_on": today - timedelta(days=13),
                        "expires_on": today + timedelta(days=700),
                        "quantity": 120 if number == "NL" else 200,
                        "raw_material_origin": "Vùng nuôi ong Hoa Lư, Ninh Bình",
                        "location": places["farm" if number == "NL" else "factory"],
                    },
                )
            )
        _chain(producer=producer, raw=lots[0], jar=lots[1], places=places)
    return Event.objects.filter(producer__commune__province_id="37").count()
