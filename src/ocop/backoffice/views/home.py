from typing import cast

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ocop.accounts.models import User
from ocop.accounts.scope import scope_for
from ocop.certification.models import Notification
from ocop.registry.enums import ProductStatus
from ocop.registry.queries import documents_expiring, producers_for_user, products_for_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    products = products_for_user(request.user)
    by_status = dict(products.values_list("status").annotate(n=Count("id")).order_by())
    status_rows = [(label, by_status.get(code, 0), code) for code, label in ProductStatus.choices]
    context = {
        "scope": scope,
        "roles": cast(User, request.user)
        .role_assignments.filter(is_active=True)
        .select_related("province", "commune", "producer"),
        "producer_count": producers_for_user(request.user).count(),
        "product_count": sum(by_status.values()),
        "status_rows": status_rows,
        "expiring": documents_expiring(request.user, within_days=90)[:10],
        "notifications": Notification.objects.filter(
            user=cast(User, request.user), read_at__isnull=True
        )[:10],
    }
    return render(request, "backoffice/home.html", context)
