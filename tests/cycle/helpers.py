"""A fixed data set for the cycle counts and the product path (hand-counted in tests)."""

from datetime import date

from django.utils import timezone

from ocop.certification.domain import record_certificate
from ocop.criteria.models import CriteriaVersion
from ocop.criteria.queries import current_revision
from ocop.cycle import domain
from ocop.cycle.enums import FundingSource, SupportKind
from ocop.evaluation.models import Dossier
from tests.conftest import HOME_COMMUNE, OTHER_COMMUNE_SAME_PROVINCE, OTHER_PROVINCE_COMMUNE
from tests.factories import make_producer

from .conftest import PLAN_FIELDS, idea_fields


def new_idea(name, *, commune=HOME_COMMUNE, year=2026):
    producer = make_producer(commune=commune)
    return domain.submit_idea(
        actor=None, producer=producer, fields=idea_fields(name=name, year=year)
    )


def full_path(idea):
    """Accept with a product, approve a plan, give support, submit a dossier, certify."""
    idea = domain.accept_idea(actor=None, idea=idea, create_product=True)
    plan = domain.submit_plan(actor=None, idea=idea, fields=PLAN_FIELDS)
    plan = domain.approve_plan(actor=None, plan=plan, approved_on=date(2026, 3, 1))
    domain.record_support(
        actor=None,
        plan=plan,
        kind=SupportKind.LAB_TEST,
        cost_vnd=12_000_000,
        funding_source=FundingSource.PROVINCIAL,
        given_on=date(2026, 4, 1),
        provider="Viện Kiểm nghiệm",
    )
    Dossier.objects.create(
        product=idea.product,
        kind="first",
        state="submitted",
        revision=current_revision(criteria="26/2026", set_number=4),
        submitted_at=timezone.now(),
    )
    record_certificate(
        actor=None,
        product=idea.product,
        star=4,
        criteria_version=CriteriaVersion.objects.get(is_current=True),
        authority="UBND tỉnh Ninh Bình",
        level="province",
        decision_number="12/QĐ-UBND",
        decision_date=date(2026, 10, 1),
    )
    return idea


def build_data_set():
    """2026 in Ninh Bình: A full path, B plan waiting, C accepted only, D needs work,
    E rejected, F waiting (F in another commune of the province). 2025: G with an approved
    plan. Hà Nội 2026: H with a full path (must never be counted for Ninh Bình)."""
    a = full_path(new_idea("A"))
    b = domain.accept_idea(actor=None, idea=new_idea("B"), create_product=True)
    domain.submit_plan(actor=None, idea=b, fields=PLAN_FIELDS)
    domain.accept_idea(actor=None, idea=new_idea("C"))
    domain.request_idea_changes(actor=None, idea=new_idea("D"), comment="Bổ sung")
    domain.reject_idea(actor=None, idea=new_idea("E"), reason="Trùng")
    new_idea("F", commune=OTHER_COMMUNE_SAME_PROVINCE)
    g = domain.accept_idea(actor=None, idea=new_idea("G", year=2025), create_product=True)
    domain.approve_plan(actor=None, plan=domain.submit_plan(actor=None, idea=g, fields=PLAN_FIELDS))
    full_path(new_idea("H", commune=OTHER_PROVINCE_COMMUNE))
    return a
