"""Roles × views: who sees and changes what. Every denial also checks nothing changed
and that data which could leak was present."""

import pytest
from django.urls import reverse

from ocop.core.models import AuditEntry
from ocop.registry.models import Producer, Product

VISIBLE = {
    # role fixture: (producers visible, products visible)
    "sysadmin": (
        {"HTX Hoa Lư", "HTX Kim Sơn", "Công ty Ba Đình"},
        {"Mật ong Hoa Lư", "Gạo Kim Sơn", "Chè Ba Đình"},
    ),
    "province_officer": ({"HTX Hoa Lư", "HTX Kim Sơn"}, {"Mật ong Hoa Lư", "Gạo Kim Sơn"}),
    "commune_officer": ({"HTX Hoa Lư"}, {"Mật ong Hoa Lư"}),
    "council_member": ({"HTX Hoa Lư", "HTX Kim Sơn"}, {"Mật ong Hoa Lư", "Gạo Kim Sơn"}),
    "producer_account": ({"HTX Hoa Lư"}, {"Mật ong Hoa Lư"}),
    "other_province_officer": ({"Công ty Ba Đình"}, {"Chè Ba Đình"}),
}
ALL_PRODUCERS = {"HTX Hoa Lư", "HTX Kim Sơn", "Công ty Ba Đình"}
ALL_PRODUCTS = {"Mật ong Hoa Lư", "Gạo Kim Sơn", "Chè Ba Đình"}


def listed(response, names):
    body = response.content.decode()
    return {name for name in names if name in body}


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_lists_show_exactly_the_scope(role, request, world, login):
    client = login(request.getfixturevalue(role))
    producers, products = VISIBLE[role]
    response = client.get(reverse("backoffice:producer_list"))
    assert response.status_code == 200
    assert listed(response, ALL_PRODUCERS) == producers
    response = client.get(reverse("backoffice:product_list"))
    assert listed(response, ALL_PRODUCTS) == products


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_detail_pages_outside_scope_are_not_found(role, request, world, login):
    client = login(request.getfixturevalue(role))
    producers, products = VISIBLE[role]
    for key in ("home", "near", "far"):
        producer = world[key]
        response = client.get(reverse("backoffice:producer_detail", args=[producer.pk]))
        assert response.status_code == (200 if producer.name in producers else 404)
        product = world[f"{key}_product"]
        response = client.get(reverse("backoffice:product_detail", args=[product.pk]))
        assert response.status_code == (200 if product.name in products else 404)


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_exports_are_scoped(role, request, world, login):
    client = login(request.getfixturevalue(role))
    producers, _products = VISIBLE[role]
    response = client.get(reverse("backoffice:producer_list") + "?export=csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert {n for n in ALL_PRODUCERS if n in body} == producers


@pytest.mark.django_db
def test_commune_officer_cannot_edit_a_producer_of_another_commune(commune_officer, world, login):
    client = login(commune_officer)
    target = world["near"]
    response = client.post(
        reverse("backoffice:producer_edit", args=[target.pk]), {"name": "Hacked"}
    )
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.name == "HTX Kim Sơn"
    assert AuditEntry.objects.exclude(action__startswith="ocop.criteria.").count() == 0


@pytest.mark.django_db
def test_council_member_can_read_but_not_write(council_member, world, login):
    client = login(council_member)
    home = world["home"]
    assert client.get(reverse("backoffice:producer_detail", args=[home.pk])).status_code == 200
    assert client.get(reverse("backoffice:producer_edit", args=[home.pk])).status_code == 403
    response = client.post(
        reverse("backoffice:producer_status", args=[home.pk]),
        {"status": "stopped", "reason": "x"},
    )
    assert response.status_code == 403
    assert client.get(reverse("backoffice:producer_create")).status_code == 403
    home.refresh_from_db()
    assert home.status == "active"
    assert AuditEntry.objects.exclude(action__startswith="ocop.criteria.").count() == 0


@pytest.mark.django_db
def test_producer_account_cannot_register_producers_or_touch_others(producer_account, world, login):
    client = login(producer_account)
    assert client.get(reverse("backoffice:producer_create")).status_code == 403
    response = client.post(
        reverse("backoffice:product_status", args=[world["near_product"].pk]),
        {"status": "stopped", "reason": "x"},
    )
    assert response.status_code == 404
    assert Product.objects.get(pk=world["near_product"].pk).status == "registered"
    assert (
        client.get(reverse("backoffice:product_edit", args=[world["home_product"].pk])).status_code
        == 200
    )


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login(client, world):
    for name, args in [
        ("backoffice:home", []),
        ("backoffice:producer_list", []),
        ("backoffice:producer_detail", [world["home"].pk]),
        ("backoffice:product_list", []),
        ("backoffice:import_start", []),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert Producer.objects.count() == 3
