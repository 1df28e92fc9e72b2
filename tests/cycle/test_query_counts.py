"""Each cycle list and the cycle view run the same number of queries whatever the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .helpers import build_data_set

VIEWS = [
    "backoffice:cycle_idea_list",
    "backoffice:cycle_plan_list",
    "backoffice:cycle_overview",
]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("name", VIEWS)
def test_query_count_does_not_grow_with_rows(client, province_officer, name):
    client.force_login(province_officer)
    url = reverse(name)
    build_data_set()
    client.get(url)  # warm the session and the scope
    few = count_queries(client, url)
    build_data_set()
    build_data_set()
    many = count_queries(client, url)
    assert many == few


@pytest.mark.django_db
def test_product_path_query_count_is_fixed(client, province_officer):
    client.force_login(province_officer)
    a = build_data_set()
    url = reverse("backoffice:cycle_product_path", args=[a.product_id])
    client.get(url)
    few = count_queries(client, url)
    from .helpers import full_path, new_idea

    b = full_path(new_idea("B2"))
    url = reverse("backoffice:cycle_product_path", args=[b.product_id])
    client.get(url)
    assert count_queries(client, url) == few
