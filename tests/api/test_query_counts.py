"""Every list endpoint costs the same number of queries for 1 row or 4 of each."""

import pytest

from ocop.api.enums import TokenScope
from ocop.geo.models import Province
from tests.api.conftest import bearer, seeded, token
from tests.conftest import HOME_COMMUNE, HOME_PROVINCE

pytestmark = pytest.mark.django_db

LISTS = [
    "provinces",
    "communes",
    "producers",
    "products",
    "criteria/versions",
    "criteria/sheets",
    "dossiers",
    "results",
    "certificates",
    "stamps/batches",
    "stamps",
    "stamps/scans",
    "epcis/events",
    "sales-points",
    "fairs",
    "listings",
    "inquiries",
    "plans",
    "open-data",
    "indicators",
]


def count_queries(client, raw, django_assert_max_num_queries, path):  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/api/v1/{path}/", **bearer(raw))
    assert response.status_code == 200, (path, response.content[:300])
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", LISTS)
def test_list_queries_do_not_grow_with_rows(
    client, django_capture_on_commit_callbacks, django_assert_max_num_queries, path
):  # type: ignore[no-untyped-def]
    raw = token(TokenScope.PROVINCE, province=Province.objects.get(code=HOME_PROVINCE))
    seeded(
        commune=HOME_COMMUNE,
        province=HOME_PROVINCE,
        prefix="8931234",
        capture=django_capture_on_commit_callbacks,
        n=1,
    )
    small = count_queries(client, raw, django_assert_max_num_queries, path)
    seeded(
        commune=HOME_COMMUNE,
        province=HOME_PROVINCE,
        prefix="8939876",
        capture=django_capture_on_commit_callbacks,
        n=4,
    )
    with django_assert_max_num_queries(small):
        response = client.get(f"/api/v1/{path}/", **bearer(raw))
    assert response.status_code == 200
