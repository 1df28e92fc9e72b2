"""Reads of the OCOP cycle: scoped lists, a product's path, the annual cycle tallies."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.accounts.scope import scoped

from .enums import IdeaStatus, PlanStatus
from .models import BusinessPlan, Milestone, ProductIdea, SupportGiven


def ideas_for_user(user: Any) -> QuerySet[ProductIdea]:
    """Ideas of the user's area, or of their own producer."""
    return scoped(
        ProductIdea.objects.select_related("producer", "commune__province", "product_set"),
        user=user,
        commune_path="commune",
        producer_path="producer_id",
    )


def plans_for_user(user: Any) -> QuerySet[BusinessPlan]:
    return scoped(
        BusinessPlan.objects.select_related(
            "idea__producer", "idea__commune__province", "idea__product"
        ),
        user=user,
        commune_path="idea__commune",
        producer_path="idea__producer_id",
    )


def milestones_for_user(user: Any) -> QuerySet[Milestone]:
    return scoped(
        Milestone.objects.select_related("plan__idea"),
        user=user,
        commune_path="plan__idea__commune",
        producer_path="plan__idea__producer_id",
    )


def with_plan_totals(qs: QuerySet[BusinessPlan]) -> QuerySet[BusinessPlan]:
    """Plans with the number and cost of the support given, and milestones done/total."""
    support = SupportGiven.objects.filter(plan=OuterRef("pk"))
    return qs.annotate(
        n_supports=Count("supports", distinct=True),
        n_milestones=Count("milestones", distinct=True),
        n_done=Count("milestones", filter=Q(milestones__done_on__isnull=False), distinct=True),
        has_support=Exists(support),
    )


def support_cost(plan: BusinessPlan) -> int:
    return plan.supports.aggregate(total=Sum("cost_vnd"))["total"] or 0


# ------------------------------------------------------------------ product path


@dataclass
class Step:
    key: str
    label: Any
    done: bool
    on: date | None = None
    items: list[Any] = field(default_factory=list)


def _day(value: datetime | date | None) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date()
    return value


def product_path(product: Any) -> list[Step]:
    """The steps idea → plan → development → dossier → star → promotion of ``product``.

    Each step says whether it is reached, since when, and the records behind it. Runs a
    fixed number of queries (one per step).
    """
    from ocop.certification.models import Certificate
    from ocop.evaluation.models import Dossier
    from ocop.promotion.models import Listing, Stock

    ideas = list(ProductIdea.objects.filter(product=product).order_by("submitted_at", "id"))
    plans = list(
        BusinessPlan.objects.filter(idea__product=product)
        .select_related("idea")
        .order_by("submitted_at", "id")
    )
    supports = list(
        SupportGiven.objects.filter(plan__idea__product=product).order_by("given_on", "id")
    )
    dossiers = list(
        Dossier.objects.filter(product=product, submitted_at__isnull=False)
        .select_related("round")
        .order_by("submitted_at", "id")
    )
    certificates = list(Certificate.objects.filter(product=product).order_by("issued_on", "id"))
    listings = list(Listing.objects.filter(product=product).order_by("created_at", "id"))
    stock = list(
        Stock.objects.filter(product=product, consented_at__isnull=False)
        .select_related("sales_point")
        .order_by("consented_at", "id")
    )
    accepted = [i for i in ideas if i.status == IdeaStatus.ACCEPTED]
    approved = [p for p in plans if p.status == PlanStatus.APPROVED]
    promo_dates = [_day(s.consented_at) for s in stock] + [_day(x.created_at) for x in listings]
    return [
        Step(
            "idea",
            _("Ý tưởng sản phẩm"),
            bool(accepted),
            _day(accepted[0].reviewed_at) if accepted else None,
            ideas,
        ),
        Step(
            "plan",
            _("Phương án sản xuất kinh doanh"),
            bool(approved),
            approved[0].approved_on if approved else None,
            plans,
        ),
        Step(
            "development",
            _("Triển khai, hỗ trợ phát triển"),
            bool(supports),
            supports[0].given_on if supports else None,
            supports,
        ),
        Step(
            "dossier",
            _("Hồ sơ đánh giá, phân hạng"),
            bool(dossiers),
            _day(dossiers[0].submitted_at) if dossiers else None,
            dossiers,
        ),
        Step(
            "star",
            _("Công nhận sao OCOP"),
            bool(certificates),
            certificates[0].issued_on if certificates else None,
            certificates,
        ),
        Step(
            "promotion",
            _("Xúc tiến thương mại"),
            bool(promo_dates),
            min(d for d in promo_dates if d is not None) if promo_dates else None,
            [*stock, *listings],
        ),
    ]


# ------------------------------------------------------------------ annual cycle

COUNT_KEYS = (
    "ideas",
    "ideas_waiting",
    "ideas_needs_work",
    "ideas_accepted",
    "ideas_rejected",
    "plans",
    "plans_approved",
    "supported",
    "dossiers",
    "recognised",
)


def _tallies() -> dict[str, Count]:
    """The counts per step, as filters on uncorrelated ``IN (SELECT …)`` subqueries.

    PostgreSQL hashes each subquery once per query; correlated ``EXISTS`` annotations ran as
    five subplans per idea (and got JIT-compiled) — 450–690 ms over the 18,910 ideas of the
    national benchmark data set against ≈ 140 ms now (docs/benchmarks.md).
    """
    from ocop.certification.models import Certificate
    from ocop.evaluation.models import Dossier

    plans = BusinessPlan.objects.values("idea_id")
    approved = BusinessPlan.objects.filter(status=PlanStatus.APPROVED).values("idea_id")
    supported = SupportGiven.objects.values("plan__idea_id")
    submitted = Dossier.objects.filter(submitted_at__isnull=False).values("product_id")
    certified = Certificate.objects.values("product_id")
    return {
        "ideas": Count("id"),
        "ideas_waiting": Count("id", filter=Q(status=IdeaStatus.SUBMITTED)),
        "ideas_needs_work": Count("id", filter=Q(status=IdeaStatus.NEEDS_WORK)),
        "ideas_accepted": Count("id", filter=Q(status=IdeaStatus.ACCEPTED)),
        "ideas_rejected": Count("id", filter=Q(status=IdeaStatus.REJECTED)),
        "plans": Count("id", filter=Q(pk__in=plans)),
        "plans_approved": Count("id", filter=Q(pk__in=approved)),
        "supported": Count("id", filter=Q(pk__in=supported)),
        "dossiers": Count("product", filter=Q(product__in=submitted), distinct=True),
        "recognised": Count("product", filter=Q(product__in=certified), distinct=True),
    }


def cycle_counts(ideas: QuerySet[ProductIdea]) -> list[dict[str, Any]]:
    """Per year of the cycle, how many of ``ideas`` (already scoped) stand at each step.

    One query. "Dossiers" and "recognised" count distinct products that came from an idea
    of that year and have a submitted dossier / a certificate (ever).
    """
    rows = ideas.order_by().values("year").annotate(**_tallies()).order_by("-year")
    return [dict(row) for row in rows]


def cycle_counts_by_commune(ideas: QuerySet[ProductIdea], *, year: int) -> list[dict[str, Any]]:
    """The same tallies for one year, per commune (one query)."""
    rows = (
        ideas.filter(year=year)
        .order_by()
        .values("commune_id", "commune__name")
        .annotate(**_tallies())
        .order_by("commune__name", "commune_id")
    )
    return [dict(row) for row in rows]
