import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.core.models import AuditEntry
from ocop.criteria.models import ProductSet
from ocop.cycle.enums import IdeaStatus, PlanStatus
from ocop.cycle.models import BusinessPlan, Milestone, ProductIdea, SupportGiven
from ocop.registry.enums import ProductStatus

from .conftest import PLAN_FIELDS

pytestmark = pytest.mark.django_db


def test_producer_submits_idea_through_the_view(client, owner, producer):
    client.force_login(owner)
    response = client.post(
        reverse("backoffice:cycle_idea_create"),
        {
            "producer": producer.pk,
            "name": "Gạo nếp cái hoa vàng",
            "product_set": ProductSet.objects.get(version__is_current=True, number=1).pk,
            "year": 2026,
            "description": "Gạo nếp trồng ven sông Hoàng Long.",
            "raw_materials": "Lúa nếp",
            "expected_market": "Hà Nội",
        },
    )
    idea = ProductIdea.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:cycle_idea_detail", args=[idea.pk])
    assert idea.status == IdeaStatus.SUBMITTED
    assert AuditEntry.objects.for_object(idea).get().actor == owner


def test_producer_list_offers_only_own_producer(client, owner, producer, idea, other_idea):
    client.force_login(owner)
    response = client.get(reverse("backoffice:cycle_idea_create"))
    assert list(response.context["form"].fields["producer"].queryset) == [producer]
    response = client.get(reverse("backoffice:cycle_idea_list"))
    assert list(response.context["page"].object_list) == [idea]


def test_reject_through_the_view_needs_reason(client, commune_officer, idea):
    client.force_login(commune_officer)
    url = reverse("backoffice:cycle_idea_review", args=[idea.pk])
    response = client.post(url, {"decision": "reject", "comment": ""})
    assert response.status_code == 400
    assert "Cần ghi lý do không chấp nhận." in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.SUBMITTED
    response = client.post(url, {"decision": "reject", "comment": "Trùng sản phẩm"})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.status, idea.review_comment) == (IdeaStatus.REJECTED, "Trùng sản phẩm")
    assert AuditEntry.objects.for_object(idea).first().action == "ocop.cycle.idea_rejected"


def test_accept_through_the_view_creates_product(client, commune_officer, idea):
    client.force_login(commune_officer)
    response = client.post(
        reverse("backoffice:cycle_idea_review", args=[idea.pk]),
        {"decision": "accept", "comment": "", "create_product": "on"},
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.ACCEPTED
    assert idea.product.status == ProductStatus.IDEA
    page = client.get(reverse("backoffice:cycle_idea_detail", args=[idea.pk])).content.decode()
    assert reverse("backoffice:cycle_product_path", args=[idea.product_id]) in page


def test_producer_cannot_review(client, owner, idea):
    client.force_login(owner)
    response = client.post(
        reverse("backoffice:cycle_idea_review", args=[idea.pk]), {"decision": "accept"}
    )
    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.SUBMITTED
    page = client.get(reverse("backoffice:cycle_idea_detail", args=[idea.pk]))
    assert page.context["review_form"] is None


def test_needs_work_and_resubmit_through_views(client, commune_officer, owner, idea):
    client.force_login(commune_officer)
    client.post(
        reverse("backoffice:cycle_idea_review", args=[idea.pk]),
        {"decision": "changes", "comment": "Ghi rõ vùng nguyên liệu"},
    )
    client.force_login(owner)
    edit = reverse("backoffice:cycle_idea_edit", args=[idea.pk])
    assert "Ghi rõ vùng nguyên liệu" in client.get(edit).content.decode()
    response = client.post(
        edit,
        {
            "name": idea.name,
            "product_set": idea.product_set_id,
            "year": 2026,
            "description": idea.description,
            "raw_materials": "Sen đầm Vân Long",
            "expected_market": "",
        },
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.status, idea.raw_materials) == (IdeaStatus.SUBMITTED, "Sen đầm Vân Long")
    assert client.get(edit).status_code == 403


def test_plan_through_views(client, owner, province_officer, accepted_idea):
    client.force_login(owner)
    data = {**PLAN_FIELDS}
    response = client.post(reverse("backoffice:cycle_plan_create", args=[accepted_idea.pk]), data)
    plan = BusinessPlan.objects.get()
    assert response.status_code == 302
    assert plan.support_kinds == ["packaging", "lab_test"]
    client.force_login(province_officer)
    response = client.post(
        reverse("backoffice:cycle_plan_review", args=[plan.pk]),
        {"decision": "approve", "comment": "Đồng ý"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    response = client.post(
        reverse("backoffice:cycle_support_add", args=[plan.pk]),
        {
            "kind": "training",
            "cost_vnd": "15000000",
            "funding_source": "central",
            "given_on": "2026-05-04",
            "provider": "Sở Công Thương",
            "description": "Tập huấn chế biến",
        },
    )
    assert response.status_code == 302
    assert SupportGiven.objects.get().cost_vnd == 15_000_000
    client.post(
        reverse("backoffice:cycle_milestone_add", args=[plan.pk]),
        {"title": "Hoàn thành xưởng", "due_on": "2026-08-01"},
    )
    milestone = Milestone.objects.get()
    client.force_login(owner)
    today = timezone.localdate().isoformat()
    client.post(reverse("backoffice:cycle_milestone_done", args=[milestone.pk]), {"done_on": today})
    milestone.refresh_from_db()
    assert milestone.done_on == timezone.localdate()
    page = client.get(reverse("backoffice:cycle_plan_detail", args=[plan.pk])).content.decode()
    assert re.search(r'id="support-total">15\.000\.000<', page)
    assert AuditEntry.objects.filter(action__startswith="ocop.cycle.").count() == 7


def test_support_needs_officer(client, owner, approved_plan):
    client.force_login(owner)
    response = client.post(
        reverse("backoffice:cycle_support_add", args=[approved_plan.pk]),
        {
            "kind": "training",
            "cost_vnd": "1",
            "funding_source": "central",
            "given_on": "2026-05-04",
        },
    )
    assert response.status_code == 403
    assert SupportGiven.objects.count() == 0


def test_other_area_gets_404(client, other_province_officer, approved_plan):
    client.force_login(other_province_officer)
    idea = approved_plan.idea
    milestone = Milestone.objects.create(plan=approved_plan, title="x", due_on="2026-01-01")
    for url in [
        reverse("backoffice:cycle_idea_detail", args=[idea.pk]),
        reverse("backoffice:cycle_idea_edit", args=[idea.pk]),
        reverse("backoffice:cycle_plan_create", args=[idea.pk]),
        reverse("backoffice:cycle_plan_detail", args=[approved_plan.pk]),
        reverse("backoffice:cycle_plan_edit", args=[approved_plan.pk]),
        reverse("backoffice:cycle_product_path", args=[idea.product_id]),
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        reverse("backoffice:cycle_idea_review", args=[idea.pk]),
        reverse("backoffice:cycle_plan_review", args=[approved_plan.pk]),
        reverse("backoffice:cycle_support_add", args=[approved_plan.pk]),
        reverse("backoffice:cycle_milestone_add", args=[approved_plan.pk]),
        reverse("backoffice:cycle_milestone_done", args=[milestone.pk]),
    ]:
        assert client.post(url, {"decision": "approve"}).status_code == 404, url
    lists = [
        reverse("backoffice:cycle_idea_list"),
        reverse("backoffice:cycle_plan_list"),
    ]
    for url in lists:
        assert list(client.get(url).context["page"].object_list) == []
    assert client.get(reverse("backoffice:cycle_overview")).context["years"] == []


def test_list_filters(client, province_officer, idea, commune_officer):
    from ocop.cycle import domain

    domain.reject_idea(actor=commune_officer, idea=idea, reason="x")
    client.force_login(province_officer)
    url = reverse("backoffice:cycle_idea_list")
    assert list(client.get(url, {"status": "rejected"}).context["page"].object_list) == [idea]
    assert list(client.get(url, {"status": "accepted"}).context["page"].object_list) == []
    assert list(client.get(url, {"year": "2025"}).context["page"].object_list) == []
    assert list(client.get(url, {"commune": idea.commune_id}).context["page"].object_list) == [idea]


def test_empty_states(client, province_officer):
    client.force_login(province_officer)
    assert (
        "Chưa có phiếu đăng ký ý tưởng"
        in client.get(reverse("backoffice:cycle_idea_list")).content.decode()
    )
    assert (
        "Chưa có dữ liệu chu trình OCOP"
        in client.get(reverse("backoffice:cycle_overview")).content.decode()
    )


def test_pages_have_no_inline_script_or_style(client, province_officer, approved_plan):
    client.force_login(province_officer)
    idea = approved_plan.idea
    for url in [
        reverse("backoffice:cycle_overview"),
        reverse("backoffice:cycle_idea_list"),
        reverse("backoffice:cycle_idea_create"),
        reverse("backoffice:cycle_idea_detail", args=[idea.pk]),
        reverse("backoffice:cycle_plan_list"),
        reverse("backoffice:cycle_plan_detail", args=[approved_plan.pk]),
        reverse("backoffice:cycle_product_path", args=[idea.product_id]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert " style=" not in html
        assert "<script>" not in html


def test_overview_shows_counts(client, province_officer, approved_plan):
    client.force_login(province_officer)
    response = client.get(reverse("backoffice:cycle_overview"), {"year": 2026})
    assert response.context["current"]["plans_approved"] == 1
    assert re.search(r'id="n-plans_approved">.*?>1</td>', response.content.decode())
