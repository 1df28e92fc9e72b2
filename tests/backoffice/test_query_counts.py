"""Each list and dashboard view runs a fixed number of queries, whatever the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import HOME_COMMUNE
from tests.factories import make_producer, make_product

VIEWS = [
    "backoffice:home",
    "backoffice:producer_list",
    "backoffice:product_list",
    "backoffice:documents_expiring",
    "backoffice:dossier_list",
    "backoffice:round_list",
    "backoffice:certificate_list",
    "backoffice:supervision_dashboard",
    "backoffice:plan_list",
    "backoffice:report_list",
]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_rows(n):
    from datetime import timedelta

    from django.utils import timezone

    from ocop.certification.domain import record_certificate
    from ocop.criteria.models import CriteriaVersion
    from ocop.criteria.queries import current_revision
    from ocop.evaluation.models import Dossier, Round
    from ocop.registry.models import EvidenceDocument

    revision = current_revision(criteria="26/2026", set_number=4)
    start = Round.objects.count()
    for i in range(n):
        producer = make_producer(commune=HOME_COMMUNE)
        product = make_product(producer=producer, name=f"Mật ong {i}")
        round_ = Round.objects.create(
            level="province",
            province_id="37",
            year=2000 + start + i,
            number=1,
            criteria_version=CriteriaVersion.objects.get(is_current=True),
            dossier_cutoff=timezone.localdate(),
            deadline=timezone.localdate(),
        )
        Dossier.objects.create(product=product, kind="first", revision=revision, round=round_)
        certificate = record_certificate(
            actor=None,
            product=product,
            star=3 + i % 3,
            criteria_version=round_.criteria_version,
            authority="UBND tỉnh Ninh Bình",
            level="province",
            decision_number=f"{i}/QĐ",
            decision_date=timezone.localdate() - timedelta(days=30 * i),
        )
        add_supervision(certificate, i)
        EvidenceDocument.objects.create(
            producer=producer,
            doc_type="lab_test",
            file="x.pdf",
            content_type="application/pdf",
            sha256="0" * 64,
            expires_on=timezone.localdate() + timedelta(days=10),
        )


def add_supervision(certificate, i):
    """A plan, an inspection with an open warning and a public report per row."""
    from datetime import timedelta

    from django.utils import timezone

    from ocop.supervision.models import Finding, Inspection, InspectionPlan, PublicReport

    today = timezone.localdate()
    plan = InspectionPlan.objects.create(
        number=f"{i}/KH",
        title="Kiểm tra",
        kind="periodic",
        province_id="37",
        starts_on=today,
        ends_on=today + timedelta(days=10),
    )
    plan.products.add(certificate.product)
    inspection = Inspection.objects.create(
        certificate=certificate, plan=plan, kind="periodic", inspected_on=today
    )
    Finding.objects.create(
        inspection=inspection, text="Nhãn", measure="warning", fix_by=today + timedelta(days=5)
    )
    PublicReport.objects.create(
        kind="quality", message="?", product=certificate.product, province_id="37"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", VIEWS)
def test_query_count_does_not_grow_with_rows(name, client, province_officer):
    client.force_login(province_officer)
    url = reverse(name)
    add_rows(2)
    client.get(url)  # warm the session
    few = count_queries(client, url)
    add_rows(20)
    many = count_queries(client, url)
    assert few == many


EXPECTED = {
    # Each includes 4 of the framework: session read, user, role assignments, session save.
    "backoffice:home": 11,  # + roles, tally, producer count, expiring docs, notifications
    "backoffice:producer_list": 10,  # + filter choices (2), count, page
    "backoffice:product_list": 12,  # + product sets (2), provinces, communes, count, page
    "backoffice:documents_expiring": 8,  # + count, page (with producer/product joined)
    "backoffice:dossier_list": 8,  # + count and page, with product, round, result joined
    "backoffice:round_list": 9,  # + count, page, the round form's provinces
    "backoffice:certificate_list": 14,  # + expiry buckets (3), by star, revoked, proposals, page
    # + by area, buckets (3), expired, revoked, plans, warnings, proposals, stops (2), reports
    "backoffice:supervision_dashboard": 17,
    "backoffice:plan_list": 8,  # + count, page with the tallies annotated
    "backoffice:report_list": 8,  # + count, page with product, plan joined
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", VIEWS)
def test_exact_query_count(name, client, province_officer, django_assert_num_queries):
    client.force_login(province_officer)
    add_rows(3)
    url = reverse(name)
    client.get(url)
    with django_assert_num_queries(EXPECTED[name]):
        assert client.get(url).status_code == 200
