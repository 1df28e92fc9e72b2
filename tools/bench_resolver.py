"""Benchmark the public GS1 Digital Link resolver under load, with and without nginx.

Why: a stamp is scanned by shoppers, and a promotion or a viral post sends scan peaks to
``/01/{gtin}/10/{lot}/21/{serial}``. This measures what the resolver serves next to the
cheapest request the same server can answer, whether every scan reaches the scan log,
and what an nginx micro-cache in front changes.

Usage::

    .venv/bin/python tools/bench_resolver.py              # 1,000,000 stamps, 20 s per run
    .venv/bin/python tools/bench_resolver.py --stamps 100000 --duration 10
    .venv/bin/python tools/bench_resolver.py --reuse      # keep the database of the last run

What it does:

1. (Re)creates its own PostgreSQL database (``--database-url``, default
   ``postgres://postgres@127.0.0.1:5432/bench_resolver``), migrates, loads the units and
   criteria (a product needs a commune and a product set), creates one producer with a
   certified product, a trade item and a lot, issues and activates the stamps
   (``request_stamps`` + ``issue_batch``, COPY) and writes ``--urls`` random stamp URLs.
2. Starts granian as ``make serve`` does (wsgi, 2 workers × 4 blocking threads, static
   mount) on ``ocop.wsgi:application`` with production settings (``OCOP_DEBUG=0``,
   ``OCOP_SSL_REDIRECT=0``) and ``tools/resolver_settings.py``, which adds a constant view
   (``tools/resolver_urls.py``) served by the same workers and middleware.
3. Loads it with wrk from 127.0.0.1 (64 connections, 2 threads, a warm-up then the timed
   run, ``--latency``): (a) the constant view, (b) random stamp URLs (a Lua script picks a
   random line of the URL file per request). Prints req/s, p50, p99, (b)/(a) and the goal.
4. Stops granian with SIGTERM, waits, and compares the resolver requests wrk completed
   with the rows in ``stamps_scan``.
5. Restarts granian with ``OCOP_SCAN_LOGGING=edge`` behind an nginx micro-cache, loads
   random and hot-set URLs through nginx, and compares nginx's access log with wrk.

Needs the Debian packages ``wrk`` and ``nginx`` (or ``nginx-light``); installs them with
apt-get when missing and apt is usable. Everything it starts is stopped on exit.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"
BIN = ROOT / ".venv" / "bin"
HOME_COMMUNE = "14329"  # Phường Hoa Lư (Ninh Bình), as in the tests
CONNECTIONS = 64
THREADS = 2
GOAL_RATIO = 0.5
GOAL_P99_MS = 25.0
# A fixed Ed25519 seed so that the setup process and the server's workers agree on the
# stamp serials' HMAC key without writing a key file under var/.
SIGNING_KEY = "b2NvcC1iZW5jaC1yZXNvbHZlci1zaWduaW5nLWtleSE="  # base64 of 32 bytes

LUA = r"""
-- Each wrk thread has its own Lua state: load the URL file once per thread.
local urls = {}
local args_path = nil

init = function(args)
  args_path = args[1]
  local limit = tonumber(args[2] or "0")
  for line in io.lines(args_path) do
    urls[#urls + 1] = line
    if limit > 0 and #urls >= limit then break end
  end
  math.randomseed(os.time() * 1000 + (tonumber(tostring({}):sub(8)) or 0) % 1000)
end

request = function()
  if #urls == 0 then return wrk.format() end  -- the URL given on the command line
  return wrk.format("GET", urls[math.random(#urls)])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""

# The format ``ocop ingest_scan_log`` reads (docs/deployment.md, ocop.stamps.edgelog).
NGINX_LOG_FORMAT = (
    "log_format ocop_scan '$time_iso8601\\t$request_uri\\t$status\\t$http_user_agent';"
)
# A second log, for this benchmark only: the cache status of each request.
NGINX_CACHE_LOG_FORMAT = "log_format ocop_cache '$upstream_cache_status';"

NGINX_CONF = """
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    # One line per scan, for ``ocop ingest_scan_log`` (OCOP_SCAN_LOGGING=edge): tab-separated,
    # nginx escapes quotes, backslashes and control characters (tabs too) as \\xNN.
    {log_format}
    {cache_log_format}
    access_log {tmp}/access.log ocop_scan;
    access_log {tmp}/cache.log ocop_cache;
    proxy_cache_path {tmp}/cache levels=1:2 keys_zone=resolver:32m max_size=1g inactive=10m
                     use_temp_path=off;
    upstream ocop {{
        server 127.0.0.1:{app_port};
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://ocop;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_cache resolver;
            proxy_cache_key $scheme$host$request_uri;
            proxy_cache_valid 200 301 404 {cache_seconds}s;
            proxy_cache_lock on;
            proxy_cache_use_stale updating;
            add_header X-Cache-Status $upstream_cache_status;
        }}
    }}
}}
"""


@dataclass
class WrkResult:
    label: str
    requests: int
    seconds: float
    errors: dict[str, int]
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        errors = {k: v for k, v in self.errors.items() if v}
        return (
            f"{self.label:<34} {self.rps:>9,.0f} req/s   p50 {self.p50_ms:6.1f} ms   "
            f"p99 {self.p99_ms:6.1f} ms   ({self.requests:,} requests"
            + (f", errors {errors}" if errors else "")
            + ")"
        )


# ---- tools and processes -----------------------------------------------------------------


def ensure_debian_packages() -> None:
    missing = []
    if not shutil.which("wrk"):
        missing.append("wrk")
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        missing.append("nginx-light")
    if not missing:
        return
    if not shutil.which("apt-get") or os.geteuid() != 0:
        sys.exit(f"missing Debian packages: {' '.join(missing)} (install them, e.g. apt-get)")
    print(f"installing Debian packages: {' '.join(missing)}", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env)


def nginx_binary() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, *, timeout: float = 60.0, proc: subprocess.Popen[Any] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def stop(proc: subprocess.Popen[Any], *, sig: int = signal.SIGTERM, timeout: float = 30.0) -> float:
    """Send ``sig`` and wait; SIGKILL the process group after ``timeout``. Returns seconds."""
    if proc.poll() is not None:
        return 0.0
    start = time.monotonic()
    proc.send_signal(sig)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        print(f"  {proc.args[0]} did not stop within {timeout:.0f} s: killing it", flush=True)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return time.monotonic() - start


def kill_group(proc: subprocess.Popen[Any]) -> None:
    """Last resort on failure: the process and the workers it started."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def server_env(base: dict[str, str], **extra: str) -> dict[str, str]:
    env = {k: v for k, v in base.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="resolver_settings",
        PYTHONPATH=os.pathsep.join([str(TOOLS), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        OCOP_ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    env.update(extra)
    return env


def start_granian(*, env: dict[str, str], port: int, static: Path, log: Path) -> subprocess.Popen:
    # The same command as ``make serve``, on another port.
    cmd = [
        str(BIN / "granian"),
        "--interface",
        "wsgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--static-path-mount",
        str(static),
        "--workers",
        "2",
        "--blocking-threads",
        "4",
        "ocop.wsgi:application",
    ]
    out = log.open("ab")
    proc = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    out.close()
    wait_for(f"http://127.0.0.1:{port}/bench/constant/", proc=proc)
    return proc


def run_wrk(
    *,
    label: str,
    base_url: str,
    lua: Path,
    url_file: Path | None,
    path: str = "/",
    seconds: int,
    limit: int = 0,
    show: bool = True,
) -> WrkResult:
    cmd = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "5s",
    ]
    if url_file is not None:
        cmd += ["-s", str(lua), base_url, "--", str(url_file), str(limit)]
    else:
        cmd += ["-s", str(lua), base_url + path, "--", "/dev/null", "0"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"wrk failed ({out.returncode}): {out.stderr or out.stdout}")
    data = None
    for row in out.stdout.splitlines():
        if row.startswith("BENCH_JSON "):
            data = json.loads(row.removeprefix("BENCH_JSON "))
    if data is None:
        raise RuntimeError(f"no result from wrk:\n{out.stdout}\n{out.stderr}")
    if show:
        print("\n".join("    " + r for r in out.stdout.splitlines() if not r.startswith("BENCH_")))
    return WrkResult(
        label=label,
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        errors={k: data[k] for k in ("connect", "read", "write", "status", "timeout")},
        p50_ms=data["p50_us"] / 1000,
        p90_ms=data["p90_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000,
    )


def load(*, label: str, warmup: int, duration: int, **kwargs: Any) -> tuple[WrkResult, WrkResult]:
    """A warm-up run (not reported, but its requests count as scans) and the timed run."""
    print(f"  {label}: {warmup} s warm-up, then {duration} s", flush=True)
    warm = run_wrk(label=label + " (warm-up)", seconds=warmup, show=False, **kwargs)
    timed = run_wrk(label=label, seconds=duration, **kwargs)
    return warm, timed


# ---- the database ------------------------------------------------------------------------


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(scheme="postgresql", path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_exists(url: str) -> bool:
    import psycopg

    parts = urlsplit(url)
    admin = parts._replace(scheme="postgresql", path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        row = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [parts.path.lstrip("/")]
        ).fetchone()
    return row is not None


def timed(label: str) -> Any:
    class _Timer:
        def __enter__(self) -> None:
            self.start = time.perf_counter()
            print(f"  {label} …", end="", flush=True)

        def __exit__(self, *exc: object) -> None:
            print(f" {time.perf_counter() - self.start:.1f} s", flush=True)

    return _Timer()


def build_data(*, stamps: int) -> dict[str, Any]:
    """Units, criteria, one certified product with a trade item and lot, and its stamps."""
    from django.core.management import call_command
    from django.utils import timezone
    from tests.traceability.helpers import make_chain

    from ocop.certification.domain import record_certificate
    from ocop.criteria.domain import load_criteria
    from ocop.criteria.models import CriteriaVersion
    from ocop.geo.domain import load_units
    from ocop.stamps.domain import activate_stamps, issue_batch, request_stamps

    with timed("migrate"):
        call_command("migrate", verbosity=0, interactive=False)
    with timed("load units"):
        load_units()
    with timed("load criteria"):
        load_criteria()
    with timed("producer, certified product, trade item, lot"):
        chain = make_chain(commune=HOME_COMMUNE, name="HTX Mật ong Hoa Lư (bench)")
        record_certificate(
            actor=None,
            product=chain["product"],
            star=4,
            criteria_version=CriteriaVersion.objects.get(is_current=True),
            authority="UBND tỉnh Ninh Bình",
            level="province",
            decision_number="1/QĐ-UBND",
            decision_date=timezone.localdate() - timedelta(days=10),
        )
    with timed(f"issue {stamps:,} stamps (COPY)"):
        batch = request_stamps(
            trade_item=chain["jar"], lot=chain["jar_lot"], count=stamps, actor=None
        )
        batch = issue_batch(batch=batch)
    with timed(f"activate {stamps:,} stamps"):
        activated = activate_stamps(actor=None, batch=batch)
    assert activated == stamps, activated
    return {"batch_id": batch.pk}


def write_urls(*, path: Path, count: int, seed: int) -> int:
    """``count`` URLs of distinct random stamps of the (only) batch, in random order."""
    from django.db import connection

    from ocop.stamps.models import Stamp
    from ocop.traceability import gs1

    first = Stamp.objects.select_related("trade_item", "lot").order_by("id").first()
    assert first is not None and first.lot is not None
    total = Stamp.objects.filter(batch_id=first.batch_id).count()
    positions = random.Random(seed).sample(range(1, total + 1), min(count, total))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT serial FROM stamps_stamp WHERE batch_id = %s AND position = ANY(%s)",
            [first.batch_id, positions],
        )
        serials = [s for (s,) in cursor.fetchall()]
    random.Random(seed + 1).shuffle(serials)
    gtin, lot = first.trade_item.gtin, first.lot.number
    path.write_text(
        "".join(gs1.digital_link(base_url="", gtin=gtin, lot=lot, serial=s) + "\n" for s in serials)
    )
    return total


def scan_count() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM stamps_scan")
        return int(cursor.fetchone()[0])


def truncate_scans() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE stamps_scan")


def profile_requests(url_file: Path, *, count: int = 200) -> None:
    """In-process: time ``count`` resolver requests and their queries (test client)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    urls = url_file.read_text().split()[:count]
    client = Client(HTTP_HOST="127.0.0.1")
    client.get(urls[0])  # the product block is rendered and cached once
    per_sql: dict[str, list[float]] = {}
    queries = 0
    start = time.perf_counter()
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        queries += len(ctx.captured_queries)
        for q in ctx.captured_queries:
            per_sql.setdefault(q["sql"][:90], []).append(float(q["time"]))
    elapsed = time.perf_counter() - start
    print(
        f"  in-process (Django test client, 1 thread): {elapsed / len(urls) * 1000:.2f} ms "
        f"per resolver request, {queries / len(urls):.1f} queries per request"
    )
    for sql, times in sorted(per_sql.items(), key=lambda kv: -sum(kv[1]))[:5]:
        print(f"    {sum(times) / len(urls) * 1000:6.2f} ms/request  {len(times):>5}×  {sql}")


# ---- the benchmark -----------------------------------------------------------------------


def machine() -> str:
    model = ""
    try:
        for row in Path("/proc/cpuinfo").read_text().splitlines():
            if row.startswith("model name"):
                model = row.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({model or platform.processor()}), Linux {platform.release()}"


def goal_text(a: WrkResult, b: WrkResult) -> str:
    ratio = b.rps / a.rps if a.rps else 0.0
    ok_ratio = ratio >= GOAL_RATIO
    ok_p99 = b.p99_ms <= GOAL_P99_MS
    verdict = "MET" if ok_ratio and ok_p99 else "NOT MET"
    return (
        f"  (b)/(a) = {ratio:.1%}  — goal (b) ≥ {GOAL_RATIO:.0%} of (a) and p99 ≤ "
        f"{GOAL_P99_MS:.0f} ms: {verdict} "
        f"(ratio {'ok' if ok_ratio else 'short'}, p99 {b.p99_ms:.1f} ms "
        f"{'ok' if ok_p99 else f'= {b.p99_ms / GOAL_P99_MS:.1f}× the limit'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_RESOLVER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_resolver"
        ),
    )
    parser.add_argument("--stamps", type=int, default=1_000_000)
    parser.add_argument("--urls", type=int, default=200_000, help="random stamp URLs to load")
    parser.add_argument("--hot", type=int, default=1_000, help="hot-set size behind nginx")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reuse", action="store_true", help="keep the last run's database")
    parser.add_argument("--no-nginx", action="store_true")
    parser.add_argument(
        "--profile", action="store_true", help="also time requests and queries in-process"
    )
    parser.add_argument(
        "--quick", action="store_true", help="100,000 stamps, 2 s warm-up, 5 s runs, no nginx"
    )
    args = parser.parse_args()
    if args.quick:
        args.stamps, args.urls = min(args.stamps, 100_000), min(args.urls, 20_000)
        args.warmup, args.duration, args.no_nginx = 2, 5, True
        if "BENCH_RESOLVER_DATABASE_URL" not in os.environ and args.database_url.endswith(
            "/bench_resolver"
        ):
            args.database_url += "_quick"  # never mix a quick database with the full one

    ensure_debian_packages()
    work = Path(tempfile.mkdtemp(prefix="bench_resolver_"))
    work.chmod(0o755)  # nginx's workers (user nobody) use the cache directory inside
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("OCOP_")},
        "OCOP_DATABASE_URL": args.database_url,
        "OCOP_DEBUG": "0",
        "OCOP_SECRET_KEY": "bench-resolver-not-a-secret-" + "x" * 40,
        "OCOP_SSL_REDIRECT": "0",
        "OCOP_SIGNING_KEY": SIGNING_KEY,
        "OCOP_VAR_DIR": str(work / "var"),
        "OCOP_STATIC_ROOT": str(work / "static"),
        "OCOP_LOG_LEVEL": "WARNING",
        # wrk sends every request from 127.0.0.1: the per-address limit would answer 429.
        "OCOP_RATE_RESOLVER": "0/60",
    }
    cache_seconds = int(os.environ.get("OCOP_RESOLVER_CACHE_SECONDS", "30"))
    env["OCOP_RESOLVER_CACHE_SECONDS"] = str(cache_seconds)
    # This process: the same settings, but it never logs scans itself and runs no task.
    os.environ.update(env)
    os.environ.update(
        OCOP_SCAN_LOGGING="edge",
        OCOP_TASK_BACKEND="django.tasks.backends.dummy.DummyBackend",
        DJANGO_SETTINGS_MODULE="ocop.settings",
    )
    sys.path.insert(0, str(ROOT))
    (work / "var").mkdir()

    print(f"python {platform.python_version()}, {machine()}")
    print(f"work dir {work}")
    reuse = args.reuse and database_exists(args.database_url)
    if not reuse:
        recreate_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from ocop.stamps.models import Stamp

    t0 = time.perf_counter()
    if reuse:  # a kept database still gets the migrations added since
        call_command("migrate", verbosity=0, interactive=False)
    if not reuse or not Stamp.objects.exists():
        build_data(stamps=args.stamps)
    url_file = work / "urls.txt"
    with timed(f"write {args.urls:,} random stamp URLs"):
        total = write_urls(path=url_file, count=args.urls, seed=args.seed)
    with timed("collectstatic"):
        call_command("collectstatic", interactive=False, verbosity=0)
    if args.profile:
        profile_requests(url_file)
    truncate_scans()
    print(f"setup {time.perf_counter() - t0:.0f} s; {total:,} activated stamps")
    connection.close()

    lua = work / "resolver.lua"
    lua.write_text(LUA)
    log = work / "granian.log"
    results: dict[str, WrkResult] = {}
    with ExitStack() as cleanup:
        # (a) and (b): granian alone, scans logged by the app.
        port = free_port()
        print(f"\n== granian on :{port} (2 workers × 4 threads, OCOP_DEBUG=0, scans by the app)")
        granian = start_granian(
            env=server_env(env, OCOP_SCAN_LOGGING="app"), port=port, static=work / "static", log=log
        )
        cleanup.callback(kill_group, granian)
        base = f"http://127.0.0.1:{port}"
        _, results["a"] = load(
            label="(a) constant view",
            warmup=args.warmup,
            duration=args.duration,
            base_url=base,
            lua=lua,
            url_file=None,
            path="/bench/constant/",
        )
        _, results["q"] = load(
            label="(a') one indexed query, no template",
            warmup=args.warmup,
            duration=args.duration,
            base_url=base,
            lua=lua,
            url_file=None,
            path="/bench/one-query/",
        )
        warm_b, results["b"] = load(
            label="(b) resolver, random of 1M",
            warmup=args.warmup,
            duration=args.duration,
            base_url=base,
            lua=lua,
            url_file=url_file,
        )
        before_stop = scan_count()
        connection.close()
        seconds = stop(granian)
        after_stop = scan_count()
        connection.close()
        completed = warm_b.requests + results["b"].requests
        print("\n== results (granian alone)")
        print("  " + results["a"].line())
        print("  " + results["q"].line())
        print("  " + results["b"].line())
        print(
            f"  (a')/(a) = {results['q'].rps / results['a'].rps:.1%}: what one database "
            "round trip per request leaves of the constant view on this machine"
        )
        print(goal_text(results["a"], results["b"]))
        from benchtable import write_result

        write_result(
            "resolver",
            {
                "stamps": args.stamps,
                "duration": args.duration,
                "quick": args.quick,
                **{
                    key: {"rps": round(r.rps), "p50_ms": r.p50_ms, "p99_ms": r.p99_ms}
                    for key, r in results.items()
                },
            },
        )
        print("\n== scans (OCOP_SCAN_LOGGING=app)")
        print(f"  resolver requests wrk completed (warm-up + run): {completed:,}")
        print(f"  rows in stamps_scan just before SIGTERM:        {before_stop:,}")
        print(
            f"  rows in stamps_scan after granian stopped:      {after_stop:,} "
            f"(granian exited {granian.returncode} after {seconds:.1f} s)"
        )
        slack = 2 * CONNECTIONS  # requests in flight when each wrk run ended
        if after_stop < completed:
            print(
                f"  LOST: {completed - after_stop:,} scans of completed requests are missing "
                f"({(completed - after_stop) / completed:.2%}); the stop flushed "
                f"{after_stop - before_stop:,}"
            )
        elif after_stop > completed + slack:
            print(f"  MORE scans than requests (+{after_stop - completed:,}): check the bench")
        else:
            print(
                f"  OK: every completed request is logged (+{after_stop - completed} requests "
                f"in flight when wrk stopped; at most {slack})"
            )

        # Does a graceful stop write what is still buffered? With a flush interval and
        # size that never trigger, only the stop path can write the scans.
        truncate_scans()
        connection.close()
        port = free_port()
        granian = start_granian(
            env=server_env(
                env,
                OCOP_SCAN_LOGGING="app",
                OCOP_SCAN_FLUSH_SECONDS="3600",
                OCOP_SCAN_FLUSH_SIZE="100000000",
            ),
            port=port,
            static=work / "static",
            log=log,
        )
        cleanup.callback(kill_group, granian)
        probe = run_wrk(
            label="flush probe",
            base_url=f"http://127.0.0.1:{port}",
            lua=lua,
            url_file=url_file,
            seconds=3,
            show=False,
        )
        buffered = scan_count()
        connection.close()
        seconds = stop(granian)
        flushed = scan_count()
        connection.close()
        print("\n== graceful stop with scans still buffered (flush every 3600 s)")
        print(f"  resolver requests wrk completed: {probe.requests:,}")
        print(f"  rows in stamps_scan before SIGTERM: {buffered:,}")
        print(f"  rows in stamps_scan after granian stopped: {flushed:,}")
        if flushed < probe.requests:
            print(
                f"  LOST ON GRACEFUL STOP: {probe.requests - flushed:,} of {probe.requests:,} "
                f"buffered scans never reached the database (granian exited "
                f"{granian.returncode} after {seconds:.1f} s)"
            )
        else:
            print("  OK: the graceful stop wrote every buffered scan")

        if not args.no_nginx:
            truncate_scans()
            connection.close()
            port = free_port()
            granian = start_granian(
                env=server_env(env, OCOP_SCAN_LOGGING="edge"),
                port=port,
                static=work / "static",
                log=log,
            )
            cleanup.callback(kill_group, granian)
            nginx_dir = work / "nginx"
            nginx_dir.mkdir()
            nginx_port = free_port()
            conf = nginx_dir / "nginx.conf"
            conf.write_text(
                NGINX_CONF.format(
                    tmp=nginx_dir,
                    app_port=port,
                    port=nginx_port,
                    cache_seconds=cache_seconds,
                    log_format=NGINX_LOG_FORMAT,
                    cache_log_format=NGINX_CACHE_LOG_FORMAT,
                )
            )
            print(
                f"\n== nginx micro-cache on :{nginx_port} → granian :{port} "
                f"(OCOP_SCAN_LOGGING=edge, proxy_cache_valid {cache_seconds}s)"
            )
            nginx = subprocess.Popen(
                [nginx_binary(), "-c", str(conf), "-p", str(nginx_dir)],
                stdout=subprocess.DEVNULL,
                stderr=(nginx_dir / "stderr.log").open("ab"),
                start_new_session=True,
            )
            cleanup.callback(kill_group, nginx)
            wait_for(f"http://127.0.0.1:{nginx_port}/bench/constant/", proc=nginx)
            access_log = nginx_dir / "access.log"
            probes = len(access_log.read_text().splitlines())
            nbase = f"http://127.0.0.1:{nginx_port}"
            warm_c, results["c"] = load(
                label="(c) nginx, random of 1M",
                warmup=args.warmup,
                duration=args.duration,
                base_url=nbase,
                lua=lua,
                url_file=url_file,
            )
            warm_d, results["d"] = load(
                label=f"(d) nginx, hot set of {args.hot:,}",
                warmup=args.warmup,
                duration=args.duration,
                base_url=nbase,
                lua=lua,
                url_file=url_file,
                limit=args.hot,
            )
            stop(nginx, sig=signal.SIGQUIT)  # graceful: finishes requests, flushes the log
            stop(granian)
            scans_edge = scan_count()
            connection.close()
            lines = access_log.read_text().splitlines()
            logged = len(lines) - probes
            statuses: dict[str, int] = {}
            for cache in (nginx_dir / "cache.log").read_text().splitlines()[probes:]:
                statuses[cache] = statuses.get(cache, 0) + 1
            nginx_completed = sum(r.requests for r in (warm_c, results["c"], warm_d, results["d"]))
            print("\n== results (nginx micro-cache in front)")
            print("  " + results["c"].line())
            print("  " + results["d"].line())
            print(
                "  hot set through nginx / constant view through granian alone: "
                f"{results['d'].rps / results['a'].rps:.1f}×"
            )
            print("\n== scans (OCOP_SCAN_LOGGING=edge)")
            print(f"  resolver requests wrk completed through nginx: {nginx_completed:,}")
            print(f"  lines in nginx's access log for them:          {logged:,}")
            print(f"  cache status of those lines: {dict(sorted(statuses.items()))}")
            print(f"  rows in stamps_scan (the app must log none):   {scans_edge:,}")
            extra = logged - nginx_completed
            if 0 <= extra <= 4 * CONNECTIONS:
                print(f"  OK: one line per request (+{extra} in flight when wrk stopped)")
            else:
                print(f"  MISMATCH: {extra:+,} lines against completed requests")
            print(f"  log_format: {NGINX_LOG_FORMAT}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
