"""The OCOP cycle in the back office: product ideas and their review, business plans,
support given and milestones, a product's path and the annual cycle view.

Views validate a form and call one ``ocop.cycle.domain`` function; every object is
fetched through a scoped query (404 outside the area, ADR 0002).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.scope import scope_for
from ocop.core.models import AuditEntry
from ocop.cycle import domain
from ocop.cycle.enums import FundingSource, IdeaStatus, PlanStatus, SupportKind
from ocop.cycle.queries import (
    COUNT_KEYS,
    cycle_counts,
    cycle_counts_by_commune,
    ideas_for_user,
    milestones_for_user,
    plans_for_user,
    product_path,
    support_cost,
    with_plan_totals,
)
from ocop.registry.queries import products_for_user

from ..forms_cycle import (
    CycleFilterForm,
    IdeaFilterForm,
    IdeaForm,
    IdeaReviewForm,
    MilestoneDoneForm,
    MilestoneForm,
    PlanFilterForm,
    PlanForm,
    PlanReviewForm,
    SupportForm,
)
from .common import error_text, get_scoped, paginate, query_without, require

_WRITE_ERRORS = (ValidationError, PermissionDenied)


def _form_error(form: Any, exc: Exception) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error_text(exc))


def _may_add_ideas(user: Any) -> bool:
    scope = scope_for(user)
    return bool(
        scope.producer_ids
        or scope.edit_national
        or scope.edit_province_codes
        or scope.edit_commune_codes
    )


def _filter(qs: Any, form: Any, *, prefix: str = "") -> Any:
    if not form.is_valid():
        return qs
    data = form.cleaned_data
    if data["q"]:
        text = data["q"].strip()
        qs = qs.filter(
            Q(**{f"{prefix}name__icontains": text})
            | Q(**{f"{prefix}producer__name__icontains": text})
        )
    if data["year"]:
        qs = qs.filter(**{f"{prefix}year": data["year"]})
    if data["status"]:
        qs = qs.filter(status=data["status"])
    if data["commune"]:
        qs = qs.filter(**{f"{prefix}commune": data["commune"]})
    return qs


# ------------------------------------------------------------------------ ideas


@login_required
def idea_list(request: HttpRequest) -> HttpResponse:
    filters = IdeaFilterForm(request.GET or None, user=request.user)
    qs = _filter(ideas_for_user(request.user), filters)
    return render(
        request,
        "backoffice/cycle/idea_list.html",
        {
            "page": paginate(request, qs.order_by("-submitted_at", "-id")),
            "filters": filters,
            "query": query_without(request, "page"),
            "may_add": _may_add_ideas(request.user),
        },
    )


@login_required
def idea_create(request: HttpRequest) -> HttpResponse:
    require(_may_add_ideas(request.user))
    form = IdeaForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            idea = domain.submit_idea(
                actor=request.user,
                producer=form.cleaned_data["producer"],
                fields=form.idea_fields(),
            )
        except _WRITE_ERRORS as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận phiếu đăng ký ý tưởng sản phẩm."))
            return redirect("backoffice:cycle_idea_detail", pk=idea.pk)
    return render(request, "backoffice/cycle/idea_form.html", {"form": form, "idea": None})


@login_required
def idea_edit(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_scoped(ideas_for_user(request.user), pk)
    require(
        idea.status == IdeaStatus.NEEDS_WORK and domain.may_submit_for(request.user, idea.producer)
    )
    form = IdeaForm(request.POST or None, instance=idea, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            domain.resubmit_idea(actor=request.user, idea=idea, fields=form.idea_fields())
        except _WRITE_ERRORS as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã nộp lại ý tưởng sản phẩm."))
            return redirect("backoffice:cycle_idea_detail", pk=idea.pk)
    return render(request, "backoffice/cycle/idea_form.html", {"form": form, "idea": idea})


@login_required
def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_scoped(ideas_for_user(request.user).select_related("product"), pk)
    return _render_idea(request, idea, review_form=None)


def _render_idea(request: HttpRequest, idea: Any, *, review_form: Any) -> HttpResponse:
    may_review = idea.status == IdeaStatus.SUBMITTED and domain.may_review_in(
        request.user, commune=idea.commune
    )
    may_submit = domain.may_submit_for(request.user, idea.producer)
    plan = getattr(idea, "plan", None) if idea.status == IdeaStatus.ACCEPTED else None
    if may_review and review_form is None:
        review_form = IdeaReviewForm(idea=idea)
    return render(
        request,
        "backoffice/cycle/idea_detail.html",
        {
            "idea": idea,
            "plan": plan,
            "review_form": review_form if may_review else None,
            "may_resubmit": idea.status == IdeaStatus.NEEDS_WORK and may_submit,
            "may_plan": idea.status == IdeaStatus.ACCEPTED and plan is None and may_submit,
            "history": AuditEntry.objects.for_object(idea).order_by("-at")[:20],
        },
        status=400 if review_form is not None and review_form.errors else 200,
    )


@login_required
@require_POST
def idea_review(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_scoped(ideas_for_user(request.user).select_related("product"), pk)
    require(domain.may_review_in(request.user, commune=idea.commune))
    form = IdeaReviewForm(request.POST, idea=idea)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == IdeaReviewForm.ACCEPT:
                domain.accept_idea(
                    actor=request.user,
                    idea=idea,
                    comment=data["comment"],
                    product=data["product"],
                    create_product=data["create_product"],
                )
                messages.success(request, _("Đã chấp nhận ý tưởng sản phẩm."))
            elif data["decision"] == IdeaReviewForm.CHANGES:
                domain.request_idea_changes(actor=request.user, idea=idea, comment=data["comment"])
                messages.success(request, _("Đã yêu cầu chủ thể hoàn thiện ý tưởng."))
            else:
                domain.reject_idea(actor=request.user, idea=idea, reason=data["comment"])
                messages.success(request, _("Đã ghi ý tưởng không được chấp nhận."))
        except _WRITE_ERRORS as exc:
            _form_error(form, exc)
        else:
            return redirect("backoffice:cycle_idea_detail", pk=idea.pk)
    return _render_idea(request, idea, review_form=form)


# ------------------------------------------------------------------------ plans


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    filters = PlanFilterForm(request.GET or None, user=request.user)
    qs = _filter(plans_for_user(request.user), filters, prefix="idea__")
    return render(
        request,
        "backoffice/cycle/plan_list.html",
        {
            "page": paginate(request, with_plan_totals(qs).order_by("-submitted_at", "-id")),
            "filters": filters,
            "query": query_without(request, "page"),
        },
    )


@login_required
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_scoped(ideas_for_user(request.user), pk)
    require(domain.may_submit_for(request.user, idea.producer))
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = domain.submit_plan(actor=request.user, idea=idea, fields=form.plan_fields())
        except _WRITE_ERRORS as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã nộp phương án sản xuất kinh doanh."))
            return redirect("backoffice:cycle_plan_detail", pk=plan.pk)
    return render(
        request, "backoffice/cycle/plan_form.html", {"form": form, "idea": idea, "plan": None}
    )


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_scoped(plans_for_user(request.user), pk)
    require(
        plan.status == PlanStatus.RETURNED
        and domain.may_submit_for(request.user, plan.idea.producer)
    )
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            domain.resubmit_plan(actor=request.user, plan=plan, fields=form.plan_fields())
        except _WRITE_ERRORS as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã nộp lại phương án."))
            return redirect("backoffice:cycle_plan_detail", pk=plan.pk)
    return render(
        request, "backoffice/cycle/plan_form.html", {"form": form, "idea": plan.idea, "plan": plan}
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_scoped(plans_for_user(request.user), pk)
    return _render_plan(request, plan)


def _render_plan(request: HttpRequest, plan: Any, **forms: Any) -> HttpResponse:
    commune = plan.idea.commune
    may_officer = domain.may_review_in(request.user, commune=commune)
    may_review = plan.status == PlanStatus.SUBMITTED and may_officer
    may_implement = plan.status == PlanStatus.APPROVED and may_officer
    kinds = dict(SupportKind.choices)
    context = {
        "plan": plan,
        "idea": plan.idea,
        "requested_kinds": [kinds.get(k, k) for k in plan.support_kinds],
        "supports": list(plan.supports.order_by("given_on", "id")),
        "total_cost": support_cost(plan),
        "milestones": list(plan.milestones.all()),
        "may_resubmit": plan.status == PlanStatus.RETURNED
        and domain.may_submit_for(request.user, plan.idea.producer),
        "may_mark_done": plan.status == PlanStatus.APPROVED
        and domain.may_submit_for(request.user, plan.idea.producer),
        "review_form": forms.get("review_form") or (PlanReviewForm() if may_review else None),
        "support_form": forms.get("support_form") or (SupportForm() if may_implement else None),
        "milestone_form": forms.get("milestone_form")
        or (MilestoneForm() if may_implement else None),
        "done_form": MilestoneDoneForm(initial={"done_on": timezone.localdate()}),
        "history": AuditEntry.objects.for_object(plan).order_by("-at")[:20],
    }
    failed = any(f is not None and f.errors for f in forms.values())
    return render(
        request, "backoffice/cycle/plan_detail.html", context, status=400 if failed else 200
    )


@login_required
@require_POST
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_scoped(plans_for_user(request.user), pk)
    require(domain.may_review_in(request.user, commune=plan.idea.commune))
    form = PlanReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == PlanReviewForm.APPROVE:
                domain.approve_plan(actor=request.user, plan=plan, comment=data["comment"])
                messages.success(request, _("Đã phê duyệt phương án."))
            else:
                domain.return_plan(actor=request.user, plan=plan, comment=data["comment"])
                messages.success(request, _("Đã trả lại phương án để hoàn thiện."))
        except _WRITE_ERRORS as exc:
            _form_error(form, exc)
        else:
            return redirect("backoffice:cycle_plan_detail", pk=plan.pk)
    return _render_plan(request, plan, review_form=form)


@login_required
@require_POST
def support_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_scoped(plans_for_user(request.user), pk)
    require(domain.may_review_in(request.user, commune=plan.idea.commune))
    form = SupportForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            domain.record_support(
                actor=request.user,
                plan=plan,
                kind=SupportKind(data["kind"]),
                cost_vnd=data["cost_vnd"],
                funding_source=FundingSource(data["funding_source"]),
                given_on=data["given_on"],
                provider=data["provider"],
                description=data["description"],
            )
        except _WRITE_ERRORS as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã ghi hỗ trợ."))
            return redirect("backoffice:cycle_plan_detail", pk=plan.pk)
    return _render_plan(request, plan, support_form=form)


@login_required
@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_scoped(plans_for_user(request.user), pk)
    require(domain.may_review_in(request.user, commune=plan.idea.commune))
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            domain.add_milestone(actor=request.user, plan=plan, **form.cleaned_data)
        except _WRITE_ERRORS as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã thêm mốc thực hiện."))
            return redirect("backoffice:cycle_plan_detail", pk=plan.pk)
    return _render_plan(request, plan, milestone_form=form)


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_scoped(milestones_for_user(request.user), pk)
    require(domain.may_submit_for(request.user, milestone.plan.idea.producer))
    form = MilestoneDoneForm(request.POST)
    if form.is_valid():
        try:
            domain.complete_milestone(
                actor=request.user, milestone=milestone, done_on=form.cleaned_data["done_on"]
            )
        except _WRITE_ERRORS as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Đã ghi hoàn thành mốc."))
    else:
        messages.error(request, _("Ngày hoàn thành không hợp lệ."))
    return redirect("backoffice:cycle_plan_detail", pk=milestone.plan_id)


# ------------------------------------------------------------- path and overview


@login_required
def product_path_view(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_scoped(products_for_user(request.user).select_related("producer"), pk)
    return render(
        request,
        "backoffice/cycle/product_path.html",
        {"product": product, "steps": product_path(product)},
    )


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    filters = CycleFilterForm(request.GET or None)
    ideas = ideas_for_user(request.user)
    years = cycle_counts(ideas)
    year = filters.cleaned_data["year"] if filters.is_valid() else None
    if not year:
        year = years[0]["year"] if years else timezone.localdate().year
    current = next((row for row in years if row["year"] == year), None)
    return render(
        request,
        "backoffice/cycle/overview.html",
        {
            "filters": filters,
            "year": year,
            "years": years,
            "current": current,
            "keys": COUNT_KEYS,
            "communes": cycle_counts_by_commune(ideas, year=year) if current else [],
        },
    )
