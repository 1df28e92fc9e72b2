"""Demo certificates in every status, recorded as issued before the system (by the
former district committees and the province), with dates relative to today so that each
status holds whenever the demo is loaded."""

from datetime import date, timedelta

from django.utils import timezone

from ocop.certification.domain import (
    extend_for_late_reevaluation,
    record_certificate,
    revoke_certificate,
)
from ocop.certification.enums import AuthorityLevel, RevocationGround
from ocop.certification.models import Certificate
from ocop.certification.status import add_months
from ocop.criteria.models import CriteriaVersion
from ocop.registry.models import Product


def _issued_for_expiry(expires: date) -> date:
    """The issue date whose 36-month expiry is ``expires`` (to the day)."""
    return add_months(expires, -36)


def load_demo_certificates(*, products: list[Product]) -> int:
    if Certificate.objects.filter(number__startswith="DEMO-").exists():
        return Certificate.objects.count()
    today = timezone.localdate()
    version = CriteriaVersion.objects.get(code="148/2023")
    plans = [
        # (label, issued on, star)
        ("valid", today - timedelta(days=400), 4),
        ("expiring", _issued_for_expiry(today + timedelta(days=150)), 3),
        ("extended", _issued_for_expiry(today - timedelta(days=40)), 3),
        ("expired", _issued_for_expiry(today - timedelta(days=90)), 3),
        ("superseded", today - timedelta(days=900), 3),
        ("revoked", today - timedelta(days=500), 4),
    ]
    created: list[tuple[str, Certificate]] = []
    for (label, issued, star), product in zip(plans, products, strict=False):
        authority = (
            "UBND huyện Kim Sơn" if label in ("expired", "superseded") else "UBND tỉnh Ninh Bình"
        )
        certificate = record_certificate(
            actor=None,
            product=product,
            star=star,
            criteria_version=version,
            authority=authority,
            level=AuthorityLevel.DISTRICT if "huyện" in authority else AuthorityLevel.PROVINCE,
            decision_number=f"{100 + len(created)}/QĐ-UBND",
            decision_date=issued,
            number=f"DEMO-{len(created) + 1:03d}/{issued.year}/GCN-OCOP",
        )
        created.append((label, certificate))
    by_label = dict(created)
    if "superseded" in by_label:
        record_certificate(
            actor=None,
            product=by_label["superseded"].product,
            star=4,
            criteria_version=version,
            authority="UBND tỉnh Ninh Bình",
            level=AuthorityLevel.PROVINCE,
            decision_number="210/QĐ-UBND",
            decision_date=today - timedelta(days=200),
            number=f"DEMO-101/{(today - timedelta(days=200)).year}/GCN-OCOP",
        )
    if "extended" in by_label:
        # A re-evaluation filed after the window closed keeps it alive (Art. 12.3).
        extend_for_late_reevaluation(
            actor=None, certificate=by_label["extended"], filed_on=today - timedelta(days=60)
        )
    if "revoked" in by_label:
        revoke_certificate(
            actor=None,
            certificate=by_label["revoked"],
            ground=RevocationGround.CRITERIA_NOT_MET,
            decision_number="315/QĐ-UBND",
            revoked_on=today - timedelta(days=20),
            reason="Kiểm tra định kỳ: mẫu kiểm nghiệm không đạt chỉ tiêu vi sinh.",
        )
    return Certificate.objects.count()
