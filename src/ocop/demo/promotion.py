"""Demo trade promotion in Ninh Bình: sales points with consented stock, two fairs with
results, e-commerce listings (one dead), supply capacity, and buyer inquiries in every
state with their messages (idempotent)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from ocop.accounts.models import RoleAssignment, User
from ocop.certification.models import Certificate
from ocop.certification.queries import active
from ocop.core.domain import update_audited
from ocop.geo.models import Commune, Province
from ocop.promotion import domain
from ocop.promotion.enums import (
    SALES_POINT_CHECKLIST,
    BuyerKind,
    ListingStatus,
    Platform,
    SalesPointKind,
    SalesPointStatus,
)
from ocop.promotion.models import Listing, SalesPoint
from ocop.registry.models import Product

PROVINCE = "37"
FIRST_POINT = "Trung tâm giới thiệu sản phẩm OCOP tỉnh Ninh Bình"

# name, kind, operator, address, commune name (folded, in Ninh Bình), lat, lng, status
POINTS = [
    (
        FIRST_POINT,
        SalesPointKind.SHOWROOM,
        "Trung tâm Xúc tiến thương mại tỉnh",
        "Đường Lê Hồng Phong",
        "hoa lu",
        "20.256000",
        "105.970000",
        SalesPointStatus.OPEN,
    ),
    (
        "Điểm OCOP khu du lịch Tràng An",
        SalesPointKind.TOURIST_SITE,
        "Công ty CP Du lịch Tràng An",
        "Bến thuyền Tràng An",
        "hoa lu",
        "20.254500",
        "105.900000",
        SalesPointStatus.OPEN,
    ),
    (
        "Điểm OCOP ga Ninh Bình",
        SalesPointKind.STATION,
        "Ga Ninh Bình",
        "Số 1 Ngô Gia Tự",
        "hoa lu",
        "20.252300",
        "105.974500",
        SalesPointStatus.OPEN,
    ),
    (
        "Quầy OCOP siêu thị Ninh Bình",
        SalesPointKind.SUPERMARKET,
        "Siêu thị Ninh Bình",
        "Đường Trần Hưng Đạo",
        "hoa lu",
        "20.246800",
        "105.973600",
        SalesPointStatus.OPEN,
    ),
    (
        "Điểm OCOP trạm dừng nghỉ cao tốc Cao Bồ",
        SalesPointKind.HIGHWAY_REST_STOP,
        "Công ty Dịch vụ đường cao tốc",
        "Km 240 cao tốc Bắc – Nam",
        "kim son",
        "20.300000",
        "105.950000",
        SalesPointStatus.PLANNED,
    ),
    (
        "Điểm OCOP làng nghề thêu ren Văn Lâm",
        SalesPointKind.CRAFT_VILLAGE,
        "HTX thêu ren Văn Lâm",
        "Thôn Văn Lâm",
        "hoa lu",
        "20.230000",
        "105.935000",
        SalesPointStatus.OPEN,
    ),
    (
        "Điểm OCOP bưu điện tỉnh",
        SalesPointKind.POST_OFFICE,
        "Bưu điện tỉnh Ninh Bình",
        "Đường Trần Hưng Đạo",
        "hoa lu",
        "20.253000",
        "105.972000",
        SalesPointStatus.CLOSED,
    ),
]

HOSTS = {
    Platform.SHOPEE: "https://shopee.vn/",
    Platform.LAZADA: "https://www.lazada.vn/products/",
    Platform.TIKI: "https://tiki.vn/",
    Platform.POSTMART: "https://postmart.vn/san-pham/",
}


def _commune(folded: str) -> Commune:
    qs = Commune.objects.filter(province_id=PROVINCE).order_by("code")
    return qs.filter(name_folded__icontains=folded).first() or qs[0]


def _certified_products() -> list[Product]:
    today = timezone.localdate()
    certificates = (
        active(Certificate.objects.filter(product__commune__province_id=PROVINCE), today=today)
        .filter(expires_on__gte=today)
        .select_related("product__producer", "product__commune")
        .order_by("id")
    )
    seen: dict[int, Product] = {}
    for certificate in certificates:
        seen.setdefault(certificate.product_id, certificate.product)
    return list(seen.values())


def _producer_account_products() -> list[Product]:
    """The products of the demo producer account (``chuthe``), so that its inbox is full."""
    ra = RoleAssignment.objects.filter(user__username="chuthe", producer__isnull=False).first()
    if ra is None or ra.producer_id is None:
        return []
    return list(Product.objects.filter(producer_id=ra.producer_id).order_by("id")[:2])


def load_promotion_demo() -> int:
    """Load once; returns the number of sales points."""
    if SalesPoint.objects.filter(name=FIRST_POINT).exists():
        return SalesPoint.objects.count()
    certified = _certified_products()
    own = _producer_account_products()
    offered = certified or own
    if not offered:
        return 0
    today = timezone.localdate()
    checklist_keys = [key for key, _label in SALES_POINT_CHECKLIST]
    points = []
    for i, (name, kind, operator, address, commune, lat, lng, status) in enumerate(POINTS):
        points.append(
            domain.create_sales_point(
                actor=None,
                status=status,
                fields={
                    "name": name,
                    "kind": kind,
                    "operator": operator,
                    "address_text": address,
                    "commune": _commune(commune),
                    "latitude": Decimal(lat),
                    "longitude": Decimal(lng),
                    "opening_hours": "7:30–21:00 hằng ngày",
                    "phone": f"0229 38{70 + i:02d} 2{i:02d}",
                    "checklist": {k: (j + i) % 4 != 0 for j, k in enumerate(checklist_keys)},
                },
            )
        )
    # Stock: every open point carries a few certified products with consent on paper;
    # one request waits for the producer's own consent.
    for i, point in enumerate(points):
        for product in [offered[(i + k) % len(offered)] for k in range(min(3, len(offered)))]:
            stock = domain.add_stock(actor=None, point=point, product=product)
            domain.record_paper_consent(
                actor=None,
                stock=stock,
                note=f"Văn bản đồng ý số {10 + i}/CT ngày {today - timedelta(days=60):%d/%m/%Y}",
            )
    for product in own:
        if not points[0].stock.filter(product=product).exists():
            domain.add_stock(actor=None, point=points[0], product=product)  # awaiting consent

    province = Province.objects.get(code=PROVINCE)
    fairs = [
        (
            "Hội chợ OCOP và làng nghề Ninh Bình " + str(today.year - 1),
            today.replace(month=10, day=10) - timedelta(days=365),
            "Quảng trường Đinh Tiên Hoàng Đế",
            "Sở Công Thương tỉnh Ninh Bình",
            14,
            3_200_000_000,
        ),
        (
            "Tuần hàng OCOP Ninh Bình tại Hà Nội",
            today - timedelta(days=40),
            "Trung tâm Triển lãm Giảng Võ, Hà Nội",
            "Trung tâm Xúc tiến thương mại tỉnh",
            6,
            850_000_000,
        ),
    ]
    for name, starts_on, place, organiser, contracts, revenue in fairs:
        fair = domain.create_fair(
            actor=None,
            fields={
                "name": name,
                "starts_on": starts_on,
                "ends_on": starts_on + timedelta(days=4),
                "place": place,
                "province": province,
                "organiser": organiser,
            },
            products=(offered + own)[:8],
        )
        domain.record_fair_results(
            actor=None,
            fair=fair,
            contracts_count=contracts,
            revenue_vnd=revenue,
            results_note="Ký kết biên bản ghi nhớ với các nhà phân phối, siêu thị.",
        )

    # Listings: two platforms per certified product; the first one's Tiki link is dead.
    for i, product in enumerate(offered[:6]):
        for j, platform in enumerate((Platform.SHOPEE, Platform.TIKI, Platform.POSTMART)[:2]):
            price = 80_000 + 20_000 * ((i + j) % 5)
            domain.add_listing(
                actor=None,
                product=product,
                platform=platform,
                url=f"{HOSTS[platform]}ocop-ninh-binh-{product.pk}",
                price_min=price,
                price_max=price + 40_000,
            )
    dead = Listing.objects.filter(product=offered[0], platform=Platform.TIKI).first()
    if dead is not None:
        # As the nightly check leaves it after two failed nights.
        Listing.objects.filter(pk=dead.pk).update(
            failures=2, last_checked_at=timezone.now(), last_status_code=404, last_error="Not Found"
        )
        dead.refresh_from_db()
        update_audited(
            obj=dead,
            fields={"status": ListingStatus.DEAD},
            actor=None,
            action="ocop.listing.dead",
            reason="Liên kết lỗi 2 lần kiểm tra liên tiếp (404).",
        )

    # Supply capacity for half of the products.
    for i, product in enumerate((offered + own)[:6]):
        domain.set_supply_capacity(
            actor=None,
            product=product,
            months=range(1, 13) if i % 2 == 0 else [3, 4, 5, 6, 7],
            monthly_volume=Decimal(500 + 250 * i),
            unit="kg" if i % 2 else "hộp",
            minimum_order=Decimal(20 + 10 * i),
            certifications=["vietgap"] if i % 3 else ["haccp", "iso22000"],
            export_ready=i % 2 == 0,
            export_markets="Nhật Bản, Hàn Quốc" if i % 2 == 0 else "",
        )

    _inquiries(products=own + offered)
    return SalesPoint.objects.count()


def _inquiries(*, products: list[Product]) -> None:
    """One inquiry in each state (the demo producer's products first), with messages."""
    buyers = [
        (BuyerKind.SUPERMARKET, "Nguyễn Thu Hà", "Chuỗi siêu thị Xanh", "ha.nguyen@sieuthixanh.vn"),
        (BuyerKind.DISTRIBUTOR, "Lê Văn Nam", "Công ty Phân phối Miền Bắc", "nam.le@ppmb.vn"),
        (BuyerKind.EXPORTER, "Phạm Minh Tuấn", "Công ty XNK Đông Á", "tuan@donga-export.vn"),
        (BuyerKind.PUBLIC, "Trần Thị Mai", "", "mai.tran@example.vn"),
        (BuyerKind.OTHER, "Đỗ Quang Huy", "Nhà hàng Cố Đô", "huy@codo.vn"),
    ]
    today = timezone.localdate()
    producer_account = User.objects.filter(username="chuthe").first()
    officer = User.objects.filter(username="tinh.ninhbinh").first()
    own = _producer_account_products()
    own_producer = own[0].producer_id if own else None
    for step, (kind, name, org, email) in enumerate(buyers):
        product = products[step % len(products)]
        # Replies come from the producer's own account when it is its product.
        by = producer_account if product.producer_id == own_producer else officer
        inquiry = domain.submit_inquiry(
            product=product,
            buyer_kind=kind,
            contact_name=name,
            buyer_organisation=org,
            contact_email=email,
            quantity=Decimal(200 * (step + 1)),
            unit="hộp",
            period=f"Quý {step % 4 + 1}/{today.year + 1}",
            destination="Hà Nội" if step % 2 == 0 else "TP Hồ Chí Minh",
            message=f"Chúng tôi cần {200 * (step + 1)} hộp {product.name}, xin báo giá sỉ.",
        )
        if step == 0:
            continue  # new
        domain.answer_inquiry(
            actor=by, inquiry=inquiry, text="Cảm ơn anh/chị, giá sỉ từ 100 hộp là 95.000 đ/hộp."
        )
        if step == 1:
            continue  # answered
        domain.buyer_reply(inquiry=inquiry, text="Bên em có giao được hàng hằng tháng không?")
        domain.start_negotiation(actor=by, inquiry=inquiry)
        domain.answer_inquiry(actor=by, inquiry=inquiry, text="Có ạ, mỗi tháng giao được 500 hộp.")
        if step == 2:
            continue  # in negotiation
        domain.report_contract(
            actor=by,
            inquiry=inquiry,
            value_vnd=95_000 * 200 * (step + 1),
            signed_on=today - timedelta(days=7),
        )
        if step == 3:
            continue  # contract
        domain.close_inquiry(actor=by, inquiry=inquiry, reason="Đã giao đủ hàng theo hợp đồng.")
