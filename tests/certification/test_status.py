from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from ocop.certification.enums import CertificateStatus as S
from ocop.certification.status import add_months, is_in_force, status_of, window


@dataclass
class Cert:
    issued_on: date = date(2024, 3, 15)
    expires_on: date = date(2027, 3, 15)
    extended_until: date | None = None
    revoked_on: date | None = None
    superseded_by_id: int | None = None


def test_thirty_six_months_with_month_ends():
    assert add_months(date(2024, 3, 15), 36) == date(2027, 3, 15)
    assert add_months(date(2024, 2, 29), 36) == date(2027, 2, 28)
    assert add_months(date(2023, 10, 31), 4) == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("days_before_expiry", "status"),
    [
        (181, S.VALID),
        (180, S.EXPIRING),  # the day the window opens
        (120, S.EXPIRING),  # the last day of the window
        (119, S.VALID),
        (0, S.VALID),  # the expiry day itself is still valid
        (-1, S.EXPIRED),
    ],
)
def test_window_and_expiry_boundaries(days_before_expiry, status):
    cert = Cert()
    today = cert.expires_on - timedelta(days=days_before_expiry)
    assert status_of(cert, today=today) == status
    assert window(cert.expires_on) == (date(2026, 9, 16), date(2026, 11, 15))


def test_late_reevaluation_extends_at_most_180_days():
    cert = Cert(extended_until=date(2027, 3, 15) + timedelta(days=400))
    assert status_of(cert, today=date(2027, 3, 16)) == S.EXTENDED
    assert status_of(cert, today=date(2027, 9, 11)) == S.EXTENDED  # expiry + 180
    assert status_of(cert, today=date(2027, 9, 12)) == S.EXPIRED
    assert is_in_force(cert, today=date(2027, 9, 11)) is True


def test_revoked_and_superseded_win_over_dates():
    assert status_of(Cert(revoked_on=date(2025, 1, 1)), today=date(2025, 1, 1)) == S.REVOKED
    assert status_of(Cert(revoked_on=date(2025, 1, 2)), today=date(2025, 1, 1)) == S.VALID
    assert status_of(Cert(superseded_by_id=7), today=date(2025, 1, 1)) == S.SUPERSEDED
    assert is_in_force(Cert(revoked_on=date(2025, 1, 1)), today=date(2026, 1, 1)) is False
