"""Benchmark the registry Excel import (``ocop import_registry``) of 20,000 rows.

Why: a province moving onto the system imports its whole registry from a spreadsheet (issue
2); the import validates every row first and then saves all or nothing, through the same
domain functions (``register_producer``, ``register_product``) as the forms, audited. This
writes a workbook of ``--rows`` rows (half producers on the ``ChuThe`` sheet, half products
on ``SanPham``, each product referring to a producer of the file) in the template's layout
and times ``import_registry`` on it. Building the file and the database is not timed.

Usage::

    .venv/bin/python tools/bench_import.py                 # 20,000 rows, PostgreSQL
    .venv/bin/python tools/bench_import.py --quick         # 1,000 rows
    .venv/bin/python tools/bench_import.py --database-url sqlite:////tmp/bench_import.sqlite3

Results go to ``var/bench/import.json`` (read by ``tools/benchtable.py``).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

from bench_resolver import machine, recreate_database
from benchtable import write_result

ROOT = Path(__file__).resolve().parent.parent


def write_workbook(path: Path, *, rows: int, communes: list[str], seed: int) -> None:
    from openpyxl import Workbook

    from ocop.registry.spreadsheets import (
        PRODUCER_COLUMNS,
        PRODUCER_SHEET,
        PRODUCT_COLUMNS,
        PRODUCT_SHEET,
    )

    rng = random.Random(seed)
    producers = rows // 2
    products = rows - producers
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(PRODUCER_SHEET)
    sheet.append([label for _key, label in PRODUCER_COLUMNS])
    kinds = ["Hợp tác xã", "Tổ hợp tác", "household"]  # by label or by code
    for i in range(producers):
        sheet.append(
            [
                f"R{i}",
                f"Chủ thể nhập {i}",
                rng.choice(kinds),
                "",
                f"8{i:09d}",
                "15/03/2018",
                "Nguyễn Thị Lan",
                rng.choice(["Nữ", "Nam"]),
                "Không",
                "0912345678",
                f"ct{i}@example.vn",
                f"Thôn {i % 20}",
                rng.choice(communes),
                12,
                25,
            ]
        )
    sheet = workbook.create_sheet(PRODUCT_SHEET)
    sheet.append([label for _key, label in PRODUCT_COLUMNS])
    for i in range(products):
        sheet.append(
            [f"R{i % producers}", f"Sản phẩm nhập {i}", 1 + i % 26, "", "Hộp 500 g", "", "Mô tả"]
        )
    workbook.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_IMPORT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_import"
        ),
    )
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--quick", action="store_true", help="1,000 rows")
    args = parser.parse_args()
    rows = args.rows or (1_000 if args.quick else 20_000)
    work = Path(tempfile.mkdtemp(prefix="bench_import_"))
    os.environ.update(
        OCOP_DATABASE_URL=args.database_url,
        OCOP_DEBUG="0",
        OCOP_SECRET_KEY="bench-import-" + "x" * 40,
        OCOP_VAR_DIR=str(work),
        OCOP_TASK_BACKEND="django.tasks.backends.dummy.DummyBackend",
        DJANGO_SETTINGS_MODULE="ocop.settings",
    )
    sys.path.insert(0, str(ROOT / "src"))
    if args.database_url.startswith("postgres"):
        recreate_database(args.database_url)
    else:
        Path(args.database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    from ocop.criteria.domain import load_criteria
    from ocop.geo.domain import load_units
    from ocop.geo.models import Commune
    from ocop.registry.models import Producer, Product
    from ocop.registry.spreadsheets import ImportRejected, import_registry

    call_command("migrate", verbosity=0, interactive=False)
    load_units()
    load_criteria()
    communes = list(Commune.objects.values_list("code", flat=True))
    path = work / "registry.xlsx"
    t0 = time.perf_counter()
    write_workbook(path, rows=rows, communes=communes, seed=args.seed)
    print(
        f"python {platform.python_version()}, {machine()}; {args.database_url.split(':')[0]}; "
        f"workbook of {rows:,} rows written in {time.perf_counter() - t0:.1f} s "
        f"({path.stat().st_size / 1e6:.1f} MB)"
    )
    t0 = time.perf_counter()
    with path.open("rb") as fh:
        try:
            report = import_registry(fh, actor=None)
        except ImportRejected as exc:
            sys.exit(f"import rejected: {exc.errors[:5]}")
    seconds = time.perf_counter() - t0
    assert Producer.objects.count() == report.producers == rows // 2
    assert Product.objects.count() == report.products == rows - rows // 2
    print(
        f"import_registry: {report.producers:,} producers + {report.products:,} products "
        f"= {rows:,} rows in {seconds:.1f} s ({rows / seconds:,.0f} rows/s)"
    )
    write_result(
        "import",
        {
            "machine": machine(),
            "database": args.database_url.split(":")[0],
            "rows": rows,
            "seconds": round(seconds, 2),
            "rows_per_s": round(rows / seconds),
            "quick": args.quick,
        },
    )


if __name__ == "__main__":
    main()
