import pytest
from django.core.exceptions import ValidationError

from ocop.registry.validators import (
    gtin_check_digit,
    normalize_tax_code,
    validate_gtin,
    validate_tax_code,
)


@pytest.mark.parametrize("gtin", ["8934563138165", "96385074", "036000291452", "18934563138162"])
def test_valid_gtins(gtin):
    validate_gtin(gtin)


@pytest.mark.parametrize(
    ("gtin", "code"),
    [
        ("8934563138166", "bad_gtin_check_digit"),
        ("89345", "bad_gtin_length"),
        ("89345631381a5", "bad_gtin_length"),
    ],
)
def test_invalid_gtins(gtin, code):
    with pytest.raises(ValidationError) as caught:
        validate_gtin(gtin)
    assert caught.value.code == code


def test_check_digit():
    assert gtin_check_digit("893456313816") == 5


@pytest.mark.parametrize("value", ["0101234567", "0101234567-001", "001085012345"])
def test_valid_tax_codes(value):
    validate_tax_code(value)


@pytest.mark.parametrize("value", ["123", "01012345678", "0101234567-1", "ABCDEFGHIJ"])
def test_invalid_tax_codes(value):
    with pytest.raises(ValidationError):
        validate_tax_code(value)


def test_tax_code_normalisation_strips_spaces_and_dots():
    assert normalize_tax_code(" 0101.234 567 ") == "0101234567"
