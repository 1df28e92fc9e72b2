"""API tokens for machine clients (the national portal, e-commerce platforms).

Only a hash of the secret is stored: the secret itself is shown once, when the token is
created. The visible ``prefix`` lets an administrator tell tokens apart in lists and logs.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import TokenAccess, TokenScope


class ApiToken(models.Model):
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(_("tiền tố"), max_length=12, unique=True)
    secret_hash = models.CharField(_("mã băm"), max_length=64, unique=True, editable=False)
    scope = models.CharField(_("phạm vi"), max_length=10, choices=TokenScope.choices)
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("tỉnh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    commune = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("xã"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    producer = models.ForeignKey(
        "registry.Producer",
        verbose_name=_("chủ thể"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    access = models.CharField(
        _("quyền"), max_length=5, choices=TokenAccess.choices, default=TokenAccess.READ
    )
    # The account the token acts as: the audit log names it on every write made with the
    # token. It has no password and no role; its scope comes from the token alone.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản dịch vụ"),
        on_delete=models.PROTECT,
        related_name="api_token",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="api_token_area_matches_scope",
                condition=(
                    Q(
                        scope=TokenScope.NATIONAL,
                        province__isnull=True,
                        commune__isnull=True,
                        producer__isnull=True,
                    )
                    | Q(
                        scope=TokenScope.PROVINCE,
                        province__isnull=False,
                        commune__isnull=True,
                        producer__isnull=True,
                    )
                    | Q(
                        scope=TokenScope.COMMUNE,
                        province__isnull=True,
                        commune__isnull=False,
                        producer__isnull=True,
                    )
                    | Q(
                        scope=TokenScope.PRODUCER,
                        province__isnull=True,
                        commune__isnull=True,
                        producer__isnull=False,
                    )
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def may_write(self) -> bool:
        return self.access == TokenAccess.WRITE
