"""Back-office pages of the evaluation workflow: dossiers, rounds, councils, scoring."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.models import User
from ocop.accounts.scope import scope_for
from ocop.core.models import AuditEntry
from ocop.criteria.scoring import ScoringError
from ocop.evaluation import documents, domain, rules
from ocop.evaluation.enums import DossierKind, DossierState, Level, ScoresheetState
from ocop.evaluation.models import Decision, Dossier, Round, Scoresheet
from ocop.evaluation.queries import dossiers_for_user, rounds_for_user, visible_scoresheets
from ocop.registry.queries import products_for_user, search

from ..forms import (
    CommuneAssessmentForm,
    ConflictForm,
    CouncilForm,
    DecisionForm,
    DossierStartForm,
    ProvinceCheckForm,
    ReasonForm,
    RegistrationForm,
    RoundForm,
    decidable,
)
from ..sheetform import parse_answers, sheet_context
from .common import XLSX_TYPE, error_text, get_scoped, paginate, query_without, require


def _dossier_qs(request: HttpRequest) -> QuerySet[Dossier]:
    return dossiers_for_user(request.user).select_related(
        "product__producer",
        "product__commune__province",
        "product__product_set",
        "round__province",
        "revision",
    )


@login_required
def dossier_list(request: HttpRequest) -> HttpResponse:
    qs = _dossier_qs(request).select_related("result")
    state = request.GET.get("state", "")
    if state in DossierState.values:
        qs = qs.filter(state=state)
    text = request.GET.get("q", "")
    if text:
        qs = qs.filter(product__in=search(products_for_user(request.user), text))
    return render(
        request,
        "backoffice/dossier/list.html",
        {
            "page": paginate(request, qs.order_by("-created_at", "-id")),
            "states": DossierState.choices,
            "state": state,
            "q": text,
            "query": query_without(request, "page"),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def dossier_start(request: HttpRequest, product_pk: int) -> HttpResponse:
    product = get_scoped(
        products_for_user(request.user).select_related("commune", "product_set__version"),
        product_pk,
    )
    form = DossierStartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chọn loại hồ sơ."))
        return redirect("backoffice:product_detail", pk=product.pk)
    try:
        dossier = domain.start_dossier(
            actor=request.user, product=product, kind=DossierKind(form.cleaned_data["kind"])
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
        return redirect("backoffice:product_detail", pk=product.pk)
    messages.success(request, _("Đã lập hồ sơ; điền Mẫu 01 và tự đánh giá (Mẫu 02)."))
    return redirect("backoffice:dossier_edit", pk=dossier.pk)


# Once the council has concluded, the producer sees the per-criterion feedback.
FEEDBACK_STATES = {
    DossierState.RECOMMENDED,
    DossierState.FORWARDED,
    DossierState.RECOGNISED,
    DossierState.NOT_RECOGNISED,
    DossierState.EXCLUDED,
}


def _feedback(dossier: Dossier) -> list[dict[str, Any]]:
    """Per criterion: maximum, the council's mean points and the members' comments
    (anonymous: members are numbered, never named)."""
    result = getattr(dossier, "result", None)
    if result is None or dossier.state not in FEEDBACK_STATES:
        return []
    sheets = list(dossier.scoresheets.filter(state=ScoresheetState.SUBMITTED).order_by("id"))
    return [
        {
            "criterion": criterion,
            "mean": result.means.get(criterion.code),
            "notes": [
                (number, s.comments[criterion.code])
                for number, s in enumerate(sheets, start=1)
                if s.comments.get(criterion.code)
            ],
        }
        for criterion in dossier.revision.form().sheet.criteria_list()
    ]


def _may_see_result(request: HttpRequest, dossier: Dossier) -> bool:
    """Blind scoring: a seated member sees the running result only after submitting."""
    seat = rules.seat_for(request.user, dossier)
    if seat is None or not seat.council.blind:
        return True
    return Scoresheet.objects.filter(
        dossier=dossier, member=seat, state=ScoresheetState.SUBMITTED
    ).exists()


def _actions(request: HttpRequest, dossier: Dossier) -> dict[str, bool]:
    user = request.user
    seat = rules.seat_for(user, dossier)
    editable = dossier.state in domain.EDITABLE
    return {
        "prepare": editable and rules.may_prepare(user, dossier),
        "commune": dossier.state == DossierState.SUBMITTED
        and rules.may_assess_at_commune(user, dossier),
        "province": dossier.state == DossierState.PROPOSED and domain.may_check(user, dossier),
        "score": seat is not None and dossier.state in (DossierState.ACCEPTED, DossierState.SCORED),
        "recommend": seat is not None and seat.is_chair and dossier.state == DossierState.SCORED,
        "is_chair": seat is not None and seat.is_chair,
    }


@login_required
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_scoped(_dossier_qs(request), pk)
    result = getattr(dossier, "result", None)
    if result is not None and not _may_see_result(request, dossier):
        result = None
    context: dict[str, Any] = {
        "dossier": dossier,
        "actions": _actions(request, dossier),
        "versions": dossier.versions.order_by("-number"),
        "assessments": dossier.commune_assessments.select_related("assessed_by"),
        "checks": dossier.province_checks.select_related("checked_by"),
        "result": result,
        # Individual sheets: for the council and the provincial agency, not the producer.
        "sheets": visible_scoresheets(user=request.user, dossier=dossier)
        if dossier.round
        and (
            rules.sits_on(request.user, dossier.round)
            or rules.may_manage_round(request.user, dossier.round)
        )
        else [],
        "council": getattr(dossier.round, "council", None) if dossier.round_id else None,
        "history": AuditEntry.objects.for_object(dossier).select_related("actor")[:100],
        "feedback": _feedback(dossier),
    }
    seated = (
        dossier.round is not None
        and dossier.state in (DossierState.ACCEPTED, DossierState.SCORED)
        and rules.sits_on(request.user, dossier.round)
    )
    if seated:
        declared = dossier.declarations.filter(member__user=cast(User, request.user)).first()
        context["conflict_form"] = ConflictForm(
            initial={"has_conflict": bool(declared and declared.has_conflict)}
        )
    context["today"] = timezone.localdate()
    if context["actions"]["commune"]:
        context["commune_form"] = CommuneAssessmentForm(initial={"decision": "propose"})
    if context["actions"]["province"]:
        context["province_form"] = ProvinceCheckForm(
            dossier=dossier, initial={"decision": "accept"}
        )
    return render(request, "backoffice/dossier/detail.html", context)


@login_required
def dossier_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_scoped(_dossier_qs(request), pk)
    require(rules.may_prepare(request.user, dossier))
    if dossier.state not in domain.EDITABLE:
        messages.error(request, _("Hồ sơ đã nộp không sửa được."))
        return redirect("backoffice:dossier_detail", pk=dossier.pk)
    sheet = dossier.revision.form().sheet
    documents = dossier.product.producer.documents.select_related("product").order_by("-created_at")
    form = RegistrationForm(request.POST or None, initial=dossier.registration)
    answers: dict[str, Any] = dict(dossier.self_answers)
    chosen_docs = set(dossier.documents.values_list("pk", flat=True))
    if request.method == "POST":
        answers, _knockouts, _comments = parse_answers(sheet, request.POST)
        chosen_docs = {int(d) for d in request.POST.getlist("documents") if d.isdigit()}
        if form.is_valid():
            domain.save_dossier_draft(
                actor=request.user,
                dossier=dossier,
                registration=form.cleaned_data,
                self_answers=answers,
                document_ids=chosen_docs,
            )
            if "submit" in request.POST:
                try:
                    domain.submit_dossier(actor=request.user, dossier=dossier)
                except ValidationError as exc:
                    messages.error(request, error_text(exc))
                else:
                    messages.success(request, _("Đã nộp hồ sơ cho UBND xã."))
                    return redirect("backoffice:dossier_detail", pk=dossier.pk)
            else:
                messages.success(request, _("Đã lưu bản nháp."))
                return redirect("backoffice:dossier_edit", pk=dossier.pk)
    context = {
        "dossier": dossier,
        "form": form,
        "documents": documents,
        "chosen_docs": chosen_docs,
        **sheet_context(sheet, answers=answers),
    }
    return render(request, "backoffice/dossier/edit.html", context)


@login_required
@require_POST
def dossier_commune(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_scoped(_dossier_qs(request), pk)
    form = CommuneAssessmentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            domain.assess_at_commune(
                actor=request.user,
                dossier=dossier,
                fields=data,
                propose=data["decision"] == "propose",
                reason=data["reason"],
            )
            messages.success(request, _("Đã ghi báo cáo đánh giá của xã (Mẫu 03)."))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, _("Cần chọn đề nghị hoặc trả lại."))
    return redirect("backoffice:dossier_detail", pk=dossier.pk)


@login_required
@require_POST
def dossier_province(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_scoped(_dossier_qs(request), pk)
    form = ProvinceCheckForm(request.POST, dossier=dossier)
    if form.is_valid():
        data = form.cleaned_data
        try:
            domain.check_at_province(
                actor=request.user,
                dossier=dossier,
                complete=data["decision"] == "accept",
                reason=data["reason"],
                round_=data["round"],
            )
            messages.success(request, _("Đã ghi kết quả kiểm tra của tỉnh."))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, _("Cần chọn kết quả kiểm tra."))
    return redirect("backoffice:dossier_detail", pk=dossier.pk)


@login_required
def dossier_score(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_scoped(_dossier_qs(request), pk)
    seat = rules.seat_for(request.user, dossier)
    require(seat is not None)
    sheet_obj = Scoresheet.objects.filter(dossier=dossier, member=seat).first()
    sheet = dossier.revision.form().sheet
    answers = dict(sheet_obj.answers) if sheet_obj else {}
    knockouts = list(sheet_obj.knockouts) if sheet_obj else []
    comments = dict(sheet_obj.comments) if sheet_obj else {}
    submitted = sheet_obj is not None and sheet_obj.state == ScoresheetState.SUBMITTED
    if request.method == "POST" and not submitted:
        answers, knockouts, comments = parse_answers(sheet, request.POST)
        try:
            domain.save_scoresheet(
                actor=request.user,
                dossier=dossier,
                answers=answers,
                knockouts=knockouts,
                comments=comments,
            )
            if "submit" in request.POST:
                domain.submit_scoresheet(actor=request.user, dossier=dossier)
                messages.success(request, _("Đã nộp phiếu chấm."))
                return redirect("backoffice:dossier_detail", pk=dossier.pk)
            messages.success(request, _("Đã lưu phiếu nháp."))
            return redirect("backoffice:dossier_score", pk=dossier.pk)
        except (ValidationError, PermissionDenied, ScoringError) as exc:
            messages.error(request, error_text(exc))
    context = {
        "dossier": dossier,
        "scoresheet": sheet_obj,
        "submitted": submitted,
        "self_answers": dossier.self_answers,
        **sheet_context(sheet, answers=answers, comments=comments, knockouts=knockouts),
    }
    return render(request, "backoffice/dossier/score.html", context)


@login_required
@require_POST
def dossier_recommend(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_scoped(_dossier_qs(request), pk)
    try:
        domain.recommend(actor=request.user, dossier=dossier, note=request.POST.get("note", ""))
        messages.success(request, _("Đã ghi đề nghị của Hội đồng."))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    return redirect("backoffice:dossier_detail", pk=dossier.pk)


@login_required
@require_POST
def scoresheet_reopen(request: HttpRequest, pk: int, sheet_pk: int) -> HttpResponse:
    dossier = get_scoped(_dossier_qs(request), pk)
    sheet = get_scoped(dossier.scoresheets.all(), sheet_pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Cần ghi lý do mở lại phiếu."))
        domain.reopen_scoresheet(
            actor=request.user, sheet=sheet, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Đã mở lại phiếu để chấm lại."))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    return redirect("backoffice:dossier_detail", pk=dossier.pk)


# ---- rounds -----------------------------------------------------------------------


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    form = RoundForm(request.POST or None, scope=scope)
    may_open = scope.edit_national or bool(scope.edit_province_codes)
    if request.method == "POST":
        require(may_open)
        if form.is_valid():
            data = form.cleaned_data
            try:
                round_ = domain.open_round(
                    actor=request.user,
                    level=Level(data["level"]),
                    year=data["year"],
                    number=data["number"],
                    province_code=data["province"].code if data["province"] else None,
                )
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, _("Đã mở đợt đánh giá."))
                return redirect("backoffice:round_detail", pk=round_.pk)
    rounds = rounds_for_user(request.user).order_by("-year", "-number", "province__name")
    return render(
        request,
        "backoffice/round/list.html",
        {
            "page": paginate(request, rounds),
            "form": form,
            "may_open": may_open,
            "query": query_without(request, "page"),
        },
    )


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_: Round = get_scoped(rounds_for_user(request.user), pk)
    manage = rules.may_manage_round(request.user, round_)
    council = getattr(round_, "council", None)
    dossiers = list(
        round_.dossiers.select_related("product__producer", "result").order_by("product__name")
    )
    members = list(council.members.select_related("user")) if council else []
    submitted = {
        (s.dossier_id, s.member_id)
        for s in Scoresheet.objects.filter(dossier__round=round_, state=ScoresheetState.SUBMITTED)
    }
    progress = [
        {"dossier": d, "marks": [(m, (d.pk, m.pk) in submitted) for m in members]} for d in dossiers
    ]
    context: dict[str, Any] = {
        "round": round_,
        "manage": manage,
        "council": council,
        "members": members,
        "progress": progress,
        "decisions": round_.decisions.prefetch_related("items__product"),
    }
    if manage and council is None:
        context["council_form"] = CouncilForm(province_code=round_.province_id)
    if manage and decidable(round_).exists():
        context["decision_form"] = DecisionForm(round_=round_)
    return render(request, "backoffice/round/detail.html", context)


@login_required
@require_POST
def round_council(request: HttpRequest, pk: int) -> HttpResponse:
    round_: Round = get_scoped(rounds_for_user(request.user), pk)
    require(rules.may_manage_round(request.user, round_))
    form = CouncilForm(request.POST, province_code=round_.province_id)
    if form.is_valid():
        data = form.cleaned_data
        try:
            domain.set_up_council(
                actor=request.user,
                round_=round_,
                name=data["name"],
                chair=data["chair"],
                members=[(u, "") for u in data["members"]],
                max_spread=data["max_spread"],
                blind=data["blind"],
                advisors=list(data["advisors"]),
            )
            messages.success(request, _("Đã thành lập Hội đồng."))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, _("Kiểm tra lại tên, Chủ tịch và thành viên Hội đồng."))
    return redirect("backoffice:round_detail", pk=round_.pk)


@login_required
@require_POST
def round_decision(request: HttpRequest, pk: int) -> HttpResponse:
    round_: Round = get_scoped(rounds_for_user(request.user), pk)
    require(rules.may_manage_round(request.user, round_))
    form = DecisionForm(request.POST, round_=round_)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = domain.decide_recognition(
                actor=request.user,
                round_=round_,
                number=data["number"],
                decided_on=data["decided_on"],
                signer=data["signer"],
                authority=data["authority"],
                dossiers=list(data["dossiers"]),
            )
            messages.success(request, _("Đã ban hành quyết định %(n)s.") % {"n": decision.number})
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, _("Kiểm tra lại số, ngày, người ký và danh sách hồ sơ."))
    return redirect("backoffice:round_detail", pk=round_.pk)


# ---- documents ----------------------------------------------------------------------


def _attachment(data: bytes, *, content_type: str, name: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    kind = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{kind}; filename="{name}"'
    return response


@login_required
def round_minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    round_: Round = get_scoped(rounds_for_user(request.user), pk)
    require(rules.may_manage_round(request.user, round_) or rules.sits_on(request.user, round_))
    pdf = documents.minutes_pdf(round_=round_)
    return _attachment(
        pdf,
        content_type="application/pdf",
        name=f"bien-ban-dot-{round_.number}-{round_.year}.pdf",
        inline=True,
    )


@login_required
def round_results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    round_: Round = get_scoped(rounds_for_user(request.user), pk)
    require(rules.may_manage_round(request.user, round_) or rules.sits_on(request.user, round_))
    return _attachment(
        documents.results_xlsx(round_=round_),
        content_type=XLSX_TYPE,
        name=f"ket-qua-dot-{round_.number}-{round_.year}.xlsx",
    )


@login_required
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_scoped(
        Decision.objects.filter(round__in=rounds_for_user(request.user)).select_related("round"), pk
    )
    return _attachment(
        documents.decision_pdf(decision=decision),
        content_type="application/pdf",
        name=f"quyet-dinh-{decision.pk}.pdf",
        inline=True,
    )


@login_required
@require_POST
def dossier_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_scoped(_dossier_qs(request), pk)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            domain.declare_conflict(
                actor=request.user,
                dossier=dossier,
                has_conflict=form.cleaned_data["has_conflict"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Đã ghi khai báo xung đột lợi ích."))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
    return redirect("backoffice:dossier_detail", pk=dossier.pk)
