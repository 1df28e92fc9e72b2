"""A deterministic demo province: Ninh Bình (code 37), with real communes.

Seeded, so every run produces the same records; keyed by tax code and product
name, so a second run adds nothing. Writes go through the domain functions, so
the demo has an audit trail like real data.
"""

import io
import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from ocop.accounts.enums import Role
from ocop.accounts.models import RoleAssignment, User
from ocop.certification.models import Certificate
from ocop.criteria.models import ProductSet
from ocop.geo.models import Commune, Province
from ocop.registry import domain
from ocop.registry.enums import DocumentType, Gender, LegalForm, ProducerKind, ProductStatus
from ocop.registry.models import EvidenceDocument, Producer, Product

from .certificates import load_demo_certificates
from .cycle import load_cycle_demo
from .evaluation import load_demo_evaluation
from .planning import load_planning_demo
from .promotion import load_promotion_demo
from .reporting import load_reporting_demo
from .stamps import load_stamps_demo
from .supervision import load_demo_supervision
from .traceability import load_traceability_demo

SEED = 2026
PROVINCE = "37"  # Tỉnh Ninh Bình (merged with Hà Nam and Nam Định on 1 Jul 2025)
DEMO_PASSWORD = "ocop-demo-2026"
HOME_COMMUNE = "14329"  # Phường Hoa Lư

# 40 producers of every kind of Art. 2.3.
KINDS = (
    [ProducerKind.COOPERATIVE] * 14
    + [ProducerKind.COOPERATIVE_GROUP] * 4
    + [ProducerKind.ENTERPRISE] * 10
    + [ProducerKind.FARM] * 4
    + [ProducerKind.HOUSEHOLD] * 6
    + [ProducerKind.ASSOCIATION] * 2
)
NAME_PATTERNS = {
    ProducerKind.COOPERATIVE: "Hợp tác xã {trade} {place}",
    ProducerKind.COOPERATIVE_GROUP: "Tổ hợp tác {trade} {place}",
    ProducerKind.ENTERPRISE: "{legal} {trade} {place}",
    ProducerKind.FARM: "Trang trại {trade} {place}",
    ProducerKind.HOUSEHOLD: "Hộ kinh doanh {person}",
    ProducerKind.ASSOCIATION: "Hiệp hội Du lịch cộng đồng {place}",
}
LEGAL_NAMES = {
    LegalForm.PRIVATE: "Doanh nghiệp tư nhân",
    LegalForm.LLC_ONE: "Công ty TNHH MTV",
    LegalForm.LLC_MULTI: "Công ty TNHH",
    LegalForm.JOINT_STOCK: "Công ty Cổ phần",
}
TRADES = [
    "Nông nghiệp sạch",
    "Dịch vụ nông nghiệp",
    "Chế biến nông sản",
    "Thủy sản",
    "Dược liệu",
    "Mây tre đan",
    "Thêu ren",
    "Sinh vật cảnh",
    "Thực phẩm",
    "Đồ uống",
    "Gạo hữu cơ",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đinh", "Bùi", "Đỗ", "Ngô"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Hồng", "Thị Minh"]
MIDDLE_M = ["Văn", "Đức", "Quang", "Minh"]
GIVEN_F = ["Lan", "Hoa", "Hạnh", "Hương", "Mai", "Thảo", "Yến", "Nga"]
GIVEN_M = ["Hùng", "Dũng", "Tuấn", "Thắng", "Long", "Sơn", "Hải", "Phúc"]

# Base names per product set (Annex I of 26/2026); the place is appended.
PRODUCT_NAMES: dict[int, list[str]] = {
    1: ["Cà chua bi", "Dưa lưới", "Rau cần", "Bưởi đỏ"],
    2: ["Trứng gà đồi", "Thịt dê núi", "Cá rô đồng", "Tôm càng xanh"],
    3: ["Gạo tám thơm", "Gạo nếp cái hoa vàng", "Gạo lứt đỏ"],
    4: ["Mật ong rừng", "Mật ong hoa nhãn", "Đường phèn"],
    5: ["Nem chua", "Bánh đa nem"],
    6: ["Bánh gai", "Bún khô", "Miến dong", "Bánh cuốn"],
    7: ["Dưa cà muối", "Mứt gừng", "Chuối sấy dẻo"],
    8: ["Chả cá", "Thịt dê tái chanh đóng gói", "Ruốc tôm", "Giò lụa"],
    9: ["Nước mắm cốt", "Tương bần", "Nước mắm cá cơm"],
    10: ["Muối tinh", "Tỏi cô đơn", "Tiêu đen"],
    11: ["Chè búp khô", "Chè xanh"],
    12: ["Trà hoa cúc", "Trà cà gai leo", "Trà sen"],
    13: ["Cà phê rang xay", "Cacao nguyên chất"],
    14: ["Rượu nếp cái hoa vàng", "Rượu Kim Sơn", "Rượu ngô men lá"],
    15: ["Rượu vang sim", "Rượu mơ"],
    16: ["Nước uống đóng chai", "Nước khoáng thiên nhiên"],
    17: ["Nước cốt gừng", "Nước sâm mía lau"],
    18: ["Cao cà gai leo", "Viên nang đinh lăng"],
    19: ["Dầu gội bồ kết", "Xà phòng thảo dược"],
    20: ["Tinh dầu sả chanh", "Tinh dầu bưởi"],
    21: ["Chiếu cói", "Giỏ cói", "Mây tre đan", "Gốm mỹ nghệ"],
    22: ["Khăn thêu ren", "Áo thổ cẩm"],
    23: ["Hoa cúc chi", "Hoa lan hồ điệp"],
    24: ["Cây cảnh bonsai", "Cây đào thế"],
    25: ["Cá cảnh Koi", "Chim cảnh"],
    26: ["Điểm du lịch cộng đồng", "Homestay sinh thái"],
}
STATUSES = (
    [ProductStatus.REGISTERED] * 8
    + [ProductStatus.IN_DEVELOPMENT] * 3
    + [ProductStatus.IDEA] * 2
    + [ProductStatus.SUSPENDED]
)


@dataclass(frozen=True)
class DemoResult:
    province: str
    producers: int
    products: int
    documents: int
    accounts: list[tuple[str, str]]
    dossiers: int = 0
    recognised: int = 0
    certificates: int = 0


def _place(commune: Commune) -> str:
    for prefix in ("Phường ", "Xã ", "Đặc khu "):
        if commune.name.startswith(prefix):
            return commune.name.removeprefix(prefix)
    return commune.name


def _person(rng: random.Random) -> tuple[str, Gender]:
    if rng.random() < 0.45:
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"
        return name, Gender.FEMALE
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}", Gender.MALE


def minimal_pdf(title: str) -> bytes:
    """A small, valid one-page PDF (ASCII title) standing in for a scanned document."""
    text = title.encode("ascii", "replace").decode("ascii").replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _accounts(producer: Producer) -> list[tuple[str, str, Role, dict[str, object]]]:
    return [
        ("admin", "Quản trị hệ thống", Role.SYSADMIN, {}),
        ("trunguong", "Cán bộ OCOP Trung ương", Role.MAE_OFFICER, {}),
        (
            "tinh.ninhbinh",
            "Cán bộ OCOP tỉnh Ninh Bình",
            Role.PROVINCE_OFFICER,
            {"province_id": PROVINCE},
        ),
        ("xa.hoalu", "Cán bộ phường Hoa Lư", Role.COMMUNE_OFFICER, {"commune_id": HOME_COMMUNE}),
        ("hoidong", "Chủ tịch Hội đồng tỉnh", Role.COUNCIL_MEMBER, {"province_id": PROVINCE}),
        (
            "hoidong2",
            "Ủy viên Hội đồng (Sở Công Thương)",
            Role.COUNCIL_MEMBER,
            {"province_id": PROVINCE},
        ),
        ("hoidong3", "Ủy viên Hội đồng (Sở Y tế)", Role.COUNCIL_MEMBER, {"province_id": PROVINCE}),
        ("tuvan", "Thành viên Tổ tư vấn", Role.ADVISOR, {"province_id": PROVINCE}),
        ("kiemtra", "Cán bộ kiểm tra", Role.INSPECTOR, {"province_id": PROVINCE}),
        ("chuthe", f"Đại diện {producer.name}", Role.PRODUCER, {"producer_id": producer.pk}),
    ]


def _ensure_accounts(producer: Producer) -> list[tuple[str, str]]:
    created = []
    for username, full_name, role, area in _accounts(producer):
        user, was_new = User.objects.get_or_create(
            username=username,
            defaults={"full_name": full_name, "email": f"{username}@demo.ocop.vn"},
        )
        if was_new:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = role == Role.SYSADMIN
            user.is_superuser = role == Role.SYSADMIN
            user.save()
        RoleAssignment.objects.get_or_create(user=user, role=role, **area)  # type: ignore[arg-type]
        created.append((username, str(role.label)))
    return created


@transaction.atomic
def load_demo() -> DemoResult:
    rng = random.Random(SEED)
    province = Province.objects.get(code=PROVINCE)
    communes = list(Commune.objects.filter(province=province).order_by("code"))
    sets = {s.number: s for s in ProductSet.objects.filter(version__is_current=True)}
    today = timezone.localdate()

    # 26 sets each at least once, then weighted to food as provinces' portfolios are.
    plan = list(range(1, 27)) + [
        rng.choice([1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 14, 21]) for _ in range(94)
    ]
    rng.shuffle(plan)
    tourism = [n for n in plan if n == 26]
    plan = [n for n in plan if n != 26]

    # Draw every random value first, so that a second run makes the same draws and
    # finds every record already there.
    producer_specs = []
    for index, kind in enumerate(KINDS):
        commune = (
            next(c for c in communes if c.code == HOME_COMMUNE)
            if index == 0
            else rng.choice(communes)
        )
        person, gender = _person(rng)
        legal = rng.choice(list(LEGAL_NAMES)) if kind == ProducerKind.ENTERPRISE else None
        trade = rng.choice(TRADES)
        producer_specs.append(
            {
                "kind": kind,
                "legal_form": legal or "",
                "name": NAME_PATTERNS[kind].format(
                    trade=trade,
                    place=_place(commune),
                    person=person,
                    legal=LEGAL_NAMES[legal] if legal else "",
                ),
                "tax_code": f"27{index + 1:04d}{rng.randint(1000, 9999)}",
                "established_on": date(2005, 1, 1) + timedelta(days=rng.randint(0, 6500)),
                "representative_name": person,
                "representative_gender": gender,
                "representative_ethnic_minority": rng.random() < 0.1,
                "phone": f"09{rng.randint(10000000, 99999999)}",
                "email": f"lienhe{index + 1}@demo.ocop.vn",
                "address_text": f"Thôn {rng.randint(1, 12)}, {commune.name}, Tỉnh Ninh Bình",
                "commune": commune,
                "members_count": rng.randint(7, 120) if kind != ProducerKind.HOUSEHOLD else 0,
                "workers_count": rng.randint(3, 80),
            }
        )
    producers = []
    for spec in producer_specs:
        existing = Producer.objects.filter(tax_code=spec["tax_code"]).first()
        producers.append(existing or domain.register_producer(actor=None, fields=spec))

    associations = [p for p in producers if p.kind == ProducerKind.ASSOCIATION]
    others = [p for p in producers if p.kind != ProducerKind.ASSOCIATION]
    assignments = [(associations[i % len(associations)], n) for i, n in enumerate(tourism)]
    assignments += [(others[i % len(others)], n) for i, n in enumerate(plan)]
    documents = 0
    used: set[tuple[int, str]] = set()
    for i, (producer, set_number) in enumerate(assignments):
        names = PRODUCT_NAMES[set_number]
        base = names[rng.randrange(len(names))]
        if (producer.pk, base) in used:
            base = next((n for n in names if (producer.pk, n) not in used), base)
        used.add((producer.pk, base))
        name = f"{base} {_place(producer.commune)}"
        packaging = rng.choice(["Hộp 500 g", "Chai 500 ml", "Túi 1 kg", "Hộp quà", "Chiếc"])
        issued = today - timedelta(days=rng.randint(100, 1000))
        expires = today + timedelta(days=rng.choice([-20, 15, 45, 80, 200, 400, 700]))
        doc_number = f"{rng.randint(10, 999)}/{issued.year}/ATTP-CNĐK"
        if Product.objects.filter(producer=producer, name=name).exists():
            continue
        product = domain.register_product(
            actor=None,
            producer=producer,
            fields={
                "name": name,
                "product_set": sets[set_number],
                "packaging": packaging,
                "description_vi": f"{base} sản xuất tại {producer.commune.name}, Ninh Bình.",
            },
        )
        status = STATUSES[i % len(STATUSES)]
        if status != ProductStatus.REGISTERED:
            domain.set_product_status(
                actor=None, product=product, status=status, reason="Dữ liệu demo"
            )
        if i % 2 == 0:
            pdf = minimal_pdf(f"Giay chung nhan ATTP {i + 1}")
            domain.attach_document(
                actor=None,
                producer=producer,
                product=product,
                upload=SimpleUploadedFile(f"attp-{i + 1}.pdf", pdf, "application/pdf"),
                fields={
                    "doc_type": DocumentType.FOOD_SAFETY
                    if set_number <= 20
                    else DocumentType.OTHER,
                    "title": "Giấy chứng nhận cơ sở đủ điều kiện ATTP",
                    "number": doc_number,
                    "issuer": "Sở Nông nghiệp và Môi trường tỉnh Ninh Bình",
                    "issued_on": issued,
                    "expires_on": max(expires, issued),
                },
            )
            documents += 1
    result_accounts = _ensure_accounts(producers[0])
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["tinh.ninhbinh", "hoidong", "hoidong2", "hoidong3"]
        )
    }
    products = list(
        Product.objects.filter(commune__province=province)
        .select_related("producer", "product_set__version", "commune")
        .order_by("id")
    )
    load_demo_certificates(products=[p for p in products if p.status == "registered"][-6:])
    evaluation = load_demo_evaluation(
        province_officer=users["tinh.ninhbinh"],
        chair=users["hoidong"],
        members=[users["hoidong2"], users["hoidong3"]],
        products=list(
            Product.objects.filter(commune__province=province)
            .select_related("producer", "product_set__version")
            .order_by("id")
        ),
    )
    # After the evaluation: its decision certifies more products, which these build on.
    load_demo_supervision()
    load_traceability_demo()
    load_stamps_demo()
    load_promotion_demo()
    load_cycle_demo()
    load_planning_demo()
    load_reporting_demo()
    return DemoResult(
        province=province.name,
        producers=Producer.objects.filter(commune__province=province).count(),
        products=Product.objects.filter(commune__province=province).count(),
        documents=EvidenceDocument.objects.filter(producer__commune__province=province).count(),
        accounts=result_accounts,
        dossiers=evaluation.dossiers,
        recognised=evaluation.recognised,
        certificates=Certificate.objects.count(),
    )
