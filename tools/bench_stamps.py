"""Benchmark stamps: issue a batch of N stamps into the database, render QR print sheets.

Why: a province issues stamps by the million; issuance (``ocop.stamps.domain.issue_batch``:
COPY + INSERT … ON CONFLICT on PostgreSQL, ``bulk_create`` on SQLite) and sheet rendering
(``ocop.stamps.sheets``) run as background tasks whose duration a producer waits for.

Usage::

    # PostgreSQL (its own database; migrated by the script)
    createdb -h 127.0.0.1 -U postgres bench_b
    OCOP_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_b \\
        .venv/bin/python tools/bench_stamps.py --count 1000000
    # SQLite
    OCOP_DATABASE_URL=sqlite:////tmp/bench-stamps.sqlite3 .venv/bin/python tools/bench_stamps.py
    # rendering only (no database)
    .venv/bin/python tools/bench_stamps.py --render-only --codes 20000

The database needs the administrative units and criteria for one producer and product;
the script loads them once (idempotent) and does not time it.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")


def setup_item():  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    from ocop.criteria.domain import load_criteria
    from ocop.criteria.models import ProductSet
    from ocop.geo.domain import load_units
    from ocop.geo.models import Commune
    from ocop.registry.models import Producer, Product
    from ocop.traceability import gs1
    from ocop.traceability.models import TradeItem

    call_command("migrate", verbosity=0)
    if not Commune.objects.exists():
        load_units()
    if not ProductSet.objects.exists():
        load_criteria()
    producer, _ = Producer.objects.get_or_create(
        tax_code="2799999999",
        defaults={
            "kind": "cooperative",
            "name": "HTX đo hiệu năng",
            "representative_name": "Nguyễn Văn A",
            "representative_gender": "male",
            "commune": Commune.objects.get(code="14329"),
        },
    )
    product, _ = Product.objects.get_or_create(
        producer=producer,
        name="Sản phẩm đo hiệu năng",
        defaults={
            "commune": producer.commune,
            "product_set": ProductSet.objects.filter(version__is_current=True).first(),
        },
    )
    body = "0893999999999"
    item, _ = TradeItem.objects.get_or_create(
        gtin=body + str(gs1.check_digit(body)), defaults={"product": product}
    )
    return item


def bench_issue(*, count: int, chunk: int) -> None:
    from django.db import connection

    from ocop.stamps.domain import issue_batch
    from ocop.stamps.models import Stamp, StampBatch

    item = setup_item()
    batch = StampBatch.objects.create(trade_item=item, requested_count=count)
    start = time.perf_counter()
    issue_batch(batch=batch, chunk_size=chunk)
    seconds = time.perf_counter() - start
    issued = Stamp.objects.filter(batch=batch).count()
    from benchtable import write_result  # tools/ is on sys.path when run as a script

    write_result(
        "stamps",
        {"count": issued, "seconds": round(seconds, 2), "vendor": connection.vendor,
         "chunk": chunk, "quick": count < 1_000_000},
    )  # fmt: skip
    print(
        f"{connection.vendor}: issued {issued:,} stamps in {seconds:.1f} s "
        f"({issued / seconds:,.0f} stamps/s, chunks of {chunk:,})"
    )


def bench_render(*, codes: int) -> None:
    from ocop.stamps import serials, sheets

    labels = list(enumerate(serials.new_serials(codes), start=1))
    start = time.perf_counter()
    sheets.encoder(gtin="08939999999991", lot="L2026-01")
    print(f"encoder template built in {time.perf_counter() - start:.2f} s (once per batch)")
    for fmt in ("svg", "pdf"):
        with tempfile.TemporaryFile() as out:
            start = time.perf_counter()
            sheets.write_sheet(
                out=out,
                labels=labels,
                count=codes,
                format=fmt,
                gtin="08939999999991",
                lot="L2026-01",
                layout=sheets.Layout(),
            )
            seconds = time.perf_counter() - start
            size = out.tell()
        print(
            f"{fmt}: {codes:,} codes in {seconds:.2f} s: {codes / seconds:,.0f} codes/s "
            f"({size / codes:,.0f} bytes/code)"
        )
    start = time.perf_counter()
    checked = sum(serials.serial_is_authentic(s) for _p, s in labels)
    seconds = time.perf_counter() - start
    print(f"serial checks: {checked:,} in {seconds:.3f} s ({seconds / codes * 1e6:.1f} µs each)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000, help="stamps to issue")
    parser.add_argument("--chunk", type=int, default=20_000)
    parser.add_argument("--codes", type=int, default=20_000, help="QR codes to render")
    parser.add_argument("--render-only", action="store_true")
    parser.add_argument("--quick", action="store_true", help="50,000 stamps, 2,000 codes")
    args = parser.parse_args()
    if args.quick:
        args.count, args.codes = min(args.count, 50_000), min(args.codes, 2_000)

    import django

    django.setup()
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    if not args.render_only:
        bench_issue(count=args.count, chunk=args.chunk)
    bench_render(codes=args.codes)


if __name__ == "__main__":
    main()
