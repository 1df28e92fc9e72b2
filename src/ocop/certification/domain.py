"""Writes on certificates. ``issue_certificate`` is called only by the recognition decision."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from ocop.core.audit import log_action

from . import codes
from .enums import AuthorityLevel
from .models import Certificate
from .status import MAX_EXTENSION_DAYS, add_months, is_in_force

CERTIFICATE_MONTHS = 36  # Art. 4.3


def _next_number(*, level: str, year: int, province: str, authority: str) -> str:
    pattern = settings.CERTIFICATE_NUMBER_FORMATS[level]
    serial = Certificate.objects.filter(authority=authority, issued_on__year=year).count() + 1
    while True:
        number = pattern.format(serial=serial, year=year, province=province)
        if not Certificate.objects.filter(authority=authority, number=number).exists():
            return number
        serial += 1


@transaction.atomic
def issue_certificate(*, actor: Any, decision_item: Any) -> Certificate:
    """Issue the certificate of one recognised product; it supersedes any earlier one."""
    decision = decision_item.decision
    round_ = decision.round
    product = decision_item.product
    level = AuthorityLevel.CENTRE if round_.level == "centre" else AuthorityLevel.PROVINCE
    issued = decision.decided_on
    number = _next_number(
        level=level,
        year=issued.year,
        province=product.commune.province_id,
        authority=decision.authority,
    )
    code = codes.new_code()
    while Certificate.objects.filter(code=code).exists():
        code = codes.new_code()
    expires = add_months(issued, CERTIFICATE_MONTHS)
    certificate = Certificate(
        number=number,
        code=code,
        signature=codes.sign_certificate(
            code=code, number=number, star=decision_item.star, expires_on=expires
        ),
        product=product,
        producer=product.producer,
        star=decision_item.star,
        criteria_version=round_.criteria_version,
        authority=decision.authority,
        authority_level=level,
        decision=decision,
        decision_number=decision.number,
        decision_date=decision.decided_on,
        issued_on=issued,
        expires_on=expires,
    )
    certificate.full_clean()
    certificate.save()
    today = issued
    for older in (
        Certificate.objects.select_for_update().filter(product=product).exclude(pk=certificate.pk)
    ):
        if (
            older.superseded_by_id is None
            and older.revoked_on is None
            and is_in_force(older, today=today)
        ):
            older.superseded_by = certificate
            older.save(update_fields=["superseded_by", "updated_at"])
            log_action(
                action="ocop.certificate.superseded",
                obj=older,
                actor=actor,
                data={"by": certificate.number},
            )
    log_action(
        action="ocop.certificate.issued",
        obj=certificate,
        actor=actor,
        data={"number": number, "star": certificate.star, "expires_on": expires},
    )
    return certificate


@transaction.atomic
def extend_for_late_reevaluation(
    *, actor: Any, certificate: Certificate, filed_on: date
) -> Certificate:
    """A re-evaluation filed after the window keeps the certificate alive until decided,
    at most 180 days past expiry (Art. 12.3)."""
    limit = certificate.expires_on + timedelta(days=MAX_EXTENSION_DAYS)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    certificate.extended_until = limit
    certificate.save(update_fields=["extended_until", "updated_at"])
    log_action(
        action="ocop.certificate.extended",
        obj=certificate,
        actor=actor,
        data={"filed_on": filed_on, "until": limit},
    )
    return certificate
