from django.db import models
from django.utils.translation import gettext_lazy as _


class ProvinceType(models.TextChoices):
    PROVINCE = "tinh", _("Tỉnh")
    CITY = "thanh_pho", _("Thành phố trực thuộc trung ương")


class CommuneType(models.TextChoices):
    """Current (since 1 Jul 2025) commune-level units: xã, phường, đặc khu."""

    COMMUNE = "xa", _("Xã")
    WARD = "phuong", _("Phường")
    SPECIAL_ZONE = "dac_khu", _("Đặc khu")


class LegacyDistrictType(models.TextChoices):
    DISTRICT = "huyen", _("Huyện")
    URBAN_DISTRICT = "quan", _("Quận")
    TOWN = "thi_xa", _("Thị xã")
    CITY = "thanh_pho", _("Thành phố thuộc tỉnh")


class LegacyCommuneType(models.TextChoices):
    COMMUNE = "xa", _("Xã")
    WARD = "phuong", _("Phường")
    TOWNSHIP = "thi_tran", _("Thị trấn")
