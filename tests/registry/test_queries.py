import pytest

from ocop.registry.models import Producer, Product
from ocop.registry.queries import (
    documents_expiring,
    producers_for_user,
    products_for_user,
    search,
    similar_products,
)
from tests.conftest import HOME_COMMUNE, OTHER_COMMUNE_SAME_PROVINCE, OTHER_PROVINCE_COMMUNE
from tests.factories import make_producer, make_product, make_user


@pytest.fixture
def catalogue(db):
    home = make_producer(commune=HOME_COMMUNE, name="HTX Hoa Lư Xanh")
    other = make_producer(commune=OTHER_COMMUNE_SAME_PROVINCE, name="HTX Kim Sơn")
    far = make_producer(commune=OTHER_PROVINCE_COMMUNE, name="Công ty Ba Đình")
    return {
        "home": home,
        "other": other,
        "far": far,
        "honey": make_product(producer=home, name="Mật ong rừng"),
        "sugar": make_product(producer=home, name="Đường phèn"),
        "rice": make_product(producer=other, name="Gạo tám thơm"),
        "tea": make_product(producer=far, name="Chè Shan tuyết"),
    }


def names(qs):
    return sorted(qs.values_list("name", flat=True))


@pytest.mark.django_db
def test_search_without_diacritics(catalogue):
    products = Product.objects.all()
    assert names(search(products, "mat ong")) == ["Mật ong rừng"]
    assert names(search(products, "duong")) == ["Đường phèn"]
    assert names(search(products, "MẬT ONG")) == ["Mật ong rừng"]
    assert names(search(Producer.objects.all(), "hoa lu xanh")) == ["HTX Hoa Lư Xanh"]
    # Products are found by their producer's name too.
    assert names(search(products, "kim son")) == ["Gạo tám thơm"]
    assert names(search(products, "")) == names(products)


@pytest.mark.django_db
def test_scoping_by_role(catalogue, commune_officer, province_officer, other_province_officer):
    assert names(producers_for_user(commune_officer)) == ["HTX Hoa Lư Xanh"]
    assert names(products_for_user(commune_officer)) == ["Mật ong rừng", "Đường phèn"]
    assert names(producers_for_user(province_officer)) == ["HTX Hoa Lư Xanh", "HTX Kim Sơn"]
    assert names(products_for_user(other_province_officer)) == ["Chè Shan tuyết"]


@pytest.mark.django_db
def test_producer_account_sees_only_its_own(catalogue):
    account = make_user("chuthe", role="producer", producer=catalogue["other"])
    assert names(producers_for_user(account)) == ["HTX Kim Sơn"]
    assert names(products_for_user(account)) == ["Gạo tám thơm"]


@pytest.mark.django_db
def test_user_without_roles_sees_nothing(catalogue):
    nobody = make_user("nobody")
    assert producers_for_user(nobody).count() == 0
    assert products_for_user(nobody).count() == 0


@pytest.mark.django_db
def test_similar_products_within_producer_or_commune(catalogue):
    found = similar_products(
        name="Mat ong rung", producer=catalogue["home"], commune_code=HOME_COMMUNE
    )
    assert [p.name for p in found] == ["Mật ong rừng"]
    assert (
        similar_products(
            name="Mật ong rừng", producer=catalogue["far"], commune_code=OTHER_PROVINCE_COMMUNE
        )
        == []
    )
    assert (
        similar_products(name="Rượu nếp", producer=catalogue["home"], commune_code=HOME_COMMUNE)
        == []
    )


@pytest.mark.django_db
def test_documents_expiring_is_scoped_and_sorted(catalogue, commune_officer):
    from datetime import timedelta

    from django.utils import timezone

    from ocop.registry.models import EvidenceDocument

    today = timezone.localdate()
    for producer, days in [
        (catalogue["home"], 30),
        (catalogue["home"], -5),
        (catalogue["home"], 400),
        (catalogue["far"], 10),
    ]:
        EvidenceDocument.objects.create(
            producer=producer,
            doc_type="lab_test",
            file="x.pdf",
            content_type="application/pdf",
            sha256="0" * 64,
            expires_on=today + timedelta(days=days),
        )
    expiring = documents_expiring(commune_officer, within_days=90)
    assert [d.expires_on for d in expiring] == [
        today - timedelta(days=5),
        today + timedelta(days=30),
    ]
