"""Reads of supervision: open revocation proposals and their 15-day deadline."""

from datetime import date
from typing import Any

from django.db.models import QuerySet

from .enums import Measure
from .models import Finding


def pending_revocations(*, certificates: QuerySet[Any]) -> QuerySet[Finding]:
    """Findings proposing revocation of certificates not yet revoked, oldest first."""
    return (
        Finding.objects.filter(
            measure=Measure.REVOCATION,
            inspection__certificate__in=certificates,
            inspection__certificate__revoked_on__isnull=True,
        )
        .select_related("inspection__certificate__product")
        .order_by("inspection__inspected_on", "id")
    )


def is_overdue(finding: Finding, *, today: date) -> bool:
    from .domain import revocation_due

    return today > revocation_due(finding)
