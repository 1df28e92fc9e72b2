from typing import Any

from django.db.models import Q, QuerySet

from ocop.accounts.scope import scope_for

from .models import Report


def reports_for_user(user: Any) -> QuerySet[Report]:
    """National staff see every report; provincial staff the reports of their provinces.
    Commune officers and producers see none (a provincial report lists the whole
    province)."""
    scope = scope_for(user)
    qs = Report.objects.select_related("province", "created_by")
    if scope.national:
        return qs
    return qs.filter(Q(province_id__in=sorted(scope.province_codes)))
