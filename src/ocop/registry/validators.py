"""Identifier formats the registry accepts."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ocop.traceability.gs1 import check_digit as gtin_check_digit

# MST: 10 digits for an organisation, 10-3 for a dependent unit; since 1 Jul 2025 the
# 12-digit personal identification number is the tax code of a household business.
_TAX_CODE = re.compile(r"^(\d{10}(-\d{3})?|\d{12})$")


def normalize_tax_code(value: str) -> str:
    return re.sub(r"[\s.]", "", value or "")


def validate_tax_code(value: str) -> None:
    if not _TAX_CODE.match(value):
        raise ValidationError(
            _(
                "Mã số thuế / số ĐKKD phải gồm 10 chữ số, 10 chữ số kèm '-' và 3 chữ số, "
                "hoặc 12 chữ số (số định danh cá nhân của hộ kinh doanh)."
            ),
            code="bad_tax_code",
        )


def validate_gtin(value: str) -> None:
    if not re.fullmatch(r"\d{8}|\d{12}|\d{13}|\d{14}", value):
        raise ValidationError(_("GTIN phải gồm 8, 12, 13 hoặc 14 chữ số."), code="bad_gtin_length")
    if gtin_check_digit(value[:-1]) != int(value[-1]):
        raise ValidationError(
            _("Số kiểm tra của GTIN không đúng (phải là %(digit)s).")
            % {"digit": gtin_check_digit(value[:-1])},
            code="bad_gtin_check_digit",
        )
