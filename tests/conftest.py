"""Shared fixtures: administrative units and criteria are loaded once per test
database; people and registry records come from small factories."""

import pytest

from tests.factories import make_user

HOME_PROVINCE = "37"  # Ninh Bình
HOME_COMMUNE = "14329"  # Phường Hoa Lư (37)
OTHER_COMMUNE_SAME_PROVINCE = "14638"  # Xã Kim Sơn (37)
OTHER_PROVINCE = "01"  # Hà Nội
OTHER_PROVINCE_COMMUNE = "00004"  # Phường Ba Đình (01)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    from ocop.criteria.domain import load_criteria
    from ocop.geo.domain import load_units

    with django_db_blocker.unblock():
        load_units()
        load_criteria()


@pytest.fixture(autouse=True)
def _isolated_settings(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    # Background tasks run in-process during tests, so their effects can be asserted.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # Hashing with PBKDF2 costs ~0.3 s per user; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _scan_writer_stopped():  # type: ignore[no-untyped-def]
    """A test that scanned leaves no writer thread behind (it would outlive the database)."""
    yield
    from ocop.stamps import scanbuffer

    scanbuffer.stop(write_pending=False)  # the database may already be gone
    from ocop.public import resolver

    resolver._PAGES.clear()  # ids are reused between tests; rendered pages must not be
    from django.core.cache import cache

    cache.clear()  # rate-limit counters and cached pages must not leak into the next test


@pytest.fixture
def sysadmin(db):  # type: ignore[no-untyped-def]
    return make_user("admin", superuser=True)


@pytest.fixture
def province_officer(db):  # type: ignore[no-untyped-def]
    return make_user("tinh", role="province_officer", province=HOME_PROVINCE)


@pytest.fixture
def commune_officer(db):  # type: ignore[no-untyped-def]
    return make_user("xa", role="commune_officer", commune=HOME_COMMUNE)


@pytest.fixture
def other_province_officer(db):  # type: ignore[no-untyped-def]
    return make_user("tinhkhac", role="province_officer", province=OTHER_PROVINCE)


from tests.evaluation.fixtures import (  # noqa: E402, F401  (fixtures shared by several folders)
    accepted,
    council_users,
    producer_user,
    product,
    submitted,
)
