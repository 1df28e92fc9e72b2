"""Benchmark the public catalogue search over 20,000 certified products (PostgreSQL).

Why: the public and the press search the OCOP database from phones; issue 6 asks for
p95 ≤ 150 ms over 20,000 products. This builds its own database (``bench_catalogue``) with
20,000 products, each with a certificate in force (plus expired and revoked ones that must
not show), then times the catalogue page for a mix of queries — with and without
diacritics, with filters, sorted by star or newest — through Django's test client (the
whole view: search, count, page, filter choices, template), and prints p50/p95/max.

Usage::

    .venv/bin/python tools/bench_catalogue.py                # 20,000 products, 300 requests
    .venv/bin/python tools/bench_catalogue.py --products 5000 --requests 100 --reuse
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from bench_resolver import recreate_database  # same database reset; tools/ is on sys.path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ["Mật ong", "Gạo", "Chè", "Nước mắm", "Bánh", "Rượu", "Miến", "Nem", "Cà phê", "Tương"]
PLACES = ["Hoa Lư", "Kim Sơn", "Tam Điệp", "Nho Quan", "Gia Viễn", "Yên Mô", "Ba Vì", "Mộc Châu"]
QUERIES = [
    {"q": "mat ong"},
    {"q": "Mật ong Hoa Lư"},
    {"q": "nuoc mam kim son"},
    {"q": "gao"},
    {"q": "che moc chau", "star": "4"},
    {"q": "banh", "sort": "newest"},
    {"star": "5"},
    {"province": "37", "sort": "star"},
    {"kind": "cooperative"},
    {"q": "ruou", "page": "3"},
    {},
]


def build(count: int, rng: random.Random) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from ocop.certification.models import Certificate
    from ocop.core.text import fold_join
    from ocop.criteria.domain import load_criteria
    from ocop.criteria.models import CriteriaVersion, ProductSet
    from ocop.geo.domain import load_units
    from ocop.geo.models import Commune
    from ocop.registry.models import Producer, Product

    call_command("migrate", verbosity=0, interactive=False)
    load_units()
    load_criteria()
    version = CriteriaVersion.objects.get(is_current=True)
    sets = list(ProductSet.objects.filter(version=version))
    communes = list(Commune.objects.filter(province_id__in=["37", "01", "14", "08"]))
    kinds = ["cooperative", "enterprise", "household", "farm", "cooperative_group"]
    producers = [
        Producer(
            kind=rng.choice(kinds),
            name=f"{rng.choice(['HTX', 'Công ty', 'Hộ'])} {rng.choice(PLACES)} {i}",
            tax_code=f"{i:010d}",
            representative_name="Nguyễn Văn A",
            commune=rng.choice(communes),
        )
        for i in range(count // 4)
    ]
    for p in producers:  # bulk_create skips save(), which fills the folded column
        p.search_text = fold_join(p.name, p.tax_code, p.representative_name)
    Producer.objects.bulk_create(producers, batch_size=2000)
    producers = list(Producer.objects.all())
    products = []
    for i in range(count):
        producer = rng.choice(producers)
        name = f"{rng.choice(WORDS)} {rng.choice(PLACES)} {i}"
        products.append(
            Product(
                producer=producer,
                name=name,
                commune=producer.commune,
                product_set=rng.choice(sets),
                status="certified",
                search_text=fold_join(name, "", producer.name),
            )
        )
    Product.objects.bulk_create(products, batch_size=2000)
    today = timezone.localdate()
    certificates = []
    for i, product in enumerate(Product.objects.all().iterator(chunk_size=2000)):
        issued = today - timedelta(days=rng.randint(1, 1500 if i % 10 == 0 else 1000))
        certificates.append(
            Certificate(
                number=f"{i:05d}/GCN",
                code=secrets.token_hex(6).upper(),
                signature="bench",
                product=product,
                producer_id=product.producer_id,
                star=rng.choice([3, 3, 3, 4, 4, 5]),
                criteria_version=version,
                authority="UBND tỉnh",
                authority_level="province",
                decision_number=f"{i}/QĐ",
                decision_date=issued,
                issued_on=issued,
                expires_on=issued + timedelta(days=1095),
                revoked_on=today - timedelta(days=3) if i % 50 == 0 else None,
            )
        )
    Certificate.objects.bulk_create(certificates, batch_size=2000)
    from django.db import connection

    with connection.cursor() as cursor:  # what autovacuum would do after a bulk load
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--quick", action="store_true", help="2,000 products, 50 requests")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/bench_catalogue"
    )
    args = parser.parse_args()
    if args.quick:
        args.products, args.requests = min(args.products, 2_000), min(args.requests, 50)
        if args.database_url.endswith("/bench_catalogue"):
            args.database_url += "_quick"  # never mix a quick database with the full one
    work = Path(tempfile.mkdtemp(prefix="bench_catalogue_"))
    os.environ.update(
        OCOP_DATABASE_URL=args.database_url,
        OCOP_DEBUG="0",
        OCOP_SSL_REDIRECT="0",
        OCOP_SECRET_KEY="bench-catalogue-" + "x" * 40,
        OCOP_VAR_DIR=str(work),
        OCOP_ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="ocop.settings",
    )
    sys.path.insert(0, str(ROOT / "src"))
    rng = random.Random(args.seed)
    if not args.reuse:
        recreate_database(args.database_url)
    import django

    django.setup()
    from django.test import Client
    from django.utils import timezone

    from ocop.certification.queries import catalogue_products

    started = time.perf_counter()
    if not args.reuse:
        build(args.products, rng)
    listed = catalogue_products(today=timezone.localdate()).count()
    elapsed = time.perf_counter() - started
    print(f"python {platform.python_version()}, {os.cpu_count()} cores; data {elapsed:.0f} s")
    print(
        f"{listed:,} products in the catalogue (of {args.products:,}; expired and revoked excluded)"
    )
    client = Client()
    for params in QUERIES:  # warm the connection and caches once per query shape
        client.get("/?" + urlencode(params))
    times = []
    for i in range(args.requests):
        params = QUERIES[i % len(QUERIES)]
        t0 = time.perf_counter()
        response = client.get("/?" + urlencode(params))
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (params, response.status_code)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"catalogue page, {args.requests} requests over {len(QUERIES)} query shapes: "
        f"p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms"
    )
    print("goal p95 ≤ 150 ms:", "MET" if p95 <= 150 else "NOT MET")
    from benchtable import write_result

    write_result(
        "catalogue",
        {"products": args.products, "listed": listed, "requests": args.requests,
         "p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1),
         "max_ms": round(times[-1], 1), "quick": args.quick},
    )  # fmt: skip


if __name__ == "__main__":
    main()
