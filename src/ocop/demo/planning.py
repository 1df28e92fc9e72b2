"""The four seed plans (DOMAIN.md §8) and their targets, against the demo data.

Idempotent: a plan is keyed by (province, number, issue date) and a target by (indicator,
year, area), so a second run adds nothing. Provinces are looked up in ``geo.Province``
through the old → new mapping of their pre-2025 code: a province merged on 1 Jul 2025 is
attached to the current province that now contains it, and the plan's notes say so.
Actual values are never loaded: they are computed from the demo data (only Ninh Bình has
demo producers and products, so the other plans show their targets against zero).

Issue dates are the first day of the plan's year where the seed text gives none; check
them against the signed documents before relying on them.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from ocop.geo.models import Commune, LegacyProvince, Province
from ocop.geo.queries import current_provinces_for
from ocop.planning import domain
from ocop.planning.models import Plan, Target

# (legacy province code, number, title, issuer, issued on, start, end, notes, targets)
# targets: (indicator, year or None for the whole period, value, notes)
SEED_PLANS: list[dict[str, Any]] = [
    {
        "legacy_province": "37",
        "number": "85/KH-UBND",
        "title": "Kế hoạch thực hiện Chương trình Mỗi xã một sản phẩm tỉnh Ninh Bình "
        "giai đoạn 2022–2025",
        "issuer": "UBND tỉnh Ninh Bình",
        "issued_on": date(2022, 1, 1),
        "start_year": 2022,
        "end_year": 2025,
        "notes": "Chỉ tiêu chưa theo dõi được bằng dữ liệu: 100 % cán bộ và chủ thể OCOP được "
        "tập huấn (chờ phân hệ tập huấn).",
        "targets": [
            ("products_3star", None, 150, "150 sản phẩm đạt 3 sao trở lên đến năm 2025."),
            ("share_5star", None, 3, "Ít nhất 3 % sản phẩm đạt 5 sao."),
            ("new_products", 2022, 34, "34 sản phẩm được chuẩn hóa, công nhận năm 2022."),
            ("chain_revenue_growth", 2023, 5, "Tăng trưởng doanh thu 5–10 %/năm (mức tối thiểu)."),
            ("chain_revenue_growth", 2024, 5, "Tăng trưởng doanh thu 5–10 %/năm (mức tối thiểu)."),
            ("chain_revenue_growth", 2025, 5, "Tăng trưởng doanh thu 5–10 %/năm (mức tối thiểu)."),
            (
                "sales_points",
                None,
                8,
                "Mỗi huyện, thành phố (8 đơn vị cấp huyện trước 01/7/2025) có ít nhất một điểm "
                "giới thiệu và bán sản phẩm OCOP; theo dõi bằng tổng số điểm đang hoạt động.",
            ),
        ],
    },
    {
        "legacy_province": "08",
        "number": "90/KH-UBND",
        "title": "Kế hoạch thực hiện Chương trình Mỗi xã một sản phẩm tỉnh Tuyên Quang "
        "giai đoạn 2021–2025",
        "issuer": "UBND tỉnh Tuyên Quang",
        "issued_on": date(2021, 1, 1),
        "start_year": 2021,
        "end_year": 2025,
        "notes": "",
        "targets": [
            ("products_3star", None, 230, "Ít nhất 230 sản phẩm đạt 3 sao trở lên."),
            (
                "communes_with_product_share",
                None,
                100,
                "138/138 xã (đơn vị cấp xã trước 01/7/2025) có sản phẩm 3 sao trở lên; theo "
                "dõi bằng tỷ lệ xã, phường hiện hành.",
            ),
            ("products_star5", None, 7, "Ít nhất 7 sản phẩm 5 sao."),
            ("upgraded_products", None, 44, "Nâng hạng 44 sản phẩm từ 3 sao lên 4, 5 sao."),
            (
                "legacy_districts_with_star5",
                None,
                7,
                "Mỗi huyện, thành phố (7 đơn vị cấp huyện của tỉnh Tuyên Quang cũ) có ít nhất "
                "một sản phẩm 5 sao; chỉ tiêu đếm trên mọi huyện cũ của tỉnh hiện hành, kể cả "
                "các huyện của tỉnh Hà Giang cũ.",
            ),
        ],
    },
    {
        "legacy_province": "04",
        "number": "2112/QĐ-UBND",
        "title": "Đề án Chương trình Mỗi xã một sản phẩm tỉnh Cao Bằng giai đoạn 2019–2030",
        "issuer": "UBND tỉnh Cao Bằng",
        "issued_on": date(2019, 1, 1),
        "start_year": 2019,
        "end_year": 2030,
        "notes": "Chu trình OCOP 6 bước hằng năm. Kinh phí theo giai đoạn: 76,325 tỷ đồng "
        "(2019–2020), 120 tỷ đồng (2021–2025), 120 tỷ đồng (2026–2030); kinh phí đã chi là "
        "tổng các khoản hỗ trợ đã thực hiện cho phương án sản xuất kinh doanh.",
        "targets": [
            ("registered_products", None, 30, "30 sản phẩm tham gia Chương trình."),
            ("support_spent", (2019, 2020), 76_325_000_000, "Kinh phí giai đoạn 2019–2020."),
            ("support_spent", (2021, 2025), 120_000_000_000, "Kinh phí giai đoạn 2021–2025."),
            ("support_spent", (2026, 2030), 120_000_000_000, "Kinh phí giai đoạn 2026–2030."),
            ("products_3star", None, 15, "15 sản phẩm được công nhận (3 sao trở lên)."),
            (
                "organisations",
                None,
                25,
                "25 tổ chức kinh tế được củng cố; theo dõi bằng số hợp tác xã, tổ hợp tác, "
                "doanh nghiệp có sản phẩm OCOP còn hiệu lực.",
            ),
        ],
    },
    {
        "legacy_province": "33",
        "number": "12/KH-UBND",
        "title": "Kế hoạch thực hiện Chương trình Mỗi xã một sản phẩm tỉnh Hưng Yên năm 2022",
        "issuer": "UBND tỉnh Hưng Yên",
        "issued_on": date(2022, 1, 1),
        "start_year": 2022,
        "end_year": 2022,
        "notes": "Sản phẩm 3 sao trở lên phải có tem truy xuất nguồn gốc, mã vạch, nhãn hiệu; "
        "tập huấn toàn bộ cán bộ (chưa theo dõi bằng dữ liệu).",
        "targets": [
            ("new_products", 2022, 30, "30–40 sản phẩm đạt 3 sao trở lên (mức tối thiểu)."),
            ("organisations", 2022, 10, "10–15 tổ chức tham gia (mức tối thiểu)."),
            ("new_sales_points", 2022, 5, "5 điểm giới thiệu và bán sản phẩm mới."),
        ],
    },
]


def _current_province(legacy_code: str) -> tuple[Province, str]:
    """The current province containing the legacy one, and a note when it was merged."""
    legacy = LegacyProvince.objects.get(code=legacy_code)
    province = current_provinces_for(legacy_province=legacy_code).first()
    if province is None:  # units loaded without the mapping: same code
        province = Province.objects.get(code=legacy_code)
    others = sorted(
        {
            name
            for name in Commune.objects.filter(province=province)
            .values_list("legacy_communes__district__province__name", flat=True)
            .distinct()
            if name and name != legacy.name
        }
    )
    if not others:
        return province, ""
    note = (
        f"Kế hoạch ban hành cho {legacy.name} (mã {legacy.code}) trước khi sắp xếp đơn vị "
        f"hành chính; từ 01/7/2025 địa bàn thuộc {province.name} (mã {province.code}, hợp "
        f"nhất với {', '.join(others)}). Kết quả thực hiện được tính trên toàn tỉnh hiện hành."
    )
    return province, note


@transaction.atomic
def load_planning_demo() -> int:
    """Load the seed plans and their targets; returns the number of records created."""
    created = 0
    for seed in SEED_PLANS:
        province, merge_note = _current_province(seed["legacy_province"])
        plan = Plan.objects.filter(
            province=province, number=seed["number"], issued_on=seed["issued_on"]
        ).first()
        if plan is None:
            notes = "\n".join(n for n in (merge_note, seed["notes"]) if n)
            plan = domain.create_plan(
                actor=None,
                fields={
                    "number": seed["number"],
                    "title": seed["title"],
                    "issuer": seed["issuer"],
                    "issued_on": seed["issued_on"],
                    "start_year": seed["start_year"],
                    "end_year": seed["end_year"],
                    "province": province,
                    "notes": notes,
                },
            )
            created += 1
        for position, (indicator, years, value, notes) in enumerate(seed["targets"]):
            # A year, a phase (first, last) or None for the plan's whole period.
            year, end_year = years if isinstance(years, tuple) else (years, None)
            exists = Target.objects.filter(
                plan=plan, indicator=indicator, year=year, end_year=end_year, commune__isnull=True
            ).exists()
            if exists:
                continue
            domain.add_target(
                actor=None,
                plan=plan,
                fields={
                    "indicator": indicator,
                    "year": year,
                    "end_year": end_year,
                    "value": Decimal(value),
                    "notes": notes,
                    "position": position,
                },
            )
            created += 1
    return created
