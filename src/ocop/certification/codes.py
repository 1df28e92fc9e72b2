"""Verification codes: random, unguessable, signed.

The printed code is ``<id>`` and the QR carries ``/verify/<id>.<signature>``. The
signature covers the facts printed on the certificate, so an offline checker holding the
public key can confirm both that the code was issued and that the printed number, star
and expiry were not altered.
"""

import secrets
from datetime import date

from ocop.core import signing

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are typed by hand
LENGTH = 12  # 32^12 ≈ 1.2e18: not guessable, not sequential


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def payload(*, code: str, number: str, star: int, expires_on: date) -> bytes:
    return f"ocop-cert:v1|{code}|{number}|{star}|{expires_on:%Y-%m-%d}".encode()


def sign_certificate(*, code: str, number: str, star: int, expires_on: date) -> str:
    message = payload(code=code, number=number, star=star, expires_on=expires_on)
    return signing.b64url(signing.sign(message))


def split_token(token: str) -> tuple[str, str | None]:
    """``ABC…`` or ``ABC….<sig>`` → (code, signature or None)."""
    code, _dot, signature = token.partition(".")
    return code.upper(), signature or None


def signature_valid(*, code: str, number: str, star: int, expires_on: date, signature: str) -> bool:
    try:
        raw = signing.b64url_decode(signature)
    except (ValueError, TypeError):
        return False
    return signing.verify(payload(code=code, number=number, star=star, expires_on=expires_on), raw)
