"""Which fields hold personal data (Law 91/2025/QH15 on personal data protection, Decree
356/2025/NĐ-CP), why they are kept, and whether they may be published.

The registry is the single list that the leak test (tests/security/test_personal_data.py)
checks public pages and open data against, and that ``ocop export_person`` uses to answer
a data-subject request. A field marked ``published`` appears publicly only because a legal
instrument publishes it (``basis``); every other field never leaves the back office.
A new model field holding personal data must be added here (a test lists the fields of
the known models that look personal and are not registered).
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _


class Category(StrEnum):
    BASIC = "basic"  # dữ liệu cá nhân cơ bản
    SENSITIVE = "sensitive"  # dữ liệu cá nhân nhạy cảm (ethnic origin, ID numbers…)


class Finder(StrEnum):
    """How a data-subject request finds rows by this field."""

    EMAIL = "email"
    PHONE = "phone"
    TEXT = "text"  # free text that may contain an e-mail or a phone number
    NONE = "none"


@dataclass(frozen=True)
class PersonalField:
    model: str  # app_label.ModelName
    field: str
    purpose: Any  # lazy translation
    category: Category = Category.BASIC
    published: bool = False
    basis: Any = ""  # why it may be published (or when it is personal)
    finder: Finder = Finder.NONE

    @property
    def label(self) -> str:
        return f"{self.model}.{self.field}"


_ACCOUNT = _("Tài khoản cán bộ, hội đồng, chủ thể: đăng nhập, liên lạc công vụ.")
_PRODUCER = _("Hồ sơ chủ thể OCOP (Quyết định 26/2026): liên hệ, đánh giá, chứng nhận.")
_INQUIRY = _("Kết nối cung – cầu: chủ thể liên hệ lại người mua.")
_REPORT = _("Phản ánh của người dân: cán bộ liên hệ lại khi cần làm rõ.")

REGISTRY: tuple[PersonalField, ...] = (
    PersonalField("accounts.User", "username", _ACCOUNT),
    PersonalField("accounts.User", "first_name", _ACCOUNT),
    PersonalField("accounts.User", "last_name", _ACCOUNT),
    PersonalField("accounts.User", "full_name", _ACCOUNT),
    PersonalField("accounts.User", "email", _ACCOUNT, finder=Finder.EMAIL),
    PersonalField("accounts.User", "phone", _ACCOUNT, finder=Finder.PHONE),
    PersonalField("accounts.User", "last_login", _("An toàn tài khoản.")),
    PersonalField("registry.Producer", "representative_name", _PRODUCER),
    PersonalField("registry.Producer", "representative_gender", _PRODUCER),
    PersonalField(
        "registry.Producer",
        "representative_ethnic_minority",
        _("Chỉ tiêu hỗ trợ đồng bào dân tộc thiểu số (báo cáo tổng hợp, không theo người)."),
        category=Category.SENSITIVE,
    ),
    PersonalField("registry.Producer", "phone", _PRODUCER, finder=Finder.PHONE),
    PersonalField("registry.Producer", "email", _PRODUCER, finder=Finder.EMAIL),
    PersonalField(
        "registry.Producer",
        "tax_code",
        _PRODUCER,
        category=Category.SENSITIVE,
        basis=_("Của hộ sản xuất: mã số thuế cá nhân / số định danh (12 chữ số)."),
    ),
    PersonalField(
        "registry.Producer",
        "address_text",
        _PRODUCER,
        published=True,
        basis=_(
            "Địa chỉ chủ thể ghi trên nhãn hàng hoá (Nghị định 43/2017/NĐ-CP) và trong quyết "
            "định công nhận; của hộ sản xuất là địa chỉ cá nhân."
        ),
    ),
    PersonalField("promotion.Inquiry", "contact_name", _INQUIRY),
    PersonalField("promotion.Inquiry", "contact_email", _INQUIRY, finder=Finder.EMAIL),
    PersonalField("promotion.Inquiry", "contact_phone", _INQUIRY, finder=Finder.PHONE),
    PersonalField("promotion.Inquiry", "destination", _INQUIRY),
    PersonalField("promotion.Inquiry", "message", _INQUIRY, finder=Finder.TEXT),
    PersonalField("promotion.InquiryMessage", "text", _INQUIRY, finder=Finder.TEXT),
    PersonalField("supervision.PublicReport", "contact", _REPORT, finder=Finder.TEXT),
    PersonalField("supervision.PublicReport", "message", _REPORT, finder=Finder.TEXT),
    PersonalField("supervision.PublicReport", "photo", _REPORT),
    PersonalField(
        "planning.Participant",
        "name",
        _("Chỉ tiêu đào tạo, tập huấn (kế hoạch OCOP): người ngoài hệ thống."),
    ),
    PersonalField(
        "evaluation.CouncilMember",
        "department",
        _("Thành phần Hội đồng đánh giá, phân cấp (Quyết định 26/2026)."),
    ),
    PersonalField(
        "core.AuditEntry",
        "actor_label",
        _("Trách nhiệm giải trình: ai đã làm gì (nhật ký không sửa được)."),
    ),
)


def fields_of(model_label: str) -> list[PersonalField]:
    lowered = model_label.lower()
    return [f for f in REGISTRY if f.model.lower() == lowered]


def unpublished() -> list[PersonalField]:
    return [f for f in REGISTRY if not f.published]


def by_finder(finder: Finder) -> list[PersonalField]:
    return [f for f in REGISTRY if f.finder == finder]
