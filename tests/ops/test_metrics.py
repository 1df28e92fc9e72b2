"""/metrics: Prometheus text, only for allowed addresses or the bearer token."""

import ipaddress
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]


def _sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample (0 when the series does not exist yet)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in text.splitlines():
        found = re.fullmatch(r"([a-z_]+)(?:\{(.*)\})? (\S+)", line)
        if not found or found.group(1) != name:
            continue
        got = ",".join(sorted((found.group(2) or "").split(","))) if found.group(2) else ""
        if got == wanted:
            return float(found.group(3))
    return 0.0


@pytest.mark.django_db
def test_metrics_count_requests_by_route_and_status_class(client: Client) -> None:
    before = client.get("/metrics").content.decode()
    client.get("/healthz")
    client.get("/healthz")
    client.get("/no-such-page/")
    text = client.get("/metrics").content.decode()
    ok = {"method": "GET", "route": "ops:healthz", "status": "2xx"}
    assert (
        _sample(text, "ocop_http_requests_total", **ok)
        - _sample(before, "ocop_http_requests_total", **ok)
        == 2
    )
    missing = {"method": "GET", "route": "unmatched", "status": "4xx"}
    assert (
        _sample(text, "ocop_http_requests_total", **missing)
        - _sample(before, "ocop_http_requests_total", **missing)
        == 1
    )
    count = "ocop_http_request_duration_seconds_count"
    assert (
        _sample(text, count, route="ops:healthz") - _sample(before, count, route="ops:healthz") == 2
    )
    assert 'ocop_http_request_duration_seconds_bucket{le="0.005",route="ops:healthz"}' in text
    assert _sample(text, "ocop_scans_buffered") == 0
    assert "process_cpu_seconds_total" in text


@pytest.mark.django_db
def test_task_queue_depth_is_counted_at_scrape_time(client: Client) -> None:
    from django_tasks_db.models import DBTaskResult

    def task(status: str) -> DBTaskResult:
        return DBTaskResult(
            status=status,
            args_kwargs={"args": [], "kwargs": {}},
            task_path="ocop.promotion.tasks.task_check_links",
            backend_name="default",
            run_after=timezone.now(),
        )

    DBTaskResult.objects.bulk_create(
        [task("READY"), task("READY"), task("RUNNING"), task("SUCCESSFUL")]
    )
    text = client.get("/metrics").content.decode()
    assert _sample(text, "ocop_task_queue_depth", status="READY") == 2
    assert _sample(text, "ocop_task_queue_depth", status="RUNNING") == 1


@pytest.mark.django_db
def test_scans_buffered_reads_the_scan_buffer(client: Client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ocop.stamps import scanbuffer

    monkeypatch.setattr(scanbuffer, "_pending", [{"gtin": "1"}, {"gtin": "2"}, {"gtin": "3"}])
    text = client.get("/metrics").content.decode()
    assert _sample(text, "ocop_scans_buffered") == 3


def test_metrics_refused_from_another_address() -> None:
    response = Client(REMOTE_ADDR="203.0.113.9").get("/metrics")
    assert response.status_code == 403
    assert b"ocop_http" not in response.content


def test_metrics_refused_through_the_proxy_even_from_localhost(client: Client) -> None:
    # nginx connects from 127.0.0.1; a request it forwarded must not pass as local.
    response = client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.status_code == 403


def test_metrics_refused_with_the_proxy_client_address_header(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CLIENT_IP_HEADER_META = "HTTP_X_REAL_IP"  # OCOP_CLIENT_IP_HEADER=X-Real-IP
    response = client.get("/metrics", headers={"X-Real-IP": "203.0.113.9"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_metrics_with_the_bearer_token_from_anywhere(settings) -> None:  # type: ignore[no-untyped-def]
    settings.OPS_METRICS_TOKEN = "t0ken-for-prometheus"
    remote = Client(REMOTE_ADDR="203.0.113.9")
    wrong = remote.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    right = remote.get("/metrics", headers={"Authorization": "Bearer t0ken-for-prometheus"})
    assert right.status_code == 200
    assert right["Content-Type"].startswith("text/plain")
    assert b"ocop_http_requests_total" in right.content


@pytest.mark.django_db
def test_metrics_allowed_network(settings) -> None:  # type: ignore[no-untyped-def]
    settings.OPS_METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("10.0.0.0/8")]
    assert Client(REMOTE_ADDR="10.20.30.40").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 403


_WORKER = """
import django; django.setup()
from django.test import Client
c = Client()
for _ in range({n}):
    c.get("/healthz")
"""
_SCRAPE = """
import django; django.setup()
from ocop.ops import metrics
print(metrics.render().decode())
"""


def test_multiprocess_mode_adds_up_the_worker_processes(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCOP_")}
    env.update(
        DJANGO_SETTINGS_MODULE="ocop.settings",
        OCOP_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        OCOP_ACCESS_LOG="0",
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "prom"),
    )
    (tmp_path / "prom").mkdir()

    def run(code: str) -> str:
        return subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout

    run(_WORKER.format(n=2))
    run(_WORKER.format(n=3))
    text = run(_SCRAPE)
    labels = {"method": "GET", "route": "ops:healthz", "status": "2xx"}
    assert _sample(text, "ocop_http_requests_total", **labels) == 5
    assert _sample(text, "ocop_http_request_duration_seconds_count", route="ops:healthz") == 5
