"""Writes to traceability: GS1 identifiers, lots, locations and EPCIS 2.0 events.

Every function is transactional and audited; an actor who may not edit the producer gets
``PermissionDenied`` before anything is written. ``actor=None`` is the system itself
(demo loader). Events are only ever added: a correction is a new event.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.scope import scope_for
from ocop.core.audit import log_action
from ocop.core.domain import create_audited
from ocop.registry.models import Producer, Product
from ocop.registry.rules import may_edit_producer

from . import epcis, gs1
from .enums import Action, BizStep, EventType
from .models import CompanyPrefix, Event, EventItem, Location, Lot, TradeItem

LOT_FIELDS = frozenset(
    {"number", "produced_on", "expires_on", "quantity", "raw_material_origin", "location"}
)
TRADE_ITEM_FIELDS = frozenset(
    {"gtin", "variant", "net_content", "shelf_life", "standards", "trademark"}
)
LOCATION_FIELDS = frozenset(
    {"code", "is_gln", "kind", "name", "address_text", "commune", "latitude", "longitude"}
)
# Local location codes (TCVN 13274) have no GS1 URI; events name them with this prefix.
LOCAL_LOCATION_PREFIX = f"{epcis.OCOP_NAMESPACE}loc:"
# Clocks in the field drift; an event a little ahead of ours is still accepted.
CLOCK_SKEW = timedelta(days=1)


def _ensure_may_edit(actor: Any, producer: Producer) -> None:
    if actor is not None and not may_edit_producer(actor, producer):
        raise PermissionDenied(
            _("Bạn không có quyền ghi dữ liệu truy xuất của %(name)s.") % {"name": producer}
        )


def _only(fields: Mapping[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    return dict(fields)


# ---- identifiers, lots, locations ---------------------------------------------------


@transaction.atomic
def register_company_prefix(*, actor: Any, producer: Producer, prefix: str) -> CompanyPrefix:
    """Record the GS1 company prefix GS1 Vietnam licensed to ``producer``."""
    _ensure_may_edit(actor, producer)
    obj = CompanyPrefix(producer=producer, prefix=prefix.strip())
    return create_audited(obj=obj, actor=actor, action="ocop.gs1_prefix.created")


def _check_gtin_prefix(producer: Producer, gtin14: str) -> None:
    """A GTIN-12/13/14 must start with one of the producer's prefixes, when it has any.

    GTIN-8 (``000000…``) are issued one by one, not from a prefix, so they are exempt.
    """
    prefixes = list(producer.gs1_prefixes.values_list("prefix", flat=True))
    if not prefixes or gtin14.startswith("000000"):
        return
    if not any(gtin14[1:].startswith(p) or gtin14[2:].startswith(p) for p in prefixes):
        raise ValidationError(
            {
                "gtin": _("GTIN không bắt đầu bằng mã doanh nghiệp GS1 nào của chủ thể (%(p)s).")
                % {"p": ", ".join(prefixes)}
            },
            code="gtin_not_in_prefix",
        )


@transaction.atomic
def register_trade_item(*, actor: Any, product: Product, fields: Mapping[str, Any]) -> TradeItem:
    """Give a product variant its GTIN, stored as GTIN-14 (GTIN-8/12/13 are padded)."""
    values = _only(fields, TRADE_ITEM_FIELDS)
    _ensure_may_edit(actor, product.producer)
    try:
        values["gtin"] = gs1.normalize_gtin(values.get("gtin", ""))
    except gs1.GS1Error as exc:
        raise ValidationError(
            {"gtin": _("GTIN không hợp lệ (sai độ dài hoặc số kiểm tra).")}, code=exc.code
        ) from exc
    _check_gtin_prefix(product.producer, values["gtin"])
    item = TradeItem(product=product, **values)
    return create_audited(obj=item, actor=actor, action="ocop.trade_item.created")


@transaction.atomic
def register_lot(*, actor: Any, trade_item: TradeItem, fields: Mapping[str, Any]) -> Lot:
    values = _only(fields, LOT_FIELDS)
    producer = trade_item.product.producer
    _ensure_may_edit(actor, producer)
    location = values.get("location")
    if location is not None and location.producer_id not in (None, producer.pk):
        raise ValidationError({"location": _("Địa điểm này thuộc chủ thể khác.")})
    lot = Lot(trade_item=trade_item, **values)
    return create_audited(obj=lot, actor=actor, action="ocop.lot.created")


@transaction.atomic
def register_location(*, actor: Any, producer: Producer, fields: Mapping[str, Any]) -> Location:
    """A farm, factory, warehouse, shop or lab of ``producer``, by GLN or a local code."""
    values = _only(fields, LOCATION_FIELDS)
    _ensure_may_edit(actor, producer)
    location = Location(producer=producer, **values)
    return create_audited(obj=location, actor=actor, action="ocop.location.created")


def location_uri(location: Location) -> str:
    """How events name a location: its GLN as a Digital Link, or our local code URN."""
    return gs1.gln_uri(location.code) if location.is_gln else LOCAL_LOCATION_PREFIX + location.code


# ---- EPCIS capture ------------------------------------------------------------------


@dataclass(frozen=True)
class Rejection:
    """Why one event (or the whole document, ``index`` None) was not saved."""

    index: int | None
    event_id: str
    code: str
    message: str


@dataclass
class CaptureReport:
    accepted: list[Event] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def accepted_count(self) -> int:
        return len(self.accepted)

    @property
    def rejected_count(self) -> int:
        return len(self.rejected)


class _Rejected(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _resolve_location(uri: str) -> Location | None:
    try:
        gln = gs1.parse_location(uri)
    except gs1.GS1Error as exc:
        raise _Rejected(
            "bad_identifier", _("Mã địa điểm %(uri)s không hợp lệ.") % {"uri": uri}
        ) from exc
    if gln is not None:
        return Location.objects.filter(code=gln, is_gln=True).first()
    if uri.startswith(LOCAL_LOCATION_PREFIX):
        return Location.objects.filter(code=uri[len(LOCAL_LOCATION_PREFIX) :]).first()
    return None


def _resolve_items(
    event: dict[str, Any], producer: Producer | None
) -> list[tuple[epcis.ItemRef, TradeItem | None, Lot | None]]:
    """Each identifier with the trade item and lot of ours it names (if any)."""
    parsed: list[tuple[epcis.ItemRef, tuple[str, str, str] | None]] = []
    for ref in epcis.items_of(event):
        try:
            parsed.append((ref, gs1.parse_item(ref.uri)))
        except gs1.GS1Error as exc:
            raise _Rejected(
                "bad_identifier",
                _("Mã %(uri)s không hợp lệ (GTIN sai số kiểm tra hoặc sai độ dài).")
                % {"uri": ref.uri},
            ) from exc
    gtins = {p[0] for _ref, p in parsed if p}
    items = {
        t.gtin: t
        for t in TradeItem.objects.filter(gtin__in=sorted(gtins)).select_related("product")
    }
    lots = {
        (lot.trade_item_id, lot.number): lot
        for lot in Lot.objects.filter(trade_item__in=list(items.values()))
    }
    resolved: list[tuple[epcis.ItemRef, TradeItem | None, Lot | None]] = []
    for ref, p in parsed:
        item = items.get(p[0]) if p else None
        if item is not None and producer is not None and item.product.producer_id != producer.pk:
            raise _Rejected(
                "foreign_trade_item",
                _("Mặt hàng GTIN %(gtin)s thuộc chủ thể khác.") % {"gtin": item.gtin},
            )
        lot = lots.get((item.pk, p[1])) if item is not None and p and p[1] else None
        resolved.append((ref, item, lot))
    return resolved


def _capture_one(
    raw: Any,
    *,
    context: Any,
    producer: Producer | None,
    actor: Any,
    seen: set[str],
) -> Event:
    """Validate one event and save it with its index rows; raise ``_Rejected`` if bad."""
    if not isinstance(raw, dict):
        raise _Rejected("not_an_object", _("Mỗi sự kiện phải là một đối tượng JSON."))
    kind = raw.get("type")
    if kind not in EventType.values:
        raise _Rejected(
            "unsupported_event_type",
            _(
                "Loại sự kiện %(type)s chưa được hỗ trợ (chỉ nhận ObjectEvent, "
                "AggregationEvent, TransformationEvent)."
            )
            % {"type": kind},
        )
    problem = epcis.check_event(raw)
    if problem is not None:
        raise _Rejected(
            "schema_invalid",
            _("Sự kiện không đúng lược đồ EPCIS 2.0 (%(detail)s).") % {"detail": problem},
        )
    event_id = raw.get("eventID") or epcis.derived_event_id(raw)
    if event_id in seen or Event.objects.filter(event_id=event_id).exists():
        raise _Rejected(
            "duplicate_event", _("Sự kiện %(id)s đã được ghi trước đó.") % {"id": event_id}
        )
    when = epcis.event_time(raw)
    if when > timezone.now() + CLOCK_SKEW:
        raise _Rejected("event_in_future", _("Thời điểm sự kiện ở tương lai."))
    items = _resolve_items(raw, producer)
    read_point_uri = (raw.get("readPoint") or {}).get("id", "")
    biz_location_uri = (raw.get("bizLocation") or {}).get("id", "")
    now = timezone.now()
    # Keep each event self-contained JSON-LD: the document's context travels with it.
    document = {"@context": raw.get("@context", context), **raw}
    document["eventID"] = event_id
    document["recordTime"] = epcis.iso(now)
    event = Event(
        event_id=event_id,
        event_type=kind,
        action=raw.get("action", ""),
        event_time=when,
        event_time_zone_offset=raw["eventTimeZoneOffset"],
        biz_step=epcis.full_vocab(raw.get("bizStep", ""), kind="BizStep"),
        disposition=epcis.full_vocab(raw.get("disposition", ""), kind="Disp"),
        read_point=_resolve_location(read_point_uri) if read_point_uri else None,
        biz_location=_resolve_location(biz_location_uri) if biz_location_uri else None,
        read_point_uri=read_point_uri,
        biz_location_uri=biz_location_uri,
        parent_id=raw.get("parentID", ""),
        producer=producer,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        has_quality_data=bool(raw.get("sensorElementList")),
        document=document,
    )
    create_audited(
        obj=event, actor=actor, action="ocop.trace_event.captured", data={"eventID": event_id}
    )
    EventItem.objects.bulk_create(
        EventItem(
            event=event,
            role=ref.role,
            uri=ref.uri,
            is_class=ref.is_class,
            trade_item=item,
            lot=lot,
            quantity=Decimal(str(ref.quantity)) if ref.quantity is not None else None,
            uom=ref.uom,
        )
        for ref, item, lot in items
    )
    seen.add(event_id)
    return event


def _producer_for(actor: Any, producer: Producer | None) -> Producer | None:
    """The producer the events are recorded for: given, or the actor's only one."""
    if producer is None and actor is not None:
        own = sorted(scope_for(actor).producer_ids)
        if len(own) != 1:
            raise ValidationError(_("Cần chọn chủ thể ghi nhận các sự kiện."), code="no_producer")
        producer = Producer.objects.select_related("commune").get(pk=own[0])
    if producer is not None:
        _ensure_may_edit(actor, producer)
    return producer


def capture_document(
    *, document: dict[str, Any], actor: Any, producer: Producer | None = None
) -> CaptureReport:
    """Capture an EPCIS 2.0 ``EPCISDocument``: each good event saved, each bad one reported.

    The document's own shape is checked first (a bad document saves nothing). Then each
    event is validated against the official schema and our rules and saved in its own
    savepoint, so a rejected event leaves no row behind while the good ones are kept;
    all accepted events commit together in one transaction with a summary audit entry.
    """
    producer = _producer_for(actor, producer)
    report = CaptureReport()
    problem = epcis.check_document_shape(document)
    if problem is not None:
        report.rejected.append(
            Rejection(
                index=None,
                event_id="",
                code="bad_document",
                message=_("Tệp không phải tài liệu EPCIS 2.0 hợp lệ (%(detail)s).")
                % {"detail": problem},
            )
        )
        return report
    context = document["@context"]
    seen: set[str] = set()
    with transaction.atomic():
        for index, raw in enumerate(document["epcisBody"]["eventList"]):
            try:
                with transaction.atomic():
                    event = _capture_one(
                        raw, context=context, producer=producer, actor=actor, seen=seen
                    )
            except _Rejected as exc:
                event_id = raw.get("eventID", "") if isinstance(raw, dict) else ""
                report.rejected.append(
                    Rejection(index=index, event_id=event_id, code=exc.code, message=exc.message)
                )
            else:
                report.accepted.append(event)
        if producer is not None:
            log_action(
                action="ocop.epcis.document_captured",
                obj=producer,
                actor=actor,
                data={"accepted": report.accepted_count, "rejected": report.rejected_count},
            )
    return report


# ---- recording one event from the form ------------------------------------------------


@dataclass(frozen=True)
class LabResult:
    """One measured indicator of a lab test (kết quả kiểm nghiệm), as a sensorReport."""

    indicator: str
    value: Decimal
    uom: str = ""
    measurement_type: str = "Dimensionless"
    lab: str = ""
    passed: bool | None = None


def _sensor_elements(results: Sequence[LabResult], *, at: datetime) -> list[dict[str, Any]]:
    elements = []
    for result in results:
        report: dict[str, Any] = {
            "type": result.measurement_type,
            "value": float(result.value),
            "ocop:indicator": result.indicator,
        }
        if result.uom:
            report["uom"] = result.uom
        if result.passed is not None:
            report["ocop:passed"] = result.passed
        metadata: dict[str, Any] = {"time": epcis.iso(at)}
        if result.lab:
            metadata["ocop:lab"] = result.lab
        elements.append({"sensorMetadata": metadata, "sensorReport": [report]})
    return elements


@transaction.atomic
def record_object_event(
    *,
    actor: Any,
    producer: Producer,
    biz_step: BizStep,
    disposition: str,
    lots: Sequence[tuple[Lot, Decimal | None, str]],
    event_time: datetime,
    read_point: Location | None = None,
    biz_location: Location | None = None,
    action: Action = Action.OBSERVE,
    lab_results: Sequence[LabResult] = (),
) -> Event:
    """Record one ObjectEvent for ``lots`` (each with an optional quantity and unit).

    The event is written as EPCIS 2.0 JSON-LD and goes through the same validation and
    save as an uploaded one; a problem raises ``ValidationError`` with its code.
    """
    _ensure_may_edit(actor, producer)
    quantities = []
    for lot, quantity, uom in lots:
        entry: dict[str, Any] = {
            "epcClass": gs1.class_uri(gtin=lot.trade_item.gtin, lot=lot.number)
        }
        if quantity is not None:
            entry["quantity"] = float(quantity)
            if uom:
                entry["uom"] = uom
        quantities.append(entry)
    raw: dict[str, Any] = {
        "type": EventType.OBJECT.value,
        "eventID": epcis.new_event_id(),
        "eventTime": epcis.iso(event_time),
        "eventTimeZoneOffset": epcis.offset_of(event_time),
        "action": action.value,
        "bizStep": epcis.compact_vocab(biz_step.value),
        "quantityList": quantities,
    }
    if disposition:
        raw["disposition"] = epcis.compact_vocab(disposition)
    if read_point is not None:
        raw["readPoint"] = {"id": location_uri(read_point)}
    if biz_location is not None:
        raw["bizLocation"] = {"id": location_uri(biz_location)}
    if lab_results:
        raw["sensorElementList"] = _sensor_elements(lab_results, at=event_time)
    context = [epcis.EPCIS_CONTEXT, {"ocop": epcis.OCOP_NAMESPACE}]
    try:
        return _capture_one(raw, context=context, producer=producer, actor=actor, seen=set())
    except _Rejected as exc:
        raise ValidationError(exc.message, code=exc.code) from exc
