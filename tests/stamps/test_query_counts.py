"""The stamp list runs a fixed number of queries, whatever the rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.stamps.models import StampBatch


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_batches(trade_item, lot, n):
    StampBatch.objects.bulk_create(
        StampBatch(trade_item=trade_item, lot=lot if i % 2 else None, requested_count=10)
        for i in range(n)
    )


def test_batch_list_query_count_is_constant(client, owner, trade_item, lot):
    client.force_login(owner)
    url = reverse("backoffice:stamps_batch_list")
    add_batches(trade_item, lot, 2)
    count_queries(client, url)  # the first request after login also refreshes the session
    few = count_queries(client, url)
    add_batches(trade_item, lot, 20)
    many = count_queries(client, url)
    assert few == many
    # session, user, role assignments (scope), count, page, and the session save
    # (savepoint, update, release)
    assert many == 8


def test_batch_detail_query_count_is_constant(client, owner, issued):
    client.force_login(owner)
    url = reverse("backoffice:stamps_batch_detail", args=[issued.pk])
    count_queries(client, url)
    first = count_queries(client, url)
    from ocop.stamps.models import StampSheet

    StampSheet.objects.bulk_create(
        StampSheet(batch=issued, format="svg", position_to=30) for _ in range(5)
    )
    assert count_queries(client, url) == first
