"""Base model and the append-only audit log."""

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


def actor_field() -> "models.ForeignKey[Any]":
    """Who did it: kept as a nullable link so that deleting an account loses no record."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def gps_range(name: str, *, message: Any = None) -> models.CheckConstraint:
    """Latitude in [-90, 90] and longitude in [-180, 180], each optional (a place, a visit)."""
    from django.db.models import Q

    extra = {"violation_error_message": message} if message is not None else {}
    return models.CheckConstraint(
        name=name,
        condition=(Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90))
        & (Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180)),
        **extra,
    )


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit entry."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The audit log is append-only.")

    def for_object(self, obj: models.Model) -> "AuditEntryQuerySet":
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AuditEntry(models.Model):
    """One write in the system: who, when, what, which fields changed, and why.

    Rows are only ever inserted (see ``ocop.core.audit.log_action``); ``save`` on an
    existing row and every delete path raise ``AppendOnlyError``, and database triggers
    refuse UPDATE, DELETE and TRUNCATE (migration ``0002``) from any client.
    """

    # Set by ``log_action`` before the insert (not auto_now_add), because the hash covers it.
    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    # Kept as text so the entry still says who acted after the account is gone.
    actor_label = models.CharField(_("người thực hiện (tên)"), max_length=200, blank=True)
    action = models.CharField(_("hành động"), max_length=100, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=100)
    object_id = models.CharField(_("mã đối tượng"), max_length=64)
    object_repr = models.CharField(_("đối tượng"), max_length=300)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    data = models.JSONField(_("dữ liệu kèm theo"), default=dict, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    # The hash chain (``ocop.core.chain``): the previous entry's hash and this one's.
    prev_hash = models.CharField(_("mã băm trước"), max_length=64, blank=True)
    entry_hash = models.CharField(_("mã băm"), max_length=64, blank=True)

    objects: ClassVar[AuditEntryQuerySet] = AuditEntryQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("bản ghi nhật ký")
        verbose_name_plural = _("nhật ký hệ thống")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The audit log is append-only.")


class PersonalDataExport(models.Model):
    """One answered data-subject request (``ocop export_person``): what was searched (the
    identifier only as a keyed hash, so the register itself spreads no personal data), how
    many rows were exported and the file's checksum. Audited on creation."""

    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    kind = models.CharField(_("tìm theo"), max_length=10)  # email, phone, user
    subject_hash = models.CharField(_("mã băm định danh"), max_length=64)
    rows = models.PositiveIntegerField(_("số bản ghi"))
    file_sha256 = models.CharField(_("SHA-256 của tệp"), max_length=64)
    requested_by = models.CharField(_("người thực hiện"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("trích xuất dữ liệu cá nhân")
        verbose_name_plural = _("trích xuất dữ liệu cá nhân")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} ({self.rows})"
