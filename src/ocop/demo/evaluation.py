"""Demo evaluation round for Ninh Bình: dossiers in every state, a council that has
finished scoring part of them, and a recognition decision.

Runs once: if the demo round exists it does nothing, so `make demo` stays idempotent.
"""

from dataclasses import dataclass
from datetime import date

from ocop.accounts.models import User
from ocop.criteria.sheets import Sheet
from ocop.evaluation import domain
from ocop.evaluation.enums import DossierKind, DossierState, Level
from ocop.evaluation.models import Dossier, Round
from ocop.registry.enums import ProductStatus
from ocop.registry.models import Product

YEAR = 2026
ROUND_NUMBER = 2


@dataclass(frozen=True)
class DemoEvaluation:
    dossiers: int
    recognised: int


def answers_at(sheet: Sheet, *, quality: float) -> dict[str, int]:
    """The option nearest ``quality`` × maximum on every criterion: a plausible sheet."""
    answers: dict[str, int] = {}
    for criterion in sheet.criteria_list():
        target = quality * criterion.max
        best = min(criterion.options, key=lambda o: (abs(o.points - target), -o.points))
        answers[criterion.code] = best.number
    return answers


# (target state, the producer's self-assessment quality, the three members' qualities)
PLAN: list[tuple[str, float, tuple[float, ...]]] = [
    (DossierState.RECOGNISED, 0.8, (0.75, 0.75, 0.75)),
    (DossierState.RECOGNISED, 0.9, (0.8, 0.8, 0.8)),
    (DossierState.RECOGNISED, 0.8, (0.7, 0.7, 0.7)),
    (DossierState.FORWARDED, 1.0, (1.0, 1.0, 0.95)),
    (DossierState.RECOMMENDED, 0.8, (0.7, 0.7, 0.75)),
    (DossierState.SCORED, 0.8, (0.6, 0.6, 0.65)),
    # Members far apart: the result is held for discussion and re-scoring.
    (DossierState.ACCEPTED, 0.8, (0.9, 0.6, 0.75)),
    # Only the chair has scored so far.
    (DossierState.ACCEPTED, 0.8, (0.8,)),
    (DossierState.PROPOSED, 0.7, ()),
    (DossierState.SUBMITTED, 0.7, ()),
    (DossierState.RETURNED, 0.6, ()),
    (DossierState.DRAFT, 0.5, ()),
]


def load_demo_evaluation(
    *, province_officer: User, chair: User, members: list[User], products: list[Product]
) -> DemoEvaluation:
    if Round.objects.filter(province_id="37", year=YEAR, number=ROUND_NUMBER).exists():
        return _summary()
    round_ = domain.open_round(
        actor=province_officer,
        level=Level.PROVINCE,
        year=YEAR,
        number=ROUND_NUMBER,
        province_code="37",
    )
    domain.set_up_council(
        actor=province_officer,
        round_=round_,
        name="Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Ninh Bình năm 2026",
        chair=chair,
        members=[
            (m, dept) for m, dept in zip(members, ("Sở Công Thương", "Sở Y tế"), strict=False)
        ],
    )
    seats = [chair, *members]
    candidates = [p for p in products if p.status == ProductStatus.REGISTERED][: len(PLAN)]
    to_decide = []
    for product, (target, self_quality, qualities) in zip(candidates, PLAN, strict=False):
        dossier = domain.start_dossier(actor=None, product=product, kind=DossierKind.FIRST)
        sheet = dossier.revision.form().sheet
        domain.save_dossier_draft(
            actor=None,
            dossier=dossier,
            registration={
                "applicant": product.producer.representative_name,
                "phone": product.producer.phone,
            },
            self_answers=answers_at(sheet, quality=self_quality),
        )
        if target == DossierState.DRAFT:
            continue
        domain.submit_dossier(actor=None, dossier=dossier)
        if target == DossierState.SUBMITTED:
            continue
        if target == DossierState.RETURNED:
            domain.assess_at_commune(
                actor=None,
                dossier=dossier,
                fields={"complete": False},
                propose=False,
                reason="Thiếu phiếu kết quả kiểm nghiệm còn hiệu lực.",
            )
            continue
        domain.assess_at_commune(
            actor=None,
            dossier=dossier,
            fields={
                "complete": True,
                "origin": "Nguyên liệu sản xuất tại địa phương.",
                "labour": "Sử dụng lao động địa phương.",
                "conclusion": "Hồ sơ đầy đủ, đề nghị tỉnh đánh giá.",
            },
            propose=True,
        )
        if target == DossierState.PROPOSED:
            continue
        domain.check_at_province(
            actor=province_officer, dossier=dossier, complete=True, round_=round_
        )
        for user, quality in zip(seats, qualities, strict=False):
            domain.save_scoresheet(
                actor=user, dossier=dossier, answers=answers_at(sheet, quality=quality)
            )
            domain.submit_scoresheet(actor=user, dossier=dossier)
        dossier.refresh_from_db()
        if (
            target in (DossierState.ACCEPTED, DossierState.SCORED)
            or dossier.state != DossierState.SCORED
        ):
            continue
        domain.recommend(actor=chair, dossier=dossier, note="Hội đồng thống nhất đề nghị.")
        dossier.refresh_from_db()
        if target == DossierState.RECOGNISED and dossier.state == DossierState.RECOMMENDED:
            to_decide.append(dossier)
    if to_decide:
        domain.decide_recognition(
            actor=province_officer,
            round_=round_,
            number="2890/QĐ-UBND",
            decided_on=date(YEAR, 11, 28),
            signer="Chủ tịch UBND tỉnh Ninh Bình",
            authority="UBND tỉnh Ninh Bình",
            dossiers=to_decide,
        )
    return _summary()


def _summary() -> DemoEvaluation:
    dossiers = Dossier.objects.filter(product__commune__province_id="37")
    return DemoEvaluation(
        dossiers=dossiers.count(),
        recognised=dossiers.filter(state=DossierState.RECOGNISED).count(),
    )
