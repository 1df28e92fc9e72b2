import pytest
from django.core import mail
from django.urls import reverse

from ocop.accounts.scope import scope_for
from tests.factories import PASSWORD, make_user


@pytest.mark.django_db
@pytest.mark.parametrize("identifier", ["xa", "XA", "xa@example.vn", "XA@Example.VN"])
def test_login_with_username_or_email(client, identifier):
    make_user("xa", role="commune_officer", commune="14329")
    response = client.post(
        reverse("accounts:login"), {"username": identifier, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:home")


@pytest.mark.django_db
def test_wrong_password_shows_an_error(client):
    make_user("xa")
    response = client.post(reverse("accounts:login"), {"username": "xa", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_brute_force_locks_the_account(client, settings):
    make_user("xa")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "xa", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "xa", "password": PASSWORD})
    assert response.status_code == 429
    assert "Tài khoản tạm khoá" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_sends_an_email(client):
    make_user("xa")
    response = client.post(reverse("accounts:password_reset"), {"email": "xa@example.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["xa@example.vn"]
    assert "/accounts/reset/" in mail.outbox[0].body


@pytest.mark.django_db
def test_password_reset_for_unknown_email_sends_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "ghost@example.vn"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


@pytest.mark.django_db
def test_scope_unions_several_roles():
    user = make_user("multi", role="commune_officer", commune="14329")
    user.role_assignments.create(role="inspector", province_id="01")
    scope = scope_for(user)
    assert scope.commune_codes == {"14329"}
    assert scope.province_codes == {"01"}
    assert scope.edit_commune_codes == {"14329"}
    assert scope.edit_province_codes == frozenset()


@pytest.mark.django_db
def test_role_area_is_enforced_by_the_database():
    from django.db import IntegrityError, transaction

    user = make_user("bad")
    with pytest.raises(IntegrityError), transaction.atomic():
        user.role_assignments.create(role="commune_officer", province_id="37")
    assert user.role_assignments.count() == 0
