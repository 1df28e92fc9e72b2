"""Reads over administrative units, including old → new mapping."""

from django.db.models import QuerySet

from .models import Commune, Province


def current_communes_for(
    *,
    legacy_commune: str | None = None,
    legacy_district: str | None = None,
    legacy_province: str | None = None,
) -> QuerySet[Commune]:
    """The current commune(s) that now cover a legacy commune, district or province.

    The mapping is many-to-many: an old commune split between two new ones returns
    both. Pass exactly one code.
    """
    given = [c for c in (legacy_commune, legacy_district, legacy_province) if c]
    if len(given) != 1:
        raise ValueError("Pass exactly one of legacy_commune, legacy_district, legacy_province")
    qs = Commune.objects.select_related("province")
    if legacy_commune:
        qs = qs.filter(legacy_communes__code=legacy_commune)
    elif legacy_district:
        qs = qs.filter(legacy_communes__district_id=legacy_district)
    else:
        qs = qs.filter(legacy_communes__district__province_id=legacy_province)
    return qs.distinct().order_by("code")


def current_provinces_for(*, legacy_province: str) -> QuerySet[Province]:
    """The current province(s) a legacy province was merged into."""
    return (
        Province.objects.filter(communes__legacy_communes__district__province_id=legacy_province)
        .distinct()
        .order_by("code")
    )
