from django.db import models
from django.utils.translation import gettext_lazy as _


class LocationKind(models.TextChoices):
    FARM = "farm", _("vùng nguyên liệu / trang trại")
    FACTORY = "factory", _("cơ sở sản xuất, chế biến")
    WAREHOUSE = "warehouse", _("kho")
    SHOP = "shop", _("điểm bán")
    LAB = "lab", _("phòng thử nghiệm")
    OTHER = "other", _("khác")


class EventType(models.TextChoices):
    """The EPCIS 2.0 event types this system stores (Transaction/Association are not used)."""

    OBJECT = "ObjectEvent", _("Sự kiện đối tượng")
    AGGREGATION = "AggregationEvent", _("Sự kiện đóng gói gộp")
    TRANSFORMATION = "TransformationEvent", _("Sự kiện chế biến")


class Action(models.TextChoices):
    ADD = "ADD", _("Thêm (ADD)")
    OBSERVE = "OBSERVE", _("Quan sát (OBSERVE)")
    DELETE = "DELETE", _("Xoá (DELETE)")


CBV = "https://ref.gs1.org/cbv/"
# CBV 2.0 has no harvesting step; food-chain guidance uses a private vocabulary for it.
OCOP_VOCAB = "urn:ocop:vn:"


class BizStep(models.TextChoices):
    """Business steps (CBV 2.0 ``BizStep-…`` URIs, plus harvesting, which CBV lacks)."""

    HARVESTING = f"{OCOP_VOCAB}bizstep:harvesting", _("Thu hoạch")
    COMMISSIONING = f"{CBV}BizStep-commissioning", _("Tạo mã, đưa vào sử dụng")
    INSPECTING = f"{CBV}BizStep-inspecting", _("Kiểm tra, kiểm nghiệm")
    PACKING = f"{CBV}BizStep-packing", _("Đóng gói")
    SHIPPING = f"{CBV}BizStep-shipping", _("Xuất hàng")
    RECEIVING = f"{CBV}BizStep-receiving", _("Nhận hàng")
    RETAIL_SELLING = f"{CBV}BizStep-retail_selling", _("Bán lẻ")


class Disposition(models.TextChoices):
    ACTIVE = f"{CBV}Disp-active", _("Đang sử dụng")
    IN_PROGRESS = f"{CBV}Disp-in_progress", _("Đang xử lý")
    CONFORMANT = f"{CBV}Disp-conformant", _("Đạt")
    NON_CONFORMANT = f"{CBV}Disp-non_conformant", _("Không đạt")
    IN_TRANSIT = f"{CBV}Disp-in_transit", _("Đang vận chuyển")
    SELLABLE_ACCESSIBLE = f"{CBV}Disp-sellable_accessible", _("Sẵn sàng bán")
    RETAIL_SOLD = f"{CBV}Disp-retail_sold", _("Đã bán")
    RECALLED = f"{CBV}Disp-recalled", _("Thu hồi")


class ItemRole(models.TextChoices):
    """Which list of the event an identifier came from."""

    EPC = "epc", _("đối tượng")
    INPUT = "input", _("đầu vào")
    OUTPUT = "output", _("đầu ra")
    PARENT = "parent", _("bao bì chứa")
    CHILD = "child", _("bên trong")
