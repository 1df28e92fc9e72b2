"""Reads of plans, scoped to the person asking (ADR 0002: outside the area is a 404)."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from ocop.accounts.scope import scope_for

from .models import Course, Plan, Target


def plans_for_user(user: Any) -> QuerySet[Plan]:
    """Plans of the user's provinces, and a commune officer's own commune plans (a
    province plan's drill-down lists the whole province, so it stays with the province)."""
    scope = scope_for(user)
    qs = Plan.objects.select_related("province", "commune")
    if scope.national:
        return qs
    q = Q(province_id__in=sorted(scope.province_codes))
    if scope.commune_codes:
        q |= Q(commune_id__in=sorted(scope.commune_codes))
    return qs.filter(q)


def with_target_counts(qs: QuerySet[Plan]) -> QuerySet[Plan]:
    return qs.annotate(n_targets=Count("targets"))


def targets_of(plan: Plan) -> QuerySet[Target]:
    return plan.targets.select_related("commune").order_by("position", "id")


def courses_for_user(user: Any) -> QuerySet[Course]:
    """Courses of the user's provinces, and a commune officer's own commune courses."""
    scope = scope_for(user)
    qs = Course.objects.select_related("province", "commune")
    if scope.national:
        return qs
    q = Q(province_id__in=sorted(scope.province_codes))
    if scope.commune_codes:
        q |= Q(commune_id__in=sorted(scope.commune_codes))
    return qs.filter(q)


def with_participant_counts(qs: QuerySet[Course]) -> QuerySet[Course]:
    return qs.annotate(
        n_participants=Count("participants", distinct=True),
        n_attended=Count("participants", filter=Q(participants__attended=True), distinct=True),
    )
