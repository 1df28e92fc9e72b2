"""TOTP two-factor: enrolment, sign-in with a code or a recovery code, disable, reset,
forced enrolment for roles, and nothing secret in the audit log."""

import json
import time

import pyotp
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from ocop.accounts import twofactor
from ocop.accounts.models import RecoveryCode, TwoFactor
from ocop.core.models import AuditEntry
from tests.factories import PASSWORD, make_user


def _code(user, offset=0):  # type: ignore[no-untyped-def]
    secret = twofactor.decrypt(TwoFactor.objects.get(user=user).secret_encrypted)
    return pyotp.TOTP(secret).at(int(time.time()) + offset * 30)


def _enrol(user):  # type: ignore[no-untyped-def]
    twofactor.start_enrolment(user=user)
    return twofactor.confirm_enrolment(user=user, code=_code(user))


@pytest.mark.django_db
def test_enrolment_page_shows_a_qr_and_confirms_with_a_code(client, caplog):
    caplog.set_level("DEBUG")
    user = make_user("tinh", role="province_officer", province="37")
    client.force_login(user)
    page = client.get(reverse("accounts:security"))
    assert "Bật xác thực hai bước" in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")
    client.post(reverse("accounts:two_factor_start"))
    page = client.get(reverse("accounts:security")).content.decode()
    assert 'src="data:image/svg+xml' in page
    secret = twofactor.decrypt(TwoFactor.objects.get(user=user).secret_encrypted)
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page
    assert secret not in TwoFactor.objects.get(user=user).secret_encrypted  # encrypted
    bad = client.post(reverse("accounts:two_factor_confirm"), {"code": "000000"})
    assert bad.status_code == 400
    assert not TwoFactor.objects.get(user=user).is_active
    done = client.post(reverse("accounts:two_factor_confirm"), {"code": _code(user)})
    assert done.status_code == 200
    codes = done.context["new_codes"]
    assert len(codes) == 10 and codes[0] in done.content.decode()
    assert TwoFactor.objects.get(user=user).is_active
    stored = set(RecoveryCode.objects.filter(user=user).values_list("code_hash", flat=True))
    assert not stored & set(codes)  # only hashes are kept
    assert secret not in caplog.text and codes[0] not in caplog.text  # nor in any log line
    assert secret not in json.dumps(dict(client.session))


@pytest.mark.django_db
def test_login_asks_for_the_code_after_the_password(client):
    user = make_user("tinh")
    _enrol(user)
    response = client.post(reverse("accounts:login"), {"username": "tinh", "password": PASSWORD})
    assert response["Location"] == reverse("accounts:login_code")
    assert "_auth_user_id" not in client.session  # not signed in yet
    wrong = client.post(reverse("accounts:login_code"), {"code": "123456"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    ok = client.post(reverse("accounts:login_code"), {"code": _code(user, 1)})
    assert ok.status_code == 302 and ok["Location"] == reverse("backoffice:home")
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_a_code_cannot_be_used_twice(db):
    user = make_user("tinh")
    _enrol(user)
    code = _code(user, 1)
    assert twofactor.verify(user=user, code=code)
    assert not twofactor.verify(user=user, code=code)


@pytest.mark.django_db
def test_recovery_code_works_once_and_is_audited(client):
    user = make_user("tinh")
    codes = _enrol(user)
    client.post(reverse("accounts:login"), {"username": "tinh", "password": PASSWORD})
    ok = client.post(reverse("accounts:login_code"), {"code": codes[0].upper()})
    assert ok.status_code == 302
    assert not twofactor.verify(user=user, code=codes[0])
    assert AuditEntry.objects.filter(action="ocop.account.2fa_recovery_used").count() == 1


@pytest.mark.django_db
def test_code_attempts_are_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login_otp": "3/300"}
    user = make_user("tinh")
    _enrol(user)
    client.post(reverse("accounts:login"), {"username": "tinh", "password": PASSWORD})
    for _ in range(3):
        client.post(reverse("accounts:login_code"), {"code": "000000"})
    blocked = client.post(reverse("accounts:login_code"), {"code": _code(user, 1)})
    assert blocked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_disable_needs_a_code(client):
    user = make_user("tinh")
    _enrol(user)
    client.force_login(user)
    refused = client.post(reverse("accounts:two_factor_disable"), {"code": "000000"})
    assert refused.status_code == 400 and TwoFactor.objects.filter(user=user).exists()
    client.post(reverse("accounts:two_factor_disable"), {"code": _code(user, 1)})
    assert not TwoFactor.objects.filter(user=user).exists()
    assert not RecoveryCode.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_administrator_resets_and_every_change_is_audited_without_secrets(sysadmin):
    user = make_user("tinh")
    codes = _enrol(user)
    secret = twofactor.decrypt(TwoFactor.objects.get(user=user).secret_encrypted)
    with pytest.raises(PermissionDenied):
        twofactor.reset(user=user, actor=make_user("khac"))
    twofactor.reset(user=user, actor=sysadmin, reason="mất điện thoại")
    assert not TwoFactor.objects.filter(user=user).exists()
    _enrol(user)
    call_command("reset_2fa", "tinh")
    actions = list(
        AuditEntry.objects.filter(object_id=str(user.pk), action__startswith="ocop.account.2fa")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "ocop.account.2fa_enrolled",
        "ocop.account.2fa_reset",
        "ocop.account.2fa_enrolled",
        "ocop.account.2fa_reset",
    ]
    dumped = json.dumps(list(AuditEntry.objects.values("changes", "data", "reason")))
    assert secret not in dumped and codes[0] not in dumped


@pytest.mark.django_db
def test_roles_can_be_forced_to_enrol(client, settings):
    settings.REQUIRE_2FA_ROLES = ["province_officer"]
    officer = make_user("tinh", role="province_officer", province="37")
    other = make_user("xa", role="commune_officer", commune="14329")
    client.force_login(other)
    assert client.get(reverse("backoffice:home")).status_code == 200
    client.force_login(officer)
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:security")
    assert client.get(reverse("accounts:security")).status_code == 200
    _enrol(officer)
    assert client.get(reverse("backoffice:home")).status_code == 200
    with pytest.raises(ValidationError, match="bắt buộc"):
        twofactor.disable(user=officer, code=_code(officer, 1))


@pytest.mark.django_db
def test_admin_login_goes_through_our_sign_in(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_nav_shows_the_name_and_links_the_security_page(client):
    user = make_user("tinh")
    user.full_name = "Nguyễn Thị Tình"
    user.save()
    client.force_login(user)
    page = client.get(reverse("backoffice:home")).content.decode()
    assert "Nguyễn Thị Tình" in page
    assert reverse("accounts:security") in page
