"""People and what they may do, where.

A person may hold several roles, each for one area: national, a province, a
commune, or (for a producer account) one producer. Scoping reads these rows.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from ocop.core.models import TimeStampedModel

from .enums import Role


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="accounts_user_email_unique_ci"
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.get_username()


class RoleAssignment(TimeStampedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("tỉnh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    commune = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("xã"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    producer = models.ForeignKey(
        "registry.Producer",
        verbose_name=_("chủ thể"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    is_active = models.BooleanField(_("đang hiệu lực"), default=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.CheckConstraint(
                name="accounts_role_area_matches_role",
                condition=(
                    Q(
                        # The centre's council, advisory team and inspectors are national.
                        role__in=[
                            Role.SYSADMIN,
                            Role.MAE_OFFICER,
                            Role.COUNCIL_MEMBER,
                            Role.ADVISOR,
                            Role.INSPECTOR,
                        ],
                        province__isnull=True,
                        commune__isnull=True,
                        producer__isnull=True,
                    )
                    | Q(
                        role__in=[
                            Role.PROVINCE_OFFICER,
                            Role.COUNCIL_MEMBER,
                            Role.ADVISOR,
                            Role.INSPECTOR,
                        ],
                        province__isnull=False,
                        commune__isnull=True,
                        producer__isnull=True,
                    )
                    | Q(
                        role=Role.COMMUNE_OFFICER,
                        province__isnull=True,
                        commune__isnull=False,
                        producer__isnull=True,
                    )
                    | Q(
                        role=Role.PRODUCER,
                        province__isnull=True,
                        commune__isnull=True,
                        producer__isnull=False,
                    )
                ),
            ),
            # One assignment per (person, role, area); NULL areas need their own rule
            # because SQLite cannot treat NULLs as equal in a unique constraint.
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(province__isnull=True, commune__isnull=True, producer__isnull=True),
                name="accounts_role_unique_national",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "province"],
                condition=Q(province__isnull=False),
                name="accounts_role_unique_province",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "commune"],
                condition=Q(commune__isnull=False),
                name="accounts_role_unique_commune",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "producer"],
                condition=Q(producer__isnull=False),
                name="accounts_role_unique_producer",
            ),
        ]

    def __str__(self) -> str:
        area = self.commune or self.province or self.producer or _("Toàn quốc")
        return f"{self.get_role_display()} — {area}"


class TwoFactor(TimeStampedModel):
    """A person's TOTP authenticator (RFC 6238). The shared secret is stored encrypted
    (``accounts.twofactor.encrypt``), never in clear, never in the audit log; it is active
    once ``confirmed_at`` is set (the person typed a code from the app)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="two_factor")
    secret_encrypted = models.TextField(_("khoá bí mật (đã mã hoá)"))
    confirmed_at = models.DateTimeField(_("kích hoạt lúc"), null=True, blank=True)
    # The last 30-second step accepted: a code is never accepted twice (replay).
    last_step = models.BigIntegerField(_("bước thời gian cuối"), default=0)

    class Meta:
        verbose_name = _("xác thực hai bước")
        verbose_name_plural = _("xác thực hai bước")

    def __str__(self) -> str:
        return f"2FA {self.user}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(models.Model):
    """One-time codes for a lost phone, stored only as keyed hashes."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(_("mã băm"), max_length=64)
    used_at = models.DateTimeField(_("đã dùng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã khôi phục")
        verbose_name_plural = _("mã khôi phục")
        constraints = [
            models.UniqueConstraint(fields=["user", "code_hash"], name="accounts_recovery_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ••••"
