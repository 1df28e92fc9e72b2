"""/healthz and /readyz: cookie-free JSON probes for load balancers."""

import pytest
from django.test import Client

from ocop.ops import health


@pytest.fixture
def db_task_backend(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_healthz_answers_without_touching_the_database(client: Client) -> None:
    # No ``db`` fixture: any query would raise, so the probe provably makes none.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")
    assert "no-cache" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_readyz_reports_each_check_with_its_latency(client: Client, db_task_backend) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "task_queue"}
    for check in body["checks"].values():
        assert check["ok"] is True
        assert isinstance(check["ms"], float)
    assert "Set-Cookie" not in response.headers


@pytest.mark.django_db
def test_readyz_is_503_when_the_cache_fails(client: Client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def refuse(*args: object, **kwargs: object) -> None:
        raise ConnectionError("redis://secret@cache:6379 refused")

    monkeypatch.setattr(health.cache, "set", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["cache"]["ok"] is False
    # The class name only: the message could leak a URL with a password.
    assert body["checks"]["cache"]["error"] == "ConnectionError"
    assert "secret" not in response.content.decode()
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["task_queue"]["ok"] is True


@pytest.mark.django_db
def test_readyz_is_503_when_the_task_table_is_missing(client: Client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.db import DatabaseError

    def missing() -> None:
        raise DatabaseError("relation django_tasks_db_dbtaskresult does not exist")

    monkeypatch.setattr(health, "_task_queue", missing)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["task_queue"] == {
        "ok": False,
        "ms": response.json()["checks"]["task_queue"]["ms"],
        "error": "DatabaseError",
    }


@pytest.mark.django_db
def test_probes_are_exempt_from_the_https_redirect(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SECURE_SSL_REDIRECT = True
    client = Client()  # middleware is loaded at its first request, with the setting above
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    redirected = client.get("/accounts/login/")
    assert redirected.status_code == 301
    assert redirected["Location"].startswith("https://")
