"""Where to buy a product, and buyer inquiries from the public (kết nối cung – cầu)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.core.ratelimit import hit, mark_limited
from ocop.promotion import domain as promotion
from ocop.promotion.enums import BuyerKind
from ocop.promotion.models import Fair
from ocop.promotion.queries import active_listings_for_product, open_points_for_product
from ocop.registry.models import Product

from .web import BotTrapForm


def where_to_buy_html(product: Product) -> str:
    """Sales points that stock it (with the producer's consent), listings, coming fairs.

    Rendered per request, outside the cached product page, because stock and listings
    change independently of the product and its certificate.
    """
    points = list(open_points_for_product(product))
    fairs = Fair.objects.filter(products=product, ends_on__gte=timezone.localdate()).order_by(
        "starts_on"
    )
    return render_to_string(
        "public/_where_to_buy.html",
        {
            "points": points,
            "map_points": [
                {"lat": float(p.latitude), "lng": float(p.longitude), "label": p.name}
                for p in points
                if p.latitude is not None and p.longitude is not None
            ],
            "listings": list(active_listings_for_product(product)),
            "fairs": list(fairs),
            "tiles": settings.MAP_TILES_URL,
            "attribution": settings.MAP_ATTRIBUTION,
        },
    )


class InquiryForm(BotTrapForm):
    buyer_kind = forms.ChoiceField(label=_("Bạn là"), choices=BuyerKind.choices)
    contact_name = forms.CharField(label=_("Họ tên người liên hệ"), max_length=200)
    buyer_organisation = forms.CharField(
        label=_("Đơn vị (siêu thị, công ty…)"), max_length=300, required=False
    )
    contact_email = forms.EmailField(label=_("Thư điện tử"), required=False)
    contact_phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    quantity = forms.DecimalField(
        label=_("Số lượng cần"), required=False, min_value=Decimal("0"), max_digits=14
    )
    unit = forms.CharField(label=_("Đơn vị tính"), max_length=30, required=False)
    period = forms.CharField(label=_("Thời gian cần hàng"), max_length=200, required=False)
    destination = forms.CharField(label=_("Nơi giao hàng"), max_length=300, required=False)
    message = forms.CharField(
        label=_("Nội dung"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Trả lời"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


def _product(code: str) -> Product:
    from ocop.certification.queries import catalogue_products

    product = (
        catalogue_products(today=timezone.localdate())
        .select_related("producer")
        .filter(public_code=code)
        .first()
    )
    if product is None:
        raise Http404  # inquiries go only to products shown in the catalogue
    return product


def inquiry_new(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    product = _product(code)
    form = InquiryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_bot():
            return render(request, "public/inquiry_sent.html", {"inquiry": None})
        if not hit(request=request, name="inquiry"):
            form.add_error(None, _("Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau."))
            return mark_limited(
                render(request, "public/inquiry_form.html", {"form": form, "product": product}),
                name="inquiry",
            )
        data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        try:
            inquiry = promotion.submit_inquiry(product=product, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "public/inquiry_sent.html", {"inquiry": inquiry})
    return render(request, "public/inquiry_form.html", {"form": form, "product": product})


def inquiry_follow(request: HttpRequest, token: str) -> HttpResponse:
    """The buyer's page for one inquiry, reached only by its secret link."""
    inquiry = promotion.inquiry_by_token(token)
    if inquiry is None:
        raise Http404
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            promotion.buyer_reply(inquiry=inquiry, text=form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("public:inquiry_follow", token=token)
    context: dict[str, Any] = {
        "inquiry": inquiry,
        "thread": inquiry.messages.select_related("author"),
        "form": form,
    }
    response = render(request, "public/inquiry_follow.html", context)
    response["Cache-Control"] = "private, no-store"  # a secret link: never cache it
    response["Referrer-Policy"] = "no-referrer"
    return response
