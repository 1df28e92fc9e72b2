from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSADMIN = "sysadmin", _("Quản trị hệ thống")
    MAE_OFFICER = "mae_officer", _("Cán bộ OCOP Trung ương (Bộ NN&MT)")
    PROVINCE_OFFICER = "province_officer", _("Cán bộ OCOP tỉnh")
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ xã")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng đánh giá")
    ADVISOR = "advisor", _("Thành viên Tổ tư vấn")
    INSPECTOR = "inspector", _("Cán bộ kiểm tra, giám sát")
    PRODUCER = "producer", _("Chủ thể OCOP")


class AreaLevel(models.TextChoices):
    NATIONAL = "national", _("Toàn quốc")
    PROVINCE = "province", _("Tỉnh")
    COMMUNE = "commune", _("Xã")
    PRODUCER = "producer", _("Chủ thể")


# Which area a role is usually held for; council members, advisors and inspectors may
# also be national (the centre's). The database constraint enforces the allowed shapes.
ROLE_AREA = {
    Role.SYSADMIN: AreaLevel.NATIONAL,
    Role.MAE_OFFICER: AreaLevel.NATIONAL,
    Role.PROVINCE_OFFICER: AreaLevel.PROVINCE,
    Role.COMMUNE_OFFICER: AreaLevel.COMMUNE,
    Role.COUNCIL_MEMBER: AreaLevel.PROVINCE,
    Role.ADVISOR: AreaLevel.PROVINCE,
    Role.INSPECTOR: AreaLevel.PROVINCE,
    Role.PRODUCER: AreaLevel.PRODUCER,
}

# Roles that may create and edit registry records inside their area.
REGISTRY_EDITORS = frozenset(
    {Role.SYSADMIN, Role.MAE_OFFICER, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER}
)
