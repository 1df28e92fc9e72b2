"""Print one table of the benchmark results (``make bench`` runs it after every bench).

Each ``tools/bench_*.py`` writes its figures to ``var/bench/<name>.json`` through
``write_result``; this reads them and prints one line per measure with its goal, so a
regression is visible at a glance. Not named ``bench_*.py``: ``make bench`` runs those.

Usage::

    .venv/bin/python tools/benchtable.py            # the table (plain text)
    .venv/bin/python tools/benchtable.py --markdown # the same as a Markdown table
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "var" / "bench"


def write_result(name: str, data: dict[str, Any]) -> Path:
    """Write one benchmark's figures to ``var/bench/<name>.json`` (with date and quick flag)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    data = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), **data}
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str))
    return path


def _read(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text())
    except ValueError:
        return None


def _verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "NOT MET")


Row = tuple[str, str, str, str, str]  # measure, result, goal, verdict, date


def _resolver(d: dict[str, Any]) -> list[Row]:
    a, b = d["a"], d["b"]
    ratio = b["rps"] / a["rps"] if a["rps"] else 0.0
    ok = ratio >= 0.5 and b["p99_ms"] <= 25
    return [
        (
            "resolver vs framework floor",
            f"{b['rps']:,.0f} / {a['rps']:,.0f} req/s = {ratio:.1%}, p99 {b['p99_ms']:.1f} ms",
            "≥ 50 %, p99 ≤ 25 ms",
            _verdict(ok),
            d["date"],
        )
    ]


def _catalogue(d: dict[str, Any]) -> list[Row]:
    return [
        (
            f"catalogue search ({d['products']:,} products)",
            f"p50 {d['p50_ms']:.1f} ms, p95 {d['p95_ms']:.1f} ms",
            "p95 ≤ 150 ms",
            _verdict(d["p95_ms"] <= 150),
            d["date"],
        )
    ]


def _dashboards(d: dict[str, Any]) -> list[Row]:
    rows = [r for r in d["rows"] if r.get("status") == 200]
    over = [r for r in rows if r["p95_ms"] > 300]
    result = f"worst p95 {d['worst_p95_ms']:.0f} ms ({d['worst_page']})"
    if over:
        result += f"; {len(over)} of {len(rows)} pages over"
    return [
        (
            f"dashboards p95 ({d['scale']})",
            result,
            "every p95 ≤ 300 ms",
            _verdict(not over and bool(rows)),
            d["date"],
        )
    ]


def _stamps(d: dict[str, Any]) -> list[Row]:
    return [
        (
            f"stamp issuance ({d['count']:,}, {d['vendor']})",
            f"{d['seconds']:.1f} s ({d['count'] / d['seconds']:,.0f} stamps/s)",
            "—",
            "—",
            d["date"],
        )
    ]


def _scoring(d: dict[str, Any]) -> list[Row]:
    return [
        (
            f"scoring ({d['sheets']:,} sheets)",
            f"{d['seconds']:.2f} s ({d['sheets'] / d['seconds']:,.0f} sheets/s)",
            "—",
            "—",
            d["date"],
        )
    ]


def _import(d: dict[str, Any]) -> list[Row]:
    return [
        (
            f"registry import ({d['rows']:,} rows, {d['database']})",
            f"{d['seconds']:.1f} s ({d['rows_per_s']:,} rows/s)",
            "—",
            "—",
            d["date"],
        )
    ]


def _load(d: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    load = d.get("load")
    if load:
        r, q = load["resolver"], load["inquiry"]
        rows.append(
            (
                f"load test ({load['connections']} conn, {load['seconds']} s, issuing "
                f"{load['issuance']['requested']:,})",
                f"resolver {r['rps']:,} req/s p99 {r['p99_us'] / 1000:.0f} ms, inquiry "
                f"{q['rps']:,} req/s; 5xx {r['s5xx'] + q['s5xx']}; scans {load['scans_stored']:,}"
                f"/{load['scan_requests_ok']:,}; dup serials "
                f"{load['issuance']['duplicate_serials']}",
                "no 5xx, no lost scan, no duplicate",
                _verdict(load["ok"]),
                load.get("date", d["date"]),
            )
        )
    db = d.get("fault_database")
    if db:
        rows.append(
            (
                "fault: PostgreSQL restart",
                f"failures for {db['last_failure_s']} s, slowest {db['slowest_failure_s']} s, "
                f"then {db['after_restart']}",
                "clean failure, recovery without app restart",
                _verdict(db["ok"]),
                db.get("date", d["date"]),
            )
        )
    worker = d.get("fault_worker")
    if worker:
        rows.append(
            (
                "fault: worker SIGKILL mid-issuance",
                f"killed at {worker['killed_at']:,}, resumed, "
                f"{worker['issuance']['stored']:,} stamps, dup "
                f"{worker['issuance']['duplicate_serials']}",
                "resumed, no duplicate",
                _verdict(worker["ok"]),
                worker.get("date", d["date"]),
            )
        )
    return rows


SOURCES: list[tuple[str, Callable[[dict[str, Any]], list[Row]]]] = [
    ("resolver", _resolver),
    ("catalogue", _catalogue),
    ("dashboards", _dashboards),
    ("stamps", _stamps),
    ("scoring", _scoring),
    ("import", _import),
    ("load", _load),
]


def table_rows() -> list[Row]:
    rows: list[Row] = []
    for name, render in SOURCES:
        data = _read(name)
        if data is None:
            rows.append((name, "not run (no var/bench/" + name + ".json)", "", "", ""))
            continue
        try:
            made = render(data)
        except (KeyError, TypeError, ZeroDivisionError) as exc:
            made = [(name, f"unreadable result ({exc!r})", "", "", data.get("date", ""))]
        if data.get("quick"):
            made = [(m + " [quick]", *rest) for m, *rest in made]  # type: ignore[misc]
        elif name == "load":  # parts of one file, each run on its own
            quick = [
                data[k].get("quick", False)
                for k in ("load", "fault_database", "fault_worker")
                if data.get(k)
            ]
            made = [
                (m + (" [quick]" if q else ""), *rest)  # type: ignore[misc]
                for (m, *rest), q in zip(made, quick, strict=False)
            ]
        rows.extend(made)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    header = ("Measure", "Result", "Goal", "", "Date")
    rows = table_rows()
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    print(line)
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print(line)
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    print(line)


if __name__ == "__main__":
    main()
