"""Tokens: hashed at rest, shown once, revocable, audited, managed by administrators."""

import hashlib
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from ocop.api.enums import TokenAccess, TokenScope
from ocop.api.models import ApiToken
from ocop.api.tokens import create_token, revoke_token, token_for
from ocop.core.models import AuditEntry
from ocop.geo.models import Province
from tests.api.conftest import bearer
from tests.conftest import HOME_PROVINCE

pytestmark = pytest.mark.django_db


def test_secret_is_never_stored(sysadmin):
    new = create_token(actor=sysadmin, name="Cổng quốc gia", scope=TokenScope.NATIONAL)
    prefix, secret = new.raw.removeprefix("ocop_").split("_", 1)
    assert prefix == new.token.prefix
    assert len(secret) == 43  # 32 random bytes, URL-safe base64
    row = ApiToken.objects.values().get(pk=new.token.pk)
    assert row["secret_hash"] == hashlib.sha256(new.raw.encode()).hexdigest()
    assert not any(secret in str(value) for value in row.values())
    entry = AuditEntry.objects.get(action="ocop.api_token.created")
    assert entry.actor == sysadmin
    assert secret not in str(entry.data) and secret not in str(entry.changes)
    assert token_for(new.raw) == new.token
    assert token_for(new.raw + "x") is None


def test_service_account_cannot_sign_in(sysadmin):
    new = create_token(actor=sysadmin, name="Sàn TMĐT", scope=TokenScope.NATIONAL)
    assert new.token.user.has_usable_password() is False
    assert new.token.user.role_assignments.count() == 0


def test_only_administrators_manage_tokens(province_officer):
    with pytest.raises(PermissionDenied):
        create_token(actor=province_officer, name="x", scope=TokenScope.NATIONAL)
    assert ApiToken.objects.count() == 0


def test_area_must_match_scope(sysadmin):
    with pytest.raises(ValidationError):
        create_token(actor=sysadmin, name="Tỉnh", scope=TokenScope.PROVINCE)
    assert ApiToken.objects.count() == 0


def test_revoked_token_is_refused_at_once(client, sysadmin, home):
    new = create_token(
        actor=sysadmin,
        name="Tỉnh Ninh Bình",
        scope=TokenScope.PROVINCE,
        province=Province.objects.get(code=HOME_PROVINCE),
    )
    assert client.get("/api/v1/products/", **bearer(new.raw)).status_code == 200
    revoke_token(actor=sysadmin, token=new.token, reason="lộ mã")
    response = client.get("/api/v1/products/", **bearer(new.raw))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"
    entry = AuditEntry.objects.get(action="ocop.api_token.revoked")
    assert (entry.actor, entry.reason) == (sysadmin, "lộ mã")
    new.token.user.refresh_from_db()
    assert new.token.user.is_active is False


def test_last_used_is_recorded(client, national_read):
    assert ApiToken.objects.get().last_used_at is None
    client.get("/api/v1/whoami/", **bearer(national_read))
    assert ApiToken.objects.get().last_used_at is not None


def test_command_creates_lists_and_revokes(db):
    out = StringIO()
    call_command(
        "api_token",
        "create",
        "--name",
        "Cổng dữ liệu tỉnh",
        "--scope",
        "province",
        "--province",
        HOME_PROVINCE,
        "--access",
        "write",
        stdout=out,
        stderr=StringIO(),
    )
    prefix_line, raw = out.getvalue().splitlines()
    token = ApiToken.objects.get()
    assert prefix_line == f"prefix {token.prefix}"
    assert (token.scope, token.province_id, token.access) == ("province", "37", "write")
    assert token_for(raw) == token
    listing = StringIO()
    call_command("api_token", "list", stdout=listing)
    assert listing.getvalue().startswith(f"{token.prefix}\tCổng dữ liệu tỉnh\tprovince:37\twrite")
    assert raw not in listing.getvalue()
    call_command("api_token", "revoke", token.prefix, stdout=StringIO())
    assert token_for(raw) is None
    assert AuditEntry.objects.filter(action="ocop.api_token.revoked").count() == 1


def test_admin_shows_the_secret_once(client, sysadmin):
    client.force_login(sysadmin)
    response = client.post(
        "/admin/api/apitoken/add/",
        {"name": "Sàn Voso", "scope": "national", "access": "read"},
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    raw = next(word for m in shown for word in m.split() if word.startswith("ocop_"))
    assert token_for(raw) == token
    assert token.created_by == sysadmin
    assert token.access == TokenAccess.READ


def test_admin_revoke_action_is_audited(client, sysadmin):
    new = create_token(actor=None, name="Sàn Tiki", scope=TokenScope.NATIONAL)
    client.force_login(sysadmin)
    response = client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [new.token.pk]},
    )
    assert response.status_code == 302
    assert token_for(new.raw) is None
    entry = AuditEntry.objects.get(action="ocop.api_token.revoked")
    assert entry.actor == sysadmin
