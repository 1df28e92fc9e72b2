"""Reads of stamps, always scoped to the person asking."""

from typing import Any

from django.db.models import Count, QuerySet

from ocop.accounts.scope import scoped

from .models import Stamp, StampBatch


def batches_for_user(user: Any) -> QuerySet[StampBatch]:
    """Batches of the products in the user's area, or of their own producer."""
    return scoped(
        StampBatch.objects.all(),
        user=user,
        commune_path="trade_item__product__commune",
        producer_path="trade_item__product__producer_id",
    )


def status_counts(batch: StampBatch) -> dict[str, int]:
    """``{status: count}`` for one batch (one grouped query over its index range)."""
    rows = Stamp.objects.filter(batch=batch).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows.order_by()}
