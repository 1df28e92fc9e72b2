from django.db import models
from django.utils.translation import gettext_lazy as _


class SalesPointKind(models.TextChoices):
    """Where a point stands (the types of Decision 950/QĐ-BCT)."""

    STATION = "station", _("Nhà ga, bến xe")
    AIRPORT = "airport", _("Sân bay")
    HIGHWAY_REST_STOP = "highway_rest_stop", _("Trạm dừng nghỉ đường cao tốc")
    MALL = "mall", _("Trung tâm thương mại")
    SUPERMARKET = "supermarket", _("Siêu thị")
    MARKET = "market", _("Chợ")
    TOURIST_SITE = "tourist_site", _("Khu, điểm du lịch")
    CRAFT_VILLAGE = "craft_village", _("Làng nghề")
    POST_OFFICE = "post_office", _("Bưu cục")
    SHOWROOM = "showroom", _("Trung tâm giới thiệu sản phẩm của tỉnh")
    OTHER = "other", _("Khác")


class SalesPointStatus(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    OPEN = "open", _("Đang hoạt động")
    CLOSED = "closed", _("Đã đóng cửa")


# What an officer checks at a point before it carries the OCOP name (Decision 950/QĐ-BCT
# criteria as applied by the provinces). Stored as {item: bool} in ``SalesPoint.checklist``.
SALES_POINT_CHECKLIST = [
    ("location", _("Vị trí thuận lợi, dễ tiếp cận")),
    ("area", _("Diện tích trưng bày phù hợp")),
    ("signage", _("Biển hiệu, nhận diện OCOP thống nhất")),
    ("display", _("Quầy kệ trưng bày theo nhóm sản phẩm")),
    ("product_info", _("Thông tin sản phẩm, hạng sao, truy xuất nguồn gốc")),
    ("storage", _("Điều kiện bảo quản phù hợp sản phẩm")),
    ("staff", _("Nhân viên được tập huấn về sản phẩm OCOP")),
    ("payment", _("Thanh toán không dùng tiền mặt")),
    ("hygiene", _("Vệ sinh, an toàn thực phẩm")),
    ("fire_safety", _("Phòng cháy, chữa cháy")),
]


class ConsentKind(models.TextChoices):
    """How the producer agreed to a point stocking its product."""

    NONE = "", _("Chưa đồng ý")
    ACCOUNT = "account", _("Chủ thể đồng ý trên hệ thống")
    PAPER = "paper", _("Cán bộ ghi nhận văn bản đồng ý")


class Platform(models.TextChoices):
    SHOPEE = "shopee", "Shopee"
    LAZADA = "lazada", "Lazada"
    TIKI = "tiki", "Tiki"
    TIKTOK = "tiktok", "TikTok Shop"
    VOSO = "voso", "Voso"
    POSTMART = "postmart", "Postmart"
    FACEBOOK = "facebook", "Facebook"
    ZALO = "zalo", "Zalo"
    OWN_SITE = "own_site", _("Trang web của chủ thể")
    OTHER = "other", _("Khác")


# The hosts a listing of a known platform must be on (the host itself or a subdomain),
# so that a "Shopee" link cannot point anywhere else.
PLATFORM_HOSTS: dict[str, tuple[str, ...]] = {
    Platform.SHOPEE: ("shopee.vn", "shp.ee"),
    Platform.LAZADA: ("lazada.vn",),
    Platform.TIKI: ("tiki.vn",),
    Platform.TIKTOK: ("tiktok.com",),
    Platform.VOSO: ("voso.vn",),
    Platform.POSTMART: ("postmart.vn",),
    Platform.FACEBOOK: ("facebook.com", "fb.com", "fb.me"),
    Platform.ZALO: ("zalo.me",),
}


class ListingStatus(models.TextChoices):
    ACTIVE = "active", _("Đang bán")
    DEAD = "dead", _("Liên kết hỏng")
    WITHDRAWN = "withdrawn", _("Đã gỡ")


class Certification(models.TextChoices):
    VIETGAP = "vietgap", "VietGAP"
    ORGANIC = "organic", _("Hữu cơ")
    HACCP = "haccp", "HACCP"
    ISO22000 = "iso22000", "ISO 22000"
    GLOBALGAP = "globalgap", "GlobalGAP"
    OTHER = "other", _("Khác")


class BuyerKind(models.TextChoices):
    SUPERMARKET = "supermarket", _("Siêu thị, chuỗi bán lẻ")
    DISTRIBUTOR = "distributor", _("Nhà phân phối")
    EXPORTER = "exporter", _("Doanh nghiệp xuất khẩu")
    PUBLIC = "public", _("Cá nhân, người tiêu dùng")
    OTHER = "other", _("Khác")


class InquiryStatus(models.TextChoices):
    NEW = "new", _("Mới")
    ANSWERED = "answered", _("Đã trả lời")
    IN_NEGOTIATION = "in_negotiation", _("Đang đàm phán")
    CONTRACT = "contract", _("Đã ký hợp đồng")
    CLOSED = "closed", _("Đã đóng")
