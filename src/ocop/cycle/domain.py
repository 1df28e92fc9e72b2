"""Writes of the OCOP cycle: one audited function per state change.

Views, the demo loader and commands call these; nothing else sets a status field.
``actor=None`` is the system itself (demo loader).
"""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.scope import scope_for
from ocop.core.domain import create_audited, update_audited
from ocop.registry import domain as registry
from ocop.registry.enums import ProductStatus
from ocop.registry.models import Producer, Product

from .enums import FundingSource, IdeaStatus, PlanStatus, SupportKind
from .models import BusinessPlan, Milestone, ProductIdea, SupportGiven

IDEA_FIELDS = frozenset(
    {"name", "product_set", "description", "raw_materials", "expected_market", "year"}
)
PLAN_FIELDS = frozenset(
    {
        "content",
        "investment_vnd",
        "expected_output",
        "expected_revenue_vnd",
        "support_requested",
        "support_kinds",
    }
)


def _only(fields: Mapping[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    return dict(fields)


# ------------------------------------------------------------------ permissions


def may_review_in(actor: Any, *, commune: Any) -> bool:
    """Commune, province and national OCOP officers of the area review ideas and plans."""
    if actor is None:
        return True
    return scope_for(actor).may_edit_in(
        commune_code=commune.code, province_code=commune.province_id
    )


def may_submit_for(actor: Any, producer: Producer) -> bool:
    """The producer itself, or an officer who may write in the producer's commune."""
    if actor is None or producer.pk in scope_for(actor).producer_ids:
        return True
    return may_review_in(actor, commune=producer.commune)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))


def _check_kinds(kinds: Iterable[str]) -> list[str]:
    values = list(kinds)
    bad = [k for k in values if k not in SupportKind.values]
    if bad:
        raise ValidationError({"support_kinds": _("Hình thức hỗ trợ không hợp lệ.")})
    return sorted(set(values), key=SupportKind.values.index)


# ------------------------------------------------------------------------ ideas


@transaction.atomic
def submit_idea(*, actor: Any, producer: Producer, fields: Mapping[str, Any]) -> ProductIdea:
    """Register a product idea of ``producer`` (by the producer or a commune officer)."""
    values = _only(fields, IDEA_FIELDS)
    _require(may_submit_for(actor, producer))
    idea = ProductIdea(
        producer=producer,
        commune=producer.commune,
        submitted_at=timezone.now(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        status=IdeaStatus.SUBMITTED,
        **values,
    )
    return create_audited(obj=idea, actor=actor, action="ocop.cycle.idea_submitted")


@transaction.atomic
def resubmit_idea(*, actor: Any, idea: ProductIdea, fields: Mapping[str, Any]) -> ProductIdea:
    """Send back an idea that needed work, with its changes."""
    values = _only(fields, IDEA_FIELDS)
    idea = (
        ProductIdea.objects.select_for_update(of=("self",))
        .select_related("producer__commune")
        .get(pk=idea.pk)
    )
    _require(may_submit_for(actor, idea.producer))
    if idea.status != IdeaStatus.NEEDS_WORK:
        raise ValidationError(_("Chỉ ý tưởng cần hoàn thiện mới được nộp lại."))
    values.update(status=IdeaStatus.SUBMITTED, submitted_at=timezone.now())
    return update_audited(
        obj=idea, fields=values, actor=actor, action="ocop.cycle.idea_resubmitted"
    )


def _lock_for_review(actor: Any, idea: ProductIdea) -> ProductIdea:
    idea = (
        ProductIdea.objects.select_for_update(of=("self",))
        .select_related("commune", "producer")
        .get(pk=idea.pk)
    )
    _require(may_review_in(actor, commune=idea.commune))
    if idea.status != IdeaStatus.SUBMITTED:
        raise ValidationError(_("Chỉ xem xét được ý tưởng đang chờ xem xét."))
    return idea


def _reviewed(actor: Any) -> dict[str, Any]:
    return {
        "reviewed_at": timezone.now(),
        "reviewed_by": actor if getattr(actor, "is_authenticated", False) else None,
    }


@transaction.atomic
def accept_idea(
    *,
    actor: Any,
    idea: ProductIdea,
    comment: str = "",
    product: Product | None = None,
    create_product: bool = False,
) -> ProductIdea:
    """Accept an idea; link an existing product of the producer, or create one as "idea"."""
    idea = _lock_for_review(actor, idea)
    if product is not None and create_product:
        raise ValidationError(_("Chọn một sản phẩm có sẵn hoặc tạo sản phẩm mới, không cả hai."))
    if product is not None and product.producer_id != idea.producer_id:
        raise ValidationError({"product": _("Sản phẩm không thuộc chủ thể của ý tưởng.")})
    if create_product:
        if idea.product_set_id is None:
            raise ValidationError(
                {"product_set": _("Cần chọn bộ sản phẩm của ý tưởng trước khi tạo sản phẩm.")}
            )
        product = registry.register_product(
            actor=actor,
            producer=idea.producer,
            fields={
                "name": idea.name,
                "commune": idea.commune,
                "product_set": idea.product_set,
                "description_vi": idea.description,
            },
        )
        product = registry.set_product_status(
            actor=actor,
            product=product,
            status=ProductStatus.IDEA,
            reason=_("Ý tưởng sản phẩm được chấp nhận."),
        )
    fields: dict[str, Any] = {"status": IdeaStatus.ACCEPTED, "review_comment": comment}
    fields.update(_reviewed(actor))
    if product is not None:
        fields["product"] = product
    return update_audited(
        obj=idea, fields=fields, actor=actor, action="ocop.cycle.idea_accepted", reason=comment
    )


@transaction.atomic
def request_idea_changes(*, actor: Any, idea: ProductIdea, comment: str) -> ProductIdea:
    """Ask the producer to improve the idea; the producer may resubmit it."""
    if not comment.strip():
        raise ValidationError({"comment": _("Cần ghi nội dung cần hoàn thiện.")})
    idea = _lock_for_review(actor, idea)
    fields: dict[str, Any] = {"status": IdeaStatus.NEEDS_WORK, "review_comment": comment}
    fields.update(_reviewed(actor))
    return update_audited(
        obj=idea, fields=fields, actor=actor, action="ocop.cycle.idea_needs_work", reason=comment
    )


@transaction.atomic
def reject_idea(*, actor: Any, idea: ProductIdea, reason: str) -> ProductIdea:
    if not reason.strip():
        raise ValidationError({"comment": _("Cần ghi lý do không chấp nhận.")})
    idea = _lock_for_review(actor, idea)
    fields: dict[str, Any] = {"status": IdeaStatus.REJECTED, "review_comment": reason}
    fields.update(_reviewed(actor))
    return update_audited(
        obj=idea, fields=fields, actor=actor, action="ocop.cycle.idea_rejected", reason=reason
    )


# ------------------------------------------------------------------------ plans


@transaction.atomic
def submit_plan(*, actor: Any, idea: ProductIdea, fields: Mapping[str, Any]) -> BusinessPlan:
    """The business plan of an accepted idea (one per idea)."""
    values = _only(fields, PLAN_FIELDS)
    idea = (
        ProductIdea.objects.select_for_update(of=("self",))
        .select_related("producer__commune")
        .get(pk=idea.pk)
    )
    _require(may_submit_for(actor, idea.producer))
    if idea.status != IdeaStatus.ACCEPTED:
        raise ValidationError(_("Chỉ lập phương án cho ý tưởng đã được chấp nhận."))
    if BusinessPlan.objects.filter(idea=idea).exists():
        raise ValidationError(_("Ý tưởng này đã có phương án sản xuất kinh doanh."))
    values["support_kinds"] = _check_kinds(values.get("support_kinds", []))
    plan = BusinessPlan(
        idea=idea,
        submitted_at=timezone.now(),
        status=PlanStatus.SUBMITTED,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **values,
    )
    return create_audited(obj=plan, actor=actor, action="ocop.cycle.plan_submitted")


def _lock_plan(plan: BusinessPlan) -> BusinessPlan:
    return (
        BusinessPlan.objects.select_for_update(of=("self",))
        .select_related("idea__commune", "idea__producer__commune", "idea__product")
        .get(pk=plan.pk)
    )


@transaction.atomic
def resubmit_plan(*, actor: Any, plan: BusinessPlan, fields: Mapping[str, Any]) -> BusinessPlan:
    values = _only(fields, PLAN_FIELDS)
    plan = _lock_plan(plan)
    _require(may_submit_for(actor, plan.idea.producer))
    if plan.status != PlanStatus.RETURNED:
        raise ValidationError(_("Chỉ phương án bị trả lại mới được nộp lại."))
    if "support_kinds" in values:
        values["support_kinds"] = _check_kinds(values["support_kinds"])
    values.update(status=PlanStatus.SUBMITTED, submitted_at=timezone.now())
    return update_audited(
        obj=plan, fields=values, actor=actor, action="ocop.cycle.plan_resubmitted"
    )


def _lock_plan_for_review(actor: Any, plan: BusinessPlan) -> BusinessPlan:
    plan = _lock_plan(plan)
    _require(may_review_in(actor, commune=plan.idea.commune))
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("Chỉ thẩm định được phương án đang chờ phê duyệt."))
    return plan


@transaction.atomic
def approve_plan(
    *, actor: Any, plan: BusinessPlan, comment: str = "", approved_on: date | None = None
) -> BusinessPlan:
    """Approve a plan; its product (if any) moves from "idea" to "in development"."""
    plan = _lock_plan_for_review(actor, plan)
    fields: dict[str, Any] = {
        "status": PlanStatus.APPROVED,
        "review_comment": comment,
        "approved_on": approved_on or timezone.localdate(),
    }
    fields.update(_reviewed(actor))
    plan = update_audited(
        obj=plan, fields=fields, actor=actor, action="ocop.cycle.plan_approved", reason=comment
    )
    product = plan.idea.product
    if product is not None and product.status == ProductStatus.IDEA:
        registry.set_product_status(
            actor=actor,
            product=product,
            status=ProductStatus.IN_DEVELOPMENT,
            reason=_("Phương án sản xuất kinh doanh được phê duyệt."),
        )
    return plan


@transaction.atomic
def return_plan(*, actor: Any, plan: BusinessPlan, comment: str) -> BusinessPlan:
    if not comment.strip():
        raise ValidationError({"comment": _("Cần ghi nội dung cần hoàn thiện.")})
    plan = _lock_plan_for_review(actor, plan)
    fields: dict[str, Any] = {"status": PlanStatus.RETURNED, "review_comment": comment}
    fields.update(_reviewed(actor))
    return update_audited(
        obj=plan, fields=fields, actor=actor, action="ocop.cycle.plan_returned", reason=comment
    )


# --------------------------------------------------------------- implementation


def _require_approved(actor: Any, plan: BusinessPlan) -> BusinessPlan:
    plan = _lock_plan(plan)
    _require(may_review_in(actor, commune=plan.idea.commune))
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError(_("Chỉ ghi hỗ trợ, mốc thực hiện cho phương án đã phê duyệt."))
    return plan


@transaction.atomic
def record_support(
    *,
    actor: Any,
    plan: BusinessPlan,
    kind: SupportKind,
    cost_vnd: int,
    funding_source: FundingSource,
    given_on: date,
    provider: str = "",
    description: str = "",
) -> SupportGiven:
    """Support given to carry out an approved plan, with its cost and funding source."""
    plan = _require_approved(actor, plan)
    support = SupportGiven(
        plan=plan,
        kind=kind,
        cost_vnd=cost_vnd,
        funding_source=funding_source,
        given_on=given_on,
        provider=provider,
        description=description,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return create_audited(
        obj=support, actor=actor, action="ocop.cycle.support_recorded", data={"plan": plan.pk}
    )


@transaction.atomic
def add_milestone(*, actor: Any, plan: BusinessPlan, title: str, due_on: date) -> Milestone:
    plan = _require_approved(actor, plan)
    milestone = Milestone(plan=plan, title=title, due_on=due_on)
    return create_audited(
        obj=milestone, actor=actor, action="ocop.cycle.milestone_added", data={"plan": plan.pk}
    )


@transaction.atomic
def complete_milestone(*, actor: Any, milestone: Milestone, done_on: date) -> Milestone:
    """Mark a milestone done (the producer or an officer of the area)."""
    milestone = (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("plan__idea__producer__commune")
        .get(pk=milestone.pk)
    )
    _require(may_submit_for(actor, milestone.plan.idea.producer))
    if milestone.done_on is not None:
        raise ValidationError(_("Mốc này đã được ghi hoàn thành."))
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("Ngày hoàn thành không được sau hôm nay.")})
    return update_audited(
        obj=milestone, fields={"done_on": done_on}, actor=actor, action="ocop.cycle.milestone_done"
    )
