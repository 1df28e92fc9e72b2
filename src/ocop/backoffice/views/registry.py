"""Back-office pages for producers, products and evidence documents."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.scope import scope_for
from ocop.core.models import AuditEntry
from ocop.registry import domain
from ocop.registry.models import EvidenceDocument, Producer, Product
from ocop.registry.queries import (
    documents_expiring,
    documents_for_user,
    producers_for_user,
    products_for_user,
    search,
    similar_products,
)
from ocop.registry.rules import may_add_producer, may_edit_producer, may_edit_product
from ocop.registry.spreadsheets import PRODUCER_EXPORT, PRODUCT_EXPORT
from ocop.supervision.domain import may_confirm_stop

from ..forms import (
    DocumentForm,
    DossierStartForm,
    PhotoForm,
    ProducerFilterForm,
    ProducerForm,
    ProducerStatusForm,
    ProductFilterForm,
    ProductForm,
    ProductStatusForm,
)
from .common import (
    error_text,
    export_response,
    file_response,
    get_scoped,
    paginate,
    query_without,
    require,
)

HISTORY_LIMIT = 200


def _history(obj: Producer | Product) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.for_object(obj).select_related("actor")[:HISTORY_LIMIT]


def _apply_validation_error(form: object, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None  # type: ignore[attr-defined]
            for error in errors:
                form.add_error(target, error)  # type: ignore[attr-defined]
    else:
        form.add_error(None, exc)  # type: ignore[attr-defined]


def _change_status(
    request: HttpRequest, *, form: ProducerStatusForm | ProductStatusForm, change: Any
) -> None:
    """Validate a status form and apply ``change``; report the outcome as a message."""
    if not form.is_valid():
        messages.error(request, _("Cần chọn trạng thái và ghi lý do."))
        return
    try:
        change(form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã cập nhật trạng thái."))


# ---- producers --------------------------------------------------------------------


@login_required
def producer_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    form = ProducerFilterForm(request.GET or None, scope=scope)
    qs = producers_for_user(request.user).select_related("commune__province")
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            qs = qs.filter(kind=data["kind"])
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["province"]:
            qs = qs.filter(commune__province=data["province"])
        if data["commune"]:
            qs = qs.filter(commune=data["commune"])
        qs = search(qs, data["q"])
    exported = export_response(request, qs.iterator(2000), columns=PRODUCER_EXPORT, name="chu-the")
    if exported is not None:
        return exported
    page = paginate(request, qs.annotate(product_count=Count("products")).order_by("name", "id"))
    return render(
        request,
        "backoffice/producer/list.html",
        {
            "form": form,
            "page": page,
            "query": query_without(request, "page"),
            "export_query": query_without(request, "page", "export"),
            "may_add": may_add_producer(request.user),
        },
    )


@login_required
def producer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    producer = get_scoped(
        producers_for_user(request.user).select_related("commune__province", "legacy_commune"),
        pk,
    )
    tab = request.GET.get("tab", "info")
    context: dict[str, object] = {
        "producer": producer,
        "tab": tab,
        "may_edit": may_edit_producer(request.user, producer),
        "products": producer.products.select_related("product_set", "commune").order_by("name"),
        "documents": producer.documents.select_related("product").order_by("-created_at"),
    }
    if tab == "history":
        context["history"] = _history(producer)
    if context["may_edit"]:
        context["status_form"] = ProducerStatusForm(initial={"status": producer.status})
    context["may_confirm_stop"] = may_confirm_stop(request.user, producer)
    return render(request, "backoffice/producer/detail.html", context)


@login_required
def producer_create(request: HttpRequest) -> HttpResponse:
    require(may_add_producer(request.user))
    scope = scope_for(request.user)
    form = ProducerForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        try:
            producer = domain.register_producer(actor=request.user, fields=form.cleaned_data)
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã đăng ký chủ thể %(name)s.") % {"name": producer})
            return redirect("backoffice:producer_detail", pk=producer.pk)
    return render(request, "backoffice/producer/form.html", {"form": form, "producer": None})


@login_required
def producer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    producer = get_scoped(producers_for_user(request.user).select_related("commune"), pk)
    require(may_edit_producer(request.user, producer))
    form = ProducerForm(request.POST or None, instance=producer, scope=scope_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_producer(actor=request.user, producer=producer, fields=form.cleaned_data)
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("backoffice:producer_detail", pk=producer.pk)
    return render(request, "backoffice/producer/form.html", {"form": form, "producer": producer})


@login_required
@require_POST
def producer_status(request: HttpRequest, pk: int) -> HttpResponse:
    producer = get_scoped(producers_for_user(request.user).select_related("commune"), pk)
    require(may_edit_producer(request.user, producer))
    _change_status(
        request,
        form=ProducerStatusForm(request.POST),
        change=lambda data: domain.set_producer_status(
            actor=request.user, producer=producer, status=data["status"], reason=data["reason"]
        ),
    )
    return redirect("backoffice:producer_detail", pk=producer.pk)


# ---- products ---------------------------------------------------------------------


@login_required
def product_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    form = ProductFilterForm(request.GET or None, scope=scope)
    qs = products_for_user(request.user).select_related(
        "producer", "commune__province", "product_set"
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["sector"]:
            qs = qs.filter(product_set__sector_code=data["sector"])
        if data["product_set"]:
            qs = qs.filter(product_set=data["product_set"])
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["province"]:
            qs = qs.filter(commune__province=data["province"])
        if data["commune"]:
            qs = qs.filter(commune=data["commune"])
        qs = search(qs, data["q"])
    exported = export_response(request, qs.iterator(2000), columns=PRODUCT_EXPORT, name="san-pham")
    if exported is not None:
        return exported
    return render(
        request,
        "backoffice/product/list.html",
        {
            "form": form,
            "page": paginate(request, qs),
            "query": query_without(request, "page"),
            "export_query": query_without(request, "page", "export"),
        },
    )


@login_required
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_scoped(
        products_for_user(request.user).select_related(
            "producer__commune", "commune__province", "product_set__version"
        ),
        pk,
    )
    tab = request.GET.get("tab", "info")
    may_edit = may_edit_product(request.user, product)
    context: dict[str, object] = {
        "product": product,
        "tab": tab,
        "may_edit": may_edit,
        "photos": product.photos.all(),
        "documents": product.documents.all(),
        "photo_form": PhotoForm() if may_edit else None,
        "dossier_form": DossierStartForm() if may_edit else None,
        "dossiers": product.dossiers.order_by("-created_at"),
        "history_results": product.historical_results.select_related("criteria_version"),
        "status_form": ProductStatusForm(initial={"status": product.status}) if may_edit else None,
    }
    if tab == "history":
        context["history"] = _history(product)
    return render(request, "backoffice/product/detail.html", context)


def _product_form_page(
    request: HttpRequest, *, producer: Producer, product: Product | None
) -> HttpResponse:
    form = ProductForm(
        request.POST or None, instance=product, scope=scope_for(request.user), producer=producer
    )
    similar: list[Product] = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        confirmed = data.pop("confirm_not_duplicate", False)
        similar = similar_products(
            name=data["name"],
            producer=producer,
            commune_code=data["commune"].code,
            exclude_pk=product.pk if product else None,
        )
        if product is not None and data["name"] == product.name:
            similar = []
        if similar and not confirmed:
            form.add_error(
                None,
                _(
                    "Có sản phẩm tên gần giống đã đăng ký. Kiểm tra danh sách dưới đây; "
                    "nếu đây là sản phẩm khác, đánh dấu xác nhận rồi lưu lại."
                ),
            )
        else:
            try:
                if product is None:
                    saved = domain.register_product(
                        actor=request.user, producer=producer, fields=data
                    )
                    messages.success(request, _("Đã đăng ký sản phẩm %(name)s.") % {"name": saved})
                else:
                    saved = domain.update_product(actor=request.user, product=product, fields=data)
                    messages.success(request, _("Đã lưu thay đổi."))
            except ValidationError as exc:
                _apply_validation_error(form, exc)
            else:
                return redirect("backoffice:product_detail", pk=saved.pk)
    return render(
        request,
        "backoffice/product/form.html",
        {"form": form, "producer": producer, "product": product, "similar": similar},
    )


@login_required
def product_create(request: HttpRequest, producer_pk: int) -> HttpResponse:
    producer = get_scoped(producers_for_user(request.user).select_related("commune"), producer_pk)
    require(may_edit_producer(request.user, producer))
    return _product_form_page(request, producer=producer, product=None)


@login_required
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_scoped(
        products_for_user(request.user).select_related("producer__commune", "commune"), pk
    )
    require(may_edit_product(request.user, product))
    return _product_form_page(request, producer=product.producer, product=product)


@login_required
@require_POST
def product_status(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_scoped(products_for_user(request.user).select_related("commune"), pk)
    require(may_edit_product(request.user, product))
    _change_status(
        request,
        form=ProductStatusForm(request.POST),
        change=lambda data: domain.set_product_status(
            actor=request.user, product=product, status=data["status"], reason=data["reason"]
        ),
    )
    return redirect("backoffice:product_detail", pk=product.pk)


@login_required
@require_POST
def photo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_scoped(products_for_user(request.user).select_related("commune"), pk)
    require(may_edit_product(request.user, product))
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            domain.add_product_photo(
                actor=request.user,
                product=product,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
            messages.success(request, _("Đã thêm ảnh."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Chọn một tệp ảnh."))
    return redirect("backoffice:product_detail", pk=product.pk)


@login_required
def photo_file(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponseBase:
    product = get_scoped(products_for_user(request.user), pk)
    photo = get_scoped(product.photos.all(), photo_pk)
    content_type = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
    name = photo.image.name or ""
    ext = name.rsplit(".", 1)[-1]
    return file_response(photo.image, download_name=name, content_type=content_type.get(ext, ""))


# ---- documents --------------------------------------------------------------------


@login_required
def document_upload(request: HttpRequest, producer_pk: int) -> HttpResponse:
    producer = get_scoped(producers_for_user(request.user).select_related("commune"), producer_pk)
    require(may_edit_producer(request.user, producer))
    initial = {"product": request.GET.get("product")} if request.GET.get("product") else None
    form = DocumentForm(
        request.POST or None, request.FILES or None, producer=producer, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        product = data.pop("product")
        try:
            domain.attach_document(
                actor=request.user, producer=producer, product=product, upload=upload, fields=data
            )
        except ValidationError as exc:
            form.add_error("file", " ".join(exc.messages))
        else:
            messages.success(request, _("Đã tải lên tài liệu."))
            if product is not None:
                return redirect("backoffice:product_detail", pk=product.pk)
            return redirect(f"{producer_url(producer)}?tab=documents")
    return render(request, "backoffice/document/form.html", {"form": form, "producer": producer})


def producer_url(producer: Producer) -> str:
    from django.urls import reverse

    return reverse("backoffice:producer_detail", kwargs={"pk": producer.pk})


@login_required
def document_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    document: EvidenceDocument = get_scoped(documents_for_user(request.user), pk)
    return file_response(
        document.file,
        download_name=document.original_name or document.file.name or "",
        content_type=document.content_type,
    )


@login_required
def documents_expiring_list(request: HttpRequest) -> HttpResponse:
    try:
        days = max(0, min(int(request.GET.get("days", "90")), 3650))
    except ValueError:
        days = 90
    qs = documents_expiring(request.user, within_days=days)
    return render(
        request,
        "backoffice/document/expiring.html",
        {"page": paginate(request, qs), "days": days, "query": query_without(request, "page")},
    )
