"""Back-office pages for traceability: GS1 prefixes, trade items, lots, locations and
EPCIS 2.0 events (list, detail, record, upload, export)."""

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.traceability import domain
from ocop.traceability.enums import Action, BizStep
from ocop.traceability.models import Event
from ocop.traceability.queries import (
    events_for_user,
    events_touching,
    locations_for_user,
    lots_for_user,
    prefixes_for_user,
    trade_items_for_user,
)

from ..forms_traceability import (
    CompanyPrefixForm,
    EventFilterForm,
    LocationForm,
    LotFilterForm,
    LotForm,
    ObjectEventForm,
    TradeItemForm,
    UploadForm,
    editable_producers,
)
from .common import EXPORT_LIMIT, error_text, get_scoped, paginate, query_without, require
from .registry import _apply_validation_error


def _may_write(request: HttpRequest) -> bool:
    return editable_producers(request.user).exists()


def _list_context(request: HttpRequest, qs: QuerySet[Any], **extra: Any) -> dict[str, Any]:
    return {
        "page": paginate(request, qs),
        "query": query_without(request, "page"),
        "export_query": query_without(request, "page", "export"),
        **extra,
    }


def _form_page(
    request: HttpRequest, *, form: Any, title: Any, back: str, save: Any
) -> HttpResponse:
    """A create page: validate ``form``, call ``save(cleaned_data)``, back to the list."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Đã lưu %(obj)s.") % {"obj": obj})
            return redirect(back)
    return render(
        request, "backoffice/traceability/form.html", {"form": form, "title": title, "back": back}
    )


# ---- GS1 company prefixes -------------------------------------------------------------


@login_required
def prefix_list(request: HttpRequest) -> HttpResponse:
    qs = prefixes_for_user(request.user).select_related("producer").order_by("prefix")
    return render(
        request,
        "backoffice/traceability/prefix_list.html",
        _list_context(request, qs, may_write=_may_write(request)),
    )


@login_required
def prefix_create(request: HttpRequest) -> HttpResponse:
    require(_may_write(request))
    form = CompanyPrefixForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        form=form,
        title=gettext_lazy("Thêm mã doanh nghiệp GS1"),
        back="backoffice:trace_prefix_list",
        save=lambda d: domain.register_company_prefix(
            actor=request.user, producer=d["producer"], prefix=d["prefix"]
        ),
    )


# ---- trade items ------------------------------------------------------------------------


@login_required
def trade_item_list(request: HttpRequest) -> HttpResponse:
    qs = trade_items_for_user(request.user).select_related("product__producer")
    if product := request.GET.get("product", ""):
        qs = qs.filter(product_id=product) if product.isdigit() else qs.none()
    return render(
        request,
        "backoffice/traceability/trade_item_list.html",
        _list_context(request, qs.order_by("product__name", "gtin"), may_write=_may_write(request)),
    )


@login_required
def trade_item_create(request: HttpRequest) -> HttpResponse:
    require(_may_write(request))
    form = TradeItemForm(
        request.POST or None,
        user=request.user,
        initial={"product": request.GET.get("product")},
    )
    return _form_page(
        request,
        form=form,
        title=gettext_lazy("Thêm mặt hàng (GTIN)"),
        back="backoffice:trace_trade_item_list",
        save=lambda d: domain.register_trade_item(
            actor=request.user,
            product=d["product"],
            fields={k: v for k, v in d.items() if k != "product"},
        ),
    )


# ---- lots -------------------------------------------------------------------------------


@login_required
def lot_list(request: HttpRequest) -> HttpResponse:
    form = LotFilterForm(request.GET or None, user=request.user)
    qs = lots_for_user(request.user).select_related("trade_item__product", "location")
    if form.is_valid():
        if form.cleaned_data["trade_item"]:
            qs = qs.filter(trade_item=form.cleaned_data["trade_item"])
        if form.cleaned_data["q"]:
            qs = qs.filter(number__icontains=form.cleaned_data["q"].strip())
    return render(
        request,
        "backoffice/traceability/lot_list.html",
        _list_context(request, qs, form=form, may_write=_may_write(request)),
    )


@login_required
def lot_create(request: HttpRequest) -> HttpResponse:
    require(_may_write(request))
    form = LotForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        form=form,
        title=gettext_lazy("Thêm lô hàng"),
        back="backoffice:trace_lot_list",
        save=lambda d: domain.register_lot(
            actor=request.user,
            trade_item=d["trade_item"],
            fields={k: v for k, v in d.items() if k != "trade_item"},
        ),
    )


# ---- locations --------------------------------------------------------------------------


@login_required
def location_list(request: HttpRequest) -> HttpResponse:
    qs = locations_for_user(request.user).select_related("producer")
    return render(
        request,
        "backoffice/traceability/location_list.html",
        _list_context(request, qs.order_by("name", "id"), may_write=_may_write(request)),
    )


@login_required
def location_create(request: HttpRequest) -> HttpResponse:
    require(_may_write(request))
    form = LocationForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        form=form,
        title=gettext_lazy("Thêm địa điểm"),
        back="backoffice:trace_location_list",
        save=lambda d: domain.register_location(
            actor=request.user,
            producer=d["producer"],
            fields={k: v for k, v in d.items() if k != "producer"},
        ),
    )


# ---- events -----------------------------------------------------------------------------


def _filtered_events(request: HttpRequest, form: EventFilterForm) -> QuerySet[Event]:
    qs = events_for_user(request.user)
    if form.is_valid():
        data = form.cleaned_data
        qs = events_touching(qs, lot=data["lot"], trade_item=data["trade_item"])
        if data["biz_step"]:
            qs = qs.filter(biz_step=data["biz_step"])
        if data["date_from"]:
            qs = qs.filter(event_time__date__gte=data["date_from"])
        if data["date_to"]:
            qs = qs.filter(event_time__date__lte=data["date_to"])
    return qs


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None, user=request.user)
    qs = _filtered_events(request, form)
    if request.GET.get("export") == "epcis":
        from ocop.traceability.epcis import export_document

        events = qs.order_by("event_time", "id").only("document")[:EXPORT_LIMIT]
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = JsonResponse(
            export_document(events=events), json_dumps_params={"ensure_ascii": False}
        )
        response["Content-Type"] = "application/ld+json; charset=utf-8"
        response["Content-Disposition"] = f'attachment; filename="epcis-{stamp}.jsonld"'
        return response
    qs = qs.select_related("producer", "biz_location").defer("document")
    return render(
        request,
        "backoffice/traceability/event_list.html",
        _list_context(request, qs, form=form, may_write=_may_write(request)),
    )


def _sensor_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The lab results of an event, one row per sensorReport, for display."""
    rows = []
    for element in document.get("sensorElementList") or []:
        metadata = element.get("sensorMetadata") or {}
        for report in element.get("sensorReport") or []:
            rows.append(
                {
                    "indicator": report.get("ocop:indicator") or report.get("type", ""),
                    "value": report.get("value", report.get("stringValue", "")),
                    "uom": report.get("uom", ""),
                    "passed": report.get("ocop:passed"),
                    "lab": metadata.get("ocop:lab", ""),
                    "time": metadata.get("time") or report.get("time", ""),
                }
            )
    return rows


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_scoped(
        events_for_user(request.user).select_related(
            "producer", "read_point", "biz_location", "recorded_by"
        ),
        pk,
    )
    items = event.items.select_related("trade_item__product", "lot").order_by("role", "id")
    return render(
        request,
        "backoffice/traceability/event_detail.html",
        {
            "event": event,
            "items": items,
            "sensor_rows": _sensor_rows(event.document),
            "json": json.dumps(event.document, ensure_ascii=False, indent=2),
        },
    )


@login_required
def event_record(request: HttpRequest) -> HttpResponse:
    require(_may_write(request))
    form = ObjectEventForm(
        request.POST or None,
        user=request.user,
        initial={"event_time": timezone.localtime().replace(second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lab = []
        if data["lab_indicator"]:
            lab.append(
                domain.LabResult(
                    indicator=data["lab_indicator"],
                    value=data["lab_value"],
                    uom=data["lab_uom"].upper(),
                    lab=data["lab_name"],
                    passed={"yes": True, "no": False}.get(data["lab_passed"]),
                )
            )
        try:
            event = domain.record_object_event(
                actor=request.user,
                producer=data["producer"],
                biz_step=BizStep(data["biz_step"]),
                disposition=data["disposition"],
                action=Action(data["action"]),
                lots=[(data["lot"], data["quantity"], data["uom"])],
                event_time=data["event_time"],
                read_point=data["read_point"],
                biz_location=data["biz_location"],
                lab_results=lab,
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Đã ghi sự kiện."))
            return redirect("backoffice:trace_event_detail", pk=event.pk)
    return render(request, "backoffice/traceability/event_form.html", {"form": form})


@login_required
def event_upload(request: HttpRequest) -> HttpResponse:
    require(_may_write(request))
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            document = json.loads(form.cleaned_data["file"].read().decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            form.add_error("file", _("Tệp không phải JSON hợp lệ (UTF-8)."))
        else:
            try:
                report = domain.capture_document(
                    document=document, actor=request.user, producer=form.cleaned_data["producer"]
                )
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, error_text(exc))
    return render(
        request, "backoffice/traceability/event_upload.html", {"form": form, "report": report}
    )
