import pytest

from ocop.accounts.enums import Role
from ocop.accounts.models import RoleAssignment
from ocop.certification.enums import CertificateStatus
from ocop.certification.models import Certificate
from ocop.demo.data import load_demo
from ocop.evaluation.enums import DossierState
from ocop.evaluation.models import Decision, Dossier
from ocop.registry.enums import ProducerKind
from ocop.registry.models import Producer, Product


@pytest.mark.django_db
def test_demo_is_complete_and_idempotent():
    first = load_demo()
    # 120 registered products, plus the 4 that accepted ideas of the OCOP cycle created.
    assert (first.producers, first.products, first.documents) == (40, 124, 60)
    assert set(Producer.objects.values_list("kind", flat=True)) == set(ProducerKind.values)
    sectors = set(Product.objects.values_list("product_set__sector_code", flat=True))
    assert sectors == {"I", "II", "III", "IV", "V", "VI"}
    assert Product.objects.values("product_set").distinct().count() == 26
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
    states = set(Dossier.objects.values_list("state", flat=True))
    assert {
        DossierState.DRAFT,
        DossierState.SUBMITTED,
        DossierState.RETURNED,
        DossierState.PROPOSED,
        DossierState.ACCEPTED,
        DossierState.SCORED,
        DossierState.RECOMMENDED,
        DossierState.FORWARDED,
        DossierState.RECOGNISED,
    } <= states
    assert Decision.objects.get().items.count() == first.recognised == 3
    statuses = {c.status for c in Certificate.objects.all()}
    assert statuses == set(CertificateStatus.values)

    second = load_demo()
    assert (second.producers, second.products, second.documents, second.dossiers) == (
        40,
        124,
        60,
        first.dossiers,
    )
    assert Producer.objects.count() == 40
    assert Decision.objects.count() == 1
    assert Certificate.objects.count() == first.certificates == 3 + 7
    # The dashboard's scan roll-up is filled and the due reports are queued, once.
    from ocop.reporting.models import Report, ScanMonth
    from ocop.stamps.models import Scan

    assert sum(ScanMonth.objects.values_list("scans", flat=True)) == (
        Scan.objects.exclude(source="location").count()
    )
    assert Report.objects.filter(scheduled=True, province__isnull=True).count() >= 2
    assert Report.objects.filter(scheduled=True).count() == Report.objects.count()
