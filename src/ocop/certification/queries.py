"""Reads of certificates: scoped lists and the expiry buckets officers work from."""

from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet

from ocop.accounts.scope import scoped

from .models import Certificate


def certificates_for_user(user: Any) -> QuerySet[Certificate]:
    return scoped(
        Certificate.objects.all(),
        user=user,
        commune_path="product__commune",
        producer_path="producer_id",
    )


def active(qs: QuerySet[Certificate], *, today: date) -> QuerySet[Certificate]:
    """Not revoked, not superseded."""
    return qs.filter(superseded_by__isnull=True).exclude(revoked_on__lte=today)


def certificates_expiring(
    qs: QuerySet[Certificate], *, today: date, within: int
) -> QuerySet[Certificate]:
    """Active certificates that expire in the next ``within`` days (180, 120, 30 …)."""
    return active(qs, today=today).filter(
        expires_on__gte=today, expires_on__lte=today + timedelta(days=within)
    )


def by_code(code: str) -> Certificate | None:
    return (
        Certificate.objects.select_related(
            "product__commune__province",
            "producer",
            "criteria_version",
            "decision",
            "superseded_by",
        )
        .filter(code=code)
        .first()
    )


def in_force_q(*, today: date, prefix: str = "") -> Any:
    """The condition "in force today" (valid, expiring, or extended within the 180-day
    limit) on a certificate path: the database form of ``status.is_in_force``."""
    from django.db.models import Q

    from .status import MAX_EXTENSION_DAYS

    p = prefix
    return (
        Q(**{f"{p}superseded_by__isnull": True})
        & (Q(**{f"{p}revoked_on__isnull": True}) | Q(**{f"{p}revoked_on__gt": today}))
        & (
            Q(**{f"{p}expires_on__gte": today})
            | Q(
                **{
                    f"{p}extended_until__gte": today,
                    f"{p}expires_on__gte": today - timedelta(days=MAX_EXTENSION_DAYS),
                }
            )
        )
    )


def in_force(qs: QuerySet[Certificate], *, today: date) -> QuerySet[Certificate]:
    return qs.filter(in_force_q(today=today))


def catalogue_products(*, today: date) -> QuerySet[Any]:
    """Products shown as OCOP products today: those with a certificate in force, annotated
    with its star, code and issue date. An expired or revoked certificate drops the product
    at once: the status is derived from dates on every query, never stored.

    One join, not correlated subqueries: sorting 20,000 products by star must not run a
    subquery per product. A product has one certificate not superseded (a re-evaluation
    supersedes the old one), so the join yields one row per product.
    """
    from django.db.models import F

    from ocop.registry.models import Product

    return Product.objects.filter(in_force_q(today=today, prefix="certificates__")).annotate(
        star=F("certificates__star"),
        certificate_code=F("certificates__code"),
        certified_on=F("certificates__issued_on"),
    )
