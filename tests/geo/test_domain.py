import pytest

from ocop.geo.domain import load_units
from ocop.geo.enums import CommuneType
from ocop.geo.models import (
    Commune,
    CommuneMapping,
    LegacyCommune,
    LegacyDistrict,
    LegacyProvince,
    Province,
)
from ocop.geo.queries import current_communes_for, current_provinces_for


@pytest.mark.django_db
def test_units_have_the_official_counts():
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321
    assert LegacyProvince.objects.count() == 63
    assert LegacyDistrict.objects.count() == 696
    assert LegacyCommune.objects.count() == 10051
    assert Commune.objects.filter(kind=CommuneType.SPECIAL_ZONE).count() == 13


@pytest.mark.django_db
def test_codes_are_zero_padded_and_names_repeat_across_provinces():
    assert Province.objects.get(code="01").name == "Thành phố Hà Nội"
    assert Commune.objects.get(code="00004").name == "Phường Ba Đình"
    tan_tien = Commune.objects.filter(name="Xã Tân Tiến")
    assert tan_tien.count() == 7
    assert tan_tien.values("province").distinct().count() == 7


@pytest.mark.django_db
def test_load_units_twice_changes_nothing():
    before = CommuneMapping.objects.count()
    counts = load_units()
    assert (counts.provinces, counts.communes) == (34, 3321)
    assert (counts.legacy_provinces, counts.legacy_districts, counts.legacy_communes) == (
        63,
        696,
        10051,
    )
    assert CommuneMapping.objects.count() == before
    assert str(counts).startswith(
        "34 provinces, 3321 communes; legacy: 63 provinces, 696 districts, 10051 communes"
    )


@pytest.mark.django_db
def test_old_commune_maps_to_current_commune():
    # Phường Đông Thành of the former Thành phố Hoa Lư is now part of Phường Hoa Lư.
    old = LegacyCommune.objects.get(code="14320")
    assert old.name == "Phường Đông Thành"
    assert old.district.name == "Thành phố Hoa Lư"
    assert [c.code for c in current_communes_for(legacy_commune="14320")] == ["14329"]


@pytest.mark.django_db
def test_split_commune_maps_to_several_current_communes():
    # Some legacy communes were divided between several current communes.
    partial = CommuneMapping.objects.filter(is_partial=True).values_list(
        "legacy_commune_id", flat=True
    )
    code = next(
        c for c in partial if CommuneMapping.objects.filter(legacy_commune_id=c).count() > 1
    )
    assert (
        current_communes_for(legacy_commune=code).count()
        == CommuneMapping.objects.filter(legacy_commune_id=code).count()
    )
    assert current_communes_for(legacy_commune=code).count() > 1


@pytest.mark.django_db
def test_legacy_province_maps_to_merged_province():
    # Former Hà Nam (35) and Nam Định (36) are now part of Ninh Bình (37).
    assert [p.code for p in current_provinces_for(legacy_province="35")] == ["37"]
    assert [p.code for p in current_provinces_for(legacy_province="36")] == ["37"]


@pytest.mark.django_db
def test_legacy_district_maps_to_the_communes_that_cover_it():
    district = LegacyDistrict.objects.get(name="Thành phố Hoa Lư")
    codes = {c.code for c in current_communes_for(legacy_district=district.code)}
    assert "14329" in codes
    assert all(c.startswith("1") for c in codes)
    assert Commune.objects.filter(code__in=codes).exclude(province_id="37").count() == 0
