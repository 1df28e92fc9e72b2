"""Money in templates: Django's Vietnamese locale has no digit grouping, and
"2500000000 đồng" is unreadable, so amounts are grouped by thousands here."""

from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def money(value: Any) -> str:
    """``2500000000`` → ``2.500.000.000`` (Vietnamese) or ``2,500,000,000`` (English)."""
    if value is None or value == "":
        return "—"
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    grouped = f"{number:,}"
    if (get_language() or "vi").startswith("vi"):
        grouped = grouped.replace(",", ".")
    return grouped
