"""The evaluation workflow under the procedure of the dossier's criteria version.

One function per state change. Each validates the transition and the actor's right,
writes in one transaction, and logs to the audit trail. Scores are computed only by
the engine in ``ocop.criteria.scoring``; ``compute_result`` is the only writer of
``Result``; ``decide_recognition`` is the only place that recognises a star.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.certification.domain import issue_certificate
from ocop.core.audit import diff, log_action
from ocop.criteria.models import CriteriaVersion
from ocop.criteria.queries import current_revision
from ocop.criteria.scoring import (
    CouncilRules,
    MemberSheet,
    ScoringError,
    council_result,
    format_problems,
    score_sheet,
)
from ocop.registry.enums import ProductStatus
from ocop.registry.models import EvidenceDocument, Product

from . import rules
from .enums import DossierKind, DossierState, Level, RoundStatus, ScoresheetState
from .models import (
    CommuneAssessment,
    ConflictDeclaration,
    Council,
    CouncilMember,
    Decision,
    DecisionItem,
    Dossier,
    DossierVersion,
    ProvinceCheck,
    Result,
    Round,
    Scoresheet,
)
from .procedure import add_working_days, procedure_for

EDITABLE = (DossierState.DRAFT, DossierState.RETURNED)


def _deny_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này với hồ sơ."))


def _require_state(dossier: Dossier, *states: str) -> None:
    if dossier.state not in states:
        raise ValidationError(
            _("Hồ sơ đang ở trạng thái “%(state)s”; không thể thực hiện bước này.")
            % {"state": dossier.get_state_display()},
            code="wrong_state",
        )


def _lock(dossier: Dossier) -> Dossier:
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("product__commune__province", "product__product_set", "revision", "round")
        .get(pk=dossier.pk)
    )


def _move(
    dossier: Dossier, *, to: str, actor: Any, action: str, reason: str = "", **fields: Any
) -> Dossier:
    before = {"state": dossier.state, **{k: getattr(dossier, k) for k in fields}}
    dossier.state = to
    for name, value in fields.items():
        setattr(dossier, name, value)
    dossier.save()
    after = {"state": to, **fields}
    log_action(action=action, obj=dossier, actor=actor, changes=diff(before, after), reason=reason)
    return dossier


def _scoring_error(exc: ScoringError) -> ValidationError:
    return ValidationError(format_problems(exc.problems), code="scoring")


# ---- rounds ---------------------------------------------------------------------


@transaction.atomic
def open_round(
    *, actor: Any, level: Level, year: int, number: int, province_code: str | None = None
) -> Round:
    """Open a round with the cut-off and deadline of the current procedure (Art. 5)."""
    version = CriteriaVersion.objects.get(is_current=True)
    procedure = procedure_for(version.code)
    cutoff, deadline = procedure.round_dates(level=level, number=number, year=year)
    round_ = Round(
        level=level,
        province_id=province_code if level == Level.PROVINCE else None,
        criteria_version=version,
        year=year,
        number=number,
        dossier_cutoff=cutoff,
        deadline=deadline,
    )
    _deny_unless(actor is None or rules.may_manage_round(actor, round_))
    round_.full_clean()
    round_.save()
    log_action(action="ocop.round.opened", obj=round_, actor=actor)
    return round_


# ---- dossiers -------------------------------------------------------------------


@transaction.atomic
def start_dossier(*, actor: Any, product: Product, kind: DossierKind) -> Dossier:
    """A draft dossier on the current sheet of the product's set."""
    version = product.product_set.version
    revision = current_revision(criteria=version.code, set_number=product.product_set.number)
    dossier = Dossier(product=product, kind=kind, revision=revision, created_by=actor)
    _deny_unless(actor is None or rules.may_prepare(actor, dossier))
    open_ = Dossier.objects.filter(product=product).exclude(
        state__in=[DossierState.RECOGNISED, DossierState.NOT_RECOGNISED, DossierState.EXCLUDED]
    )
    if open_.exists():
        raise ValidationError(_("Sản phẩm đã có một hồ sơ đang xử lý."), code="open_dossier")
    dossier.save()
    log_action(action="ocop.dossier.started", obj=dossier, actor=actor, data={"kind": kind})
    return dossier


@transaction.atomic
def save_dossier_draft(
    *,
    actor: Any,
    dossier: Dossier,
    registration: Mapping[str, Any],
    self_answers: Mapping[str, int | None],
    document_ids: Iterable[int] = (),
) -> Dossier:
    """Save Mẫu 01 and the Mẫu 02 self-assessment; only while the dossier is editable."""
    dossier = _lock(dossier)
    _deny_unless(actor is None or rules.may_prepare(actor, dossier))
    _require_state(dossier, *EDITABLE)
    documents = list(
        EvidenceDocument.objects.filter(
            producer_id=dossier.product.producer_id, pk__in=list(document_ids)
        )
    )
    before = {"registration": dossier.registration, "self_answers": dossier.self_answers}
    dossier.registration = dict(registration)
    dossier.self_answers = dict(self_answers)
    dossier.save()
    dossier.documents.set(documents)
    changes = diff(
        before, {"registration": dossier.registration, "self_answers": dossier.self_answers}
    )
    if changes:
        log_action(action="ocop.dossier.draft_saved", obj=dossier, actor=actor, changes=changes)
    return dossier


def self_assessment(dossier: Dossier) -> Any:
    """The engine's result for the producer's own answers (raises ``ScoringError``)."""
    form = dossier.revision.form()
    return score_sheet(sheet=form.sheet, answers=dossier.self_answers, bands=form.bands)


@transaction.atomic
def submit_dossier(*, actor: Any, dossier: Dossier) -> DossierVersion:
    """Freeze the dossier as a new version and send it to the commune (15 working days)."""
    dossier = _lock(dossier)
    _deny_unless(actor is None or rules.may_prepare(actor, dossier))
    _require_state(dossier, *EDITABLE)
    if not dossier.registration.get("applicant"):
        raise ValidationError({"registration": _("Phiếu đăng ký (Mẫu 01) chưa ghi người đăng ký.")})
    try:
        result = self_assessment(dossier)
    except ScoringError as exc:
        raise _scoring_error(exc) from exc
    if dossier.kind == DossierKind.REEVALUATION and dossier.version == 0:
        _file_reevaluation(actor=actor, dossier=dossier, today=timezone.localdate())
    previous = dossier.versions.order_by("-number").first()
    document_ids = sorted(dossier.documents.values_list("pk", flat=True))
    snapshot = {
        "registration": dossier.registration,
        "self_answers": dossier.self_answers,
        "document_ids": document_ids,
    }
    old = (
        {
            "registration": previous.registration,
            "self_answers": previous.self_answers,
            "document_ids": previous.document_ids,
        }
        if previous
        else {}
    )
    version = DossierVersion.objects.create(
        dossier=dossier,
        number=dossier.version + 1,
        registration=dossier.registration,
        self_answers=dossier.self_answers,
        self_total=Decimal(str(round(result.total, 2))),
        document_ids=document_ids,
        diff=diff(old, snapshot) if previous else {},
        submitted_by=actor,
    )
    procedure = procedure_for(dossier.revision.product_set.version.code)
    now = timezone.now()
    _move(
        dossier,
        to=DossierState.SUBMITTED,
        actor=actor,
        action="ocop.dossier.submitted",
        version=version.number,
        submitted_at=now,
        commune_due=add_working_days(timezone.localdate(now), procedure.commune_working_days),
    )
    return version


def _file_reevaluation(*, actor: Any, dossier: Dossier, today: date) -> None:
    """Re-evaluation is filed 180 to 120 days before the certificate expires (Art. 7.6);
    filed later, it keeps the certificate alive until decided, at most 180 days past
    expiry (Art. 12.3). Filing earlier than the window is refused."""
    from ocop.certification.domain import extend_for_late_reevaluation
    from ocop.certification.models import Certificate
    from ocop.certification.status import MAX_EXTENSION_DAYS, window

    certificate = (
        Certificate.objects.filter(
            product=dossier.product, superseded_by__isnull=True, revoked_on__isnull=True
        )
        .order_by("-issued_on")
        .first()
    )
    if certificate is None:
        raise ValidationError(
            _(
                "Sản phẩm không có giấy chứng nhận còn hiệu lực để đánh giá lại; "
                "hãy lập hồ sơ đánh giá lần đầu."
            ),
            code="no_certificate",
        )
    opens, closes = window(certificate.expires_on)
    if today < opens:
        raise ValidationError(
            _("Chưa đến thời hạn nộp hồ sơ đánh giá lại: từ %(opens)s đến %(closes)s.")
            % {"opens": f"{opens:%d/%m/%Y}", "closes": f"{closes:%d/%m/%Y}"},
            code="too_early",
        )
    if today > certificate.expires_on + timedelta(days=MAX_EXTENSION_DAYS):
        raise ValidationError(
            _("Giấy chứng nhận đã hết hạn quá 180 ngày; hãy lập hồ sơ đánh giá lần đầu."),
            code="too_late",
        )
    if today > closes:
        extend_for_late_reevaluation(actor=actor, certificate=certificate, filed_on=today)


def _product_code(dossier: Dossier, *, year: int) -> str:
    """T-X-STT-YYYY: province, commune (QĐ 19/2025), the commune's serial, the year."""
    commune = dossier.product.commune
    serial = (
        Dossier.objects.filter(product__commune=commune, code__endswith=f"-{year}")
        .exclude(pk=dossier.pk)
        .count()
        + 1
    )
    return f"{commune.province_id}-{commune.code}-{serial:03d}-{year}"


@transaction.atomic
def assess_at_commune(
    *, actor: Any, dossier: Dossier, fields: Mapping[str, Any], propose: bool, reason: str = ""
) -> CommuneAssessment:
    """Mẫu 03: propose the dossier to the province, or return it with reasons."""
    dossier = _lock(dossier)
    _deny_unless(actor is None or rules.may_assess_at_commune(actor, dossier))
    _require_state(dossier, DossierState.SUBMITTED)
    if not propose and not reason.strip():
        raise ValidationError({"reason": _("Cần ghi lý do trả lại hồ sơ.")})
    if propose and not fields.get("complete"):
        raise ValidationError({"complete": _("Chỉ đề nghị lên tỉnh khi hồ sơ đầy đủ.")})
    assessment = CommuneAssessment(
        dossier=dossier,
        dossier_version=dossier.version,
        proposed=propose,
        reason=reason,
        assessed_by=actor,
        **{
            k: fields.get(k, "")
            for k in ("origin", "labour", "idea_origin", "local_identity", "conclusion")
        },
        complete=bool(fields.get("complete")),
    )
    assessment.full_clean()
    assessment.save()
    if propose:
        _move(
            dossier,
            to=DossierState.PROPOSED,
            actor=actor,
            action="ocop.dossier.proposed",
            code=dossier.code or _product_code(dossier, year=timezone.localdate().year),
        )
    else:
        _move(
            dossier,
            to=DossierState.RETURNED,
            actor=actor,
            action="ocop.dossier.returned",
            reason=reason,
        )
    return assessment


def _check_round(dossier: Dossier, round_: Round | None) -> None:
    if round_ is None or round_.status != RoundStatus.OPEN:
        raise ValidationError({"round": _("Chọn một đợt đánh giá đang mở.")})
    if dossier.level == Level.CENTRE:
        if round_.level != Level.CENTRE:
            raise ValidationError({"round": _("Hồ sơ 5 sao chỉ vào đợt đánh giá cấp trung ương.")})
    elif (
        round_.level != Level.PROVINCE or round_.province_id != dossier.product.commune.province_id
    ):
        raise ValidationError({"round": _("Đợt đánh giá không thuộc tỉnh của sản phẩm.")})


def may_check(actor: Any, dossier: Dossier) -> bool:
    """The provincial OCOP agency checks provincial dossiers; the ministry, centre ones."""
    if dossier.level == Level.CENTRE:
        return rules.may_manage_centre(actor)
    return rules.may_manage_province(actor, dossier.product.commune.province_id)


@transaction.atomic
def check_at_province(
    *, actor: Any, dossier: Dossier, complete: bool, reason: str = "", round_: Round | None = None
) -> ProvinceCheck:
    """The OCOP agency (provincial, or MAE for a 5★ dossier) accepts a complete dossier
    into a round of its level, or returns it."""
    dossier = _lock(dossier)
    _deny_unless(actor is None or may_check(actor, dossier))
    _require_state(dossier, DossierState.PROPOSED)
    if complete:
        _check_round(dossier, round_)
    elif not reason.strip():
        raise ValidationError({"reason": _("Cần ghi lý do trả lại hồ sơ.")})
    check = ProvinceCheck.objects.create(
        dossier=dossier, complete=complete, reason=reason, checked_by=actor
    )
    if complete:
        _move(
            dossier,
            to=DossierState.ACCEPTED,
            actor=actor,
            action="ocop.dossier.accepted",
            round=round_,
        )
    else:
        _move(
            dossier,
            to=DossierState.RETURNED,
            actor=actor,
            action="ocop.dossier.returned",
            reason=reason,
        )
    return check


# ---- councils -------------------------------------------------------------------


@transaction.atomic
def set_up_council(
    *,
    actor: Any,
    round_: Round,
    name: str,
    chair: Any,
    members: Sequence[tuple[Any, str]],
    quorum: Fraction = Fraction(3, 4),
    chair_required: bool = True,
    max_spread: Decimal = Decimal(10),
    blind: bool = True,
    advisors: Sequence[Any] = (),
) -> Council:
    """Appoint the council of a round: the chair plus ``members`` as (user, department)."""
    _deny_unless(actor is None or rules.may_manage_round(actor, round_))
    if hasattr(round_, "council"):
        raise ValidationError(_("Đợt này đã có Hội đồng."), code="exists")
    council = Council(
        round=round_,
        name=name,
        quorum_numerator=quorum.numerator,
        quorum_denominator=quorum.denominator,
        chair_required=chair_required,
        max_spread=max_spread,
        blind=blind,
    )
    council.full_clean()
    council.save()
    council.advisors.set(advisors)
    users = [(chair, "", True)] + [(user, dept, False) for user, dept in members if user != chair]
    for user, department, is_chair in users:
        CouncilMember.objects.create(
            council=council, user=user, department=department, is_chair=is_chair
        )
    log_action(
        action="ocop.council.appointed",
        obj=council,
        actor=actor,
        data={
            "members": [u.get_username() for u, _d, _c in users],
            "chair": chair.get_username(),
            "advisors": [a.get_username() for a in advisors],
        },
    )
    return council


@transaction.atomic
def declare_conflict(
    *, actor: Any, dossier: Dossier, has_conflict: bool, note: str = ""
) -> ConflictDeclaration:
    seat = (
        CouncilMember.objects.filter(council__round_id=dossier.round_id, user=actor).first()
        if dossier.round_id
        else None
    )
    _deny_unless(seat is not None)
    assert seat is not None
    if seat.scoresheets.filter(dossier=dossier, state=ScoresheetState.SUBMITTED).exists():
        raise ValidationError(_("Đã nộp phiếu chấm; không thể khai xung đột lợi ích."))
    declaration, _created = ConflictDeclaration.objects.update_or_create(
        member=seat, dossier=dossier, defaults={"has_conflict": has_conflict, "note": note}
    )
    log_action(
        action="ocop.council.conflict_declared",
        obj=declaration,
        actor=actor,
        data={"has_conflict": has_conflict},
        reason=note,
    )
    return declaration


def _seat(actor: Any, dossier: Dossier) -> CouncilMember:
    seat = rules.seat_for(actor, dossier)
    if seat is None:
        raise PermissionDenied(
            _("Bạn không chấm hồ sơ này (không thuộc Hội đồng hoặc đã khai xung đột lợi ích).")
        )
    return seat


@transaction.atomic
def save_scoresheet(
    *,
    actor: Any,
    dossier: Dossier,
    answers: Mapping[str, int | None],
    knockouts: Iterable[str] = (),
    comments: Mapping[str, str] | None = None,
) -> Scoresheet:
    """Save a member's draft sheet; nothing is checked for completeness until submission."""
    dossier = _lock(dossier)
    _require_state(dossier, DossierState.ACCEPTED, DossierState.SCORED)
    seat = _seat(actor, dossier)
    sheet, _created = Scoresheet.objects.select_for_update().get_or_create(
        dossier=dossier, member=seat, defaults={"revision": dossier.revision}
    )
    if sheet.state == ScoresheetState.SUBMITTED:
        raise ValidationError(_("Phiếu đã nộp không sửa được; Chủ tịch Hội đồng có thể mở lại."))
    before = {"answers": sheet.answers, "knockouts": sheet.knockouts, "comments": sheet.comments}
    sheet.answers = dict(answers)
    sheet.knockouts = sorted(set(knockouts))
    sheet.comments = {k: v for k, v in (comments or {}).items() if v}
    sheet.save()
    after = {"answers": sheet.answers, "knockouts": sheet.knockouts, "comments": sheet.comments}
    changes = diff(before, after)
    if changes:
        log_action(action="ocop.scoresheet.draft_saved", obj=sheet, actor=actor, changes=changes)
    return sheet


@transaction.atomic
def submit_scoresheet(*, actor: Any, dossier: Dossier) -> Scoresheet:
    """Validate the whole sheet with the engine, freeze it, and recompute the result."""
    dossier = _lock(dossier)
    _require_state(dossier, DossierState.ACCEPTED, DossierState.SCORED)
    seat = _seat(actor, dossier)
    sheet = Scoresheet.objects.select_for_update().filter(dossier=dossier, member=seat).first()
    if sheet is None:
        raise ValidationError(_("Chưa có phiếu chấm để nộp."))
    if sheet.state == ScoresheetState.SUBMITTED:
        raise ValidationError(_("Phiếu đã được nộp."))
    form = sheet.revision.form()
    try:
        result = score_sheet(
            sheet=form.sheet, answers=sheet.answers, bands=form.bands, knockouts=sheet.knockouts
        )
    except ScoringError as exc:
        raise _scoring_error(exc) from exc
    sheet.state = ScoresheetState.SUBMITTED
    sheet.total = Decimal(str(round(result.total, 2)))
    sheet.submitted_at = timezone.now()
    sheet.save()
    log_action(
        action="ocop.scoresheet.submitted",
        obj=sheet,
        actor=actor,
        data={"dossier": dossier.pk, "total": str(sheet.total), "answers": sheet.answers},
    )
    compute_result(dossier=dossier)
    return sheet


@transaction.atomic
def reopen_scoresheet(*, actor: Any, sheet: Scoresheet, reason: str) -> Scoresheet:
    """The chair reopens a submitted sheet for re-scoring (e.g. spread too wide)."""
    sheet = (
        Scoresheet.objects.select_for_update()
        .select_related("dossier", "member__council")
        .get(pk=sheet.pk)
    )
    chair = sheet.member.council.members.filter(is_chair=True, user=actor).exists()
    _deny_unless(chair)
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi lý do mở lại phiếu.")})
    _require_state(sheet.dossier, DossierState.ACCEPTED, DossierState.SCORED)
    sheet.state = ScoresheetState.DRAFT
    sheet.submitted_at = None
    sheet.save()
    log_action(action="ocop.scoresheet.reopened", obj=sheet, actor=actor, reason=reason)
    compute_result(dossier=sheet.dossier)
    return sheet


def _council_rules(council: Council) -> CouncilRules:
    return CouncilRules(
        quorum=Fraction(council.quorum_numerator, council.quorum_denominator),
        chair_required=council.chair_required,
        max_spread=float(council.max_spread),
    )


@transaction.atomic
def compute_result(*, dossier: Dossier) -> Result:
    """Recompute the council's result from the submitted sheets (the only writer)."""
    dossier = _lock(dossier)
    round_ = dossier.round
    council = getattr(round_, "council", None)
    if round_ is None or council is None:
        raise ValidationError(_("Hồ sơ chưa có Hội đồng."))
    conflicted = set(
        ConflictDeclaration.objects.filter(dossier=dossier, has_conflict=True).values_list(
            "member_id", flat=True
        )
    )
    seats = [m for m in council.members.select_related("user") if m.pk not in conflicted]
    submitted = list(
        dossier.scoresheets.filter(
            state=ScoresheetState.SUBMITTED, member__in=seats
        ).select_related("member")
    )
    result, _created = Result.objects.select_for_update().get_or_create(dossier=dossier)
    result.members_scored = len(submitted)
    if not submitted:
        result.total = None
        result.star = result.band_star = None
        result.quorum_met = result.held = result.potential_5_star = False
        result.parts, result.capped_by, result.knockouts, result.flagged = {}, [], [], []
        result.means = {}
        result.spread = None
        result.save()
        if dossier.state == DossierState.SCORED:
            _move(dossier, to=DossierState.ACCEPTED, actor=None, action="ocop.dossier.rescoring")
        return result
    form = dossier.revision.form()
    outcome = council_result(
        sheet=form.sheet,
        bands=form.bands,
        sheets=[
            MemberSheet(
                member=str(s.member_id),
                answers=s.answers,
                knockouts=frozenset(s.knockouts),
                is_chair=s.member.is_chair,
            )
            for s in submitted
        ],
        council_size=len(seats),
        rules=_council_rules(council),
    )
    result.total = Decimal(str(outcome.total)).quantize(Decimal("0.0001"))
    result.parts = {k: round(v, 4) for k, v in outcome.parts.items()}
    result.means = {k: round(v, 2) for k, v in outcome.means.items()}
    result.band_star = outcome.band_star
    result.star = outcome.star
    result.capped_by = [{"criterion": c.criterion, "mark": c.mark} for c in outcome.capped_by]
    result.knockouts = [v.rule.id for v in outcome.knockouts]
    result.flagged = [v.rule.id for v in outcome.flagged]
    result.spread = Decimal(outcome.spread)
    result.quorum_met = outcome.quorum.met
    result.held = outcome.held
    result.potential_5_star = bool(outcome.potential_5_star) and round_.level == Level.PROVINCE
    result.save()
    log_action(
        action="ocop.result.computed",
        obj=result,
        actor=None,
        data={"total": str(result.total), "star": result.star, "members": len(submitted)},
    )
    target = DossierState.SCORED if outcome.ready else DossierState.ACCEPTED
    if dossier.state != target:
        _move(
            dossier,
            to=target,
            actor=None,
            action="ocop.dossier.scored" if outcome.ready else "ocop.dossier.rescoring",
        )
    return result


@transaction.atomic
def recommend(*, actor: Any, dossier: Dossier, note: str = "") -> Result:
    """The council's recommendation, made by its chair on a ready result."""
    dossier = _lock(dossier)
    _require_state(dossier, DossierState.SCORED)
    assert dossier.round is not None  # a scored dossier is always in a round
    council = dossier.round.council
    _deny_unless(council.members.filter(is_chair=True, user=actor).exists())
    result = Result.objects.select_for_update().get(dossier=dossier)
    if not result.ready:
        raise ValidationError(_("Kết quả chưa đủ điều kiện (số thành viên hoặc chênh lệch điểm)."))
    result.recommended_star = None if result.knockouts else result.star
    result.recommendation_note = note
    result.save()
    if result.knockouts:
        _move(
            dossier,
            to=DossierState.EXCLUDED,
            actor=actor,
            action="ocop.dossier.excluded",
            reason=note,
        )
    elif result.potential_5_star:
        _move(
            dossier,
            to=DossierState.FORWARDED,
            actor=actor,
            action="ocop.dossier.forwarded",
            reason=note,
        )
        _open_centre_dossier(actor=actor, dossier=dossier)
    else:
        _move(
            dossier,
            to=DossierState.RECOMMENDED,
            actor=actor,
            action="ocop.dossier.recommended",
            reason=note,
        )
    return result


def _open_centre_dossier(*, actor: Any, dossier: Dossier) -> Dossier:
    """The province's dossier to MAE (Art. 6.3): same product, sheet and versions,
    proposed straight to the centre's OCOP agency."""
    centre = Dossier.objects.create(
        product=dossier.product,
        kind=dossier.kind,
        level=Level.CENTRE,
        parent=dossier,
        state=DossierState.PROPOSED,
        revision=dossier.revision,
        code=dossier.code,
        version=dossier.version,
        registration=dossier.registration,
        self_answers=dossier.self_answers,
        submitted_at=timezone.now(),
        created_by=actor,
    )
    centre.documents.set(dossier.documents.all())
    log_action(
        action="ocop.dossier.sent_to_centre",
        obj=centre,
        actor=actor,
        data={"province_dossier": dossier.pk},
    )
    return centre


def central_star(dossier: Dossier) -> int | None:
    """For a forwarded provincial dossier: the star the centre's council recommended."""
    centre = getattr(dossier, "centre_dossier", None)
    if centre is None or centre.state not in (
        DossierState.RECOMMENDED,
        DossierState.NOT_RECOGNISED,
    ):
        return None
    result = getattr(centre, "result", None)
    return result.recommended_star if result else None


@transaction.atomic
def decide_recognition(
    *,
    actor: Any,
    round_: Round,
    number: str,
    decided_on: date,
    signer: str,
    authority: str,
    dossiers: Sequence[Dossier],
) -> Decision:
    """The chairman's recognition decision for recommended dossiers of one round.

    Dossiers recommended at 3★–4★ (province) or 5★ (centre) are recognised and their
    product becomes certified; 1★–2★ are recorded as not recognised (Art. 4.1a).
    """
    _deny_unless(actor is None or rules.may_manage_round(actor, round_))
    if not dossiers:
        raise ValidationError(_("Chọn ít nhất một hồ sơ."))
    procedure = procedure_for(round_.criteria_version.code)
    allowed = set(procedure.recognises[round_.level])
    decision = Decision(
        round=round_,
        number=number,
        decided_on=decided_on,
        signer=signer,
        authority=authority,
        issued_by=actor,
    )
    decision.full_clean()
    decision.save()
    for candidate in dossiers:
        dossier = _lock(candidate)
        if dossier.round_id != round_.pk:
            raise ValidationError(_("Hồ sơ %(d)s không thuộc đợt này.") % {"d": dossier})
        central = central_star(dossier) if dossier.state == DossierState.FORWARDED else None
        if central is None:
            _require_state(dossier, DossierState.RECOMMENDED)
        star = central if central is not None else (dossier.result.recommended_star or 0)
        # From the central result, the province recognises on the centre's score.
        scored = dossier.centre_dossier.result if central is not None else dossier.result
        assert scored.total is not None  # recommended results are complete
        if star in allowed:
            item = DecisionItem.objects.create(
                decision=decision,
                dossier=dossier,
                product=dossier.product,
                star=star,
                total=scored.total,
            )
            issue_certificate(actor=actor, decision_item=item)
            _move(
                dossier, to=DossierState.RECOGNISED, actor=actor, action="ocop.dossier.recognised"
            )
            product = dossier.product
            old_status = product.status
            product.status = ProductStatus.CERTIFIED
            product.save(update_fields=["status", "updated_at", "search_text"])
            log_action(
                action="ocop.product.recognised",
                obj=product,
                actor=actor,
                changes={"status": [old_status, ProductStatus.CERTIFIED]},
                data={"decision": number, "star": star},
            )
        elif round_.level == Level.CENTRE and star in (3, 4):
            # Below 5★ at the centre: the province may recognise 3★/4★ (Art. 7.4g).
            _move(
                dossier,
                to=DossierState.NOT_RECOGNISED,
                actor=actor,
                action="ocop.dossier.back_to_province",
            )
        elif star < 3:
            _move(
                dossier,
                to=DossierState.NOT_RECOGNISED,
                actor=actor,
                action="ocop.dossier.not_recognised",
            )
        else:
            raise ValidationError(
                _("Cấp %(level)s không công nhận hạng %(star)s sao.")
                % {"level": round_.get_level_display(), "star": star}
            )
    log_action(
        action="ocop.decision.issued",
        obj=decision,
        actor=actor,
        data={"dossiers": [d.pk for d in dossiers]},
    )
    return decision
