"""EPCIS 2.0 JSON-LD: validation against the official schema, reading and writing events.

No database writes here (``domain.capture_document`` saves); the schema and context are
vendored under ``data/epcis/`` (GS1, see its README) so validation works offline. This
module is imported lazily by the capture and export paths only, never by the resolver.
"""

import json
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from jsonschema import Draft7Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaError
from jsonschema.exceptions import best_match

from .enums import CBV, ItemRole

if TYPE_CHECKING:
    from .models import Event

DATA = Path(__file__).parent / "data" / "epcis"
# The context URL GS1 publishes for EPCIS 2.0; documents we write reference it.
EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld"
OCOP_NAMESPACE = "urn:ocop:vn:"
SCHEMA_VERSION = "2.0"
# The item lists of each event type, and the role each list plays in our index.
ITEM_LISTS: dict[str, tuple[tuple[str, ItemRole, bool], ...]] = {
    "ObjectEvent": (("epcList", ItemRole.EPC, False), ("quantityList", ItemRole.EPC, True)),
    "AggregationEvent": (
        ("childEPCs", ItemRole.CHILD, False),
        ("childQuantityList", ItemRole.CHILD, True),
    ),
    "TransformationEvent": (
        ("inputEPCList", ItemRole.INPUT, False),
        ("inputQuantityList", ItemRole.INPUT, True),
        ("outputEPCList", ItemRole.OUTPUT, False),
        ("outputQuantityList", ItemRole.OUTPUT, True),
    ),
}
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")

_formats = FormatChecker(formats=())


@_formats.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    # RFC 3339 needs a date, a time and an offset; jsonschema only checks this format
    # when an optional library is installed, so the check is ours.
    if not isinstance(value, str):
        return True
    parsed = datetime.fromisoformat(value)
    return "T" in value.upper() and parsed.tzinfo is not None


@_formats.checks("uri")
def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or bool(_URI.match(value))


@cache
def schema() -> dict[str, Any]:
    with (DATA / "EPCIS-JSON-Schema.json").open(encoding="utf-8") as fh:
        loaded: dict[str, Any] = json.load(fh)
    return loaded


@cache
def _validator() -> Draft7Validator:
    return Draft7Validator(schema(), format_checker=_formats)


@cache
def _event_validator() -> Draft7Validator:
    # An event inside a document's eventList (no @context of its own required).
    return _validator().evolve(schema={"$ref": "#/definitions/EPCIS-Document-Event"})


@dataclass(frozen=True)
class SchemaProblem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def _first_problem(errors: Iterator[SchemaError]) -> SchemaProblem | None:
    error = best_match(errors)
    if error is None:
        return None
    path = "/".join(str(p) for p in error.absolute_path)
    return SchemaProblem(path=path, message=error.message)


def check_document(document: Any) -> SchemaProblem | None:
    """The first schema problem of a standalone EPCIS document or event, or None."""
    return _first_problem(_validator().iter_errors(document))


def check_document_shape(document: Any) -> SchemaProblem | None:
    """Check an EPCISDocument without its events, which are checked one by one."""
    if not isinstance(document, dict) or document.get("type") != "EPCISDocument":
        return SchemaProblem(path="type", message="'EPCISDocument' expected")
    body: dict[str, Any] = document.get("epcisBody") or {}
    events = body.get("eventList") if isinstance(body, dict) else None
    if not isinstance(events, list):
        return SchemaProblem(path="epcisBody/eventList", message="an array of events expected")
    return check_document({**document, "epcisBody": {**body, "eventList": []}})


def check_event(event: Any) -> SchemaProblem | None:
    return _first_problem(_event_validator().iter_errors(event))


# ---- reading an event -------------------------------------------------------------------


def full_vocab(value: str, *, kind: str) -> str:
    """A CBV term as its full URI: ``packing`` → ``https://ref.gs1.org/cbv/BizStep-packing``.

    ``kind`` is ``BizStep`` or ``Disp``; URIs (CBV or private) are returned unchanged.
    """
    if not value or ":" in value:
        return value
    return f"{CBV}{kind}-{value}"


def compact_vocab(value: str) -> str:
    """The bare CBV term (the compact JSON-LD form); other URIs unchanged."""
    if value.startswith(CBV):
        return value[len(CBV) :].split("-", 1)[1]
    return value


@dataclass(frozen=True)
class ItemRef:
    role: ItemRole
    uri: str
    is_class: bool
    quantity: float | None = None
    uom: str = ""


def items_of(event: dict[str, Any]) -> list[ItemRef]:
    """Every EPC and EPC class the event names, with the role of its list."""
    refs: list[ItemRef] = []
    if event.get("type") == "AggregationEvent" and event.get("parentID"):
        refs.append(ItemRef(role=ItemRole.PARENT, uri=event["parentID"], is_class=False))
    for key, role, is_class in ITEM_LISTS.get(event.get("type", ""), ()):
        for entry in event.get(key) or []:
            if is_class:
                refs.append(
                    ItemRef(
                        role=role,
                        uri=entry["epcClass"],
                        is_class=True,
                        quantity=entry.get("quantity"),
                        uom=entry.get("uom", ""),
                    )
                )
            else:
                refs.append(ItemRef(role=role, uri=entry, is_class=False))
    return refs


def event_time(event: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(event["eventTime"])


def new_event_id() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def derived_event_id(event: dict[str, Any]) -> str:
    """A stable id for an event that arrived without one, so re-uploading it is caught.

    A name-based UUID of the canonical JSON: not the EPCIS event hash (CBV 8.9.2), which
    would need every identifier rewritten to its canonical form first.
    """
    canonical = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, OCOP_NAMESPACE + canonical)}"


def offset_of(moment: datetime) -> str:
    """``+07:00`` for a timezone-aware datetime (eventTimeZoneOffset)."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    text = local.strftime("%z") or "+0000"
    return f"{text[:3]}:{text[3:]}"


def iso(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="milliseconds")


# ---- writing a document -----------------------------------------------------------------


def export_document(*, events: Iterable["Event"], sender: str = "") -> dict[str, Any]:
    """An EPCIS 2.0 JSON-LD ``EPCISDocument`` holding the stored JSON-LD of ``events``.

    Each event keeps its own ``@context`` (when it was captured with extensions), so
    the document is valid against the official schema whatever the source.
    """
    document: dict[str, Any] = {
        "@context": [EPCIS_CONTEXT, {"ocop": OCOP_NAMESPACE}],
        "type": "EPCISDocument",
        "schemaVersion": SCHEMA_VERSION,
        "creationDate": iso(timezone.now()),
        "epcisBody": {"eventList": [event.document for event in events]},
    }
    if sender:
        document["sender"] = sender
    return document
