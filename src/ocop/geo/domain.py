"""Loading administrative units from the ``vietnam-provinces`` package."""

from dataclasses import dataclass

from django.db import transaction

from ocop.core.text import fold

from .enums import CommuneType, LegacyCommuneType, LegacyDistrictType, ProvinceType
from .models import (
    Commune,
    CommuneMapping,
    LegacyCommune,
    LegacyDistrict,
    LegacyProvince,
    Province,
)

_PROVINCE_TYPES = {"tỉnh": ProvinceType.PROVINCE, "thành phố trung ương": ProvinceType.CITY}
_COMMUNE_TYPES = {
    "xã": CommuneType.COMMUNE,
    "phường": CommuneType.WARD,
    "đặc khu": CommuneType.SPECIAL_ZONE,
}
_LEGACY_DISTRICT_TYPES = {
    "huyện": LegacyDistrictType.DISTRICT,
    "quận": LegacyDistrictType.URBAN_DISTRICT,
    "thị xã": LegacyDistrictType.TOWN,
    "thành phố": LegacyDistrictType.CITY,
}
_LEGACY_COMMUNE_TYPES = {
    "xã": LegacyCommuneType.COMMUNE,
    "phường": LegacyCommuneType.WARD,
    "thị trấn": LegacyCommuneType.TOWNSHIP,
}
_PROVINCE_PREFIXES = ("Thành phố ", "Tỉnh ")


@dataclass(frozen=True)
class UnitCounts:
    provinces: int
    communes: int
    legacy_provinces: int
    legacy_districts: int
    legacy_communes: int
    mappings: int

    def __str__(self) -> str:
        return (
            f"{self.provinces} provinces, {self.communes} communes; legacy: "
            f"{self.legacy_provinces} provinces, {self.legacy_districts} districts, "
            f"{self.legacy_communes} communes; {self.mappings} old→new links"
        )


def _short(name: str) -> str:
    for prefix in _PROVINCE_PREFIXES:
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return name


def _upsert[M: (Province, Commune, LegacyProvince, LegacyDistrict, LegacyCommune)](
    model: type[M], objs: list[M], fields: list[str]
) -> None:
    model.objects.bulk_create(
        objs, update_conflicts=True, unique_fields=["code"], update_fields=fields, batch_size=2000
    )


@transaction.atomic
def load_units() -> UnitCounts:
    """Insert or update every unit; safe to run again (codes are the keys)."""
    from vietnam_provinces import Province as VnProvince
    from vietnam_provinces import Ward as VnWard

    # The package's public API gives the mapping without the "partly merged" flag,
    # which officials need to read old addresses; its conversion table has it.
    from vietnam_provinces._ward_conversion_2025 import NEW_TO_OLD
    from vietnam_provinces.legacy import District as OldDistrict
    from vietnam_provinces.legacy import Province as OldProvince
    from vietnam_provinces.legacy import Ward as OldWard

    provinces = [
        Province(
            code=f"{p.code.value:02d}",
            name=p.name,
            short_name=_short(p.name),
            kind=_PROVINCE_TYPES[p.division_type.value],
            codename=p.codename,
        )
        for p in VnProvince.iter_all()
    ]
    _upsert(Province, provinces, ["name", "short_name", "kind", "codename"])
    communes = [
        Commune(
            code=f"{w.code.value:05d}",
            name=w.name,
            kind=_COMMUNE_TYPES[w.division_type.value],
            province_id=f"{w.province_code.value:02d}",
            codename=w.codename,
            name_folded=fold(w.name),
        )
        for w in VnWard.iter_all()
    ]
    _upsert(Commune, communes, ["name", "kind", "province", "codename", "name_folded"])

    old_provinces = [
        LegacyProvince(code=f"{p.code.value:02d}", name=p.name) for p in OldProvince.iter_all()
    ]
    _upsert(LegacyProvince, old_provinces, ["name"])
    old_districts = [
        LegacyDistrict(
            code=f"{d.code.value:03d}",
            name=d.name,
            kind=_LEGACY_DISTRICT_TYPES[d.division_type.value],
            province_id=f"{d.province_code.value:02d}",
        )
        for d in OldDistrict.iter_all()
    ]
    _upsert(LegacyDistrict, old_districts, ["name", "kind", "province"])
    old_communes = [
        LegacyCommune(
            code=f"{w.code.value:05d}",
            name=w.name,
            kind=_LEGACY_COMMUNE_TYPES[w.division_type.value],
            district_id=f"{w.district_code.value:03d}",
        )
        for w in OldWard.iter_all()
    ]
    _upsert(LegacyCommune, old_communes, ["name", "kind", "district"])

    known_old = {c.code for c in old_communes}
    links = [
        CommuneMapping(
            legacy_commune_id=f"{old.code:05d}",
            commune_id=f"{entry.new_ward.code:05d}",
            is_partial=old.is_partly_merged,
        )
        for entry in NEW_TO_OLD.values()
        for old in entry.old_wards
        if f"{old.code:05d}" in known_old
    ]
    CommuneMapping.objects.bulk_create(links, ignore_conflicts=True, batch_size=2000)

    return UnitCounts(
        provinces=Province.objects.count(),
        communes=Commune.objects.count(),
        legacy_provinces=LegacyProvince.objects.count(),
        legacy_districts=LegacyDistrict.objects.count(),
        legacy_communes=LegacyCommune.objects.count(),
        mappings=CommuneMapping.objects.count(),
    )
