"""Each list and dashboard view runs a fixed number of queries, whatever the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import HOME_COMMUNE
from tests.factories import make_producer, make_product

VIEWS = [
    "backoffice:home",
    "backoffice:producer_list",
    "backoffice:product_list",
    "backoffice:documents_expiring",
]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_rows(n):
    from datetime import timedelta

    from django.utils import timezone

    from ocop.registry.models import EvidenceDocument

    for i in range(n):
        producer = make_producer(commune=HOME_COMMUNE)
        make_product(producer=producer, name=f"Mật ong {i}")
        EvidenceDocument.objects.create(
            producer=producer,
            doc_type="lab_test",
            file="x.pdf",
            content_type="application/pdf",
            sha256="0" * 64,
            expires_on=timezone.localdate() + timedelta(days=10),
        )


@pytest.mark.django_db
@pytest.mark.parametrize("name", VIEWS)
def test_query_count_does_not_grow_with_rows(name, client, province_officer):
    client.force_login(province_officer)
    url = reverse(name)
    add_rows(2)
    client.get(url)  # warm the session
    few = count_queries(client, url)
    add_rows(20)
    many = count_queries(client, url)
    assert few == many


EXPECTED = {
    # Each includes 4 of the framework: session read, user, role assignments, session save.
    "backoffice:home": 10,  # + status tally, producer count, expiring docs, their roles...
    "backoffice:producer_list": 10,  # + filter choices (2), count, page
    "backoffice:product_list": 12,  # + product sets (2), provinces, communes, count, page
    "backoffice:documents_expiring": 8,  # + count, page (with producer/product joined)
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", VIEWS)
def test_exact_query_count(name, client, province_officer, django_assert_num_queries):
    client.force_login(province_officer)
    add_rows(3)
    url = reverse(name)
    client.get(url)
    with django_assert_num_queries(EXPECTED[name]):
        assert client.get(url).status_code == 200
