"""Stamp serials: random, unguessable, short, and self-checking without a database.

A serial is 15 characters of Crockford base32 (``0-9`` and ``A-Z`` without ``I L O U``,
so nothing reads as another character): 10 random characters (50 bits from ``secrets``)
followed by a 5-character check (25 bits of an HMAC-SHA256 of those 10 characters).
Every character is valid in GS1 AI (21), and 15 ≤ 20, the AI's maximum length.

**Why an HMAC and not an Ed25519 signature.** An Ed25519 signature is 64 bytes (about
103 base32 characters); it does not fit in AI (21), and a truncated Ed25519 signature
cannot be verified at all. A truncated HMAC can: 25 bits means a forged or mistyped
serial passes with probability 1 in 33 million, and every failed guess is logged as a
``bad_signature`` scan. An HMAC also costs about a microsecond, against ~50 µs for an
Ed25519 verification, on a path taken once per scan. The cost is that only the server
can check it, which is where scans are resolved.

**Which key.** The HMAC key is derived from the Ed25519 signing key (``OCOP_SIGNING_KEY``,
or the key file under ``var/keys/``), not from ``OCOP_SECRET_KEY``: that key signs
sessions and password-reset links and may be rotated at any time, whereas a printed
stamp must stay checkable for years. It is ``SHA-256(Ed25519-sign("ocop-stamp-serial:v1"))``:
Ed25519 signatures are deterministic, so this is a stable secret only the holder of the
private key can compute, separate from every other use of that key.
"""

import base64
import hashlib
import hmac
import re
import secrets
from functools import cache

from ocop.core import signing

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
BODY_LENGTH = 10  # 32^10 = 2^50 ≈ 1.1e15 possible serials
CHECK_LENGTH = 5  # 2^25 ≈ 3.4e7: the odds against a forged serial passing
LENGTH = BODY_LENGTH + CHECK_LENGTH
_KEY_LABEL = b"ocop-stamp-serial:v1"

# RFC 4648 base32 (fast, in C) re-lettered to Crockford's alphabet.
_TO_CROCKFORD = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ALPHABET.encode())
_CANONICAL = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")
# What people type: lower case, the letters Crockford reads as digits, spaces, hyphens.
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1", " ": None, "-": None, ".": None})


@cache
def _key() -> bytes:
    return hashlib.sha256(signing.sign(_KEY_LABEL)).digest()


def reset_key_cache() -> None:
    """Forget the derived key (tests that switch the signing key)."""
    _key.cache_clear()


def _check(body: bytes, key: bytes) -> bytes:
    return base64.b32encode(hmac.digest(key, body, "sha256")[:5]).translate(_TO_CROCKFORD)[
        :CHECK_LENGTH
    ]


def new_serials(count: int) -> list[str]:
    """``count`` fresh serials; one call to the OS random source for all of them."""
    key = _key()
    random = secrets.token_bytes(7 * count)  # 56 bits each, of which 50 are used
    serials = []
    for i in range(0, 7 * count, 7):
        body = base64.b32encode(random[i : i + 7]).translate(_TO_CROCKFORD)[:BODY_LENGTH]
        serials.append((body + _check(body, key)).decode("ascii"))
    return serials


def new_serial() -> str:
    return new_serials(1)[0]


def serial_is_authentic(serial: str) -> bool:
    """True when ``serial`` is well formed and its check matches; no database access.

    Expects the canonical form (as printed and as encoded in the QR code); pass typed
    input through ``normalize_serial`` first.
    """
    if len(serial) != LENGTH or not _CANONICAL.fullmatch(serial):
        return False
    raw = serial.encode("ascii")
    return hmac.compare_digest(_check(raw[:BODY_LENGTH], _key()), raw[BODY_LENGTH:])


def normalize_serial(text: str) -> str:
    """A serial as typed by a person → canonical form (upper case, O→0, I/L→1, no gaps)."""
    return (text or "").upper().translate(_TYPED)


def format_serial(serial: str) -> str:
    """Groups of five for people to read: ``7K3QX 9MZ2A R4T8B``."""
    return " ".join(serial[i : i + 5] for i in range(0, len(serial), 5))
