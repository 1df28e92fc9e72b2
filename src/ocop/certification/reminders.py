"""Daily reminders about certificates: entering the re-evaluation window, 30 days before
expiry, and on expiry. Each is sent once (a database constraint), by e-mail and in-app,
to the producer's accounts and to the commune and provincial OCOP officers."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from ocop.accounts.enums import Role
from ocop.accounts.models import User
from ocop.core.audit import log_action

from .enums import ReminderKind
from .models import Certificate, Notification, Reminder
from .status import WINDOW_OPENS_DAYS

TEXTS = {
    ReminderKind.WINDOW: "Giấy chứng nhận OCOP {number} ({product}) hết hạn ngày {expires}: "
    "đã đến thời hạn nộp hồ sơ đánh giá lại (từ 180 đến 120 ngày trước khi hết hạn).",
    ReminderKind.DAYS_30: "Giấy chứng nhận OCOP {number} ({product}) còn 30 ngày "
    "hết hạn ({expires}).",
    ReminderKind.EXPIRED: "Giấy chứng nhận OCOP {number} ({product}) đã hết hạn ngày {expires}.",
}


@dataclass(frozen=True)
class ReminderRun:
    sent: int
    recipients: int


def due_kind(certificate: Certificate, *, today: date) -> ReminderKind | None:
    """The most urgent reminder due today for an active certificate."""
    if today > certificate.expires_on:
        return ReminderKind.EXPIRED
    if today >= certificate.expires_on - timedelta(days=30):
        return ReminderKind.DAYS_30
    if today >= certificate.expires_on - timedelta(days=WINDOW_OPENS_DAYS):
        return ReminderKind.WINDOW
    return None


def recipients_for(certificate: Certificate) -> list[User]:
    commune = certificate.product.commune
    return list(
        User.objects.filter(
            Q(role_assignments__role=Role.PRODUCER, role_assignments__producer=certificate.producer)
            | Q(role_assignments__role=Role.COMMUNE_OFFICER, role_assignments__commune=commune)
            | Q(
                role_assignments__role=Role.PROVINCE_OFFICER,
                role_assignments__province_id=commune.province_id,
            ),
            role_assignments__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("username")
    )


def _send(certificate: Certificate, *, kind: ReminderKind, actor: Any) -> int:
    text = TEXTS[kind].format(
        number=certificate.number,
        product=certificate.product.name,
        expires=f"{certificate.expires_on:%d/%m/%Y}",
    )
    people = recipients_for(certificate)
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                certificate=certificate, kind=kind, recipients=[u.username for u in people]
            )
    except IntegrityError:
        return -1  # already sent (another worker, or an earlier run)
    url = reverse("backoffice:certificate_detail", kwargs={"pk": certificate.pk})
    Notification.objects.bulk_create([Notification(user=u, text=text, url=url) for u in people])
    emails = [u.email for u in people if u.email]
    if emails:
        send_mail(
            subject=f"[OCOP] {certificate.number}",
            message=f"{text}\n\n{settings.PUBLIC_BASE_URL}{url}",
            from_email=None,
            recipient_list=emails,
        )
    log_action(
        action="ocop.certificate.reminded", obj=certificate, actor=actor, data={"kind": kind}
    )
    return len(people) if reminder else 0


def send_reminders(*, today: date, actor: Any = None) -> ReminderRun:
    """Send every reminder due today that has not been sent; safe to run many times."""
    sent = recipients = 0
    horizon = today + timedelta(days=WINDOW_OPENS_DAYS)
    candidates = (
        Certificate.objects.filter(superseded_by__isnull=True, revoked_on__isnull=True)
        .filter(expires_on__lte=horizon)
        .select_related("product__commune", "producer")
    )
    for certificate in candidates:
        kind = due_kind(certificate, today=today)
        if kind is None or certificate.reminders.filter(kind=kind).exists():
            continue
        count = _send(certificate, kind=kind, actor=actor)
        if count >= 0:
            sent += 1
            recipients += count
    return ReminderRun(sent=sent, recipients=recipients)
