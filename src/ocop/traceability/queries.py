"""Reusable reads of traceability data, always scoped to the person asking.

Everything belongs to a producer (chủ thể), so every query narrows by the producer's
commune for officers and by the producer itself for a producer account.
"""

from typing import Any

from django.db.models import Q, QuerySet

from ocop.accounts.scope import scoped

from .models import CompanyPrefix, Event, Location, Lot, TradeItem


def prefixes_for_user(user: Any) -> QuerySet[CompanyPrefix]:
    return scoped(
        CompanyPrefix.objects.all(),
        user=user,
        commune_path="producer__commune",
        producer_path="producer_id",
    )


def trade_items_for_user(user: Any) -> QuerySet[TradeItem]:
    return scoped(
        TradeItem.objects.all(),
        user=user,
        commune_path="product__producer__commune",
        producer_path="product__producer_id",
    )


def lots_for_user(user: Any) -> QuerySet[Lot]:
    return scoped(
        Lot.objects.all(),
        user=user,
        commune_path="trade_item__product__producer__commune",
        producer_path="trade_item__product__producer_id",
    )


def locations_for_user(user: Any) -> QuerySet[Location]:
    return scoped(
        Location.objects.all(),
        user=user,
        commune_path="producer__commune",
        producer_path="producer_id",
    )


def events_for_user(user: Any) -> QuerySet[Event]:
    return scoped(
        Event.objects.all(),
        user=user,
        commune_path="producer__commune",
        producer_path="producer_id",
    )


def events_touching(qs: QuerySet[Event], *, lot: Lot | None = None, trade_item: Any = None) -> Any:
    """``qs`` narrowed to events naming ``lot`` or ``trade_item`` in any of their lists."""
    q = Q()
    if lot is not None:
        q &= Q(items__lot=lot)
    if trade_item is not None:
        q &= Q(items__trade_item=trade_item)
    if not q:
        return qs
    # An event names a lot in several lists (input and output): a subquery, not a join,
    # keeps each event once without DISTINCT over the JSON column.
    return qs.filter(pk__in=Event.objects.filter(q).values("pk"))


def lot_history(lot: Lot) -> QuerySet[Event]:
    """Every event naming ``lot``, oldest first: the lot's steps in the chain."""
    return (
        Event.objects.filter(pk__in=Event.objects.filter(items__lot=lot).values("pk"))
        .select_related("biz_location", "read_point")
        .order_by("event_time", "id")
    )


def lot_inputs(lot: Lot) -> QuerySet[Lot]:
    """One step back: the lots transformed into ``lot``."""
    return Lot.objects.filter(
        event_items__role="input",
        event_items__event__items__role="output",
        event_items__event__items__lot=lot,
    ).distinct()


def lot_outputs(lot: Lot) -> QuerySet[Lot]:
    """One step forward: the lots ``lot`` was transformed into."""
    return Lot.objects.filter(
        event_items__role="output",
        event_items__event__items__role="input",
        event_items__event__items__lot=lot,
    ).distinct()
