"""Plans and targets in the back office: progress against live indicators, drill-down
to the records behind each number, the .xlsx export and the indicator definitions.

Views validate a form and call one ``ocop.planning.domain`` function; plans are fetched
through ``plans_for_user`` (404 outside the area, ADR 0002).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.scope import scope_for
from ocop.planning import domain
from ocop.planning.indicators import INDICATORS, REGISTRY
from ocop.planning.models import Course, Participant, Plan, Target
from ocop.planning.progress import (
    AMBER_FROM,
    GREEN_FROM,
    evaluate,
    plan_progress,
    progress_xlsx,
)
from ocop.planning.queries import (
    courses_for_user,
    plans_for_user,
    targets_of,
    with_participant_counts,
    with_target_counts,
)

from ..forms_planning import CourseFilterForm, CourseForm, ParticipantForm, PlanForm, TargetForm
from .common import XLSX_TYPE, error_text, file_response, get_scoped, require

_WRITE_ERRORS = (ValidationError, PermissionDenied)


def _may_add(user: Any) -> bool:
    scope = scope_for(user)
    return bool(scope.edit_national or scope.edit_province_codes or scope.edit_commune_codes)


def _may_edit(user: Any, plan: Plan) -> bool:
    return domain.may_edit_plan(user, province_code=plan.province_id, commune_code=plan.commune_id)


def _form_error(form: Any, exc: Exception) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error_text(exc))


def _scoped_target(request: HttpRequest, pk: int) -> Target:
    plans = plans_for_user(request.user)
    target = (
        Target.objects.select_related("commune", "plan__province", "plan__commune")
        .filter(plan__in=plans.values("pk"))
        .filter(pk=pk)
        .first()
    )
    if target is None:
        raise Http404
    return target


# ------------------------------------------------------------------- plans


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = with_target_counts(plans_for_user(request.user)).order_by(
        "-end_year", "province__name", "number", "id"
    )
    return render(
        request,
        "backoffice/planning/plan_list.html",
        {"plans": plans, "may_add": _may_add(request.user)},
    )


def _plan_page(request: HttpRequest, plan: Plan | None) -> HttpResponse:
    form = PlanForm(request.POST or None, request.FILES or None, instance=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in domain.PLAN_FIELDS}
        document = form.cleaned_data.get("document_file")
        try:
            if plan is None:
                plan = domain.create_plan(actor=request.user, fields=fields, document=document)
                messages.success(request, _("Đã thêm kế hoạch."))
            else:
                plan = domain.update_plan(
                    actor=request.user, plan=plan, fields=fields, document=document
                )
                messages.success(request, _("Đã lưu kế hoạch."))
        except _WRITE_ERRORS as exc:
            _form_error(form, exc)
        else:
            return redirect("backoffice:planning_detail", plan.pk)
    return render(request, "backoffice/planning/plan_form.html", {"form": form, "plan": plan})


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    require(_may_add(request.user))
    return _plan_page(request, None)


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_scoped(plans_for_user(request.user), pk)
    require(_may_edit(request.user, plan))
    return _plan_page(request, plan)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_scoped(plans_for_user(request.user), pk)
    rows = plan_progress(plan, list(targets_of(plan)), today=timezone.localdate())
    tally = {light: sum(1 for r in rows if r.light == light) for light in ("green", "amber", "red")}
    return render(
        request,
        "backoffice/planning/plan_detail.html",
        {
            "plan": plan,
            "rows": rows,
            "tally": tally,
            "may_edit": _may_edit(request.user, plan),
            "green_from": GREEN_FROM,
            "amber_from": AMBER_FROM,
        },
    )


@login_required
def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_scoped(plans_for_user(request.user), pk)
    rows = plan_progress(plan, list(targets_of(plan)), today=timezone.localdate())
    response = HttpResponse(
        progress_xlsx(plan, rows),
        content_type=XLSX_TYPE,
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = (
        f'attachment; filename="tien-do-ke-hoach-{plan.pk}-{stamp}.xlsx"'
    )
    return response


@login_required
def plan_document(request: HttpRequest, pk: int) -> FileResponse:
    plan = get_scoped(plans_for_user(request.user), pk)
    if not plan.document:
        raise Http404
    return file_response(
        plan.document,
        download_name=plan.document_name or "ke-hoach",
        content_type=plan.document_type or "application/octet-stream",
    )


# ------------------------------------------------------------------- targets


def _target_page(request: HttpRequest, plan: Plan, target: Target | None) -> HttpResponse:
    initial = TargetForm.initial_for(target) if target else {}
    if target is None and request.GET.get("indicator") in REGISTRY:
        initial["indicator"] = request.GET["indicator"]
    form = TargetForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            if target is None:
                domain.add_target(actor=request.user, plan=plan, fields=fields)
                messages.success(request, _("Đã thêm chỉ tiêu."))
            else:
                domain.update_target(actor=request.user, target=target, fields=fields)
                messages.success(request, _("Đã lưu chỉ tiêu."))
        except _WRITE_ERRORS as exc:
            _form_error(form, exc)
        else:
            return redirect("backoffice:planning_detail", plan.pk)
    return render(
        request,
        "backoffice/planning/target_form.html",
        {"form": form, "plan": plan, "target": target},
    )


@login_required
def target_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_scoped(plans_for_user(request.user), pk)
    require(_may_edit(request.user, plan))
    return _target_page(request, plan, None)


@login_required
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = _scoped_target(request, pk)
    require(_may_edit(request.user, target.plan))
    return _target_page(request, target.plan, target)


@login_required
@require_POST
def target_remove(request: HttpRequest, pk: int) -> HttpResponse:
    target = _scoped_target(request, pk)
    plan = target.plan
    require(_may_edit(request.user, plan))
    domain.remove_target(actor=request.user, target=target)
    messages.success(request, _("Đã xóa chỉ tiêu."))
    return redirect("backoffice:planning_detail", plan.pk)


@login_required
def target_records(request: HttpRequest, pk: int) -> HttpResponse:
    """The records behind one actual value (e.g. the products counted, the communes
    without a product)."""
    target = _scoped_target(request, pk)
    if target.indicator not in REGISTRY:
        raise Http404
    row = evaluate(target.plan, target, today=timezone.localdate())
    page = Paginator(row.result.records, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/planning/target_records.html",
        {"plan": target.plan, "row": row, "page": page},
    )


# ------------------------------------------------------------------- indicators


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "backoffice/planning/indicator_list.html",
        {"indicators": INDICATORS, "green_from": GREEN_FROM, "amber_from": AMBER_FROM},
    )


@login_required
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = REGISTRY.get(code)
    if indicator is None:
        raise Http404
    return render(request, "backoffice/planning/indicator_detail.html", {"indicator": indicator})


# ------------------------------------------------------------------- training


def _may_edit_course(user: Any, course: Course) -> bool:
    return domain.may_edit_plan(
        user, province_code=course.province_id, commune_code=course.commune_id
    )


@login_required
def course_list(request: HttpRequest) -> HttpResponse:
    filters = CourseFilterForm(request.GET or None)
    courses = with_participant_counts(courses_for_user(request.user))
    if filters.is_valid():
        if filters.cleaned_data.get("year"):
            courses = courses.filter(start_date__year=filters.cleaned_data["year"])
        if filters.cleaned_data.get("kind"):
            courses = courses.filter(kind=filters.cleaned_data["kind"])
    courses = courses.order_by("-start_date", "province__name", "topic", "id")
    page = Paginator(courses, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/planning/course_list.html",
        {"page": page, "filters": filters, "may_add": _may_add(request.user)},
    )


def _course_page(request: HttpRequest, course: Course | None) -> HttpResponse:
    form = CourseForm(request.POST or None, instance=course, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in domain.COURSE_FIELDS}
        try:
            if course is None:
                course = domain.create_course(actor=request.user, fields=fields)
                messages.success(request, _("Đã thêm lớp tập huấn."))
            else:
                course = domain.update_course(actor=request.user, course=course, fields=fields)
                messages.success(request, _("Đã lưu lớp tập huấn."))
        except _WRITE_ERRORS as exc:
            _form_error(form, exc)
        else:
            return redirect("backoffice:planning_course_detail", course.pk)
    return render(request, "backoffice/planning/course_form.html", {"form": form, "course": course})


@login_required
def course_create(request: HttpRequest) -> HttpResponse:
    require(_may_add(request.user))
    return _course_page(request, None)


@login_required
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_scoped(courses_for_user(request.user), pk)
    require(_may_edit_course(request.user, course))
    return _course_page(request, course)


@login_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_scoped(courses_for_user(request.user), pk)
    may_edit = _may_edit_course(request.user, course)
    form = ParticipantForm(request.POST or None, course=course)
    if request.method == "POST":
        require(may_edit)
        if form.is_valid():
            try:
                domain.add_participant(
                    actor=request.user, course=course, fields=form.domain_fields()
                )
            except _WRITE_ERRORS as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Đã thêm học viên."))
                return redirect("backoffice:planning_course_detail", course.pk)
    participants = course.participants.select_related("user", "producer").order_by("id")
    return render(
        request,
        "backoffice/planning/course_detail.html",
        {"course": course, "participants": participants, "form": form, "may_edit": may_edit},
    )


@login_required
@require_POST
def participant_attended(request: HttpRequest, pk: int) -> HttpResponse:
    participant = (
        Participant.objects.select_related("course")
        .filter(course__in=courses_for_user(request.user).values("pk"), pk=pk)
        .first()
    )
    if participant is None:
        raise Http404
    require(_may_edit_course(request.user, participant.course))
    certificate = request.POST.get("certificate_number")
    try:
        domain.set_attended(
            actor=request.user,
            participant=participant,
            attended=request.POST.get("attended") == "1",
            certificate_number=certificate.strip()[:60] if certificate is not None else None,
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã cập nhật học viên."))
    return redirect("backoffice:planning_course_detail", participant.course_id)
