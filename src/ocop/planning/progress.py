"""Progress of a plan's targets: target, actual, % and a traffic light.

Traffic light (documented in docs/planning.md): green when the actual reaches 100 % of the
target, amber from 70 % up to (not including) 100 %, red below 70 %; grey when the actual
cannot be computed (e.g. a share with nothing to divide by) or the target is zero.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from .indicators import REGISTRY, Area, Indicator, Period, Result
from .models import Plan, Target

GREEN_FROM = Decimal(100)
AMBER_FROM = Decimal(70)

LIGHT_LABELS = {
    "green": _("Đạt"),
    "amber": _("Gần đạt"),
    "red": _("Chưa đạt"),
    "none": _("Chưa tính được"),
}


def light_for(percent: Decimal | None) -> str:
    if percent is None:
        return "none"
    if percent >= GREEN_FROM:
        return "green"
    if percent >= AMBER_FROM:
        return "amber"
    return "red"


def percent_of(actual: Decimal | None, target: Decimal) -> Decimal | None:
    if actual is None or not target:
        return None
    return (actual * 100 / target).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Row:
    target: Target
    indicator: Indicator
    area: Area
    area_label: str
    period: Period
    period_label: str
    result: Result
    percent: Decimal | None
    light: str

    @property
    def actual(self) -> Decimal | None:
        return self.result.value

    @property
    def light_label(self) -> Any:
        return LIGHT_LABELS[self.light]


def target_area(plan: Plan, target: Target) -> Area:
    commune = target.commune_id or plan.commune_id
    return Area(province_code=plan.province_id, commune_code=commune)


def target_period(plan: Plan, target: Target) -> Period:
    if target.year is not None:
        return Period.years(target.year, target.end_year or target.year)
    return Period.years(plan.start_year, plan.end_year)


def evaluate(plan: Plan, target: Target, *, today: date) -> Row:
    indicator = REGISTRY[target.indicator]
    area = target_area(plan, target)
    period = target_period(plan, target)
    result = indicator(area, period, today=today)
    percent = percent_of(result.value, target.value)
    if target.commune is not None:
        area_label = target.commune.name
    elif plan.commune is not None:
        area_label = plan.commune.name
    else:
        area_label = plan.province.name
    period_label = target.period_label or f"{plan.start_year}–{plan.end_year}"
    return Row(
        target=target,
        indicator=indicator,
        area=area,
        area_label=area_label,
        period=period,
        period_label=period_label,
        result=result,
        percent=percent,
        light=light_for(percent),
    )


def plan_progress(plan: Plan, targets: list[Target], *, today: date) -> list[Row]:
    """One row per target, in the plan's order (each costs one or two queries)."""
    return [evaluate(plan, t, today=today) for t in targets if t.indicator in REGISTRY]


def progress_xlsx(plan: Plan, rows: list[Row]) -> bytes:
    """The progress table as an .xlsx workbook (openpyxl loaded only here)."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "TienDo"
    ws["A1"] = f"{plan.number} — {plan.title}"
    ws["A1"].font = Font(bold=True)
    ws["A2"] = f"{plan.issuer}; {plan.province.name}; {plan.start_year}–{plan.end_year}"
    headers = [
        "Mã chỉ tiêu",
        "Chỉ tiêu",
        "Đơn vị",
        "Năm",
        "Địa bàn",
        "Mục tiêu",
        "Thực hiện",
        "Tỷ lệ (%)",
        "Đánh giá",
    ]
    ws.append([])
    ws.append(headers)
    for cell in ws[4]:
        cell.font = Font(bold=True)
    fills = {"green": "C6EFCE", "amber": "FFEB9C", "red": "FFC7CE"}
    for row in rows:
        ws.append(
            [
                row.indicator.code,
                row.indicator.name,
                row.indicator.unit,
                row.period_label,
                row.area_label,
                float(row.target.value),
                None if row.actual is None else float(row.actual),
                None if row.percent is None else float(row.percent),
                str(row.light_label),
            ]
        )
        if row.light in fills:
            ws.cell(row=ws.max_row, column=9).fill = PatternFill(
                "solid", start_color=fills[row.light]
            )
    for col, width in zip("ABCDEFGHI", (24, 48, 12, 11, 28, 14, 14, 10, 16), strict=True):
        ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
