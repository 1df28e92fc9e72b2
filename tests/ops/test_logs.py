"""Request ids and JSON log lines."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from ocop.ops.context import RequestContext, current
from ocop.ops.logs import JsonFormatter, RequestContextFilter

ROOT = Path(__file__).resolve().parents[2]


def _access_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "ocop.access"]


def test_request_id_from_the_proxy_is_echoed(client: Client) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": "nginx-7f3a.01:ab"})
    assert response["X-Request-ID"] == "nginx-7f3a.01:ab"


@pytest.mark.parametrize("bad", ["two words", "x" * 65, "a\r\nSet-Cookie: x=1", "<script>"])
def test_unsafe_request_id_is_replaced(client: Client, bad: str) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": bad})
    made = response["X-Request-ID"]
    assert made != bad
    assert len(made) == 32
    int(made, 16)  # a fresh uuid4, hex


def test_each_request_gets_its_own_id(client: Client) -> None:
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert first != second


def test_access_line_is_one_json_object(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="ocop.access")
    response = client.get("/healthz?serial=secret", headers={"X-Request-ID": "req-1"})
    [record] = _access_records(caplog)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert data.pop("time").endswith("+00:00")
    assert data.pop("duration_ms") >= 0
    assert data == {
        "level": "INFO",
        "logger": "ocop.access",
        "message": f"GET /healthz 200 {record.duration_ms}ms",  # type: ignore[attr-defined]
        "request_id": "req-1",
        "method": "GET",
        "path": "/healthz",  # no query string: it may hold personal data
        "status": 200,
    }
    assert response.status_code == 200


@pytest.mark.django_db
def test_access_line_names_the_user_by_id_only(
    client: Client, sysadmin, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(sysadmin)
    caplog.set_level(logging.INFO, logger="ocop.access")
    client.get("/office/")
    [record] = _access_records(caplog)
    data = json.loads(JsonFormatter().format(record))
    assert data["user_id"] == sysadmin.pk
    assert sysadmin.username not in json.dumps(data)


def test_filter_adds_the_request_context_to_any_log_line() -> None:
    record = logging.LogRecord("ocop.registry", logging.WARNING, __file__, 1, "hi %s", ("x",), None)
    token = current.set(RequestContext(request_id="abc", method="POST", path="/office/"))
    try:
        RequestContextFilter().filter(record)
    finally:
        current.reset(token)
    data = json.loads(JsonFormatter().format(record))
    assert (data["request_id"], data["method"], data["path"], data["message"]) == (
        "abc",
        "POST",
        "/office/",
        "hi x",
    )
    outside = logging.LogRecord("ocop.x", logging.INFO, __file__, 1, "m", (), None)
    RequestContextFilter().filter(outside)
    assert "request_id" not in json.loads(JsonFormatter().format(outside))


def test_ocop_log_format_json_configures_the_console_handler(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCOP_")}
    env.update(OCOP_LOG_FORMAT="json", OCOP_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, logging; django.setup(); "
            "logging.getLogger('ocop.test').warning('bonjour %s', 'Hòa Lư')",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "ocop.settings"},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    data = json.loads(result.stderr.strip().splitlines()[-1])
    assert (data["level"], data["logger"], data["message"]) == (
        "WARNING",
        "ocop.test",
        "bonjour Hòa Lư",
    )
