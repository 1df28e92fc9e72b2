"""Trade promotion in the back office: sales points and their stock, fairs, e-commerce
listings, supply capacity and the buyer-inquiry inbox.

Views validate a form and call one ``ocop.promotion.domain`` function; every object is
fetched through a scoped query (404 outside the area, ADR 0002).
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.scope import scope_for
from ocop.core.models import AuditEntry
from ocop.promotion import domain
from ocop.promotion.enums import (
    SALES_POINT_CHECKLIST,
    Certification,
    InquiryStatus,
    ListingStatus,
    Platform,
    SalesPointStatus,
)
from ocop.promotion.models import Listing, SupplyCapacity
from ocop.promotion.queries import (
    contract_revenue,
    fairs_for_user,
    inquiries_for_user,
    listings_for_user,
    sales_points_for_user,
    stock_for_user,
    with_thread_counts,
)
from ocop.registry.queries import products_for_user

from ..forms_promotion import (
    CloseForm,
    ContractForm,
    FairForm,
    FairResultsForm,
    InquiryFilterForm,
    ListingFilterForm,
    ListingForm,
    PaperConsentForm,
    PointFilterForm,
    ReplyForm,
    SalesPointForm,
    StockAddForm,
    SupplyForm,
)
from .common import error_text, get_scoped, paginate, query_without, require

MAP_POINTS_LIMIT = 1000  # markers on one map; beyond that, filter the list

_WRITE_ERRORS = (ValidationError, PermissionDenied)


def _may_add_points(user: Any) -> bool:
    scope = scope_for(user)
    return bool(scope.edit_national or scope.edit_province_codes or scope.edit_commune_codes)


def _may_add_fairs(user: Any) -> bool:
    scope = scope_for(user)
    return bool(scope.edit_national or scope.edit_province_codes)


def _form_error(form: Any, exc: Exception) -> None:
    """Put a domain error on the form: per field when it names one, else form-wide."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error_text(exc))


# ------------------------------------------------------------------- sales points


@login_required
def point_list(request: HttpRequest) -> HttpResponse:
    qs = sales_points_for_user(request.user)
    filters = PointFilterForm(request.GET or None)
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            text = data["q"].strip()
            qs = qs.filter(
                Q(name__icontains=text)
                | Q(address_text__icontains=text)
                | Q(operator__icontains=text)
            )
        if data["kind"]:
            qs = qs.filter(kind=data["kind"])
        if data["status"]:
            qs = qs.filter(status=data["status"])
    located = qs.filter(latitude__isnull=False, longitude__isnull=False).order_by("name", "id")
    points = [
        {"lat": float(lat), "lng": float(lng), "label": name}
        for lat, lng, name in located.values_list("latitude", "longitude", "name")[
            :MAP_POINTS_LIMIT
        ]
        if lat is not None and lng is not None
    ]
    qs = qs.annotate(
        n_stocked=Count("stock", filter=Q(stock__consented_at__isnull=False), distinct=True),
        n_pending=Count("stock", filter=Q(stock__consented_at__isnull=True), distinct=True),
    )
    return render(
        request,
        "backoffice/promotion/point_list.html",
        {
            "page": paginate(request, qs.order_by("name", "id")),
            "filters": filters,
            "query": query_without(request, "page"),
            "points": points,
            "tiles": settings.MAP_TILES_URL,
            "attribution": settings.MAP_ATTRIBUTION,
            "may_add": _may_add_points(request.user),
        },
    )


@login_required
def point_create(request: HttpRequest) -> HttpResponse:
    require(_may_add_points(request.user))
    form = SalesPointForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            point = domain.create_sales_point(
                actor=request.user,
                fields=form.point_fields(),
                status=SalesPointStatus(form.cleaned_data["status"]),
            )
        except _WRITE_ERRORS as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã thêm điểm bán."))
            return redirect("backoffice:promo_point_detail", pk=point.pk)
    return render(request, "backoffice/promotion/point_form.html", {"form": form, "point": None})


@login_required
def point_edit(request: HttpRequest, pk: int) -> HttpResponse:
    point = get_scoped(sales_points_for_user(request.user), pk)
    require(domain.may_manage_point(request.user, point))
    form = SalesPointForm(request.POST or None, instance=point, user=request.user)
    if request.method == "POST" and form.is_valid():
        status = SalesPointStatus(form.cleaned_data["status"])
        try:
            domain.update_sales_point(actor=request.user, point=point, fields=form.point_fields())
            domain.set_sales_point_status(actor=request.user, point=point, status=status)
        except _WRITE_ERRORS as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã lưu điểm bán."))
            return redirect("backoffice:promo_point_detail", pk=point.pk)
    return render(request, "backoffice/promotion/point_form.html", {"form": form, "point": point})


@login_required
def point_detail(request: HttpRequest, pk: int) -> HttpResponse:
    point = get_scoped(sales_points_for_user(request.user), pk)
    may_manage = domain.may_manage_point(request.user, point)
    scope = scope_for(request.user)
    stock = [
        (s, s.product.producer_id in scope.producer_ids)
        for s in stock_for_user(request.user).filter(sales_point=point)
    ]
    labels = dict(SALES_POINT_CHECKLIST)
    return render(
        request,
        "backoffice/promotion/point_detail.html",
        {
            "point": point,
            "stock": stock,
            "checklist": [(labels[k], point.checklist.get(k, False)) for k in labels],
            "may_manage": may_manage,
            "add_form": StockAddForm(user=request.user) if may_manage else None,
            "paper_form": PaperConsentForm() if may_manage else None,
            "points": (
                [{"lat": float(point.latitude), "lng": float(point.longitude), "label": point.name}]
                if point.latitude is not None and point.longitude is not None
                else []
            ),
            "tiles": settings.MAP_TILES_URL,
            "attribution": settings.MAP_ATTRIBUTION,
            "history": AuditEntry.objects.for_object(point).order_by("-at")[:20],
        },
    )


@login_required
@require_POST
def stock_add(request: HttpRequest, pk: int) -> HttpResponse:
    point = get_scoped(sales_points_for_user(request.user), pk)
    form = StockAddForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            domain.add_stock(actor=request.user, point=point, product=form.cleaned_data["product"])
        except _WRITE_ERRORS as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request,
                _("Đã thêm sản phẩm; sản phẩm chỉ hiển thị tại điểm bán khi chủ thể đồng ý."),
            )
    else:
        messages.error(request, _("Chọn một sản phẩm."))
    return redirect("backoffice:promo_point_detail", pk=point.pk)


def _stock(request: HttpRequest, pk: int) -> Any:
    return get_scoped(
        stock_for_user(request.user).select_related("sales_point__commune", "product__commune"),
        pk,
    )


@login_required
@require_POST
def stock_consent(request: HttpRequest, pk: int) -> HttpResponse:
    stock = _stock(request, pk)
    try:
        domain.consent_to_stock(actor=request.user, stock=stock)
    except _WRITE_ERRORS as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã ghi nhận đồng ý của chủ thể."))
    return redirect("backoffice:promo_point_detail", pk=stock.sales_point_id)


@login_required
@require_POST
def stock_paper_consent(request: HttpRequest, pk: int) -> HttpResponse:
    stock = _stock(request, pk)
    form = PaperConsentForm(request.POST)
    if form.is_valid():
        try:
            domain.record_paper_consent(
                actor=request.user, stock=stock, note=form.cleaned_data["note"]
            )
        except _WRITE_ERRORS as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Đã ghi nhận văn bản đồng ý của chủ thể."))
    else:
        messages.error(request, _("Ghi rõ văn bản đồng ý của chủ thể (số, ngày)."))
    return redirect("backoffice:promo_point_detail", pk=stock.sales_point_id)


@login_required
@require_POST
def stock_remove(request: HttpRequest, pk: int) -> HttpResponse:
    stock = _stock(request, pk)
    point_id = stock.sales_point_id
    try:
        domain.remove_stock(actor=request.user, stock=stock, reason=request.POST.get("reason", ""))
    except _WRITE_ERRORS as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã bỏ sản phẩm khỏi điểm bán."))
    if get_scoped_or_none(sales_points_for_user(request.user), point_id):
        return redirect("backoffice:promo_point_detail", pk=point_id)
    return redirect("backoffice:promo_point_list")


def get_scoped_or_none(qs: Any, pk: int) -> Any:
    return qs.filter(pk=pk).first()


# -------------------------------------------------------------------------- fairs


@login_required
def fair_list(request: HttpRequest) -> HttpResponse:
    qs = fairs_for_user(request.user).annotate(
        n_producers=Count("producers", distinct=True), n_products=Count("products", distinct=True)
    )
    text = request.GET.get("q", "").strip()
    if text:
        qs = qs.filter(
            Q(name__icontains=text) | Q(place__icontains=text) | Q(organiser__icontains=text)
        )
    year = request.GET.get("year", "")
    if year.isdigit():
        qs = qs.filter(starts_on__year=int(year))
    return render(
        request,
        "backoffice/promotion/fair_list.html",
        {
            "page": paginate(request, qs.order_by("-starts_on", "-id")),
            "q": text,
            "year": year,
            "query": query_without(request, "page"),
            "may_add": _may_add_fairs(request.user),
        },
    )


def _fair_page(request: HttpRequest, fair: Any) -> HttpResponse:
    form = FairForm(request.POST or None, instance=fair, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in form.Meta.fields}
        try:
            if fair is None:
                fair = domain.create_fair(
                    actor=request.user,
                    fields=fields,
                    producers=list(data["producers"]),
                    products=list(data["products"]),
                )
            else:
                domain.update_fair(
                    actor=request.user,
                    fair=fair,
                    fields=fields,
                    producers=list(data["producers"]),
                    products=list(data["products"]),
                )
        except _WRITE_ERRORS as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã lưu hội chợ, sự kiện."))
            return redirect("backoffice:promo_fair_detail", pk=fair.pk)
    return render(request, "backoffice/promotion/fair_form.html", {"form": form, "fair": fair})


@login_required
def fair_create(request: HttpRequest) -> HttpResponse:
    require(_may_add_fairs(request.user))
    return _fair_page(request, None)


@login_required
def fair_edit(request: HttpRequest, pk: int) -> HttpResponse:
    fair = get_scoped(fairs_for_user(request.user), pk)
    require(domain.may_manage_fairs_in(request.user, province_code=fair.province_id))
    return _fair_page(request, fair)


@login_required
def fair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    fair = get_scoped(fairs_for_user(request.user), pk)
    may_manage = domain.may_manage_fairs_in(request.user, province_code=fair.province_id)
    form = FairResultsForm(
        request.POST or None,
        initial={
            "contracts_count": fair.contracts_count,
            "revenue_vnd": fair.revenue_vnd,
            "results_note": fair.results_note,
        },
    )
    if request.method == "POST":
        require(may_manage)
        if form.is_valid():
            try:
                domain.record_fair_results(actor=request.user, fair=fair, **form.cleaned_data)
            except _WRITE_ERRORS as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Đã ghi kết quả hội chợ."))
                return redirect("backoffice:promo_fair_detail", pk=fair.pk)
    return render(
        request,
        "backoffice/promotion/fair_detail.html",
        {
            "fair": fair,
            "producers": fair.producers.order_by("name"),
            "products": fair.products.select_related("producer").order_by("name"),
            "may_manage": may_manage,
            "form": form if may_manage else None,
        },
    )


# ------------------------------------------------------------ listings and supply


@login_required
def listing_list(request: HttpRequest) -> HttpResponse:
    qs = listings_for_user(request.user)
    filters = ListingFilterForm(request.GET or None)
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            text = data["q"].strip()
            qs = qs.filter(
                Q(product__name__icontains=text)
                | Q(product__producer__name__icontains=text)
                | Q(url__icontains=text)
            )
        if data["platform"]:
            qs = qs.filter(platform=data["platform"])
        if data["status"]:
            qs = qs.filter(status=data["status"])
    return render(
        request,
        "backoffice/promotion/listing_list.html",
        {
            "page": paginate(request, qs.order_by("product__name", "platform", "id")),
            "filters": filters,
            "query": query_without(request, "page"),
            "dead": ListingStatus.DEAD,
        },
    )


def _supply_initial(supply: SupplyCapacity | None) -> dict[str, Any]:
    if supply is None:
        return {"months": list(range(1, 13))}
    return {
        "months": supply.months,
        "monthly_volume": supply.monthly_volume,
        "unit": supply.unit,
        "minimum_order": supply.minimum_order,
        "certifications": supply.certifications,
        "certifications_note": supply.certifications_note,
        "export_ready": supply.export_ready,
        "export_markets": supply.export_markets,
    }


@login_required
def product_offer(request: HttpRequest, pk: int) -> HttpResponse:
    """One product's trade side: where it is listed online and what can be supplied."""
    product = get_scoped(
        products_for_user(request.user).select_related("producer", "commune__province"), pk
    )
    may_edit = domain.may_edit_offer(request.user, product)
    supply = SupplyCapacity.objects.filter(product=product).first()
    listing_form = ListingForm(
        request.POST if request.POST.get("form") == "listing" else None,
        instance=Listing(product=product),
    )
    supply_form = SupplyForm(
        request.POST if request.POST.get("form") == "supply" else None,
        initial=_supply_initial(supply),
    )
    if request.method == "POST":
        require(may_edit)
        if listing_form.is_bound and listing_form.is_valid():
            data = listing_form.cleaned_data
            try:
                domain.add_listing(
                    actor=request.user,
                    product=product,
                    platform=Platform(data["platform"]),
                    url=data["url"],
                    price_min=data["price_min"],
                    price_max=data["price_max"],
                )
            except _WRITE_ERRORS as exc:
                _form_error(listing_form, exc)
            else:
                messages.success(request, _("Đã thêm gian hàng."))
                return redirect("backoffice:promo_product_offer", pk=product.pk)
        if supply_form.is_bound and supply_form.is_valid():
            try:
                domain.set_supply_capacity(
                    actor=request.user, product=product, **supply_form.cleaned_data
                )
            except _WRITE_ERRORS as exc:
                _form_error(supply_form, exc)
            else:
                messages.success(request, _("Đã lưu năng lực cung ứng."))
                return redirect("backoffice:promo_product_offer", pk=product.pk)
    certification_labels = dict(Certification.choices)
    return render(
        request,
        "backoffice/promotion/product_offer.html",
        {
            "product": product,
            "listings": product.listings.order_by("platform", "id"),
            "supply": supply,
            "supply_certifications": [
                certification_labels.get(c, c) for c in (supply.certifications if supply else [])
            ],
            "may_edit": may_edit,
            "listing_form": listing_form,
            "supply_form": supply_form,
        },
    )


@login_required
def listing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    listing = get_scoped(listings_for_user(request.user).select_related("product__commune"), pk)
    require(domain.may_edit_offer(request.user, listing.product))
    form = ListingForm(request.POST or None, instance=listing)
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_listing(
                actor=request.user,
                listing=listing,
                fields={name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except _WRITE_ERRORS as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã lưu gian hàng."))
            return redirect("backoffice:promo_product_offer", pk=listing.product_id)
    return render(
        request, "backoffice/promotion/listing_form.html", {"form": form, "listing": listing}
    )


@login_required
@require_POST
def listing_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _listing_action(request, pk, domain.withdraw_listing, _("Đã gỡ gian hàng."))


@login_required
@require_POST
def listing_restore(request: HttpRequest, pk: int) -> HttpResponse:
    return _listing_action(request, pk, domain.restore_listing, _("Đã hiển thị lại gian hàng."))


def _listing_action(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    listing = get_scoped(listings_for_user(request.user).select_related("product__commune"), pk)
    try:
        action(actor=request.user, listing=listing, reason=request.POST.get("reason", ""))
    except _WRITE_ERRORS as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, done)
    return redirect("backoffice:promo_product_offer", pk=listing.product_id)


# ---------------------------------------------------------------------- inquiries


@login_required
def inquiry_list(request: HttpRequest) -> HttpResponse:
    scoped_qs = inquiries_for_user(request.user)
    qs = with_thread_counts(scoped_qs)
    filters = InquiryFilterForm(request.GET or None)
    status = ""
    if filters.is_valid():
        data = filters.cleaned_data
        status = data["status"]
        if data["q"]:
            text = data["q"].strip()
            qs = qs.filter(
                Q(product__name__icontains=text)
                | Q(buyer_organisation__icontains=text)
                | Q(contact_name__icontains=text)
            )
        if status:
            qs = qs.filter(status=status)
    counts = dict(
        scoped_qs.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return render(
        request,
        "backoffice/promotion/inquiry_list.html",
        {
            "page": paginate(request, qs.order_by("-created_at", "-id")),
            "filters": filters,
            "status": status,
            "tabs": [(code, label, counts.get(code, 0)) for code, label in InquiryStatus.choices],
            "total": sum(counts.values()),
            "revenue": contract_revenue(scoped_qs),
            "query": query_without(request, "page", "status"),
        },
    )


def _inquiry(request: HttpRequest, pk: int) -> Any:
    return get_scoped(inquiries_for_user(request.user), pk)


@login_required
def inquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = _inquiry(request, pk)
    may_handle = domain.may_handle_inquiry(request.user, inquiry)
    allowed = set(domain.allowed_transitions(inquiry)) if may_handle else set()
    return render(
        request,
        "backoffice/promotion/inquiry_detail.html",
        {
            "inquiry": inquiry,
            "thread": inquiry.messages.select_related("author"),
            "may_handle": may_handle,
            "is_open": inquiry.status != InquiryStatus.CLOSED,
            "reply_form": ReplyForm(),
            "contract_form": ContractForm() if InquiryStatus.CONTRACT in allowed else None,
            "close_form": CloseForm() if InquiryStatus.CLOSED in allowed else None,
            "may_negotiate": InquiryStatus.IN_NEGOTIATION in allowed,
            "history": AuditEntry.objects.for_object(inquiry).order_by("-at")[:20],
        },
    )


def _inquiry_action(request: HttpRequest, pk: int, form_class: Any, write: Any, done: str) -> Any:
    inquiry = _inquiry(request, pk)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("backoffice:promo_inquiry_detail", pk=inquiry.pk)
    try:
        write(inquiry, form.cleaned_data if form is not None else {})
    except _WRITE_ERRORS as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, done)
    return redirect("backoffice:promo_inquiry_detail", pk=inquiry.pk)


@login_required
@require_POST
def inquiry_reply(request: HttpRequest, pk: int) -> HttpResponse:
    def write(inquiry: Any, data: dict[str, Any]) -> None:
        domain.answer_inquiry(actor=request.user, inquiry=inquiry, text=data["text"])

    return _inquiry_action(request, pk, ReplyForm, write, _("Đã gửi trả lời."))


@login_required
@require_POST
def inquiry_negotiate(request: HttpRequest, pk: int) -> HttpResponse:
    def write(inquiry: Any, data: dict[str, Any]) -> None:
        domain.start_negotiation(actor=request.user, inquiry=inquiry)

    return _inquiry_action(request, pk, None, write, _("Đã chuyển sang đàm phán."))


@login_required
@require_POST
def inquiry_contract(request: HttpRequest, pk: int) -> HttpResponse:
    def write(inquiry: Any, data: dict[str, Any]) -> None:
        domain.report_contract(
            actor=request.user,
            inquiry=inquiry,
            value_vnd=data["value_vnd"],
            signed_on=data["signed_on"],
        )

    return _inquiry_action(request, pk, ContractForm, write, _("Đã ghi nhận hợp đồng."))


@login_required
@require_POST
def inquiry_close(request: HttpRequest, pk: int) -> HttpResponse:
    def write(inquiry: Any, data: dict[str, Any]) -> None:
        domain.close_inquiry(actor=request.user, inquiry=inquiry, reason=data["reason"])

    return _inquiry_action(request, pk, CloseForm, write, _("Đã đóng yêu cầu."))
