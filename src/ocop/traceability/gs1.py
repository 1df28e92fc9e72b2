"""GS1 identifiers: GTIN check digits and normalisation, GS1 Digital Link URIs.

Pure functions, no Django models: the resolver's hot path imports this module.
"""

import re
from urllib.parse import quote, unquote

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


# ---- EPC identifiers in EPCIS events ------------------------------------------------
# EPCIS 2.0 accepts both GS1 Digital Link URIs (canonical, ``https://id.gs1.org``) and the
# older EPC URNs; an event captured from another system may use either, so both are read.

CANONICAL_BASE = "https://id.gs1.org"
_DL_ITEM = re.compile(
    r"^https?://[^/]+(?:/[^/]+)*?/01/(?P<gtin>\d{14})(?:/10/(?P<lot>[^/?#]+))?"
    r"(?:/21/(?P<serial>[^/?#]+))?/?(?:[?#].*)?$"
)
_DL_GLN = re.compile(
    r"^https?://[^/]+(?:/[^/]+)*?/414/(?P<gln>\d{13})(?:/254/(?P<ext>[^/?#]+))?/?$"
)
_URN_ITEM = re.compile(
    r"^urn:epc:(?:id:sgtin|class:lgtin|idpat:sgtin):(?P<cp>\d+)\.(?P<ir>\d+)\.(?P<rest>[^.]+)$"
)
_URN_SGLN = re.compile(r"^urn:epc:id:sgln:(?P<cp>\d+)\.(?P<lr>\d*)\.(?P<ext>[^.]*)$")


def class_uri(*, gtin: str, lot: str = "") -> str:
    """The EPC class of a trade item or of one of its lots (LGTIN), as a Digital Link URI."""
    return digital_link(base_url=CANONICAL_BASE, gtin=gtin, lot=lot)


def gln_uri(gln: str) -> str:
    return f"{CANONICAL_BASE}/414/{gln}"


def _gtin_from_urn(cp: str, ir: str) -> str:
    # SGTIN/LGTIN URNs put the indicator digit first in the item reference.
    body = ir[:1] + cp + ir[1:]
    return body + str(check_digit(body))


def parse_item(uri: str) -> tuple[str, str, str] | None:
    """``(gtin14, lot, serial)`` of an EPC or EPC class URI, or None when it is not a GTIN.

    Raises ``GS1Error`` when the URI names a GTIN whose check digit is wrong.
    """
    if match := _DL_ITEM.match(uri):
        gtin = normalize_gtin(match["gtin"])
        return gtin, unquote(match["lot"] or ""), unquote(match["serial"] or "")
    if match := _URN_ITEM.match(uri):
        if len(match["cp"]) + len(match["ir"]) != 13:
            raise GS1Error(
                "bad_epc_urn", "An SGTIN/LGTIN URN needs 13 prefix and reference digits."
            )
        gtin = _gtin_from_urn(match["cp"], match["ir"])
        rest = "" if match["rest"] == "*" else match["rest"]
        if uri.startswith("urn:epc:class:lgtin:"):
            return gtin, rest, ""
        return gtin, "", rest
    return None


def parse_location(uri: str) -> str | None:
    """The GLN of a location URI (Digital Link ``/414/`` or an SGLN URN), else None."""
    if match := _DL_GLN.match(uri):
        return match["gln"]
    if match := _URN_SGLN.match(uri):
        if len(match["cp"]) + len(match["lr"]) != 12:
            raise GS1Error("bad_epc_urn", "An SGLN URN needs 12 prefix and reference digits.")
        body = match["cp"] + match["lr"]
        return body + str(check_digit(body))
    return None
