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
    return record_certificate(
        actor=actor,
        product=decision_item.product,
        star=decision_item.star,
        criteria_version=round_.criteria_version,
        authority=decision.authority,
        level=AuthorityLevel.CENTRE if round_.level == "centre" else AuthorityLevel.PROVINCE,
        decision=decision,
        decision_number=decision.number,
        decision_date=decision.decided_on,
    )


@transaction.atomic
def record_certificate(
    *,
    actor: Any,
    product: Any,
    star: int,
    criteria_version: Any,
    authority: str,
    level: str,
    decision_number: str,
    decision_date: date,
    decision: Any = None,
    number: str | None = None,
) -> Certificate:
    """Create a signed certificate. Without ``decision`` it records one issued before the
    system (e.g. by a district committee that no longer exists), keeping its ``number``."""
    issued = decision_date
    if number is None:
        number = _next_number(
            level=level if level != AuthorityLevel.DISTRICT else AuthorityLevel.PROVINCE,
            year=issued.year,
            province=product.commune.province_id,
            authority=authority,
        )
    code = codes.new_code()
    while Certificate.objects.filter(code=code).exists():
        code = codes.new_code()
    expires = add_months(issued, CERTIFICATE_MONTHS)
    certificate = Certificate(
        number=number,
        code=code,
        signature=codes.sign_certificate(code=code, number=number, star=star, expires_on=expires),
        product=product,
        producer=product.producer,
        star=star,
        criteria_version=criteria_version,
        authority=authority,
        authority_level=level,
        decision=decision,
        decision_number=decision_number,
        decision_date=decision_date,
        issued_on=issued,
        expires_on=expires,
    )
    certificate.full_clean()
    certificate.save()
    older_ones = Certificate.objects.select_for_update().filter(
        product=product, issued_on__lte=issued
    )
    for older in older_ones.exclude(pk=certificate.pk):
        if (
            older.superseded_by_id is None
            and older.revoked_on is None
            and is_in_force(older, today=issued)
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
        data={"number": number, "star": star, "expires_on": expires},
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


def may_revoke(actor: Any, certificate: Certificate) -> bool:
    """The province revokes 3★/4★ of its products, the ministry 5★ (Art. 8.2)."""
    from ocop.accounts.enums import Role
    from ocop.accounts.scope import scope_for

    scope = scope_for(actor)
    if certificate.star == 5:
        return scope.edit_national and bool(
            {Role.MAE_OFFICER, Role.SYSADMIN} & set(scope.roles) or actor.is_superuser
        )
    province = certificate.product.commune.province_id
    return scope.edit_national or province in scope.edit_province_codes


@transaction.atomic
def revoke_certificate(
    *,
    actor: Any,
    certificate: Certificate,
    ground: str,
    decision_number: str,
    revoked_on: date,
    reason: str,
) -> Certificate:
    """Revoke on a ground of Art. 8.1; it shows at once wherever the product appears,
    because every page derives the status from this row."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.utils.translation import gettext as _

    from .enums import RevocationGround

    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("product__commune")
        .get(pk=certificate.pk)
    )
    if actor is not None and not may_revoke(actor, certificate):
        raise PermissionDenied(_("Cấp tỉnh thu hồi 3–4 sao; Bộ NN&MT thu hồi 5 sao."))
    if certificate.revoked_on is not None:
        raise ValidationError(_("Giấy chứng nhận đã bị thu hồi."))
    if ground not in RevocationGround.values or not decision_number.strip() or not reason.strip():
        raise ValidationError(_("Cần căn cứ (Điều 8.1), số quyết định và nội dung thu hồi."))
    before = {"revoked_on": None}
    certificate.revoked_on = revoked_on
    certificate.revocation_ground = ground
    certificate.revocation_decision = decision_number
    certificate.revocation_reason = reason
    certificate.save()
    log_action(
        action="ocop.certificate.revoked",
        obj=certificate,
        actor=actor,
        changes={"revoked_on": [before["revoked_on"], revoked_on.isoformat()]},
        data={"ground": ground, "decision": decision_number},
        reason=reason,
    )
    return certificate
