"""Writes of trade promotion: sales points and their stock, fairs, e-commerce listings and
their link check, supply capacity, and buyer inquiries with their state machine.

Every function checks the actor's rights before writing (``actor=None`` is the system:
the demo loader, the nightly link check, a buyer on the public side) and logs through
``ocop.core``.
"""

import http.client
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.enums import Role
from ocop.accounts.scope import scope_for
from ocop.core.audit import log_action
from ocop.core.domain import create_audited, update_audited
from ocop.geo.models import Commune, Province
from ocop.registry.models import Producer, Product
from ocop.registry.rules import may_edit_product

from .enums import (
    SALES_POINT_CHECKLIST,
    BuyerKind,
    ConsentKind,
    InquiryStatus,
    ListingStatus,
    Platform,
    SalesPointStatus,
)
from .models import (
    Fair,
    Inquiry,
    InquiryMessage,
    Listing,
    SalesPoint,
    Stock,
    SupplyCapacity,
)

# ---------------------------------------------------------------------------- rights

# Officers who handle inquiries in their area (with the producer's own accounts). Council
# members, advisors and inspectors of a province have no business with buyers' contacts.
INQUIRY_OFFICERS = frozenset(
    {Role.SYSADMIN, Role.MAE_OFFICER, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER}
)


def may_manage_points_in(actor: Any, *, commune: Commune) -> bool:
    """Create and edit sales points in a commune: registry editors of that area."""
    return actor is None or scope_for(actor).may_edit_in(
        commune_code=commune.code, province_code=commune.province_id
    )


def may_manage_point(actor: Any, point: SalesPoint) -> bool:
    return may_manage_points_in(actor, commune=point.commune)


def may_manage_fairs_in(actor: Any, *, province_code: str) -> bool:
    """Fairs are organised by the province: its editors (and national staff)."""
    if actor is None:
        return True
    scope = scope_for(actor)
    return scope.edit_national or province_code in scope.edit_province_codes


def may_edit_offer(actor: Any, product: Product) -> bool:
    """Listings and supply capacity: whoever may edit the product (its producer, officers)."""
    return actor is None or bool(may_edit_product(actor, product))


def owns_product(actor: Any, product: Product) -> bool:
    return actor is not None and product.producer_id in scope_for(actor).producer_ids


def may_handle_inquiry(actor: Any, inquiry: Inquiry) -> bool:
    """The producer's accounts, and officers whose area covers the product's commune."""
    if actor is None:
        return True
    scope = scope_for(actor)
    if inquiry.producer_id in scope.producer_ids:
        return True
    officer = actor.is_superuser or bool(INQUIRY_OFFICERS & set(scope.roles))
    commune = inquiry.product.commune
    return officer and scope.covers_commune(
        commune_code=commune.code, province_code=commune.province_id
    )


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _only(fields: Mapping[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    return dict(fields)


# ----------------------------------------------------------------------- sales points

SALES_POINT_FIELDS = frozenset(
    {
        "name",
        "kind",
        "operator",
        "address_text",
        "commune",
        "latitude",
        "longitude",
        "opening_hours",
        "phone",
        "email",
        "checklist",
    }
)


def clean_checklist(checklist: Mapping[str, Any]) -> dict[str, bool]:
    """Every item of ``SALES_POINT_CHECKLIST`` as a bool; unknown items are refused."""
    keys = [key for key, _label in SALES_POINT_CHECKLIST]
    unknown = set(checklist) - set(keys)
    if unknown:
        raise ValidationError({"checklist": _("Tiêu chí không hợp lệ: %s") % sorted(unknown)})
    return {key: bool(checklist.get(key)) for key in keys}


@transaction.atomic
def create_sales_point(
    *,
    actor: Any,
    fields: Mapping[str, Any],
    status: SalesPointStatus = SalesPointStatus.PLANNED,
) -> SalesPoint:
    values = _only(fields, SALES_POINT_FIELDS)
    values["checklist"] = clean_checklist(values.get("checklist") or {})
    point = SalesPoint(**values, status=status, created_by=actor)
    _require(
        may_manage_points_in(actor, commune=point.commune),
        _("Bạn không có quyền quản lý điểm bán tại địa bàn này."),
    )
    return create_audited(obj=point, actor=actor, action="ocop.sales_point.created")


@transaction.atomic
def update_sales_point(
    *, actor: Any, point: SalesPoint, fields: Mapping[str, Any], reason: str = ""
) -> SalesPoint:
    """Change a point's details; moving it to another commune needs rights in both."""
    values = _only(fields, SALES_POINT_FIELDS)
    if "checklist" in values:
        values["checklist"] = clean_checklist(values["checklist"] or {})
    point = SalesPoint.objects.select_for_update().select_related("commune").get(pk=point.pk)
    message = _("Bạn không có quyền quản lý điểm bán tại địa bàn này.")
    _require(may_manage_point(actor, point), message)
    if "commune" in values and values["commune"] != point.commune:
        _require(may_manage_points_in(actor, commune=values["commune"]), message)
    return update_audited(
        obj=point, fields=values, actor=actor, action="ocop.sales_point.changed", reason=reason
    )


@transaction.atomic
def set_sales_point_status(
    *, actor: Any, point: SalesPoint, status: SalesPointStatus, reason: str = ""
) -> SalesPoint:
    """Open or close a point (planned → open → closed; a closed point may reopen)."""
    point = SalesPoint.objects.select_for_update().select_related("commune").get(pk=point.pk)
    _require(
        may_manage_point(actor, point), _("Bạn không có quyền quản lý điểm bán tại địa bàn này.")
    )
    return update_audited(
        obj=point,
        fields={"status": status},
        actor=actor,
        action="ocop.sales_point.status_changed",
        reason=reason,
    )


@transaction.atomic
def add_stock(*, actor: Any, point: SalesPoint, product: Product) -> Stock:
    """Put a product on a point's list; it shows as stocked once the producer consents."""
    _require(
        may_manage_point(actor, point), _("Bạn không có quyền quản lý điểm bán tại địa bàn này.")
    )
    if Stock.objects.filter(sales_point=point, product=product).exists():
        raise ValidationError(_("Sản phẩm này đã có trong danh sách của điểm bán."))
    stock = Stock(sales_point=point, product=product, added_by=actor)
    return create_audited(obj=stock, actor=actor, action="ocop.stock.added")


def _locked_stock(stock: Stock) -> Stock:
    return (
        Stock.objects.select_for_update()
        .select_related("sales_point__commune", "product__commune")
        .get(pk=stock.pk)
    )


@transaction.atomic
def consent_to_stock(*, actor: Any, stock: Stock) -> Stock:
    """The producer, signed in with its own account, agrees that the point sells it."""
    stock = _locked_stock(stock)
    _require(
        owns_product(actor, stock.product),
        _("Chỉ tài khoản của chủ thể mới đồng ý thay cho chủ thể."),
    )
    if stock.consented:
        raise ValidationError(_("Chủ thể đã đồng ý trước đó."))
    return update_audited(
        obj=stock,
        fields={
            "consent_kind": ConsentKind.ACCOUNT,
            "consented_at": timezone.now(),
            "consented_by": actor,
        },
        actor=actor,
        action="ocop.stock.consented",
    )


@transaction.atomic
def record_paper_consent(*, actor: Any, stock: Stock, note: str) -> Stock:
    """An officer records a consent the producer gave on paper, saying which paper."""
    stock = _locked_stock(stock)
    _require(
        may_manage_point(actor, stock.sales_point),
        _("Bạn không có quyền quản lý điểm bán tại địa bàn này."),
    )
    if stock.consented:
        raise ValidationError(_("Chủ thể đã đồng ý trước đó."))
    if not note.strip():
        raise ValidationError({"consent_note": _("Ghi rõ văn bản đồng ý của chủ thể (số, ngày).")})
    return update_audited(
        obj=stock,
        fields={
            "consent_kind": ConsentKind.PAPER,
            "consented_at": timezone.now(),
            "consented_by": actor,
            "consent_note": note.strip(),
        },
        actor=actor,
        action="ocop.stock.paper_consent_recorded",
    )


@transaction.atomic
def remove_stock(*, actor: Any, stock: Stock, reason: str = "") -> None:
    """Take a product off a point: the point's managers, or the producer withdrawing."""
    stock = _locked_stock(stock)
    _require(
        may_manage_point(actor, stock.sales_point) or owns_product(actor, stock.product),
        _("Bạn không có quyền thay đổi danh sách sản phẩm của điểm bán."),
    )
    log_action(
        action="ocop.stock.removed",
        obj=stock,
        actor=actor,
        data={"sales_point": stock.sales_point_id, "product": stock.product_id},
        reason=reason,
    )
    stock.delete()


# ------------------------------------------------------------------------------ fairs

FAIR_FIELDS = frozenset({"name", "starts_on", "ends_on", "place", "province", "organiser"})
FAIR_RESULT_FIELDS = frozenset({"contracts_count", "revenue_vnd", "results_note"})


def _set_participants(
    fair: Fair, *, producers: Iterable[Producer] | None, products: Iterable[Product] | None
) -> dict[str, list[int]]:
    """Replace the participants given; the ids of each new list, for the audit entry."""
    changed: dict[str, list[int]] = {}
    if products is not None:
        products = list(products)
        fair.products.set(products)
        changed["products"] = sorted(p.pk for p in products)
    if producers is not None or products is not None:
        # A product's producer takes part with it.
        wanted = {p.pk for p in producers} if producers is not None else None
        if wanted is None:
            wanted = set(fair.producers.values_list("pk", flat=True))
        wanted |= set(fair.products.values_list("producer_id", flat=True))
        fair.producers.set(sorted(wanted))
        changed["producers"] = sorted(wanted)
    return changed


@transaction.atomic
def create_fair(
    *,
    actor: Any,
    fields: Mapping[str, Any],
    producers: Sequence[Producer] = (),
    products: Sequence[Product] = (),
) -> Fair:
    values = _only(fields, FAIR_FIELDS)
    fair = Fair(**values, created_by=actor)
    province: Province = values["province"]
    _require(
        may_manage_fairs_in(actor, province_code=province.code),
        _("Bạn không có quyền quản lý hội chợ của tỉnh này."),
    )
    _check_fair_dates(starts_on=fair.starts_on, ends_on=fair.ends_on)
    fair = create_audited(obj=fair, actor=actor, action="ocop.fair.created")
    participants = _set_participants(fair, producers=producers, products=products)
    if participants:
        log_action(action="ocop.fair.participants_set", obj=fair, actor=actor, data=participants)
    return fair


def _check_fair_dates(*, starts_on: date | None, ends_on: date | None) -> None:
    # The constraint refuses it too, but only as a form-wide error; this names the field.
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("Ngày kết thúc phải sau ngày bắt đầu.")})


@transaction.atomic
def update_fair(
    *,
    actor: Any,
    fair: Fair,
    fields: Mapping[str, Any],
    producers: Sequence[Producer] | None = None,
    products: Sequence[Product] | None = None,
    reason: str = "",
) -> Fair:
    values = _only(fields, FAIR_FIELDS)
    fair = Fair.objects.select_for_update().get(pk=fair.pk)
    message = _("Bạn không có quyền quản lý hội chợ của tỉnh này.")
    _require(may_manage_fairs_in(actor, province_code=fair.province_id), message)
    if "province" in values:
        _require(may_manage_fairs_in(actor, province_code=values["province"].code), message)
    _check_fair_dates(
        starts_on=values.get("starts_on", fair.starts_on),
        ends_on=values.get("ends_on", fair.ends_on),
    )
    fair = update_audited(
        obj=fair, fields=values, actor=actor, action="ocop.fair.changed", reason=reason
    )
    participants = _set_participants(fair, producers=producers, products=products)
    if participants:
        log_action(action="ocop.fair.participants_set", obj=fair, actor=actor, data=participants)
    return fair


@transaction.atomic
def record_fair_results(
    *,
    actor: Any,
    fair: Fair,
    contracts_count: int,
    revenue_vnd: int | None,
    results_note: str = "",
) -> Fair:
    """The organiser's report after the fair: contracts signed, revenue reported."""
    fair = Fair.objects.select_for_update().get(pk=fair.pk)
    _require(
        may_manage_fairs_in(actor, province_code=fair.province_id),
        _("Bạn không có quyền quản lý hội chợ của tỉnh này."),
    )
    return update_audited(
        obj=fair,
        fields={
            "contracts_count": contracts_count,
            "revenue_vnd": revenue_vnd,
            "results_note": results_note,
        },
        actor=actor,
        action="ocop.fair.results_recorded",
    )


# ---------------------------------------------------------------------------- listings

LISTING_FIELDS = frozenset({"platform", "url", "price_min", "price_max"})


@transaction.atomic
def add_listing(
    *,
    actor: Any,
    product: Product,
    platform: Platform,
    url: str,
    price_min: int | None = None,
    price_max: int | None = None,
) -> Listing:
    _require(may_edit_offer(actor, product), _("Bạn không có quyền sửa sản phẩm này."))
    listing = Listing(
        product=product,
        platform=platform,
        url=url.strip(),
        price_min=price_min,
        price_max=price_max,
        created_by=actor,
    )
    return create_audited(obj=listing, actor=actor, action="ocop.listing.added")


def _locked_listing(listing: Listing) -> Listing:
    return (
        Listing.objects.select_for_update()
        .select_related("product__commune", "product__producer")
        .get(pk=listing.pk)
    )


@transaction.atomic
def update_listing(
    *, actor: Any, listing: Listing, fields: Mapping[str, Any], reason: str = ""
) -> Listing:
    """Change a listing; a new URL is checked afresh (a dead link becomes active again)."""
    values = _only(fields, LISTING_FIELDS)
    listing = _locked_listing(listing)
    _require(may_edit_offer(actor, listing.product), _("Bạn không có quyền sửa sản phẩm này."))
    if "url" in values:
        values["url"] = values["url"].strip()
        if values["url"] != listing.url:
            values.update(failures=0, last_status_code=None, last_error="", last_checked_at=None)
            if listing.status == ListingStatus.DEAD:
                values["status"] = ListingStatus.ACTIVE
    return update_audited(
        obj=listing, fields=values, actor=actor, action="ocop.listing.changed", reason=reason
    )


@transaction.atomic
def withdraw_listing(*, actor: Any, listing: Listing, reason: str = "") -> Listing:
    """The product is no longer sold there; the link stops being shown and checked."""
    listing = _locked_listing(listing)
    _require(may_edit_offer(actor, listing.product), _("Bạn không có quyền sửa sản phẩm này."))
    if listing.status == ListingStatus.WITHDRAWN:
        raise ValidationError(_("Liên kết đã được gỡ trước đó."))
    return update_audited(
        obj=listing,
        fields={"status": ListingStatus.WITHDRAWN},
        actor=actor,
        action="ocop.listing.withdrawn",
        reason=reason,
    )


@transaction.atomic
def restore_listing(*, actor: Any, listing: Listing, reason: str = "") -> Listing:
    """Show a withdrawn or dead link again (after the seller fixed it); checked afresh."""
    listing = _locked_listing(listing)
    _require(may_edit_offer(actor, listing.product), _("Bạn không có quyền sửa sản phẩm này."))
    if listing.status == ListingStatus.ACTIVE:
        raise ValidationError(_("Liên kết đang được hiển thị."))
    return update_audited(
        obj=listing,
        fields={"status": ListingStatus.ACTIVE, "failures": 0},
        actor=actor,
        action="ocop.listing.restored",
        reason=reason,
    )


# -------------------------------------------------------------------------- link check

USER_AGENT = "OCOP-link-check/1.0 (+https://ocop.gov.vn)"
LINK_TIMEOUT = 5.0  # seconds per request; a shop page that slow is as good as dead
DEAD_AFTER = 2  # consecutive failed nights: one failure may be the shop's bad minute
_CHUNK = 200


@dataclass(frozen=True)
class Probe:
    status_code: int | None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and self.status_code < 400


@dataclass
class LinkCheckRun:
    checked: int = 0
    ok: int = 0
    failed: int = 0
    dead: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"checked": self.checked, "ok": self.ok, "failed": self.failed, "dead": self.dead}


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects, but only to http(s): never to ftp:// or file://."""

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme not in {"http", "https"}:
            raise URLError(f"redirect to {urlsplit(newurl).scheme}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    # No HTTPCookieProcessor: the checker neither keeps nor sends cookies.
    return urllib.request.build_opener(_HttpOnlyRedirects)


def probe(url: str, *, timeout: float = LINK_TIMEOUT) -> Probe:
    """Ask for ``url`` with HEAD, and with GET when HEAD fails (many shops refuse HEAD)."""
    opener = _opener()
    result = Probe(None, "not tried")
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(
            url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"}
        )
        try:
            with opener.open(request, timeout=timeout) as response:
                result = Probe(response.status)
        except HTTPError as exc:
            result = Probe(exc.code, str(exc.reason)[:200])
            exc.close()
        except (URLError, OSError, http.client.HTTPException, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            result = Probe(None, f"{type(exc).__name__}: {reason}"[:200])
        if result.ok:
            return result
    return result


def check_links(
    *, now: datetime | None = None, timeout: float = LINK_TIMEOUT, workers: int = 8
) -> LinkCheckRun:
    """Request every active listing; mark dead those failing ``DEAD_AFTER`` runs in a row.

    Network requests run in a small thread pool outside any transaction; each result is
    then written in its own short transaction. Only the move to ``dead`` is audited:
    the time, status code and failure count of each check are bookkeeping.
    """
    now = now or timezone.now()
    run = LinkCheckRun()
    ids = list(
        Listing.objects.filter(status=ListingStatus.ACTIVE).order_by("id").values_list("id", "url")
    )
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            results = pool.map(lambda row: probe(row[1], timeout=timeout), chunk)
            for (pk, url), result in zip(chunk, results, strict=True):
                _record_check(pk=pk, url=url, result=result, now=now, run=run)
    return run


@transaction.atomic
def _record_check(*, pk: int, url: str, result: Probe, now: datetime, run: LinkCheckRun) -> None:
    listing = Listing.objects.select_for_update().filter(pk=pk).first()
    # Changed while we were asking (edited, withdrawn): this result is about another link.
    if listing is None or listing.url != url or listing.status != ListingStatus.ACTIVE:
        return
    run.checked += 1
    listing.failures = 0 if result.ok else listing.failures + 1
    listing.last_checked_at = now
    listing.last_status_code = result.status_code
    listing.last_error = "" if result.ok else result.error
    listing.save(update_fields=["failures", "last_checked_at", "last_status_code", "last_error"])
    if result.ok:
        run.ok += 1
        return
    run.failed += 1
    if listing.failures >= DEAD_AFTER:
        update_audited(
            obj=listing,
            fields={"status": ListingStatus.DEAD},
            actor=None,
            action="ocop.listing.dead",
            reason=_("Liên kết lỗi %(n)d lần kiểm tra liên tiếp (%(detail)s).")
            % {"n": listing.failures, "detail": result.status_code or result.error},
        )
        run.dead += 1


# ---------------------------------------------------------------------- supply capacity


@transaction.atomic
def set_supply_capacity(
    *,
    actor: Any,
    product: Product,
    months: Iterable[int],
    monthly_volume: Decimal | None = None,
    unit: str = "",
    minimum_order: Decimal | None = None,
    certifications: Iterable[str] = (),
    certifications_note: str = "",
    export_ready: bool = False,
    export_markets: str = "",
) -> SupplyCapacity:
    """Record (or replace) what the producer can supply of ``product``."""
    _require(may_edit_offer(actor, product), _("Bạn không có quyền sửa sản phẩm này."))
    values: dict[str, Any] = {
        "months_mask": SupplyCapacity.mask_of(months),
        "monthly_volume": monthly_volume,
        "unit": unit,
        "minimum_order": minimum_order,
        "certifications": sorted(set(certifications)),
        "certifications_note": certifications_note,
        "export_ready": export_ready,
        "export_markets": export_markets,
        "updated_by": actor,
    }
    existing = SupplyCapacity.objects.select_for_update().filter(product=product).first()
    if existing is None:
        return create_audited(
            obj=SupplyCapacity(product=product, **values),
            actor=actor,
            action="ocop.supply_capacity.recorded",
        )
    return update_audited(
        obj=existing, fields=values, actor=actor, action="ocop.supply_capacity.changed"
    )


# --------------------------------------------------------------------------- inquiries

# Which states each state may be reached from; "closed" from any open state.
TRANSITIONS: dict[str, frozenset[str]] = {
    InquiryStatus.ANSWERED: frozenset({InquiryStatus.NEW}),
    InquiryStatus.IN_NEGOTIATION: frozenset({InquiryStatus.ANSWERED}),
    InquiryStatus.CONTRACT: frozenset({InquiryStatus.IN_NEGOTIATION}),
    InquiryStatus.CLOSED: frozenset(
        {
            InquiryStatus.NEW,
            InquiryStatus.ANSWERED,
            InquiryStatus.IN_NEGOTIATION,
            InquiryStatus.CONTRACT,
        }
    ),
}


def allowed_transitions(inquiry: Inquiry) -> list[InquiryStatus]:
    return [InquiryStatus(to) for to, sources in TRANSITIONS.items() if inquiry.status in sources]


def _locked_inquiry(inquiry: Inquiry) -> Inquiry:
    return (
        Inquiry.objects.select_for_update()
        .select_related("product__commune", "producer")
        .get(pk=inquiry.pk)
    )


def _move(
    *,
    actor: Any,
    inquiry: Inquiry,
    to: InquiryStatus,
    action: str,
    fields: Mapping[str, Any] | None = None,
    reason: str = "",
) -> Inquiry:
    """The one place an inquiry's status changes: checks rights and the transition."""
    _require(may_handle_inquiry(actor, inquiry), _("Bạn không có quyền xử lý yêu cầu này."))
    if inquiry.status not in TRANSITIONS[to]:
        raise ValidationError(
            _("Không thể chuyển yêu cầu từ trạng thái “%(from)s” sang “%(to)s”.")
            % {"from": InquiryStatus(inquiry.status).label, "to": to.label}
        )
    return update_audited(
        obj=inquiry,
        fields={"status": to, **(fields or {})},
        actor=actor,
        action=action,
        reason=reason,
    )


def _ensure_open(inquiry: Inquiry) -> None:
    if inquiry.status == InquiryStatus.CLOSED:
        raise ValidationError(_("Yêu cầu đã đóng, không thể gửi thêm tin nhắn."))


def _clean_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Cần nhập nội dung tin nhắn.")})
    return text


@transaction.atomic
def submit_inquiry(
    *,
    product: Product,
    buyer_kind: BuyerKind,
    contact_name: str,
    message: str,
    buyer_organisation: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    quantity: Decimal | None = None,
    unit: str = "",
    period: str = "",
    destination: str = "",
) -> Inquiry:
    """A buyer's inquiry from the public side, routed to the product's producer.

    The caller (the public form) is responsible for spam protection and rate limiting;
    it shows the buyer the link ``/inquiry/<token>/`` to follow the inquiry.
    """
    if not (contact_email.strip() or contact_phone.strip()):
        raise ValidationError(_("Cần ít nhất một cách liên hệ: thư điện tử hoặc điện thoại."))
    inquiry = Inquiry(
        product=product,
        producer_id=product.producer_id,
        buyer_kind=buyer_kind,
        contact_name=contact_name.strip(),
        buyer_organisation=buyer_organisation.strip(),
        contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip(),
        quantity=quantity,
        unit=unit.strip(),
        period=period.strip(),
        destination=destination.strip(),
        message=message.strip(),
    )
    return create_audited(obj=inquiry, actor=None, action="ocop.inquiry.submitted")


def inquiry_by_token(token: str) -> Inquiry | None:
    """The inquiry a buyer's secret link points to, or None (also for malformed tokens)."""
    if not isinstance(token, str) or len(token) != 32:
        return None
    return (
        Inquiry.objects.select_related("product__producer", "producer").filter(token=token).first()
    )


@transaction.atomic
def buyer_reply(*, inquiry: Inquiry, text: str) -> InquiryMessage:
    """A message from the buyer, through their secret link."""
    inquiry = _locked_inquiry(inquiry)
    _ensure_open(inquiry)
    reply = InquiryMessage(inquiry=inquiry, from_buyer=True, text=_clean_text(text))
    return create_audited(obj=reply, actor=None, action="ocop.inquiry.buyer_replied")


@transaction.atomic
def answer_inquiry(*, actor: Any, inquiry: Inquiry, text: str) -> InquiryMessage:
    """A reply from the producer or an officer; the first reply moves new → answered."""
    inquiry = _locked_inquiry(inquiry)
    _require(may_handle_inquiry(actor, inquiry), _("Bạn không có quyền xử lý yêu cầu này."))
    _ensure_open(inquiry)
    reply = InquiryMessage(inquiry=inquiry, author=actor, text=_clean_text(text))
    reply = create_audited(obj=reply, actor=actor, action="ocop.inquiry.replied")
    if inquiry.status == InquiryStatus.NEW:
        _move(
            actor=actor, inquiry=inquiry, to=InquiryStatus.ANSWERED, action="ocop.inquiry.answered"
        )
    return reply


@transaction.atomic
def start_negotiation(*, actor: Any, inquiry: Inquiry, note: str = "") -> Inquiry:
    return _move(
        actor=actor,
        inquiry=_locked_inquiry(inquiry),
        to=InquiryStatus.IN_NEGOTIATION,
        action="ocop.inquiry.negotiation_started",
        reason=note,
    )


@transaction.atomic
def report_contract(
    *, actor: Any, inquiry: Inquiry, value_vnd: int, signed_on: date, note: str = ""
) -> Inquiry:
    """A contract came of the negotiation; its value counts towards the plan's indicators
    (revenue through distribution chains)."""
    if value_vnd is None or value_vnd <= 0:
        raise ValidationError({"contract_value_vnd": _("Giá trị hợp đồng phải lớn hơn 0.")})
    if signed_on > timezone.localdate():
        raise ValidationError({"contract_date": _("Ngày ký không được sau hôm nay.")})
    return _move(
        actor=actor,
        inquiry=_locked_inquiry(inquiry),
        to=InquiryStatus.CONTRACT,
        action="ocop.inquiry.contract_reported",
        fields={"contract_value_vnd": value_vnd, "contract_date": signed_on},
        reason=note,
    )


@transaction.atomic
def close_inquiry(*, actor: Any, inquiry: Inquiry, reason: str) -> Inquiry:
    """Close from any open state (no deal, done, spam); the reason is kept."""
    if not reason.strip():
        raise ValidationError({"closed_reason": _("Cần ghi lý do đóng yêu cầu.")})
    return _move(
        actor=actor,
        inquiry=_locked_inquiry(inquiry),
        to=InquiryStatus.CLOSED,
        action="ocop.inquiry.closed",
        fields={"closed_reason": reason.strip()[:300]},
        reason=reason,
    )
