"""Back-office pages for certificates: lists by expiry, a certificate's life, PDFs."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from ocop.certification.documents import certificates_pdf, verification_url
from ocop.certification.domain import may_revoke, revoke_certificate
from ocop.certification.enums import RevocationGround
from ocop.certification.queries import active, certificates_expiring, certificates_for_user
from ocop.certification.status import MAX_EXTENSION_DAYS
from ocop.core.models import AuditEntry
from ocop.evaluation.models import Decision
from ocop.evaluation.queries import rounds_for_user
from ocop.registry.queries import products_for_user, search
from ocop.supervision.domain import may_inspect, revocation_due
from ocop.supervision.queries import certificate_life, is_overdue, pending_revocations

from ..forms import DateInput
from .common import error_text, get_scoped, paginate, query_without, require

BUCKETS = (180, 120, 30)


@login_required
def certificate_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    base = certificates_for_user(request.user).select_related(
        "product__commune__province", "producer", "superseded_by"
    )
    qs = base
    within = request.GET.get("within", "")
    if within.isdigit():
        qs = certificates_expiring(qs, today=today, within=int(within))
    elif request.GET.get("expired") == "1":
        qs = active(qs, today=today).filter(expires_on__lt=today)
    star = request.GET.get("star", "")
    if star in {"3", "4", "5"}:
        qs = qs.filter(star=int(star))
    text = request.GET.get("q", "")
    if text:
        qs = qs.filter(product__in=search(products_for_user(request.user), text))
    counts = {d: certificates_expiring(base, today=today, within=d).count() for d in BUCKETS}
    in_force = active(base, today=today).filter(
        expires_on__gte=today - timedelta(days=MAX_EXTENSION_DAYS)
    )
    by_star = {
        row["star"]: row["n"]
        for row in in_force.filter(expires_on__gte=today).values("star").annotate(n=Count("id"))
    }
    proposals = [
        (f, revocation_due(f), is_overdue(f, today=today))
        for f in pending_revocations(certificates=base)[:20]
    ]
    return render(
        request,
        "backoffice/certificate/list.html",
        {
            "page": paginate(request, qs.order_by("expires_on", "id")),
            "counts": counts,
            "by_star": [(star, by_star.get(star, 0)) for star in (3, 4, 5)],
            "revoked_this_year": base.filter(revoked_on__year=today.year).count(),
            "proposals": proposals,
            "within": within,
            "star": star,
            "q": text,
            "query": query_without(request, "page"),
        },
    )


@login_required
def certificate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_scoped(
        certificates_for_user(request.user).select_related(
            "product__commune__province",
            "producer",
            "decision",
            "superseded_by",
            "criteria_version",
        ),
        pk,
    )
    return render(
        request,
        "backoffice/certificate/detail.html",
        {
            "c": certificate,
            "url": verification_url(certificate),
            "history": AuditEntry.objects.for_object(certificate).select_related("actor")[:100],
            "earlier": certificate.product.certificates.exclude(pk=certificate.pk).order_by(
                "-issued_on"
            ),
            "life": certificate_life(certificate=certificate, today=timezone.localdate()),
            "may_inspect": may_inspect(request.user, certificate),
            "revoke_form": RevocationForm(initial={"revoked_on": timezone.localdate()})
            if certificate.revoked_on is None and may_revoke(request.user, certificate)
            else None,
        },
    )


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_scoped(
        certificates_for_user(request.user).select_related(
            "product__commune__province", "producer__commune__province", "criteria_version"
        ),
        pk,
    )
    return _pdf(certificates_pdf([certificate]), f"giay-chung-nhan-{certificate.code}.pdf")


@login_required
def decision_certificates_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Bulk printing: every certificate of one decision."""
    decision = get_scoped(Decision.objects.filter(round__in=rounds_for_user(request.user)), pk)
    certificates = list(
        decision.certificates.select_related(
            "product__commune__province", "producer__commune__province", "criteria_version"
        ).order_by("number")
    )
    return _pdf(certificates_pdf(certificates), f"giay-chung-nhan-qd-{decision.pk}.pdf")


class RevocationForm(forms.Form):
    ground = forms.ChoiceField(label=_lazy("Căn cứ (Điều 8.1)"), choices=RevocationGround.choices)
    decision_number = forms.CharField(label=_lazy("Số quyết định thu hồi"), max_length=60)
    revoked_on = forms.DateField(label=_lazy("Ngày thu hồi"), widget=DateInput())
    reason = forms.CharField(label=_lazy("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}))


@login_required
@require_POST
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_scoped(
        certificates_for_user(request.user).select_related("product__commune"), pk
    )
    require(may_revoke(request.user, certificate))
    form = RevocationForm(request.POST)
    if form.is_valid():
        try:
            revoke_certificate(actor=request.user, certificate=certificate, **form.cleaned_data)
            messages.success(request, _("Đã thu hồi giấy chứng nhận."))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, _("Cần căn cứ, số quyết định, ngày và nội dung thu hồi."))
    return redirect("backoffice:certificate_detail", pk=certificate.pk)
