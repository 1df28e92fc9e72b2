"""Reads of supervision: plans, reports, open warnings and revocation proposals."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from ocop.accounts.scope import scope_for

from .enums import Measure
from .models import Finding, Inspection, InspectionPlan, ProducerStop, PublicReport


def pending_revocations(*, certificates: QuerySet[Any]) -> QuerySet[Finding]:
    """Findings proposing revocation of certificates not yet revoked, oldest first."""
    return (
        Finding.objects.filter(
            measure=Measure.REVOCATION,
            inspection__certificate__in=certificates,
            inspection__certificate__revoked_on__isnull=True,
        )
        .select_related("inspection__certificate__product")
        .order_by("inspection__inspected_on", "id")
    )


def is_overdue(finding: Finding, *, today: date) -> bool:
    from .domain import revocation_due

    return today > revocation_due(finding)


def plans_for_user(user: Any) -> QuerySet[InspectionPlan]:
    scope = scope_for(user)
    qs = InspectionPlan.objects.select_related("province")
    if scope.national:
        return qs
    return qs.filter(province_id__in=sorted(scope.province_codes))


def reports_for_user(user: Any) -> QuerySet[PublicReport]:
    """Reports of the user's provinces; reports naming no known product go to national staff."""
    scope = scope_for(user)
    qs = PublicReport.objects.select_related("product", "certificate", "province", "plan")
    if scope.national:
        return qs
    return qs.filter(province_id__in=sorted(scope.province_codes))


def plan_certificates(*, plan: InspectionPlan, today: date) -> QuerySet[Any]:
    """The certificates in force that the plan covers, with whether each was inspected."""
    from ocop.certification.models import Certificate
    from ocop.certification.queries import active

    covered = Q(product__in=plan.products.all()) | Q(producer__in=plan.producers.all())
    return (
        active(Certificate.objects.filter(covered), today=today)
        .select_related("product", "producer")
        .annotate(
            inspected=Exists(Inspection.objects.filter(plan=plan, certificate=OuterRef("pk")))
        )
        .order_by("product__name", "id")
    )


def open_warnings(*, certificates: QuerySet[Any]) -> QuerySet[Finding]:
    """Warnings whose fix has not been recorded, deadline first."""
    return (
        Finding.objects.filter(
            measure=Measure.WARNING,
            fixed_on__isnull=True,
            inspection__certificate__in=certificates,
            inspection__certificate__revoked_on__isnull=True,
        )
        .select_related("inspection__certificate__product")
        .order_by("fix_by", "id")
    )


def stop_revocations(*, certificates: QuerySet[Any]) -> list[tuple[Any, ProducerStop]]:
    """Certificates not yet revoked whose producer's stop was confirmed (ground đ)."""
    stops = {
        s.producer_id: s
        for s in ProducerStop.objects.filter(
            producer__in=certificates.values("producer_id")
        ).order_by("confirmed_on")
    }
    if not stops:
        return []
    pending = (
        certificates.filter(
            producer_id__in=stops, revoked_on__isnull=True, superseded_by__isnull=True
        )
        .select_related("product")
        .order_by("id")
    )
    return [(c, stops[c.producer_id]) for c in pending]


@dataclass(frozen=True)
class LifeEvent:
    """One line of a certificate's life, for its page."""

    on: date
    kind: str  # decision, issued, replaces, extended, inspection, finding, fixed, stop,
    #            expired, superseded, revoked — the template picks an icon by it
    text: str
    certificate_id: int | None = None
    inspection_id: int | None = None


def certificate_life(*, certificate: Any, today: date) -> list[LifeEvent]:
    """Decision, renewals, inspections, findings, fixes, revocation — oldest first."""
    from django.utils.translation import gettext as _

    c = certificate
    events = [
        LifeEvent(
            c.decision_date,
            "decision",
            _("Quyết định công nhận %(number)s — %(authority)s")
            % {"number": c.decision_number, "authority": c.authority},
        ),
        LifeEvent(
            c.issued_on,
            "issued",
            _("Cấp giấy chứng nhận %(number)s, %(star)s sao, hiệu lực đến %(until)s")
            % {"number": c.number, "star": c.star, "until": f"{c.expires_on:%d/%m/%Y}"},
        ),
    ]
    for earlier in c.product.certificates.filter(superseded_by=c):
        events.append(
            LifeEvent(
                c.issued_on,
                "replaces",
                _("Thay thế giấy chứng nhận %(number)s (%(star)s sao)")
                % {"number": earlier.number, "star": earlier.star},
                certificate_id=earlier.pk,
            )
        )
    if c.extended_until:
        events.append(
            LifeEvent(
                c.expires_on,
                "extended",
                _("Gia hạn chờ kết quả đánh giá lại đến %(until)s")
                % {"until": f"{c.extended_until:%d/%m/%Y}"},
            )
        )
    for inspection in c.inspections.prefetch_related("findings", "samples"):
        failed = [s for s in inspection.samples.all() if not s.passed]
        text = _("Kiểm tra %(kind)s") % {"kind": inspection.get_kind_display().lower()}
        if failed:
            text += " — " + _("mẫu không đạt: %(what)s") % {
                "what": ", ".join(s.indicators for s in failed)
            }
        events.append(
            LifeEvent(inspection.inspected_on, "inspection", text, inspection_id=inspection.pk)
        )
        for finding in inspection.findings.all():
            label = finding.get_measure_display() if finding.measure else _("Phát hiện")
            events.append(
                LifeEvent(
                    inspection.inspected_on,
                    "finding",
                    f"{label}: {finding.text}",
                    inspection_id=inspection.pk,
                )
            )
            if finding.fixed_on:
                events.append(
                    LifeEvent(
                        finding.fixed_on,
                        "fixed",
                        _("Đã khắc phục: %(text)s") % {"text": finding.text},
                        inspection_id=inspection.pk,
                    )
                )
    for stop in ProducerStop.objects.filter(producer_id=c.producer_id):
        events.append(
            LifeEvent(
                stop.confirmed_on,
                "stop",
                _("Xã xác nhận chủ thể ngừng sản xuất từ %(on)s")
                % {"on": f"{stop.stopped_on:%d/%m/%Y}"},
            )
        )
    if c.superseded_by_id:
        successor = c.superseded_by
        events.append(
            LifeEvent(
                successor.issued_on,
                "superseded",
                _("Được thay thế bởi giấy chứng nhận %(number)s (%(star)s sao)")
                % {"number": successor.number, "star": successor.star},
                certificate_id=successor.pk,
            )
        )
    elif c.revoked_on is None and c.expires_on < today:
        end = c.extended_until if c.extended_until and c.extended_until > c.expires_on else None
        if end is None or end < today:
            events.append(LifeEvent(end or c.expires_on, "expired", _("Hết hiệu lực")))
    if c.revoked_on:
        events.append(
            LifeEvent(
                c.revoked_on,
                "revoked",
                _("Thu hồi (%(ground)s), quyết định %(decision)s")
                % {"ground": c.get_revocation_ground_display(), "decision": c.revocation_decision},
            )
        )
    order = {"decision": 0, "issued": 1, "replaces": 2}
    return sorted(events, key=lambda e: (e.on, order.get(e.kind, 5)))
