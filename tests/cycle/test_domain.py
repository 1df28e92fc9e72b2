from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ocop.core.models import AuditEntry
from ocop.cycle import domain
from ocop.cycle.enums import FundingSource, IdeaStatus, PlanStatus, SupportKind
from ocop.cycle.models import BusinessPlan, ProductIdea, SupportGiven
from ocop.registry.enums import ProductStatus
from ocop.registry.models import Product
from tests.factories import make_producer, make_product

from .conftest import PLAN_FIELDS, idea_fields

pytestmark = pytest.mark.django_db


def actions(obj):
    return list(
        AuditEntry.objects.for_object(obj).order_by("at", "id").values_list("action", flat=True)
    )


def test_submit_idea_by_producer_is_audited(idea, owner, producer):
    assert idea.status == IdeaStatus.SUBMITTED
    assert idea.commune_id == producer.commune_id
    assert idea.created_by == owner
    assert actions(idea) == ["ocop.cycle.idea_submitted"]


def test_submit_idea_by_commune_officer(producer, commune_officer):
    idea = domain.submit_idea(actor=commune_officer, producer=producer, fields=idea_fields())
    assert idea.created_by == commune_officer


def test_submit_idea_outside_area_is_denied(producer, other_province_officer):
    with pytest.raises(PermissionDenied):
        domain.submit_idea(actor=other_province_officer, producer=producer, fields=idea_fields())
    assert ProductIdea.objects.count() == 0


def test_accept_idea_creates_product_in_idea_status(idea, commune_officer):
    idea = domain.accept_idea(actor=commune_officer, idea=idea, create_product=True, comment="Tốt")
    assert idea.status == IdeaStatus.ACCEPTED
    assert idea.reviewed_by == commune_officer
    assert idea.product.status == ProductStatus.IDEA
    assert idea.product.name == "Trà hoa sen Hoa Lư"
    assert actions(idea) == ["ocop.cycle.idea_submitted", "ocop.cycle.idea_accepted"]
    assert actions(idea.product) == ["ocop.product.created", "ocop.product.status_changed"]


def test_accept_idea_links_existing_product(idea, commune_officer, producer):
    product = make_product(producer=producer, name="Trà sen cũ")
    idea = domain.accept_idea(actor=commune_officer, idea=idea, product=product)
    assert idea.product == product
    assert Product.objects.count() == 1


def test_accept_idea_refuses_product_of_another_producer(idea, commune_officer):
    other = make_product(producer=make_producer(commune=idea.commune_id))
    with pytest.raises(ValidationError):
        domain.accept_idea(actor=commune_officer, idea=idea, product=other)
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.SUBMITTED


def test_accept_idea_without_product_set_cannot_create_product(producer, owner, commune_officer):
    idea = domain.submit_idea(actor=owner, producer=producer, fields=idea_fields(product_set=None))
    with pytest.raises(ValidationError) as exc:
        domain.accept_idea(actor=commune_officer, idea=idea, create_product=True)
    assert "product_set" in exc.value.message_dict
    assert Product.objects.count() == 0


def test_producer_may_not_review_own_idea(idea, owner):
    with pytest.raises(PermissionDenied):
        domain.accept_idea(actor=owner, idea=idea)
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.SUBMITTED


def test_other_province_may_not_review(idea, other_province_officer):
    with pytest.raises(PermissionDenied):
        domain.reject_idea(actor=other_province_officer, idea=idea, reason="x")


def test_reject_needs_reason(idea, commune_officer):
    with pytest.raises(ValidationError) as exc:
        domain.reject_idea(actor=commune_officer, idea=idea, reason="  ")
    assert exc.value.message_dict == {"comment": ["Cần ghi lý do không chấp nhận."]}


def test_reject_then_review_again_is_invalid(idea, commune_officer):
    domain.reject_idea(actor=commune_officer, idea=idea, reason="Trùng sản phẩm đã có")
    with pytest.raises(ValidationError) as exc:
        domain.accept_idea(actor=commune_officer, idea=idea)
    assert exc.value.messages == ["Chỉ xem xét được ý tưởng đang chờ xem xét."]


def test_needs_work_then_resubmit_then_accept(idea, commune_officer, owner):
    with pytest.raises(ValidationError):
        domain.request_idea_changes(actor=commune_officer, idea=idea, comment="")
    domain.request_idea_changes(actor=commune_officer, idea=idea, comment="Bổ sung nguyên liệu")
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NEEDS_WORK
    idea = domain.resubmit_idea(
        actor=owner, idea=idea, fields={"raw_materials": "Sen Bách Diệp, chè Thái Nguyên"}
    )
    assert idea.status == IdeaStatus.SUBMITTED
    domain.accept_idea(actor=commune_officer, idea=idea)
    assert actions(idea) == [
        "ocop.cycle.idea_submitted",
        "ocop.cycle.idea_needs_work",
        "ocop.cycle.idea_resubmitted",
        "ocop.cycle.idea_accepted",
    ]


def test_resubmit_only_when_needs_work(idea, owner):
    with pytest.raises(ValidationError) as exc:
        domain.resubmit_idea(actor=owner, idea=idea, fields={})
    assert exc.value.messages == ["Chỉ ý tưởng cần hoàn thiện mới được nộp lại."]


def test_plan_only_for_accepted_idea(idea, owner):
    with pytest.raises(ValidationError) as exc:
        domain.submit_plan(actor=owner, idea=idea, fields=PLAN_FIELDS)
    assert exc.value.messages == ["Chỉ lập phương án cho ý tưởng đã được chấp nhận."]
    assert BusinessPlan.objects.count() == 0


def test_one_plan_per_idea(plan, owner, accepted_idea):
    with pytest.raises(ValidationError):
        domain.submit_plan(actor=owner, idea=accepted_idea, fields=PLAN_FIELDS)


def test_plan_rejects_unknown_support_kind(accepted_idea, owner):
    with pytest.raises(ValidationError):
        domain.submit_plan(
            actor=owner, idea=accepted_idea, fields={**PLAN_FIELDS, "support_kinds": ["bribe"]}
        )


def test_approve_plan_moves_product_to_development(approved_plan, province_officer):
    assert approved_plan.status == PlanStatus.APPROVED
    assert approved_plan.approved_on == timezone.localdate()
    product = Product.objects.get(pk=approved_plan.idea.product_id)
    assert product.status == ProductStatus.IN_DEVELOPMENT
    assert actions(approved_plan) == ["ocop.cycle.plan_submitted", "ocop.cycle.plan_approved"]


def test_return_and_resubmit_plan(plan, province_officer, owner):
    with pytest.raises(ValidationError):
        domain.return_plan(actor=province_officer, plan=plan, comment="")
    domain.return_plan(actor=province_officer, plan=plan, comment="Tính lại doanh thu")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED
    with pytest.raises(ValidationError):
        domain.approve_plan(actor=province_officer, plan=plan)
    plan = domain.resubmit_plan(
        actor=owner, plan=plan, fields={"expected_revenue_vnd": 900_000_000}
    )
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.expected_revenue_vnd == 900_000_000


def test_producer_may_not_approve_plan(plan, owner):
    with pytest.raises(PermissionDenied):
        domain.approve_plan(actor=owner, plan=plan)


def test_support_needs_approved_plan(plan, province_officer):
    with pytest.raises(ValidationError):
        domain.record_support(
            actor=province_officer,
            plan=plan,
            kind=SupportKind.TRAINING,
            cost_vnd=1,
            funding_source=FundingSource.PROVINCIAL,
            given_on=date(2026, 3, 1),
        )
    assert SupportGiven.objects.count() == 0


def test_record_support_and_milestones(
    approved_plan, province_officer, owner, other_province_officer
):
    support = domain.record_support(
        actor=province_officer,
        plan=approved_plan,
        kind=SupportKind.PACKAGING,
        cost_vnd=25_000_000,
        funding_source=FundingSource.PROVINCIAL,
        given_on=date(2026, 4, 2),
        provider="Trung tâm Khuyến công",
    )
    assert actions(support) == ["ocop.cycle.support_recorded"]
    with pytest.raises(PermissionDenied):
        domain.record_support(
            actor=owner,
            plan=approved_plan,
            kind=SupportKind.PACKAGING,
            cost_vnd=1,
            funding_source=FundingSource.PROVINCIAL,
            given_on=date(2026, 4, 2),
        )
    milestone = domain.add_milestone(
        actor=province_officer, plan=approved_plan, title="Có nhãn hiệu", due_on=date(2026, 9, 1)
    )
    with pytest.raises(PermissionDenied):
        domain.complete_milestone(
            actor=other_province_officer, milestone=milestone, done_on=timezone.localdate()
        )
    with pytest.raises(ValidationError):
        domain.complete_milestone(
            actor=owner, milestone=milestone, done_on=timezone.localdate() + timedelta(days=1)
        )
    milestone = domain.complete_milestone(
        actor=owner, milestone=milestone, done_on=timezone.localdate()
    )
    assert milestone.done_on == timezone.localdate()
    with pytest.raises(ValidationError):
        domain.complete_milestone(actor=owner, milestone=milestone, done_on=timezone.localdate())
    assert actions(milestone) == ["ocop.cycle.milestone_added", "ocop.cycle.milestone_done"]
