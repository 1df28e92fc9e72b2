"""Each traceability list runs a fixed number of queries, whatever the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.traceability import domain
from tests.conftest import HOME_COMMUNE
from tests.traceability.helpers import document, make_chain, object_event

VIEWS = [
    "backoffice:trace_prefix_list",
    "backoffice:trace_trade_item_list",
    "backoffice:trace_lot_list",
    "backoffice:trace_location_list",
    "backoffice:trace_event_list",
]
_prefixes = iter(range(8931000, 8932000))


def add_rows(n):
    for _i in range(n):
        chain = make_chain(commune=HOME_COMMUNE, prefix=str(next(_prefixes)))
        domain.capture_document(
            document=document(
                object_event(chain["jar_lot"], readPoint={"id": "urn:ocop:vn:loc:x"}),
                object_event(chain["raw_lot"], step="shipping"),
            ),
            actor=None,
            producer=chain["producer"],
        )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("name", VIEWS)
def test_query_count_does_not_grow_with_rows(name, client, province_officer):
    client.force_login(province_officer)
    url = reverse(name)
    add_rows(2)
    client.get(url)
    few = count_queries(client, url)
    add_rows(15)
    many = count_queries(client, url)
    assert few == many


EXPECTED = {
    # Each includes 6 of the framework: session read, user, role assignments, and the
    # session save (savepoint, update, release); every page also asks "may write?" once.
    "backoffice:trace_prefix_list": 9,  # + count, page
    "backoffice:trace_trade_item_list": 9,  # + count, page (product and producer joined)
    "backoffice:trace_lot_list": 10,  # + trade-item filter choices, count, page
    "backoffice:trace_location_list": 9,  # + count, page
    "backoffice:trace_event_list": 11,  # + lot and trade-item filter choices, count, page
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
