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
