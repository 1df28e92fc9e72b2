"""Back-office pages for traceability stamps: batches, issuance progress, activation,
voiding and print sheets. Every write goes through ``ocop.stamps.domain``."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.registry.rules import may_edit_product
from ocop.stamps import domain
from ocop.stamps.enums import BatchState, SheetFormat
from ocop.stamps.models import StampBatch, StampSheet
from ocop.stamps.queries import batches_for_user, status_counts

from ..forms_stamps import BatchFilterForm, RangeForm, SheetForm, StampRequestForm, VoidForm
from .common import error_text, file_response, get_scoped, paginate, query_without

CONTENT_TYPES = {"pdf": "application/pdf", "svg": "image/svg+xml", "zip": "application/zip"}


def _batches(request: HttpRequest) -> Any:
    return batches_for_user(request.user).select_related(
        "trade_item__product__commune", "lot", "requested_by"
    )


def _may_manage(request: HttpRequest, batch: StampBatch) -> bool:
    return bool(may_edit_product(request.user, batch.trade_item.product))


@login_required
def batch_list(request: HttpRequest) -> HttpResponse:
    form = BatchFilterForm(request.GET or None)
    qs = _batches(request)
    if form.is_valid():
        if form.cleaned_data["state"]:
            qs = qs.filter(state=form.cleaned_data["state"])
        text = form.cleaned_data["q"].strip()
        if text:
            qs = qs.filter(
                Q(trade_item__gtin__contains=text) | Q(trade_item__product__name__icontains=text)
            )
    return render(
        request,
        "backoffice/stamps/list.html",
        {
            "form": form,
            "page": paginate(request, qs.order_by("-created_at", "-id")),
            "query": query_without(request, "page"),
        },
    )


@login_required
def batch_create(request: HttpRequest) -> HttpResponse:
    form = StampRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            batch = domain.request_stamps(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        except PermissionDenied as exc:
            form.add_error("trade_item", error_text(exc))
        else:
            messages.success(request, _("Đã ghi yêu cầu; hệ thống đang phát hành tem."))
            return redirect("backoffice:stamps_batch_detail", pk=batch.pk)
    return render(request, "backoffice/stamps/form.html", {"form": form})


def _sheets(batch: StampBatch) -> Any:
    return batch.sheets.order_by("-created_at", "-id")[:20]


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_scoped(_batches(request), pk)
    sheets = list(_sheets(batch))
    context: dict[str, Any] = {
        "batch": batch,
        "sheets": sheets,
        "counts": status_counts(batch) if batch.state == BatchState.DONE else {},
        "polling": not batch.is_finished or any(not s.is_finished for s in sheets),
    }
    if request.headers.get("HX-Request"):
        return render(request, "backoffice/stamps/_progress.html", context)
    if _may_manage(request, batch) and batch.state == BatchState.DONE:
        context.update(
            activate_form=RangeForm(has_lot=batch.lot_id is not None, prefix="activate"),
            void_form=VoidForm(has_lot=batch.lot_id is not None, prefix="void"),
            sheet_form=SheetForm(initial={"position_to": batch.issued_count}),
        )
    return render(request, "backoffice/stamps/detail.html", context)


def _change(request: HttpRequest, pk: int, *, void: bool) -> HttpResponse:
    """Activate or void a range: the first POST asks for confirmation, the second acts."""
    batch = get_scoped(_batches(request), pk)
    form_class = VoidForm if void else RangeForm
    form = form_class(
        request.POST, has_lot=batch.lot_id is not None, prefix="void" if void else "activate"
    )
    if not form.is_valid():
        messages.error(request, _("Vui lòng kiểm tra lại khoảng tem."))
        return redirect("backoffice:stamps_batch_detail", pk=batch.pk)
    selection = form.selection(batch=batch)
    try:
        if not form.cleaned_data["confirm"]:
            chosen = domain.select_stamps(**selection)
            domain.ensure_may_manage(request.user, chosen.trade_item)
            return render(
                request,
                "backoffice/stamps/confirm.html",
                {"batch": batch, "form": form, "void": void, "count": chosen.stamps.count()},
            )
        if void:
            count = domain.void_stamps(
                actor=request.user, reason=form.cleaned_data["reason"], **selection
            )
            messages.success(request, _("Đã hủy %(n)s tem.") % {"n": count})
        else:
            count = domain.activate_stamps(actor=request.user, **selection)
            messages.success(request, _("Đã kích hoạt %(n)s tem.") % {"n": count})
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    return redirect("backoffice:stamps_batch_detail", pk=batch.pk)


@login_required
@require_POST
def batch_activate(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, void=False)


@login_required
@require_POST
def batch_void(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, void=True)


@login_required
@require_POST
def sheet_create(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_scoped(_batches(request), pk)
    form = SheetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vui lòng kiểm tra lại khoảng tem cần in."))
        return redirect("backoffice:stamps_batch_detail", pk=batch.pk)
    try:
        domain.request_sheet(
            batch=batch,
            format=SheetFormat(form.cleaned_data["format"]),
            actor=request.user,
            position_from=form.cleaned_data["position_from"],
            position_to=form.cleaned_data["position_to"],
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đang tạo tệp in; tải về khi hoàn tất."))
    return redirect("backoffice:stamps_batch_detail", pk=batch.pk)


@login_required
def sheet_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    sheet = get_scoped(
        StampSheet.objects.filter(batch__in=batches_for_user(request.user)).select_related("batch"),
        pk,
    )
    if sheet.state != BatchState.DONE or not sheet.file:
        raise Http404
    extension = (sheet.file.name or "").rsplit(".", 1)[-1]
    return file_response(
        sheet.file,
        download_name=f"tem-{sheet.batch_id}-{sheet.position_from}-{sheet.position_to}.{extension}",
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
        attachment=True,
    )
