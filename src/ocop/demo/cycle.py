"""Demo OCOP cycle in Ninh Bình: product ideas in every state, business plans (approved,
waiting, returned), support given with costs and funding sources, and milestones; one
idea leads to an already recognised product so that its path is complete (idempotent)."""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from ocop.accounts.models import User
from ocop.certification.models import Certificate
from ocop.criteria.models import ProductSet
from ocop.cycle import domain
from ocop.cycle.enums import FundingSource, SupportKind
from ocop.cycle.models import ProductIdea
from ocop.registry.models import Producer

PROVINCE = "37"

# name, year, outcome, raw materials, market
IDEAS = [
    ("Trà hoa sen Vân Long", 2026, "approved", "Sen Bách Diệp đầm Vân Long", "Khách du lịch"),
    ("Rượu nếp cái hoa vàng Gia Viễn", 2026, "approved", "Nếp cái hoa vàng", "Hà Nội"),
    ("Tinh bột nghệ Kim Sơn", 2026, "plan_waiting", "Nghệ vàng bãi bồi", "Siêu thị"),
    ("Chiếu cói Kim Sơn in hoa", 2026, "plan_returned", "Cói Kim Sơn", "Xuất khẩu"),
    ("Mắm tép Yên Mô", 2026, "needs_work", "Tép đồng", "Chợ đầu mối"),
    ("Bánh đa Nho Quan", 2026, "rejected", "Gạo tẻ", "Địa phương"),
    ("Mật ong hoa nhãn Yên Khánh", 2026, "submitted", "Mật ong hoa nhãn", "Cửa hàng OCOP"),
    ("Cơm cháy chà bông Ninh Bình", 2025, "approved", "Gạo, chà bông", "Sàn thương mại điện tử"),
]

PLAN = {
    "content": (
        "Mở rộng vùng nguyên liệu, đầu tư dây chuyền chế biến và đóng gói, đăng ký nhãn "
        "hiệu, xây dựng câu chuyện sản phẩm và tham gia hội chợ."
    ),
    "investment_vnd": 1_250_000_000,
    "expected_output": "5 tấn/năm",
    "expected_revenue_vnd": 2_400_000_000,
    "support_requested": "Thiết kế bao bì, kiểm nghiệm chỉ tiêu an toàn thực phẩm, hội chợ.",
    "support_kinds": [SupportKind.PACKAGING, SupportKind.LAB_TEST, SupportKind.TRADE_FAIR],
}

# kind, cost, funding source, provider, days ago
SUPPORTS = [
    (
        SupportKind.TRAINING,
        8_000_000,
        FundingSource.PROVINCIAL,
        "Sở Nông nghiệp và Môi trường",
        150,
    ),
    (SupportKind.PACKAGING, 35_000_000, FundingSource.CENTRAL, "Trung tâm Khuyến công", 120),
    (SupportKind.LAB_TEST, 6_500_000, FundingSource.LOCAL, "Trung tâm Kiểm nghiệm tỉnh", 90),
    (SupportKind.EQUIPMENT, 120_000_000, FundingSource.SOCIALISED, "Doanh nghiệp đối tác", 60),
]

# title, due in days (negative: past), done
MILESTONES = [
    ("Hoàn thiện vùng nguyên liệu", -100, True),
    ("Có bao bì, nhãn mới", -30, True),
    ("Tự công bố chất lượng sản phẩm", 45, False),
]


def _actor() -> Any:
    return User.objects.filter(username="tinh.ninhbinh").first()


@transaction.atomic
def load_cycle_demo() -> int:
    """Load the demo cycle once; returns the number of ideas in Ninh Bình."""
    producers = list(
        Producer.objects.filter(commune__province_id=PROVINCE)
        .select_related("commune")
        .order_by("id")
    )
    if not producers:
        return 0
    existing = set(
        ProductIdea.objects.filter(commune__province_id=PROVINCE).values_list("name", flat=True)
    )
    actor = _actor()
    today = timezone.localdate()
    sets = list(ProductSet.objects.filter(version__is_current=True).order_by("number"))
    # Prefer a product recognised through the demo round, so its path shows the dossier.
    certificates = (
        Certificate.objects.filter(product__commune__province_id=PROVINCE)
        .select_related("product__producer", "product__product_set")
        .order_by("id")
    )
    certified = (
        certificates.filter(product__dossiers__submitted_at__isnull=False).first()
        or certificates.first()
    )
    for index, (name, year, outcome, materials, market) in enumerate(IDEAS):
        last = index == len(IDEAS) - 1
        product = certified.product if (last and certified) else None
        if product is not None:
            name = product.name
        if name in existing:
            continue
        producer = product.producer if product is not None else producers[index % len(producers)]
        product_set = product.product_set if product is not None else sets[index % len(sets)]
        description = f"Ý tưởng phát triển sản phẩm {name.lower()} từ nguyên liệu địa phương."
        idea = domain.submit_idea(
            actor=None,
            producer=producer,
            fields={
                "name": name,
                "product_set": product_set,
                "description": description,
                "raw_materials": materials,
                "expected_market": market,
                "year": year,
            },
        )
        _advance(idea, outcome=outcome, product=product, actor=actor, today=today)
    return ProductIdea.objects.filter(commune__province_id=PROVINCE).count()


def _advance(idea: ProductIdea, *, outcome: str, product: Any, actor: Any, today: Any) -> None:
    if outcome == "submitted":
        return
    if outcome == "needs_work":
        domain.request_idea_changes(
            actor=actor, idea=idea, comment="Cần làm rõ nguồn nguyên liệu và quy mô sản xuất."
        )
        return
    if outcome == "rejected":
        domain.reject_idea(
            actor=actor, idea=idea, reason="Trùng với sản phẩm OCOP đã được công nhận trên địa bàn."
        )
        return
    idea = domain.accept_idea(
        actor=actor,
        idea=idea,
        comment="Ý tưởng phù hợp định hướng phát triển sản phẩm của tỉnh.",
        product=product,
        create_product=product is None,
    )
    plan = domain.submit_plan(actor=None, idea=idea, fields=PLAN)
    if outcome == "plan_waiting":
        return
    if outcome == "plan_returned":
        domain.return_plan(
            actor=actor, plan=plan, comment="Cần tính lại hiệu quả kinh tế và nguồn vốn đối ứng."
        )
        return
    plan = domain.approve_plan(
        actor=actor, plan=plan, comment="Phê duyệt.", approved_on=today - timedelta(days=180)
    )
    for kind, cost, source, provider, days in SUPPORTS:
        domain.record_support(
            actor=actor,
            plan=plan,
            kind=kind,
            cost_vnd=cost,
            funding_source=source,
            given_on=today - timedelta(days=days),
            provider=provider,
        )
    for title, due, done in MILESTONES:
        milestone = domain.add_milestone(
            actor=actor, plan=plan, title=title, due_on=today + timedelta(days=due)
        )
        if done:
            domain.complete_milestone(
                actor=None, milestone=milestone, done_on=today + timedelta(days=due - 5)
            )
