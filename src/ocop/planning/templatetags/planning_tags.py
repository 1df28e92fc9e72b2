from decimal import Decimal
from typing import Any

from django import template
from django.utils import numberformat
from django.utils.formats import get_format

register = template.Library()


@register.filter
def plan_number(value: Any) -> str:
    """A target or actual value: thousands grouped, decimals only when there are any
    (``150`` not ``150.00``; ``33,3`` for a share)."""
    if value is None or value == "":
        return "—"
    number = Decimal(value)
    places = 0 if number == number.to_integral_value() else 1
    if places and (number * 10) != (number * 10).to_integral_value():
        places = 2
    return numberformat.format(
        number,
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=places,
        grouping=3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )
