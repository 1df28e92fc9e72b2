"""A certificate's status, derived from its dates and events (Art. 4.3, 12.3).

Pure functions of the certificate and the date, so that every page, the API, the QR
resolver and the reminders agree on the same day.
"""

from datetime import date, timedelta
from typing import Protocol

from .enums import CertificateStatus

WINDOW_OPENS_DAYS = 180  # re-evaluation dossiers may be filed from 180 days before expiry…
WINDOW_CLOSES_DAYS = 120  # …until 120 days before it
MAX_EXTENSION_DAYS = 180  # a late re-evaluation keeps it alive at most 180 days past expiry


class _Dated(Protocol):
    """A certificate, or a row of one (read-only attributes, so frozen rows qualify)."""

    @property
    def issued_on(self) -> date: ...
    @property
    def expires_on(self) -> date: ...
    @property
    def extended_until(self) -> date | None: ...
    @property
    def revoked_on(self) -> date | None: ...
    @property
    def superseded_by_id(self) -> int | None: ...


def window(expires_on: date) -> tuple[date, date]:
    """The re-evaluation window: (first day, last day), both inclusive."""
    return (
        expires_on - timedelta(days=WINDOW_OPENS_DAYS),
        expires_on - timedelta(days=WINDOW_CLOSES_DAYS),
    )


def status_of(certificate: _Dated, *, today: date) -> str:
    if certificate.revoked_on is not None and certificate.revoked_on <= today:
        return CertificateStatus.REVOKED
    if certificate.superseded_by_id is not None:
        return CertificateStatus.SUPERSEDED
    if today > certificate.expires_on:
        limit = certificate.expires_on + timedelta(days=MAX_EXTENSION_DAYS)
        extended = certificate.extended_until
        if extended is not None and today <= min(extended, limit):
            return CertificateStatus.EXTENDED
        return CertificateStatus.EXPIRED
    opens, closes = window(certificate.expires_on)
    if opens <= today <= closes:
        return CertificateStatus.EXPIRING
    return CertificateStatus.VALID


def is_in_force(certificate: _Dated, *, today: date) -> bool:
    """Whether the OCOP mark and star may be shown for it today."""
    return status_of(certificate, today=today) in (
        CertificateStatus.VALID,
        CertificateStatus.EXPIRING,
        CertificateStatus.EXTENDED,
    )


def add_months(start: date, months: int) -> date:
    """``start`` plus whole months; the 29–31st fall back to the month's last day."""
    month = start.month - 1 + months
    year = start.year + month // 12
    month = month % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError(start)
