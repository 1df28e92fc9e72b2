"""Administrative units: the current two levels and the legacy three levels.

Keyed by official code everywhere: names repeat across provinces (two "Xã Hồng
Thái"), codes are never reused (QĐ 19/2025/QĐ-TTg).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import CommuneType, LegacyCommuneType, LegacyDistrictType, ProvinceType


class Province(models.Model):
    """Tỉnh / thành phố trực thuộc trung ương (34 since 1 Jul 2025)."""

    code = models.CharField(_("mã"), max_length=2, primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    short_name = models.CharField(_("tên ngắn"), max_length=100)
    kind = models.CharField(_("loại"), max_length=20, choices=ProvinceType.choices)
    codename = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("tỉnh/thành phố")
        verbose_name_plural = _("tỉnh/thành phố")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    """Xã, phường, đặc khu (3,321 since 1 Jul 2025)."""

    code = models.CharField(_("mã"), max_length=5, primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    kind = models.CharField(_("loại"), max_length=20, choices=CommuneType.choices)
    province = models.ForeignKey(
        Province,
        verbose_name=_("tỉnh/thành phố"),
        on_delete=models.PROTECT,
        related_name="communes",
    )
    codename = models.CharField(max_length=100)
    name_folded = models.CharField(max_length=100, db_index=True)

    class Meta:
        verbose_name = _("xã/phường/đặc khu")
        verbose_name_plural = _("xã/phường/đặc khu")
        ordering = ["province_id", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        return f"{self.name}, {self.province.name}"


class LegacyProvince(models.Model):
    """A province as it was before 1 Jul 2025 (63 units)."""

    code = models.CharField(_("mã"), max_length=2, primary_key=True)
    name = models.CharField(_("tên"), max_length=100)

    class Meta:
        verbose_name = _("tỉnh (trước 2025)")
        verbose_name_plural = _("tỉnh (trước 2025)")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class LegacyDistrict(models.Model):
    """A district (huyện, quận, thị xã, thành phố thuộc tỉnh) that no longer exists."""

    code = models.CharField(_("mã"), max_length=3, primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    kind = models.CharField(_("loại"), max_length=20, choices=LegacyDistrictType.choices)
    province = models.ForeignKey(LegacyProvince, on_delete=models.PROTECT, related_name="districts")

    class Meta:
        verbose_name = _("huyện (trước 2025)")
        verbose_name_plural = _("huyện (trước 2025)")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}, {self.province.name}"


class LegacyCommune(models.Model):
    """A commune-level unit before 1 Jul 2025, with where it went (many-to-many)."""

    code = models.CharField(_("mã"), max_length=5, primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    kind = models.CharField(_("loại"), max_length=20, choices=LegacyCommuneType.choices)
    district = models.ForeignKey(LegacyDistrict, on_delete=models.PROTECT, related_name="communes")
    current_communes = models.ManyToManyField(
        Commune, through="CommuneMapping", related_name="legacy_communes"
    )

    class Meta:
        verbose_name = _("xã (trước 2025)")
        verbose_name_plural = _("xã (trước 2025)")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}, {self.district}"


class CommuneMapping(models.Model):
    """Old commune → new commune, as published with Resolution 202/2025/QH15."""

    legacy_commune = models.ForeignKey(LegacyCommune, on_delete=models.CASCADE)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE)
    is_partial = models.BooleanField(_("sáp nhập một phần"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["legacy_commune", "commune"], name="geo_mapping_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.legacy_commune_id} → {self.commune_id}"
