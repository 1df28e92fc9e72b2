"""The generated data set (``ocop generate_data``): counts and consistency at the small scale."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from ocop.certification.enums import CertificateStatus
from ocop.certification.models import Certificate
from ocop.core.models import AuditEntry
from ocop.criteria.scoring import score_sheet
from ocop.demo.generate import MARKER, SCALES, GenerateError, generate
from ocop.evaluation.enums import DossierState
from ocop.evaluation.models import DecisionItem, Dossier, Result, Scoresheet
from ocop.geo.models import Commune
from ocop.registry.models import Producer, Product
from ocop.stamps.models import Scan, Stamp

TODAY = date(2026, 12, 1)
SMALL = SCALES["small"]


@pytest.fixture
def generated(db):  # type: ignore[no-untyped-def]
    return generate(scale="small", seed=7, today=TODAY)


def test_counts_match_the_scale(generated):
    assert Producer.objects.count() == SMALL.producers
    assert Product.objects.count() == SMALL.products
    assert Scoresheet.objects.count() == SMALL.scoresheets
    assert Scan.objects.count() == SMALL.scans
    assert Stamp.objects.count() == SMALL.stamp_products * SMALL.stamps_per_batch
    provinces = set(Product.objects.values_list("commune__province_id", flat=True))
    assert len(provinces) == SMALL.provinces and "37" in provinces
    years = set(Product.objects.values_list("created_at__year", flat=True))
    assert min(years) >= 2019 and max(years) <= 2026 and len(years) >= 4
    assert generated.counts["registry.Producer"] == SMALL.producers
    assert AuditEntry.objects.filter(action=MARKER).count() == 1


def test_scores_are_valid_under_the_criteria(generated):
    sheets = Scoresheet.objects.select_related("revision")
    for sheet in sheets[:60]:
        form = sheet.revision.form()
        result = score_sheet(sheet=form.sheet, answers=sheet.answers, bands=form.bands)
        assert float(sheet.total) == pytest.approx(float(result.total), abs=0.01)
    # one sheet per member and dossier, and every member sits on the dossier's council
    assert not (
        Scoresheet.objects.values("dossier", "member").annotate(n=Count("id")).filter(n__gt=1)
    )
    assert not Scoresheet.objects.exclude(member__council__round=F("dossier__round")).exists()
    # a decided dossier's result is ready and its star is the decision's
    for item in DecisionItem.objects.select_related("dossier__result"):
        result = item.dossier.result
        assert result.quorum_met and not result.held
        assert item.star == result.star or item.dossier.level == "centre"
        assert 3 <= item.star <= 5


def test_certificates_point_to_recognised_results(generated):
    certificates = Certificate.objects.select_related("decision")
    assert certificates.exists()
    recognised = set(
        DecisionItem.objects.filter(dossier__state=DossierState.RECOGNISED).values_list(
            "decision_id", "product_id", "star"
        )
    )
    for cert in certificates:
        assert (cert.decision_id, cert.product_id, cert.star) in recognised
        assert cert.issued_on == cert.decision.decided_on
    statuses = {c.status for c in Certificate.objects.all()}
    assert CertificateStatus.EXPIRED in statuses or CertificateStatus.SUPERSEDED in statuses
    # a certified product has a certificate in force
    for product in Product.objects.filter(status="certified"):
        assert any(c.status != CertificateStatus.REVOKED for c in product.certificates.all())
    # dossiers that were recognised each got exactly one decision item
    assert Dossier.objects.filter(state=DossierState.RECOGNISED).count() == (
        DecisionItem.objects.count()
    )
    assert Result.objects.filter(dossier__scoresheets__isnull=True).count() == 0


def test_scans_point_to_existing_stamps(generated):
    assert (
        not Scan.objects.filter(stamp__isnull=False)
        .exclude(stamp_id__in=Stamp.objects.values("id"))
        .exists()
    )
    known = Scan.objects.filter(stamp__isnull=False).select_related("stamp")[:200]
    for scan in known:
        assert scan.serial == scan.stamp.serial
        expected = {"activated": "ok", "issued": "not_activated", "voided": "void"}
        assert scan.outcome == expected[scan.stamp.status]
    assert Scan.objects.filter(stamp__isnull=True, outcome="unknown").exists()
    # the explicit ids left the sequences usable: a normal insert still works
    Scan.objects.create(serial="X", outcome="unknown")


def test_every_dashboard_source_has_rows(generated):
    from ocop.cycle.models import BusinessPlan, ProductIdea
    from ocop.planning.models import Participant, Target
    from ocop.promotion.models import Inquiry, Listing, SalesPoint

    for model in (ProductIdea, BusinessPlan, SalesPoint, Listing, Inquiry, Target, Participant):
        assert model.objects.exists(), model
    assert Inquiry.objects.filter(status="contract", contract_value_vnd__isnull=False).exists()
    communes = set(Producer.objects.values_list("commune", flat=True))
    home = Commune.objects.filter(province_id="37").count()
    assert len(communes) >= min(SMALL.producers, home)


@pytest.mark.django_db
def test_refuses_a_second_run_and_needs_units(db):
    generate(scale="small", seed=1, today=TODAY)
    with pytest.raises(GenerateError):
        generate(scale="small", seed=1, today=TODAY)
    with pytest.raises(CommandError, match="force"):
        call_command("generate_data", "--scale", "small", stdout=StringIO())
    before = Producer.objects.count()
    call_command("generate_data", "--scale", "small", "--force", "-v", "0", stdout=StringIO())
    assert Producer.objects.count() == 2 * before
    assert not Certificate.objects.values("code").annotate(n=Count("id")).filter(n__gt=1)


@pytest.mark.django_db
def test_fails_clearly_without_criteria_or_with_a_bad_scale(db):
    from ocop.criteria.models import CriteriaVersion

    with pytest.raises(GenerateError, match="Quy mô"):
        generate(scale="bogus", today=TODAY)
    CriteriaVersion.objects.update(is_current=False)
    with pytest.raises(GenerateError, match="load_criteria"):
        generate(scale="small", today=TODAY)
    assert not Producer.objects.exists()
