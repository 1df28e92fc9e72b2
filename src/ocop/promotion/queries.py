"""Reads of trade promotion, scoped to the person asking, and the few public reads the
catalogue needs (only consented stock, only open points, only active links)."""

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from ocop.accounts.scope import scope_for, scoped
from ocop.registry.models import Product

from .domain import INQUIRY_OFFICERS
from .enums import InquiryStatus, ListingStatus, SalesPointStatus
from .models import Fair, Inquiry, Listing, SalesPoint, Stock, SupplyCapacity


def consented(qs: QuerySet[Stock]) -> QuerySet[Stock]:
    """Stock the producer agreed to: the only stock ever shown as "sold here"."""
    return qs.filter(consented_at__isnull=False)


def sales_points_for_user(user: Any) -> QuerySet[SalesPoint]:
    """Points in the user's area, and for a producer account the points that carry (or
    ask to carry) its products, so that it can give or withdraw consent."""
    scope = scope_for(user)
    qs = SalesPoint.objects.select_related("commune__province")
    if scope.national:
        return qs
    q = scope.commune_q("commune")
    if scope.producer_ids:
        carries = Stock.objects.filter(
            sales_point=OuterRef("pk"), product__producer_id__in=sorted(scope.producer_ids)
        )
        q |= Q(Exists(carries))
    return qs.filter(q)


def stock_for_user(user: Any) -> QuerySet[Stock]:
    """Stock rows the user may see: of points in the area, or of the user's own products."""
    scope = scope_for(user)
    qs = Stock.objects.select_related("sales_point", "product__producer", "consented_by")
    if scope.national:
        return qs
    q = scope.commune_q("sales_point__commune")
    if scope.producer_ids:
        q |= Q(product__producer_id__in=sorted(scope.producer_ids))
    return qs.filter(q)


def fairs_for_user(user: Any) -> QuerySet[Fair]:
    """Fairs of the user's provinces (a commune officer: its province), and the fairs a
    producer account's producer took part in."""
    scope = scope_for(user)
    qs = Fair.objects.select_related("province")
    if scope.national:
        return qs
    q = Q(province_id__in=sorted(scope.province_codes))
    if scope.commune_codes:
        q |= Q(province__communes__code__in=sorted(scope.commune_codes))
    if scope.producer_ids:
        q |= Q(producers__in=sorted(scope.producer_ids))
    # The joins above may repeat a fair; filter by id instead of distinct() so that the
    # caller can still annotate and order freely.
    return qs.filter(pk__in=Fair.objects.filter(q).values("pk"))


def listings_for_user(user: Any) -> QuerySet[Listing]:
    return scoped(
        Listing.objects.select_related("product__producer"),
        user=user,
        commune_path="product__commune",
        producer_path="product__producer_id",
    )


def supply_for_user(user: Any) -> QuerySet[SupplyCapacity]:
    return scoped(
        SupplyCapacity.objects.select_related("product__producer"),
        user=user,
        commune_path="product__commune",
        producer_path="product__producer_id",
    )


def inquiries_for_user(user: Any) -> QuerySet[Inquiry]:
    """The producer's inbox, and the inquiries of the area for OCOP officers (ADR 0002:
    anything else is a 404). Buyers' contacts are personal data: council members,
    advisors and inspectors of the province do not see them."""
    scope = scope_for(user)
    qs = Inquiry.objects.select_related("product__commune", "producer")
    officer = bool(getattr(user, "is_superuser", False)) or bool(INQUIRY_OFFICERS & scope.roles)
    if officer:
        return scoped(qs, user=user, commune_path="product__commune", producer_path="producer_id")
    return qs.filter(producer_id__in=sorted(scope.producer_ids))


def with_thread_counts(qs: QuerySet[Inquiry]) -> QuerySet[Inquiry]:
    return qs.annotate(
        n_messages=Count("messages"),
        n_buyer_messages=Count("messages", filter=Q(messages__from_buyer=True)),
    )


def contract_revenue(qs: QuerySet[Inquiry]) -> int:
    """Total value (VND) of contracts reported from inquiries, for the plan's indicator
    "revenue through distribution chains"; closed inquiries that reached a contract count."""
    total = qs.filter(contract_value_vnd__isnull=False).aggregate(v=Sum("contract_value_vnd"))
    return int(total["v"] or 0)


# ------------------------------------------------------------------- public reads


def open_points_for_product(product: Product) -> QuerySet[SalesPoint]:
    """Where to buy it: open points whose stock of the product has the producer's consent."""
    return (
        SalesPoint.objects.filter(
            status=SalesPointStatus.OPEN,
            stock__product=product,
            stock__consented_at__isnull=False,
        )
        .select_related("commune__province")
        .order_by("name", "id")
    )


def stocked_products(point: SalesPoint) -> QuerySet[Product]:
    """The products a point may show as stocked (consented only)."""
    return Product.objects.filter(
        stock_entries__sales_point=point, stock_entries__consented_at__isnull=False
    ).select_related("producer")


def active_listings_for_product(product: Product) -> QuerySet[Listing]:
    return Listing.objects.filter(product=product, status=ListingStatus.ACTIVE).order_by(
        "platform", "id"
    )


def open_inquiry_count(qs: QuerySet[Inquiry]) -> int:
    return qs.filter(status=InquiryStatus.NEW).count()
