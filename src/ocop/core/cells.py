"""Reading spreadsheet cells as typed values, with Vietnamese error messages.

Shared by every Excel import (registry, historical results) so that a date or a number
is read the same way everywhere.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_YES = {"có", "co", "x", "1", "yes", "true"}
_NO = {"không", "khong", "", "0", "no", "false"}


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def cell_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError(_("Ngày không hợp lệ: %(value)r (dùng dd/mm/yyyy).") % {"value": text})


def cell_int(value: Any) -> int:
    text = cell_text(value)
    if not text:
        return 0
    try:
        number = int(float(text))
    except ValueError as exc:
        raise ValidationError(_("Phải là số nguyên: %(value)r.") % {"value": text}) from exc
    if number < 0:
        raise ValidationError(_("Không được âm."))
    return number


def cell_bool(value: Any) -> bool:
    text = cell_text(value).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValidationError(_("Ghi 'Có' hoặc 'Không', không phải %(value)r.") % {"value": text})


def cell_decimal(value: Any) -> Decimal:
    try:
        return Decimal(cell_text(value).replace(",", "."))
    except InvalidOperation as exc:
        raise ValidationError(_("Phải là số: %(v)r.") % {"v": cell_text(value)}) from exc
