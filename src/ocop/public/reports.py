"""The public "report a problem" form, reachable from verification and scan pages."""

import re
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ocop.certification import codes
from ocop.certification.queries import by_code
from ocop.core.ratelimit import hit, mark_limited
from ocop.supervision.domain import submit_public_report
from ocop.supervision.enums import ReportKind

from .web import BotTrapForm

_DIGITAL_LINK_GTIN = re.compile(r"/01/(\d{14})(?:/|$)")


class PublicReportForm(BotTrapForm):
    kind = forms.ChoiceField(
        label=_("Bạn muốn phản ánh điều gì?"),
        choices=ReportKind.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    message = forms.CharField(
        label=_("Mô tả"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    place = forms.CharField(
        label=_("Nơi bạn thấy sản phẩm (cửa hàng, chợ, trang bán hàng)"),
        max_length=300,
        required=False,
    )
    code = forms.CharField(
        label=_("Mã trên sản phẩm hoặc giấy chứng nhận"), max_length=200, required=False
    )
    photo = forms.ImageField(label=_("Ảnh (không bắt buộc, tối đa 5 MB)"), required=False)
    contact = forms.CharField(
        label=_("Số điện thoại hoặc thư điện tử để cơ quan liên hệ lại (không bắt buộc)"),
        max_length=200,
        required=False,
        help_text=_("Chỉ cán bộ xử lý phản ánh thấy thông tin này; không công bố."),
    )


def reference_target(ref: str) -> tuple[Any, Any]:
    """(product, certificate) named by a certificate code or a GS1 Digital Link URI."""
    from ocop.traceability.models import TradeItem

    ref = ref.strip()
    match = _DIGITAL_LINK_GTIN.search(ref)
    if match:
        item = TradeItem.objects.select_related("product__commune").filter(gtin=match[1]).first()
        return (item.product if item else None), None
    code, _signature = codes.split_token(ref.rsplit("/", 1)[-1])
    certificate = by_code(code) if code else None
    return (certificate.product if certificate else None), certificate


def report(request: HttpRequest) -> HttpResponse:
    initial = {"code": request.GET.get("ref", ""), "kind": request.GET.get("kind", "")}
    form = PublicReportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if form.is_bot():
            # Answer as if accepted; saving a bot's text would only feed the triage queue.
            return render(request, "public/report_done.html")
        if not hit(request=request, name="public_report"):
            form.add_error(None, _("Bạn đã gửi quá nhiều phản ánh. Vui lòng thử lại sau."))
            return mark_limited(
                render(request, "public/report.html", {"form": form}), name="public_report"
            )
        product, certificate = reference_target(data["code"])
        try:
            submit_public_report(
                kind=ReportKind(data["kind"]),
                message=data["message"],
                code=data["code"],
                product=product,
                certificate=certificate,
                place=data["place"],
                photo=data["photo"],
                contact=data["contact"],
            )
        except forms.ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "public/report_done.html")
    return render(request, "public/report.html", {"form": form})
