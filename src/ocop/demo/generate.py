"""A generated data set at national scale, for benchmarks and load tests (``ocop generate_data``).

Why: the dashboards, indicators, resolver and reports must be measured on the volumes a
national deployment holds (34 provinces, 20,000 products, 100,000 scoresheets, 5,000,000
scans), which no hand-made demo reaches. Everything here is synthetic but consistent:

- producers and products in every current commune of the chosen provinces, created
  2019–2026;
- the cycle: product ideas (most accepted, some needing work or rejected), business plans
  for accepted ideas, support given and milestones;
- evaluation: two province rounds a year per province (2019–2026) with a council of three,
  dossiers scored by every member with answers that are valid under the criteria, results
  computed by the scoring engine (``ocop.criteria.scoring.council_result``, as
  ``evaluation.domain.compute_result`` does), recognition decisions and one certificate per
  recognised dossier; products scored 5★ go on to a centre round. Later certificates
  supersede earlier ones, old ones have expired, a few are revoked;
- stamps: a trade item, lot and activated batch for some certified products, and scans of
  them (plus unknown serials) from 2024 on;
- promotion: sales points with stock, listings, fairs, buyer inquiries (some contracts);
- planning: one plan per province (2021–2025) and one (2026–2030) with targets, and
  training courses with participants; supervision: inspections and public reports.

Rows are written with COPY on PostgreSQL and ``executemany`` in chunks on other engines,
with explicit ids (sequences are reset at the end), in one transaction: a failed run leaves
nothing behind. Rows are not audited one by one (that would double the volume); one audit
entry records the run, its scale and seed.

The criteria revisions of the current version are used for every round, also for years
before that version was in force: the data set measures volumes, not criteria history.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import islice
from typing import Any

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

CHUNK = 5_000
FIRST_YEAR = 2019
LAST_YEAR = 2026
SCAN_FROM = datetime(2024, 1, 1, tzinfo=UTC)
HOME_PROVINCE = "37"  # Ninh Bình: always part of a reduced scale (demo, tests, seed plans)
MARKER = "ocop.demo.generated"


@dataclass(frozen=True)
class Scale:
    provinces: int
    producers: int
    products: int
    scoresheets: int
    stamp_products: int  # certified products that get a batch of stamps
    stamps_per_batch: int
    scans: int
    sales_points: int  # per province
    inquiries: int


SCALES: dict[str, Scale] = {
    "small": Scale(
        provinces=3,
        producers=40,
        products=80,
        scoresheets=240,
        stamp_products=8,
        stamps_per_batch=25,
        scans=2_000,
        sales_points=3,
        inquiries=60,
    ),
    "province": Scale(
        provinces=1,
        producers=500,
        products=1_000,
        scoresheets=5_000,
        stamp_products=100,
        stamps_per_batch=250,
        scans=250_000,
        sales_points=30,
        inquiries=1_000,
    ),
    "national": Scale(
        provinces=34,
        producers=10_000,
        products=20_000,
        scoresheets=100_000,
        stamp_products=2_000,
        stamps_per_batch=250,
        scans=5_000_000,
        sales_points=30,
        inquiries=20_000,
    ),
}


class GenerateError(Exception):
    """The database is not ready for a generated data set (nothing was written)."""


@dataclass
class Summary:
    scale: str
    seed: int
    counts: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    users: dict[str, str] = field(default_factory=dict)  # role → username, for benchmarks


# ---- writing -------------------------------------------------------------------------------


class Writer:
    """Bulk inserts with explicit ids: COPY on PostgreSQL, ``executemany`` elsewhere."""

    def __init__(self, progress: Callable[[str], None]) -> None:
        self.pg = connection.vendor == "postgresql"
        self.progress = progress
        self.counts: Counter[str] = Counter()
        self._next: dict[type[models.Model], int] = {}
        self.touched: list[type[models.Model]] = []

    def ids(self, model: type[models.Model], count: int) -> range:
        """``count`` fresh primary keys for ``model`` (after the largest one in use)."""
        if model not in self._next:
            top = model._default_manager.aggregate(m=models.Max("pk"))["m"] or 0
            self._next[model] = top + 1
            self.touched.append(model)
        start = self._next[model]
        self._next[model] = start + count
        return range(start, start + count)

    def new_id(self, model: type[models.Model]) -> int:
        return self.ids(model, 1)[0]

    def rows(
        self, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> int:
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        cols = ", ".join(quote(c) for c in columns)
        n = 0
        with connection.cursor() as cursor:
            if self.pg:
                with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        n += 1
            else:
                sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(columns))})"
                iterator = iter(rows)
                while chunk := list(islice(iterator, CHUNK)):
                    cursor.executemany(sql, chunk)
                    n += len(chunk)
        self.counts[model._meta.label] += n
        return n

    def lines(self, model: type[models.Model], columns: Sequence[str], text: Iterable[str]) -> int:
        """PostgreSQL only: pre-formatted COPY text lines (the scan log's fast path)."""
        quote = connection.ops.quote_name
        cols = ", ".join(quote(c) for c in columns)
        n = 0
        with connection.cursor() as cursor:
            sql = f"COPY {quote(model._meta.db_table)} ({cols}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for block in text:
                    copy.write(block)
                    n += block.count("\n")
        self.counts[model._meta.label] += n
        return n

    def objects(self, objs: Sequence[models.Model]) -> int:
        """Insert unsaved instances whose ``pk`` is set; timestamps default to now."""
        if not objs:
            return 0
        model = type(objs[0])
        fields = list(model._meta.concrete_fields)
        stamped = [
            f
            for f in fields
            if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add)
        ]
        now = timezone.now()

        def prepared() -> Iterator[list[Any]]:
            for obj in objs:
                for f in stamped:
                    if getattr(obj, f.attname) is None:
                        setattr(obj, f.attname, now)
                yield [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]

        n = self.rows(model, [str(f.column) for f in fields], prepared())
        self.progress(f"{model._meta.label}: {n:,}")
        return n

    def finish(self) -> None:
        """Move each sequence past the explicit ids (PostgreSQL; SQLite follows by itself)."""
        statements = connection.ops.sequence_reset_sql(no_style(), self.touched)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


# ---- helpers -------------------------------------------------------------------------------

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
GIVEN = ["Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Minh Đức", "Thu Hà", "Quốc Huy", "Lan"]
GOODS = [
    "Mật ong",
    "Gạo",
    "Chè",
    "Nước mắm",
    "Bánh đa",
    "Rượu",
    "Miến dong",
    "Nem chua",
    "Cà phê",
    "Tương",
    "Mắm tôm",
    "Hồng sấy",
    "Măng khô",
    "Tinh dầu",
    "Cói",
]
ADJECTIVES = ["truyền thống", "hữu cơ", "đặc sản", "thượng hạng", "sạch", "gia truyền"]
KINDS = [
    ("cooperative", 40),
    ("household", 30),
    ("enterprise", 20),
    ("cooperative_group", 5),
    ("farm", 4),
    ("association", 1),
]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"


def _aware(day: date, rng: random.Random) -> datetime:
    return datetime(
        day.year, day.month, day.day, 1 + rng.randrange(10), rng.randrange(60), tzinfo=UTC
    )


def _day_in(year: int, rng: random.Random, *, today: date) -> date:
    start = date(year, 1, 1)
    end = min(date(year, 12, 31), today)
    if end < start:
        return today
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _weighted(pairs: Sequence[tuple[str, int]], rng: random.Random) -> str:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


# ---- the generator -------------------------------------------------------------------------


class Generator:
    def __init__(
        self, *, scale: Scale, seed: int, progress: Callable[[str], None], today: date
    ) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        self.seed = seed
        self.today = today
        self.w = Writer(progress)
        self.progress = progress
        self.run = 0

    # -- set-up ------------------------------------------------------------------------------

    def prepare(self) -> None:
        from ocop.certification.models import Certificate
        from ocop.core.models import AuditEntry
        from ocop.criteria.models import CriteriaVersion, ProductSet, SheetRevision
        from ocop.geo.models import Commune, Province

        provinces = list(Province.objects.order_by("code"))
        if not provinces or not Commune.objects.exists():
            raise GenerateError("Chưa nạp đơn vị hành chính: chạy `ocop load_units` trước.")
        version = CriteriaVersion.objects.filter(is_current=True).first()
        if (
            version is None
            or not SheetRevision.objects.filter(product_set__version=version).exists()
        ):
            raise GenerateError("Chưa nạp bộ tiêu chí: chạy `ocop load_criteria` trước.")
        provinces.sort(key=lambda p: (p.code != HOME_PROVINCE, p.code))
        self.provinces = provinces[: self.scale.provinces]
        self.communes: dict[str, list[str]] = {p.code: [] for p in self.provinces}
        for code, province in Commune.objects.filter(province__in=self.provinces).values_list(
            "code", "province_id"
        ):
            self.communes[province].append(code)
        for codes in self.communes.values():
            codes.sort()
        self.version = version
        self.sets = list(ProductSet.objects.filter(version=version).order_by("number"))
        latest: dict[int, SheetRevision] = {}
        for revision in SheetRevision.objects.filter(product_set__version=version).order_by(
            "number"
        ):
            latest[revision.product_set_id] = revision
        self.sets = [s for s in self.sets if s.pk in latest]
        self.revisions = latest
        self.forms = {pk: r.form() for pk, r in latest.items()}
        self.run = AuditEntry.objects.filter(action=MARKER).count()
        # On top of other data (``--force``), generated numbers carry a suffix so they
        # cannot collide with numbers already issued.
        self.suffix = f"-G{self.run}" if self.run or Certificate.objects.exists() else ""
        self.short_names = {p.code: p.short_name for p in self.provinces}

    # -- people ------------------------------------------------------------------------------

    def users(self) -> dict[str, Any]:
        from ocop.accounts.enums import Role
        from ocop.accounts.models import RoleAssignment, User

        tag = f"gen{self.run}" if self.run else "gen"
        users: list[User] = []
        roles: list[RoleAssignment] = []
        by_key: dict[str, int] = {}

        def add(key: str, full_name: str, role: str, **area: Any) -> int:
            uid = self.w.new_id(User)
            user = User(
                id=uid,
                username=f"{tag}-{key}",
                full_name=full_name,
                is_active=True,
                date_joined=timezone.now(),
            )
            user.set_unusable_password()
            users.append(user)
            roles.append(
                RoleAssignment(id=self.w.new_id(RoleAssignment), user_id=uid, role=role, **area)
            )
            by_key[key] = uid
            return uid

        add("national", "Cán bộ OCOP Trung ương", Role.MAE_OFFICER)
        centre = [add(f"hd-tw-{i}", _person(self.rng), Role.COUNCIL_MEMBER) for i in range(3)]
        self.council_users: dict[str | None, list[int]] = {None: centre}
        self.officers: dict[str, int] = {}
        for p in self.provinces:
            self.officers[p.code] = add(
                f"tinh-{p.code}",
                f"Cán bộ OCOP {p.short_name}",
                Role.PROVINCE_OFFICER,
                province_id=p.code,
            )
            self.council_users[p.code] = [
                add(f"hd-{p.code}-{i}", _person(self.rng), Role.COUNCIL_MEMBER, province_id=p.code)
                for i in range(3)
            ]
            for commune in self.communes[p.code][:2]:
                add(
                    f"xa-{commune}",
                    f"Cán bộ xã {commune}",
                    Role.COMMUNE_OFFICER,
                    commune_id=commune,
                )
        self.w.objects(users)
        self.w.objects(roles)
        self.user_keys = by_key
        return {key: f"{tag}-{key}" for key in ("national", f"tinh-{self.provinces[0].code}")}

    # -- registry ----------------------------------------------------------------------------

    def registry(self) -> None:
        from ocop.core.text import fold_join
        from ocop.registry.models import Producer, Product

        rng = self.rng
        # Provinces interleaved (1st commune of each, then 2nd of each, …), so that a small
        # scale still spreads over every province.
        widest = max(len(c) for c in self.communes.values())
        all_communes = [
            (p.code, self.communes[p.code][k])
            for k in range(widest)
            for p in self.provinces
            if k < len(self.communes[p.code])
        ]
        producers: list[Producer] = []
        self.producer_commune: dict[int, str] = {}
        self.producer_year: dict[int, int] = {}
        for i, pid in enumerate(self.w.ids(Producer, self.scale.producers)):
            # every commune gets a producer before any gets a second one (where numbers allow)
            _province, commune = all_communes[
                i % len(all_communes) if i < len(all_communes) else rng.randrange(len(all_communes))
            ]
            kind = _weighted(KINDS, rng)
            prefix = {"cooperative": "HTX", "enterprise": "Công ty TNHH", "household": "Hộ"}.get(
                kind, "Tổ hợp tác"
            )
            name = f"{prefix} {rng.choice(GOODS)} {commune}-{i}"
            representative = _person(rng)
            year = rng.randint(FIRST_YEAR, LAST_YEAR)
            created = _aware(_day_in(year, rng, today=self.today), rng)
            tax = f"9{self.run % 10}{i:08d}"
            producers.append(
                Producer(
                    id=pid,
                    kind=kind,
                    legal_form="llc_one" if kind == "enterprise" else "",
                    name=name,
                    tax_code=tax,
                    established_on=date(year - rng.randint(1, 15), 1, 1 + rng.randrange(28)),
                    representative_name=representative,
                    representative_gender=rng.choice(["female", "male"]),
                    representative_ethnic_minority=rng.random() < 0.15,
                    phone=f"09{rng.randrange(10**8):08d}",
                    address_text=f"Thôn {rng.randint(1, 12)}",
                    commune_id=commune,
                    members_count=rng.randint(0, 60),
                    workers_count=rng.randint(1, 80),
                    status="active" if rng.random() > 0.02 else "stopped",
                    search_text=fold_join(name, tax, representative),
                    created_at=created,
                    updated_at=created,
                )
            )
            self.producer_commune[pid] = commune
            self.producer_year[pid] = year
        self.w.objects(producers)
        self.producer_ids = [p.id for p in producers]
        names = {p.id: p.name for p in producers}
        products: list[Product] = []
        self.product_info: dict[int, dict[str, Any]] = {}
        for i, pid in enumerate(self.w.ids(Product, self.scale.products)):
            producer = self.producer_ids[i % len(self.producer_ids)]
            product_set = rng.choice(self.sets)
            name = f"{rng.choice(GOODS)} {rng.choice(ADJECTIVES)} {i}"
            year = max(self.producer_year[producer], rng.randint(FIRST_YEAR, LAST_YEAR))
            created = _aware(_day_in(year, rng, today=self.today), rng)
            products.append(
                Product(
                    id=pid,
                    producer_id=producer,
                    name=name,
                    commune_id=self.producer_commune[producer],
                    product_set_id=product_set.pk,
                    packaging="Hộp giấy, túi hút chân không",
                    status="registered",
                    search_text=fold_join(name, "", names[producer]),
                    created_at=created,
                    updated_at=created,
                )
            )
            self.product_info[pid] = {
                "producer": producer,
                "commune": self.producer_commune[producer],
                "province": "",
                "set": product_set.pk,
                "year": year,
                "quality": rng.uniform(0.45, 0.95),
            }
        commune_province = {c: p for p, c in all_communes}
        for info in self.product_info.values():
            info["province"] = commune_province[info["commune"]]
        self.products = products
        # statuses are known only after evaluation: written then (see ``evaluation``)

    # -- cycle -------------------------------------------------------------------------------

    def cycle(self) -> None:
        from ocop.cycle.models import BusinessPlan, Milestone, ProductIdea, SupportGiven

        rng = self.rng
        ideas: list[ProductIdea] = []
        plans: list[BusinessPlan] = []
        supports: list[SupportGiven] = []
        milestones: list[Milestone] = []

        def idea(product: int | None, producer: int, year: int, status: str) -> None:
            iid = self.w.new_id(ProductIdea)
            submitted = _aware(_day_in(year, rng, today=self.today), rng)
            info = self.product_info.get(product) if product else None
            ideas.append(
                ProductIdea(
                    id=iid,
                    producer_id=producer,
                    commune_id=self.producer_commune[producer],
                    year=year,
                    name=f"Ý tưởng {rng.choice(GOODS).lower()} {iid}",
                    product_set_id=info["set"] if info else rng.choice(self.sets).pk,
                    description="Phát triển sản phẩm từ nguyên liệu địa phương.",
                    status=status,
                    review_comment="" if status == "submitted" else "Đã xem xét.",
                    reviewed_at=None if status == "submitted" else submitted + timedelta(days=20),
                    submitted_at=submitted,
                    product_id=product,
                    created_at=submitted,
                    updated_at=submitted,
                )
            )
            if status != "accepted":
                return
            plan_id = self.w.new_id(BusinessPlan)
            plan_status = rng.choices(["approved", "submitted", "returned"], [80, 12, 8])[0]
            plan_submitted = submitted + timedelta(days=40)
            approved = (plan_submitted + timedelta(days=30)).date()
            plans.append(
                BusinessPlan(
                    id=plan_id,
                    idea_id=iid,
                    content="Đầu tư dây chuyền, bao bì, truy xuất nguồn gốc.",
                    investment_vnd=rng.randint(50, 2_000) * 1_000_000,
                    expected_output=f"{rng.randint(1, 50)} tấn/năm",
                    expected_revenue_vnd=rng.randint(200, 8_000) * 1_000_000,
                    support_kinds=["packaging", "trademark"],
                    status=plan_status,
                    reviewed_at=None
                    if plan_status == "submitted"
                    else plan_submitted + timedelta(days=30),
                    submitted_at=plan_submitted,
                    approved_on=approved if plan_status == "approved" else None,
                    created_at=plan_submitted,
                    updated_at=plan_submitted,
                )
            )
            if plan_status != "approved":
                return
            for _ in range(rng.randint(1, 3)):
                given = min(approved + timedelta(days=rng.randint(10, 300)), self.today)
                supports.append(
                    SupportGiven(
                        id=self.w.new_id(SupportGiven),
                        plan_id=plan_id,
                        kind=rng.choice(
                            ["training", "consulting", "packaging", "lab_test", "trademark"]
                        ),
                        description="Hỗ trợ theo phương án được duyệt.",
                        cost_vnd=rng.randint(5, 200) * 1_000_000,
                        funding_source=rng.choice(["central", "provincial", "local", "socialised"]),
                        given_on=given,
                        provider="Sở Nông nghiệp và Môi trường",
                    )
                )
            for k in range(2):
                due = approved + timedelta(days=90 * (k + 1))
                milestones.append(
                    Milestone(
                        id=self.w.new_id(Milestone),
                        plan_id=plan_id,
                        title=("Hoàn thiện bao bì", "Công bố tiêu chuẩn")[k],
                        due_on=due,
                        done_on=due - timedelta(days=5) if due < self.today else None,
                    )
                )

        for pid, info in self.product_info.items():
            if rng.random() < 0.7:  # most products came out of a recorded idea
                idea(pid, info["producer"], max(FIRST_YEAR, info["year"] - 1), "accepted")
        for _ in range(len(self.product_info) // 4):  # ideas that did not (yet) become products
            producer = rng.choice(self.producer_ids)
            idea(
                None,
                producer,
                rng.randint(max(FIRST_YEAR, LAST_YEAR - 3), LAST_YEAR),
                rng.choices(["submitted", "needs_work", "rejected", "accepted"], [3, 2, 2, 3])[0],
            )
        for batch in (ideas, plans, supports, milestones):
            self.w.objects(batch)

    # -- evaluation and certificates ---------------------------------------------------------

    def evaluation(self) -> None:
        from ocop.certification import codes
        from ocop.certification.models import Certificate
        from ocop.certification.status import add_months, is_in_force
        from ocop.criteria.scoring import CouncilRules, MemberSheet, council_result
        from ocop.demo.evaluation import answers_at
        from ocop.evaluation.models import (
            Council,
            CouncilMember,
            Decision,
            DecisionItem,
            Dossier,
            Result,
            Round,
            Scoresheet,
        )

        rng = self.rng
        # The council defaults (3/4 quorum, chair required, spread 10), as a new council has.
        rules = CouncilRules(quorum=Fraction(3, 4), chair_required=True, max_spread=10.0)
        rounds: list[Round] = []
        councils: list[Council] = []
        members: list[CouncilMember] = []
        round_of: dict[tuple[str | None, int, int], int] = {}
        seats: dict[int, list[int]] = {}  # round id → member ids (chair first)
        open_round = (LAST_YEAR, 2)

        # Rounds already in the database (the demo's, an earlier run's) keep their numbers;
        # a generated round takes the next free one of the same half-year (3, 5, …).
        taken = set(Round.objects.values_list("province_id", "year", "number"))

        def make_round(province: str | None, year: int, number: int) -> int:
            rid = self.w.new_id(Round)
            logical = number
            while (province, year, number) in taken:
                number += 2
            cutoff = date(year, 5 if number == 1 else 10, 15)
            status = "scoring" if (year, logical) == open_round else "closed"
            rounds.append(
                Round(
                    id=rid,
                    level="province" if province else "centre",
                    province_id=province,
                    criteria_version_id=self.version.pk,
                    year=year,
                    number=number,
                    dossier_cutoff=cutoff,
                    deadline=cutoff + timedelta(days=60),
                    status=status,
                    created_at=_aware(cutoff - timedelta(days=60), rng),
                    updated_at=_aware(cutoff, rng),
                )
            )
            cid = self.w.new_id(Council)
            where = "Trung ương" if province is None else f"tỉnh {province}"
            councils.append(
                Council(
                    id=cid,
                    round_id=rid,
                    name=f"Hội đồng đánh giá, phân hạng sản phẩm OCOP {where} đợt {number}/{year}",
                    establishing_decision=f"{rid}/QĐ-UBND",
                )
            )
            ids = []
            for k, user in enumerate(self.council_users[province]):
                mid = self.w.new_id(CouncilMember)
                members.append(
                    CouncilMember(
                        id=mid,
                        council_id=cid,
                        user_id=user,
                        department=("Sở Nông nghiệp và Môi trường", "Sở Công Thương", "Sở Y tế")[k],
                        is_chair=k == 0,
                    )
                )
                ids.append(mid)
            round_of[(province, year, logical)] = rid
            seats[rid] = ids
            return rid

        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            for number in (1, 2):
                make_round(None, year, number)
                for p in self.provinces:
                    make_round(p.code, year, number)
        for batch in (rounds, councils, members):
            self.w.objects(batch)
        round_rows = {r.id: r for r in rounds}

        answers_cache: dict[tuple[int, int], dict[str, int]] = {}

        def answers(set_pk: int, q: int) -> dict[str, int]:
            key = (set_pk, q)
            if key not in answers_cache:
                answers_cache[key] = answers_at(self.forms[set_pk].sheet, quality=q / 20)
            return answers_cache[key]

        outcome_cache: dict[tuple[int, tuple[int, ...]], Any] = {}

        def outcome(set_pk: int, qs: tuple[int, ...], member_ids: list[int]) -> Any:
            key = (set_pk, qs)
            if key not in outcome_cache:
                form = self.forms[set_pk]
                outcome_cache[key] = council_result(
                    sheet=form.sheet,
                    bands=form.bands,
                    sheets=[
                        MemberSheet(
                            member=str(k),
                            answers=answers(set_pk, q),
                            knockouts=frozenset(),
                            is_chair=k == 0,
                        )
                        for k, q in enumerate(qs)
                    ],
                    council_size=3,
                    rules=rules,
                )
            return outcome_cache[key]

        dossiers: list[Dossier] = []
        sheets: list[Scoresheet] = []
        results: list[Result] = []
        decisions: dict[int, Decision] = {}
        items: list[DecisionItem] = []
        certificates: list[Certificate] = []
        cert_serial: Counter[tuple[str, int]] = Counter()
        latest_cert: dict[int, Certificate] = {}
        self.stars: dict[int, int] = {}

        def add_dossier(
            *,
            pid: int,
            rid: int,
            kind: str,
            level: str,
            state: str,
            when: datetime,
            parent: int | None = None,
        ) -> int:
            info = self.product_info[pid]
            did = self.w.new_id(Dossier)
            dossiers.append(
                Dossier(
                    id=did,
                    product_id=pid,
                    kind=kind,
                    level=level,
                    parent_id=parent,
                    state=state,
                    round_id=rid,
                    revision_id=self.revisions[info["set"]].pk,
                    code=f"{info['province']}-{did:06d}",
                    submitted_at=when,
                    version=1,
                    registration={"applicant": "Người đại diện"},
                    self_answers=answers(info["set"], min(20, round(info["quality"] * 20) + 1)),
                    created_at=when - timedelta(days=10),
                    updated_at=when + timedelta(days=50),
                )
            )
            return did

        def score(did: int, rid: int, set_pk: int, qs: tuple[int, ...], when: datetime) -> Any:
            for member, q in zip(seats[rid], qs, strict=False):
                sheets.append(
                    Scoresheet(
                        id=self.w.new_id(Scoresheet),
                        dossier_id=did,
                        member_id=member,
                        revision_id=self.revisions[set_pk].pk,
                        answers=answers(set_pk, q),
                        state="submitted",
                        total=Decimal(str(round(self._sheet_total(set_pk, q), 2))),
                        submitted_at=when + timedelta(days=30),
                        created_at=when + timedelta(days=25),
                        updated_at=when + timedelta(days=30),
                    )
                )
            out = outcome(set_pk, qs, seats[rid])
            results.append(
                Result(
                    id=self.w.new_id(Result),
                    dossier_id=did,
                    members_scored=len(qs),
                    total=Decimal(str(out.total)).quantize(Decimal("0.0001")),
                    parts={k: round(v, 4) for k, v in out.parts.items()},
                    means={k: round(v, 2) for k, v in out.means.items()},
                    band_star=out.band_star,
                    star=out.star,
                    capped_by=[{"criterion": c.criterion, "mark": c.mark} for c in out.capped_by],
                    knockouts=[v.rule.id for v in out.knockouts],
                    flagged=[v.rule.id for v in out.flagged],
                    spread=Decimal(out.spread),
                    quorum_met=out.quorum.met,
                    held=out.held,
                    potential_5_star=bool(out.potential_5_star)
                    and round_rows[rid].level == "province",
                    created_at=when + timedelta(days=31),
                    updated_at=when + timedelta(days=31),
                )
            )
            return out

        def recognise(did: int, rid: int, pid: int, star: int, total: Any) -> None:
            round_ = round_rows[rid]
            province = round_.province_id
            decision = decisions.get(rid)
            if decision is None:
                authority = (
                    f"UBND tỉnh {self.short_names[province]}"
                    if province
                    else "Bộ Nông nghiệp và Môi trường"
                )
                decision = Decision(
                    id=self.w.new_id(Decision),
                    round_id=rid,
                    number=f"{1000 + rid}/QĐ-{'UBND' if province else 'BNNMT'}{self.suffix}",
                    decided_on=round_.deadline,
                    signer="Chủ tịch UBND tỉnh" if province else "Bộ trưởng",
                    authority=authority,
                )
                decisions[rid] = decision
            items.append(
                DecisionItem(
                    id=self.w.new_id(DecisionItem),
                    decision_id=decision.id,
                    dossier_id=did,
                    product_id=pid,
                    star=star,
                    total=Decimal(str(total)).quantize(Decimal("0.0001")),
                )
            )
            issued = decision.decided_on
            level = "province" if province else "centre"
            cert_serial[(decision.authority, issued.year)] += 1
            number = settings.CERTIFICATE_NUMBER_FORMATS[level].format(
                serial=cert_serial[(decision.authority, issued.year)],
                year=issued.year,
                province=self.product_info[pid]["province"],
            )
            number += self.suffix
            code = codes.new_code()  # random, as issued: a seed must not make codes guessable
            expires = add_months(issued, 36)
            cert = Certificate(
                id=self.w.new_id(Certificate),
                number=number,
                code=code,
                signature=codes.sign_certificate(
                    code=code, number=number, star=star, expires_on=expires
                ),
                product_id=pid,
                producer_id=self.product_info[pid]["producer"],
                star=star,
                criteria_version_id=self.version.pk,
                authority=decision.authority,
                authority_level=level,
                decision_id=decision.id,
                decision_number=decision.number,
                decision_date=issued,
                issued_on=issued,
                expires_on=expires,
                created_at=_aware(issued, rng),
                updated_at=_aware(issued, rng),
            )
            older = latest_cert.get(pid)
            if older is not None and older.revoked_on is None and is_in_force(older, today=issued):
                older.superseded_by_id = cert.id  # as ``record_certificate`` does
            latest_cert[pid] = cert
            certificates.append(cert)
            self.stars[pid] = star

        # Which dossiers: each product is evaluated first in or after its creation year,
        # then re-evaluated or upgraded every 1–3 years, until the sheet budget is spent
        # (three sheets a dossier, three more when a 5★ result goes on to the centre).
        budget = self.scale.scoresheets
        schedule: list[tuple[int, int, int, str, tuple[int, ...], Any, str]] = []
        order = list(self.product_info)
        rng.shuffle(order)
        next_year = {pid: self.product_info[pid]["year"] for pid in order}
        passes = 0
        while budget >= 3 and passes < 20:
            passes += 1
            for pid in order:
                year = next_year[pid]
                if year > LAST_YEAR or budget < 3:
                    continue
                info = self.product_info[pid]
                kind = "first" if passes == 1 else rng.choice(["reevaluation", "upgrade"])
                number = rng.choice((1, 2))
                q = min(20, max(6, round(info["quality"] * 20)))
                qs = tuple(min(20, max(0, q + rng.choice((-1, 0, 0, 1)))) for _ in range(3))
                out = outcome(info["set"], qs, [])
                ready = out.quorum.met and not out.held
                star = out.star if ready else None
                is_open = (year, number) == open_round
                if not ready:
                    state = "accepted"
                elif star is None or star < 3:
                    state = "scored" if is_open else "not_recognised"
                elif is_open:
                    state = rng.choice(["scored", "recommended"])
                elif star == 5:
                    state = "forwarded"  # the centre dossier follows, if the budget allows
                else:
                    state = "recognised"
                budget -= 6 if state == "forwarded" and budget >= 6 else 3
                schedule.append((pid, year, number, kind, qs, out, state))
                next_year[pid] = year + rng.choice((1, 2, 3, 3))
                # each product's quality grows a little after an evaluation
                info["quality"] = min(1.0, info["quality"] + rng.uniform(0.0, 0.08))
        partial = budget  # 0–2 sheets of a council still at work, for the exact count
        schedule.sort(key=lambda s: (s[1], s[2]))

        last_sheet_dossier = None
        centre_left = (self.scale.scoresheets - partial - 3 * len(schedule)) // 3
        for pid, year, number, kind, qs, out, state in schedule:
            info = self.product_info[pid]
            province = info["province"]
            rid = round_of[(province, year, number)]
            when = _aware(round_rows[rid].dossier_cutoff - timedelta(days=20), rng)
            star = out.star
            did = add_dossier(pid=pid, rid=rid, kind=kind, level="province", state=state, when=when)
            score(did, rid, info["set"], qs, when)
            last_sheet_dossier = (did, rid, info["set"])
            if state == "recognised":
                recognise(did, rid, pid, star, out.total)
            elif state == "forwarded" and centre_left > 0:
                # The centre council scores the same product (its sheets are in the budget).
                centre_left -= 1
                crid = round_of[(None, year, number)]
                cdid = add_dossier(
                    pid=pid,
                    rid=crid,
                    kind=kind,
                    level="centre",
                    state="recognised",
                    when=when + timedelta(days=70),
                    parent=did,
                )
                cout = score(cdid, crid, info["set"], qs, when + timedelta(days=70))
                final = cout.star if cout.star and cout.star >= 3 else 4
                recognise(cdid, crid, pid, final, cout.total)
        # The sheets of a council still at work (to reach the exact sheet count).
        if partial and last_sheet_dossier is not None:
            for pid in list(self.product_info)[:partial]:
                info = self.product_info[pid]
                rid = round_of[(info["province"], *open_round)]
                when = _aware(round_rows[rid].dossier_cutoff, rng)
                did = add_dossier(
                    pid=pid,
                    rid=rid,
                    kind="reevaluation",
                    level="province",
                    state="accepted",
                    when=when,
                )
                q = round(info["quality"] * 20)
                sheets.append(
                    Scoresheet(
                        id=self.w.new_id(Scoresheet),
                        dossier_id=did,
                        member_id=seats[rid][0],
                        revision_id=self.revisions[info["set"]].pk,
                        answers=answers(info["set"], q),
                        state="submitted",
                        total=Decimal(str(round(self._sheet_total(info["set"], q), 2))),
                        submitted_at=when,
                    )
                )
        # Dossiers of the open round not yet at the council.
        early = ["draft", "submitted", "returned", "proposed", "accepted"]
        for pid in rng.sample(list(self.product_info), k=max(1, len(self.product_info) // 20)):
            info = self.product_info[pid]
            rid = round_of[(info["province"], *open_round)]
            add_dossier(
                pid=pid,
                rid=rid,
                kind="first",
                level="province",
                state=rng.choice(early),
                when=_aware(round_rows[rid].dossier_cutoff, rng),
            )
        # Revocations (Art. 12): 2 % of the certificates, within their validity.
        for cert in certificates:
            if cert.superseded_by_id is None and rng.random() < 0.02:
                span = max(
                    1,
                    min(
                        (cert.expires_on - cert.issued_on).days, (self.today - cert.issued_on).days
                    ),
                )
                cert.revoked_on = cert.issued_on + timedelta(days=rng.randrange(1, span + 1))
                cert.revocation_ground = rng.choice(["a", "b", "c", "d"])
                cert.revocation_decision = f"{cert.id}/QĐ-THGCN"
                cert.revocation_reason = "Vi phạm quy định về sử dụng biểu trưng OCOP."
        # superseded_by points forward: insert certificates without it, then set it.
        supersede = {c.id: c.superseded_by_id for c in certificates if c.superseded_by_id}
        for cert in certificates:
            cert.superseded_by_id = None
        self.w.objects(dossiers)
        self.w.objects(sheets)
        self.w.objects(results)
        self.w.objects(list(decisions.values()))
        self.w.objects(items)
        self.w.objects(certificates)
        self._set_superseded(supersede)
        in_force = {
            c.product_id: c
            for c in certificates
            if c.revoked_on is None and c.id not in supersede and is_in_force(c, today=self.today)
        }
        self.certified = sorted(in_force)
        self.certificates = certificates
        self.in_force = in_force
        revoked = {c.product_id for c in certificates if c.revoked_on is not None}
        for product in self.products:
            if product.id in in_force:
                product.status = "certified"
            elif product.id in revoked:
                product.status = "suspended"
        self.w.objects(self.products)
        self.progress(
            f"{len(certificates):,} certificates, {len(in_force):,} in force, {len(revoked):,} "
            f"products with a revocation"
        )

    def _sheet_total(self, set_pk: int, q: int) -> float:
        from ocop.criteria.scoring import score_sheet
        from ocop.demo.evaluation import answers_at

        key = (set_pk, q)
        cache = self.__dict__.setdefault("_sheet_totals", {})
        if key not in cache:
            form = self.forms[set_pk]
            result = score_sheet(
                sheet=form.sheet, answers=answers_at(form.sheet, quality=q / 20), bands=form.bands
            )
            cache[key] = float(result.total)
        return cache[key]

    def _set_superseded(self, pairs: dict[int, int]) -> None:
        from ocop.certification.models import Certificate

        items = list(pairs.items())
        table = Certificate._meta.db_table
        with connection.cursor() as cursor:
            for i in range(0, len(items), CHUNK):
                chunk = items[i : i + CHUNK]
                cursor.executemany(
                    f"UPDATE {table} SET superseded_by_id = %s WHERE id = %s",
                    [(new, old) for old, new in chunk],
                )

    # -- stamps and scans --------------------------------------------------------------------

    def stamps(self) -> None:
        from ocop.stamps.models import Scan, Stamp, StampBatch
        from ocop.stamps.serials import new_serials
        from ocop.traceability import gs1
        from ocop.traceability.models import CompanyPrefix, Lot, TradeItem

        rng = self.rng
        chosen = self.certified[: self.scale.stamp_products]
        prefixes: list[CompanyPrefix] = []
        items: list[TradeItem] = []
        lots: list[Lot] = []
        batches: list[StampBatch] = []
        prefix_of: dict[int, str] = {}
        item_no: Counter[int] = Counter()
        stamp_rows: list[tuple[int, str, str, datetime | None, str, str]] = []
        stamp_ids = iter(self.w.ids(Stamp, len(chosen) * self.scale.stamps_per_batch))
        stamp_columns = [
            "id",
            "batch_id",
            "trade_item_id",
            "lot_id",
            "position",
            "serial",
            "status",
            "activated_at",
            "voided_at",
            "void_reason",
        ]
        raw: list[tuple[Any, ...]] = []
        for pid in chosen:
            producer = self.product_info[pid]["producer"]
            if producer not in prefix_of:
                prefix_of[producer] = f"8939{self.run % 10}{len(prefix_of):04d}"
                prefixes.append(
                    CompanyPrefix(
                        id=self.w.new_id(CompanyPrefix),
                        producer_id=producer,
                        prefix=prefix_of[producer],
                    )
                )
            item_no[producer] += 1
            body = f"0{prefix_of[producer]}{item_no[producer]:03d}"  # 13 digits + check digit
            gtin = body + str(gs1.check_digit(body))
            tid = self.w.new_id(TradeItem)
            items.append(TradeItem(id=tid, product_id=pid, gtin=gtin, variant="Hộp 500 g"))
            produced = self.today - timedelta(days=rng.randint(30, 900))
            lot_number = f"L{produced:%y%m%d}"
            lid = self.w.new_id(Lot)
            lots.append(
                Lot(
                    id=lid,
                    trade_item_id=tid,
                    number=lot_number,
                    produced_on=produced,
                    expires_on=produced + timedelta(days=730),
                    quantity=self.scale.stamps_per_batch,
                )
            )
            created = max(_aware(produced, rng), SCAN_FROM)
            bid = self.w.new_id(StampBatch)
            batches.append(
                StampBatch(
                    id=bid,
                    trade_item_id=tid,
                    lot_id=lid,
                    requested_count=self.scale.stamps_per_batch,
                    issued_count=self.scale.stamps_per_batch,
                    state="done",
                    finished_at=created,
                    created_at=created,
                    updated_at=created,
                )
            )
            for position, serial in enumerate(new_serials(self.scale.stamps_per_batch), 1):
                sid = next(stamp_ids)
                r = rng.random()
                status = "activated" if r < 0.9 else ("issued" if r < 0.98 else "voided")
                activated = created + timedelta(days=1) if status != "issued" else None
                voided = created + timedelta(days=2) if status == "voided" else None
                raw.append(
                    (
                        sid,
                        bid,
                        tid,
                        lid,
                        position,
                        serial,
                        status,
                        activated,
                        voided,
                        "Tem hỏng khi in" if voided else "",
                    )
                )
                stamp_rows.append((sid, serial, status, activated or created, gtin, lot_number))
        for batch in (prefixes, items, lots, batches):
            self.w.objects(batch)
        self.w.rows(Stamp, stamp_columns, raw)
        self.progress(f"stamps: {len(raw):,}")
        del raw
        self._scans(Scan, stamp_rows)

    def _scans(self, scan_model: type[models.Model], stamps: list[tuple[Any, ...]]) -> None:
        rng = self.rng
        total = self.scale.scans
        if not stamps or not total:
            return
        now = timezone.now()
        columns = [
            "id",
            "stamp_id",
            "gtin",
            "lot",
            "serial",
            "outcome",
            "scanned_at",
            "latitude",
            "longitude",
            "ua_class",
            "source",
        ]
        outcome_of = {"activated": "ok", "issued": "not_activated", "voided": "void"}
        ids = self.w.ids(scan_model, total)
        n_stamps = len(stamps)
        uas = ["mobile"] * 8 + ["desktop", "bot"]

        def rows() -> Iterator[tuple[Any, ...]]:
            rand = rng.random
            for sid in ids:
                if rand() < 0.01:  # a serial that was never issued (counterfeit, typo)
                    stamp = stamps[int(rand() * n_stamps)]
                    yield (
                        sid,
                        None,
                        stamp[4],
                        stamp[5],
                        "ZZ" + stamp[1][2:],
                        "unknown",
                        SCAN_FROM + (now - SCAN_FROM) * rand(),
                        None,
                        None,
                        "mobile",
                        "page",
                    )
                    continue
                # a few stamps are scanned far more often than the rest
                stamp = stamps[int(n_stamps * rand() ** 2)]
                start = stamp[3]
                at = start + (now - start) * rand()
                located = rand() < 0.2
                yield (
                    sid,
                    stamp[0],
                    stamp[4],
                    stamp[5],
                    stamp[1],
                    outcome_of[stamp[2]],
                    at,
                    Decimal(f"{rng.uniform(8.6, 23.3):.2f}") if located else None,
                    Decimal(f"{rng.uniform(102.2, 109.4):.2f}") if located else None,
                    uas[int(rand() * 10)],
                    "page",
                )

        started = time.perf_counter()
        if self.w.pg:

            def text() -> Iterator[str]:
                block: list[str] = []
                done = 0
                for row in rows():
                    block.append(
                        "\t".join(
                            "\\N"
                            if v is None
                            else (v.isoformat() if isinstance(v, datetime) else str(v))
                            for v in row
                        )
                    )
                    if len(block) == 50_000:
                        done += len(block)
                        yield "\n".join(block) + "\n"
                        block = []
                        if done % 500_000 == 0:
                            rate = done / (time.perf_counter() - started)
                            self.progress(f"scans: {done:,} of {total:,} ({rate:,.0f}/s)")
                if block:
                    yield "\n".join(block) + "\n"

            self.w.lines(scan_model, columns, text())
        else:
            self.w.rows(scan_model, columns, rows())
        self.progress(f"scans: {total:,} in {time.perf_counter() - started:.0f} s")

    # -- promotion ---------------------------------------------------------------------------

    def promotion(self) -> None:
        from ocop.promotion.models import Fair, Inquiry, Listing, SalesPoint, Stock

        rng = self.rng
        points: list[SalesPoint] = []
        stock: list[Stock] = []
        certified_by_province: dict[str, list[int]] = {}
        for pid in self.certified:
            certified_by_province.setdefault(self.product_info[pid]["province"], []).append(pid)
        kinds = ["station", "airport", "mall", "supermarket", "market", "tourist_site", "showroom"]
        for p in self.provinces:
            for k in range(self.scale.sales_points):
                spid = self.w.new_id(SalesPoint)
                year = rng.randint(FIRST_YEAR, LAST_YEAR)
                created = _aware(_day_in(year, rng, today=self.today), rng)
                points.append(
                    SalesPoint(
                        id=spid,
                        name=f"Điểm giới thiệu sản phẩm OCOP {p.short_name} {k + 1}",
                        kind=rng.choice(kinds),
                        address_text=f"Số {rng.randint(1, 300)} đường chính",
                        commune_id=rng.choice(self.communes[p.code]),
                        status=rng.choices(["open", "planned", "closed"], [80, 12, 8])[0],
                        checklist={"signage": True, "ocop_corner": True},
                        created_at=created,
                        updated_at=created,
                    )
                )
                pool = certified_by_province.get(p.code, [])
                for pid in rng.sample(pool, k=min(len(pool), 10)):
                    consented = rng.random() < 0.7
                    stock.append(
                        Stock(
                            id=self.w.new_id(Stock),
                            sales_point_id=spid,
                            product_id=pid,
                            consent_kind="account" if consented else "",
                            consented_at=created if consented else None,
                        )
                    )
        listings: list[Listing] = []
        hosts = {"shopee": "shopee.vn", "lazada": "lazada.vn", "tiki": "tiki.vn"}
        for pid in self.certified:
            if rng.random() < 0.4:
                platform = rng.choice(list(hosts))
                low = rng.randint(5, 50) * 10_000
                listings.append(
                    Listing(
                        id=self.w.new_id(Listing),
                        product_id=pid,
                        platform=platform,
                        url=f"https://{hosts[platform]}/san-pham-{pid}",
                        price_min=low,
                        price_max=low + rng.randint(0, 20) * 10_000,
                        status=rng.choices(["active", "dead", "withdrawn"], [85, 10, 5])[0],
                    )
                )
        fairs: list[Fair] = []
        fair_products: list[Any] = []
        through = Fair.products.through
        for p in self.provinces:
            for year in range(FIRST_YEAR, LAST_YEAR + 1):
                start = _day_in(year, rng, today=self.today)
                fid = self.w.new_id(Fair)
                fairs.append(
                    Fair(
                        id=fid,
                        name=f"Hội chợ OCOP {p.short_name} {year}",
                        starts_on=start,
                        ends_on=start + timedelta(days=4),
                        place=f"Trung tâm hội chợ {p.short_name}",
                        province_id=p.code,
                        contracts_count=rng.randint(0, 40),
                        revenue_vnd=rng.randint(100, 5_000) * 1_000_000,
                    )
                )
                pool = certified_by_province.get(p.code, [])
                for pid in rng.sample(pool, k=min(len(pool), 5)):
                    fair_products.append(
                        through(id=self.w.new_id(through), fair_id=fid, product_id=pid)
                    )
        inquiries: list[Inquiry] = []
        products = self.certified or list(self.product_info)
        for _ in range(self.scale.inquiries):
            pid = rng.choice(products)
            status = rng.choices(
                ["new", "answered", "in_negotiation", "contract", "closed"], [20, 30, 15, 15, 20]
            )[0]
            created = _aware(_day_in(rng.randint(2023, LAST_YEAR), rng, today=self.today), rng)
            contract = status == "contract"
            inquiries.append(
                Inquiry(
                    id=self.w.new_id(Inquiry),
                    product_id=pid,
                    producer_id=self.product_info[pid]["producer"],
                    buyer_kind=rng.choice(["supermarket", "distributor", "exporter", "public"]),
                    contact_name=_person(rng),
                    contact_email=f"mua{rng.randrange(10**6)}@example.vn",
                    quantity=Decimal(rng.randint(10, 5_000)),
                    unit="kg",
                    message="Xin báo giá và điều kiện giao hàng.",
                    status=status,
                    contract_value_vnd=rng.randint(10, 2_000) * 1_000_000 if contract else None,
                    contract_date=(created + timedelta(days=30)).date() if contract else None,
                    closed_reason="Không thống nhất giá." if status == "closed" else "",
                    created_at=created,
                    updated_at=created,
                )
            )
        for batch in (points, stock, listings, fairs, fair_products, inquiries):
            self.w.objects(batch)

    # -- planning and training ---------------------------------------------------------------

    def planning(self) -> None:
        from ocop.planning.models import Course, Participant, Plan, Target

        rng = self.rng
        plans: list[Plan] = []
        targets: list[Target] = []
        courses: list[Course] = []
        participants: list[Participant] = []
        per_province = max(1, len(self.product_info) // max(1, len(self.provinces)))
        for p in self.provinces:
            for start, end in ((2021, 2025), (2026, 2030)):
                plid = self.w.new_id(Plan)
                plans.append(
                    Plan(
                        id=plid,
                        number=f"{plid}/KH-UBND" + (f"-G{self.run}" if self.run else ""),
                        title=f"Kế hoạch thực hiện Chương trình OCOP {p.short_name} {start}–{end}",
                        issuer=f"UBND {p.name}",
                        issued_on=date(start, 1, 15),
                        start_year=start,
                        end_year=end,
                        province_id=p.code,
                    )
                )
                position = 0

                def target(
                    indicator: str, year: int | None, value: float, *, _plid: int = plid
                ) -> None:
                    nonlocal position
                    position += 1
                    targets.append(
                        Target(
                            id=self.w.new_id(Target),
                            plan_id=_plid,
                            indicator=indicator,
                            year=year,
                            value=Decimal(str(value)),
                            position=position,
                        )
                    )

                target("products_3star", None, round(per_province * 0.6))
                target("share_5star", None, 3)
                target("communes_with_product_share", None, 80)
                target("sales_points", None, self.scale.sales_points)
                for year in range(start, min(end, LAST_YEAR) + 1):
                    target("new_products", year, max(1, per_province // 10))
                    target("support_spent", year, 500_000_000)
                    target("producers_trained", year, 50)
        by_province: dict[str, list[int]] = {}
        province_of = {c: p.code for p in self.provinces for c in self.communes[p.code]}
        for producer in self.producer_ids:
            by_province.setdefault(province_of[self.producer_commune[producer]], []).append(
                producer
            )
        for p in self.provinces:
            for year in range(FIRST_YEAR, LAST_YEAR + 1):
                begins = _day_in(year, rng, today=self.today - timedelta(days=3))
                cid = self.w.new_id(Course)
                courses.append(
                    Course(
                        id=cid,
                        topic="Tập huấn Chương trình OCOP",
                        kind="mixed",
                        start_date=begins,
                        end_date=begins + timedelta(days=2),
                        place=f"Hội trường {p.short_name}",
                        province_id=p.code,
                        organiser="Sở Nông nghiệp và Môi trường",
                    )
                )
                participants.append(
                    Participant(
                        id=self.w.new_id(Participant),
                        course_id=cid,
                        user_id=self.officers[p.code],
                        level="province",
                        attended=True,
                    )
                )
                pool = by_province.get(p.code, [])
                for producer in rng.sample(pool, k=min(len(pool), 20)):
                    participants.append(
                        Participant(
                            id=self.w.new_id(Participant),
                            course_id=cid,
                            producer_id=producer,
                            level="producer",
                            attended=rng.random() < 0.85,
                        )
                    )
        for batch in (plans, targets, courses, participants):
            self.w.objects(batch)

    # -- supervision -------------------------------------------------------------------------

    def supervision(self) -> None:
        from ocop.supervision.enums import CHECKLIST
        from ocop.supervision.models import Inspection, PublicReport

        rng = self.rng
        inspections: list[Inspection] = []
        for cert in self.certificates:
            if rng.random() < 0.1:
                day = min(cert.issued_on + timedelta(days=rng.randint(100, 900)), self.today)
                ok = rng.random() < 0.9
                inspections.append(
                    Inspection(
                        id=self.w.new_id(Inspection),
                        certificate_id=cert.id,
                        kind=rng.choice(["periodic", "ad_hoc"]),
                        inspected_on=day,
                        team="Đoàn kiểm tra liên ngành",
                        checklist={
                            key: {"ok": ok or k % 3, "note": ""}
                            for k, (key, _l) in enumerate(CHECKLIST)
                        },
                        conclusion="Duy trì tiêu chuẩn." if ok else "Yêu cầu khắc phục.",
                        created_at=_aware(day, rng),
                        updated_at=_aware(day, rng),
                    )
                )
        reports: list[PublicReport] = []
        for _ in range(max(1, len(self.product_info) // 50)):
            reported = rng.choice(self.certificates) if self.certificates else None
            created = _aware(_day_in(rng.randint(2024, LAST_YEAR), rng, today=self.today), rng)
            reports.append(
                PublicReport(
                    id=self.w.new_id(PublicReport),
                    kind=rng.choice(["expired_logo", "counterfeit", "quality", "other"]),
                    product_id=reported.product_id if reported else None,
                    certificate_id=reported.id if reported else None,
                    province_id=self.product_info[reported.product_id]["province"]
                    if reported
                    else None,
                    message="Sản phẩm bày bán có dấu hiệu không đúng.",
                    status=rng.choice(["new", "planned", "dismissed"]),
                    created_at=created,
                    updated_at=created,
                )
            )
        self.w.objects(inspections)
        self.w.objects(reports)


def generate(
    *,
    scale: str,
    seed: int = 2026,
    force: bool = False,
    progress: Callable[[str], None] = lambda _m: None,
    today: date | None = None,
) -> Summary:
    """Generate the data set of ``scale`` (see ``SCALES``) in one transaction.

    Refuses (``GenerateError``, nothing written) when the units or criteria are not loaded,
    and when the registry already holds producers unless ``force`` — a second run on top
    of a generated set doubles it, which is rarely what a benchmark wants.
    """
    from ocop.core.audit import log_action
    from ocop.registry.models import Producer

    if scale not in SCALES:
        raise GenerateError(f"Quy mô không hợp lệ: {scale} (chọn {', '.join(SCALES)}).")
    if not force and Producer.objects.exists():
        raise GenerateError(
            "Sổ đăng ký đã có chủ thể: dữ liệu sinh ra sẽ chồng lên dữ liệu hiện có. "
            "Dùng --force nếu thật sự muốn thêm."
        )
    started = time.perf_counter()
    gen = Generator(
        scale=SCALES[scale], seed=seed, progress=progress, today=today or timezone.localdate()
    )
    summary = Summary(scale=scale, seed=seed)
    gen.prepare()
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("users", gen.users),
        ("registry", gen.registry),
        ("cycle", gen.cycle),
        ("evaluation", gen.evaluation),
        ("stamps", gen.stamps),
        ("promotion", gen.promotion),
        ("planning", gen.planning),
        ("supervision", gen.supervision),
    ]
    with transaction.atomic():
        for name, step in steps:
            t0 = time.perf_counter()
            progress(f"== {name}")
            value = step()
            if name == "users":
                summary.users = value
            progress(f"   {name} done in {time.perf_counter() - t0:.1f} s")
        gen.w.finish()
        from ocop.geo.models import Province

        log_action(
            action=MARKER,
            obj=Province.objects.get(pk=gen.provinces[0].code),
            data={"scale": scale, "seed": seed, "counts": dict(gen.w.counts)},
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum would do after a bulk load
            cursor.execute("ANALYZE")
    summary.counts = gen.w.counts
    summary.seconds = time.perf_counter() - started
    return summary
