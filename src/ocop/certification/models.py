"""Certificates (giấy chứng nhận sản phẩm OCOP) and the reminders sent about them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.core.models import TimeStampedModel

from .enums import AuthorityLevel, ReminderKind, RevocationGround


class Certificate(TimeStampedModel):
    """Issued only by a recognition decision; its status is derived (see ``status.py``).

    ``code`` is the random public identifier printed on the certificate and in its QR
    code; ``signature`` (Ed25519) lets anyone check a printed certificate offline.
    """

    number = models.CharField(_("số giấy chứng nhận"), max_length=80)
    code = models.CharField(_("mã xác thực"), max_length=32, unique=True)
    signature = models.CharField(max_length=100)
    product = models.ForeignKey(
        "registry.Product", on_delete=models.PROTECT, related_name="certificates"
    )
    producer = models.ForeignKey(
        "registry.Producer", on_delete=models.PROTECT, related_name="certificates"
    )
    star = models.PositiveSmallIntegerField(_("hạng sao"))
    criteria_version = models.ForeignKey(
        "criteria.CriteriaVersion", on_delete=models.PROTECT, related_name="certificates"
    )
    authority = models.CharField(_("cơ quan cấp"), max_length=200)
    authority_level = models.CharField(
        _("cấp công nhận"), max_length=10, choices=AuthorityLevel.choices
    )
    decision = models.ForeignKey(
        "evaluation.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    issued_on = models.DateField(_("ngày cấp"))
    expires_on = models.DateField(_("ngày hết hạn"))
    # Set while a late re-evaluation is pending (Art. 12.3), at most 180 days past expiry.
    extended_until = models.DateField(_("gia hạn đến"), null=True, blank=True)
    superseded_by = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revocation_ground = models.CharField(
        _("căn cứ thu hồi"), max_length=2, choices=RevocationGround.choices, blank=True
    )
    revocation_decision = models.CharField(_("quyết định thu hồi"), max_length=60, blank=True)
    revocation_reason = models.TextField(_("nội dung thu hồi"), blank=True)

    class Meta:
        verbose_name = _("giấy chứng nhận OCOP")
        verbose_name_plural = _("giấy chứng nhận OCOP")
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["expires_on"]),
            models.Index(fields=["product", "-issued_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "number"], name="certification_number_unique"
            ),
            models.CheckConstraint(
                name="certification_star_3_to_5", condition=Q(star__gte=3, star__lte=5)
            ),
            models.CheckConstraint(
                name="certification_expiry_after_issue",
                condition=Q(expires_on__gt=models.F("issued_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.product} ({self.star}★)"

    @property
    def status(self) -> str:
        from .status import status_of

        return status_of(self, today=timezone.localdate())

    def get_status_display(self) -> str:
        from .enums import CertificateStatus

        return str(CertificateStatus(self.status).label)


class Reminder(TimeStampedModel):
    """A reminder sent about a certificate; one of each kind, ever (a database constraint)."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    recipients = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "kind"], name="certification_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.certificate.number}: {self.kind}"


class Notification(TimeStampedModel):
    """An in-app message (shown on the person's overview)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text
