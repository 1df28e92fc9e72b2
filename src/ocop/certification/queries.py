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


def in_force(qs: QuerySet[Certificate], *, today: date) -> QuerySet[Certificate]:
    """Certificates whose mark and star may be shown today: the database form of
    ``status.is_in_force`` (valid, expiring, or extended within the 180-day limit)."""
    from django.db.models import Q

    from .status import MAX_EXTENSION_DAYS

    return active(qs, today=today).filter(
        Q(expires_on__gte=today)
        | Q(
            extended_until__gte=today,
            expires_on__gte=today - timedelta(days=MAX_EXTENSION_DAYS),
        )
    )


def catalogue_products(*, today: date) -> QuerySet[Any]:
    """Products shown as OCOP products today: those with a certificate in force, annotated
    with its star, code and issue date. An expired or revoked certificate drops the product
    at once: the status is derived from dates on every query, never stored."""
    from django.db.models import Exists, OuterRef, Subquery

    from ocop.registry.models import Product

    current = in_force(Certificate.objects.filter(product=OuterRef("pk")), today=today).order_by(
        "-star", "-issued_on", "-id"
    )
    return Product.objects.filter(Exists(current)).annotate(
        star=Subquery(current.values("star")[:1]),
        certificate_code=Subquery(current.values("code")[:1]),
        certified_on=Subquery(current.values("issued_on")[:1]),
    )
