"""Reads of certificates: scoped lists and the expiry buckets officers work from."""

from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from ocop.accounts.scope import scope_for

from .models import Certificate


def certificates_for_user(user: Any) -> QuerySet[Certificate]:
    scope = scope_for(user)
    qs = Certificate.objects.all()
    if scope.national:
        return qs
    q = scope.commune_q("product__commune")
    if scope.producer_ids:
        q |= Q(producer_id__in=sorted(scope.producer_ids))
    return qs.filter(q)


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
