"""Benchmark every back-office dashboard on a national-scale generated data set (PostgreSQL).

Why: issue 7 asks that every dashboard answer with p95 ≤ 300 ms at national scale (34
provinces, 20,000 products, 10,000 producers, 100,000 scoresheets, 5,000,000 scans). This
builds (or, with ``--reuse``, keeps) its own database with ``ocop generate_data``, then times
each dashboard in-process with Django's test client — the whole view: queries, template —
logged in as a national officer and as a province officer (Ninh Bình), and prints p50/p95,
the number of queries and the goal. The local-memory cache is cleared before every request,
so a cached fragment never hides a slow query. ``--explain`` prints ``EXPLAIN ANALYZE`` of
the slowest queries of every page that misses the goal.

Usage::

    .venv/bin/python tools/bench_dashboards.py                 # national, 30 requests a page
    .venv/bin/python tools/bench_dashboards.py --reuse --explain
    .venv/bin/python tools/bench_dashboards.py --quick         # scale "province", 5 requests

Results go to ``var/bench/dashboards.json`` (read by ``tools/benchtable.py``).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_resolver import SIGNING_KEY, database_exists, machine, recreate_database
from benchtable import write_result

ROOT = Path(__file__).resolve().parent.parent
GOAL_P95_MS = 300.0
HOME_PROVINCE = "37"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_national"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def build(scale: str, seed: int) -> None:
    from django.core.management import call_command

    from ocop.criteria.domain import load_criteria
    from ocop.demo.generate import generate
    from ocop.geo.domain import load_units

    call_command("migrate", verbosity=0, interactive=False)
    load_units()
    load_criteria()
    started = time.perf_counter()

    def progress(message: str) -> None:
        print(f"  [{time.perf_counter() - started:6.1f} s] {message}", flush=True)

    summary = generate(scale=scale, seed=seed, progress=progress)
    print(f"generate_data --scale {scale}: {summary.seconds:.0f} s")


def refresh_rollups() -> None:
    """What the scheduled tasks keep up to date (scans per month)."""
    try:
        from ocop.reporting.rollups import refresh_scan_months
    except ImportError:  # an older tree without the reporting app
        return
    t0 = time.perf_counter()
    refresh_scan_months()
    print(f"scan roll-up refreshed in {time.perf_counter() - t0:.1f} s")


def pages() -> list[tuple[str, str]]:
    """(label, URL) of every dashboard, resolved against the data set."""
    from django.urls import NoReverseMatch, reverse

    from ocop.planning.models import Plan, Target

    plan = Plan.objects.filter(province_id=HOME_PROVINCE).order_by("start_year").first()
    target = Target.objects.filter(plan=plan, indicator="products_3star").first() if plan else None
    wanted: list[tuple[str, str, dict[str, Any], str]] = [
        ("home", "backoffice:home", {}, ""),
        ("supervision dashboard", "backoffice:supervision_dashboard", {}, ""),
        ("plan list", "backoffice:planning_list", {}, ""),
        ("indicator list", "backoffice:planning_indicator_list", {}, ""),
        (
            "indicator: products ≥ 3★",
            "backoffice:planning_indicator_detail",
            {"code": "products_3star"},
            "",
        ),
        ("course list", "backoffice:planning_course_list", {}, ""),
        ("cycle overview", "backoffice:cycle_overview", {}, ""),
        ("cycle overview 2024", "backoffice:cycle_overview", {}, "?year=2024"),
        ("reporting dashboard", "backoffice:reporting_dashboard", {}, ""),
        (
            "reporting, 2024, legacy units",
            "backoffice:reporting_dashboard",
            {},
            "?year=2024&grouping=legacy",
        ),
    ]
    if plan is not None:
        wanted.insert(
            3, ("plan progress 2021–25", "backoffice:planning_detail", {"pk": plan.pk}, "")
        )
    if target is not None:
        wanted.insert(
            4, ("target drill-down", "backoffice:planning_target_records", {"pk": target.pk}, "")
        )
    found = []
    for label, name, kwargs, query in wanted:
        try:
            found.append((label, reverse(name, kwargs=kwargs) + query))
        except NoReverseMatch:
            print(f"  (no URL {name}: skipped)")
    return found


def explain(client: Any, url: str, *, top: int = 3) -> list[dict[str, Any]]:
    """EXPLAIN ANALYZE of the ``top`` slowest queries of one request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    slow = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:top]
    plans = []
    with connection.cursor() as cursor:
        for q in slow:
            sql = q["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(r[0] for r in cursor.fetchall())
            plans.append({"ms": float(q["time"]) * 1000, "sql": sql, "plan": plan})
    return plans


def measure(*, client: Any, url: str, requests: int) -> dict[str, Any]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    response = client.get(url)  # warm: connection, templates, the first compile of each query
    if response.status_code != 200:
        return {"status": response.status_code}
    with CaptureQueriesContext(connection) as ctx:
        cache.clear()
        client.get(url)
    queries = len(ctx.captured_queries)  # now: the next request resets the query log
    times = []
    for _ in range(requests):
        cache.clear()
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return {
        "status": 200,
        "queries": queries,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "max_ms": round(max(times), 1),
        "bytes": len(response.content),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_NATIONAL_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument("--scale", default=None, help="national (default) or province, small")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--requests", type=int, default=None, help="timed requests per page")
    parser.add_argument("--reuse", action="store_true", help="keep the database if it exists")
    parser.add_argument("--quick", action="store_true", help="scale province, 5 requests")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN pages over the goal")
    parser.add_argument(
        "--only", default="", help="comma-separated words: pages whose label has one"
    )
    parser.add_argument(
        "--pg-options",
        default="",
        help='server settings for this run\'s connections, e.g. "-c jit=off" (libpq PGOPTIONS)',
    )
    args = parser.parse_args()
    scale = args.scale or ("province" if args.quick else "national")
    requests = args.requests or (5 if args.quick else 30)
    if args.quick and args.database_url == DEFAULT_URL:
        args.database_url = DEFAULT_URL + "_quick"
    work = Path(tempfile.mkdtemp(prefix="bench_dashboards_"))
    if args.pg_options:
        os.environ["PGOPTIONS"] = args.pg_options
    os.environ.update(
        OCOP_DATABASE_URL=args.database_url,
        OCOP_DEBUG="0",
        OCOP_SSL_REDIRECT="0",
        OCOP_SECRET_KEY="bench-dashboards-" + "x" * 40,
        # The resolver bench's fixed key: stamps generated here verify in tools/bench_load.py.
        OCOP_SIGNING_KEY=SIGNING_KEY,
        OCOP_VAR_DIR=str(work),
        OCOP_ALLOWED_HOSTS="testserver",
        OCOP_TASK_BACKEND="django.tasks.backends.dummy.DummyBackend",
        OCOP_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="ocop.settings",
    )
    sys.path.insert(0, str(ROOT / "src"))
    reuse = args.reuse and database_exists(args.database_url)
    if not reuse:
        recreate_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from ocop.accounts.models import User
    from ocop.registry.models import Producer, Product
    from ocop.stamps.models import Scan

    t0 = time.perf_counter()
    if reuse:
        call_command("migrate", verbosity=0, interactive=False)
    if not reuse or not Producer.objects.exists():
        build(scale, args.seed)
    refresh_rollups()
    setup = time.perf_counter() - t0
    from ocop.evaluation.models import Scoresheet

    volumes = {
        "producers": Producer.objects.count(),
        "products": Product.objects.count(),
        "scoresheets": Scoresheet.objects.count(),
        "scans": Scan.objects.count(),
    }
    print(f"python {platform.python_version()}, {machine()}; setup {setup:.0f} s; {volumes}")
    users = {
        "national officer": User.objects.filter(username__endswith="-national").order_by("id")[0],
        "province officer (37)": User.objects.filter(
            username__endswith=f"-tinh-{HOME_PROVINCE}"
        ).order_by("id")[0],
    }
    rows = []
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        print(f"\n== {role} ({user.username}), {requests} requests a page, cache cleared each")
        words = [w for w in args.only.split(",") if w]
        for label, url in pages():
            if words and not any(w in label for w in words):
                continue
            row = {
                "role": role,
                "page": label,
                "url": url,
                **measure(client=client, url=url, requests=requests),
            }
            rows.append(row)
            if row["status"] != 200:
                print(f"  {label:<32} HTTP {row['status']}  {url}")
                continue
            flag = "" if row["p95_ms"] <= GOAL_P95_MS else "  OVER"
            print(
                f"  {label:<32} p50 {row['p50_ms']:7.1f} ms  p95 {row['p95_ms']:7.1f} ms  "
                f"{row['queries']:>3} queries{flag}"
            )
            if flag and args.explain:
                for q in explain(client, url):
                    print(f"    -- {q['ms']:.1f} ms: {q['sql'][:300]}")
                    print("    " + q["plan"].replace("\n", "\n    "))
                    row.setdefault("explain", []).append(q)
    measured = [r for r in rows if r["status"] == 200]
    worst = max(measured, key=lambda r: r["p95_ms"]) if measured else None
    met = bool(measured) and all(r["p95_ms"] <= GOAL_P95_MS for r in measured)
    if worst:
        print(
            f"\nworst p95: {worst['p95_ms']:.1f} ms ({worst['page']}, {worst['role']}); "
            f"goal p95 ≤ {GOAL_P95_MS:.0f} ms: {'MET' if met else 'NOT MET'}"
        )
    write_result(
        "dashboards",
        {
            "machine": machine(),
            "scale": scale,
            "volumes": volumes,
            "requests": requests,
            "rows": rows,
            "worst_p95_ms": worst["p95_ms"] if worst else None,
            "worst_page": f"{worst['page']} ({worst['role']})" if worst else None,
            "goal_met": met,
            "quick": args.quick,
            "pg_options": args.pg_options,
            "only": args.only,
        },
    )


if __name__ == "__main__":
    main()
