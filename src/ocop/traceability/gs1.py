"""GS1 identifiers: GTIN check digits and normalisation, GS1 Digital Link URIs.

Pure functions, no Django models: the resolver's hot path imports this module.
"""

import re
from urllib.parse import quote

# GS1 Vietnam's prefix range (893) identifies companies licensed by GS1 Vietnam.
VIETNAM_PREFIX = "893"
# GS1 General Specifications: AI (10) batch/lot and AI (21) serial take up to 20
# characters from the "82-character set"; we accept the URL-safe subset.
_AI_VALUE = re.compile(r"^[A-Za-z0-9\-._]{1,20}$")
_GTIN = re.compile(r"^(\d{8}|\d{12}|\d{13}|\d{14})$")


class GS1Error(ValueError):
    """A malformed GS1 identifier; ``code`` is machine-readable."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def check_digit(body: str) -> int:
    """GS1 mod-10 check digit for the digits before the check digit."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def is_valid_gtin(value: str) -> bool:
    return bool(_GTIN.match(value)) and check_digit(value[:-1]) == int(value[-1])


def normalize_gtin(value: str) -> str:
    """GTIN-8/12/13/14 → GTIN-14 (left-padded with zeros), as GS1 Digital Link requires.

    Raises ``GS1Error`` for a wrong length or check digit.
    """
    value = (value or "").strip()
    if not _GTIN.match(value):
        raise GS1Error("bad_gtin_length", "GTIN must have 8, 12, 13 or 14 digits.")
    if check_digit(value[:-1]) != int(value[-1]):
        raise GS1Error("bad_gtin_check_digit", "The GTIN check digit is wrong.")
    return value.zfill(14)


def is_valid_ai_value(value: str) -> bool:
    return bool(_AI_VALUE.match(value))


def digital_link(*, base_url: str, gtin: str, lot: str = "", serial: str = "") -> str:
    """``{base}/01/{GTIN-14}[/10/{lot}][/21/{serial}]`` — the URI a stamp's QR carries."""
    uri = f"{base_url.rstrip('/')}/01/{normalize_gtin(gtin)}"
    if lot:
        uri += f"/10/{quote(lot, safe='')}"
    if serial:
        uri += f"/21/{quote(serial, safe='')}"
    return uri
