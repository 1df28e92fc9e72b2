"""Ed25519 signatures for printed codes (certificates now, stamps later).

A printed certificate carries a code signed with the issuing system's private key; anyone
with the published public key (``/.well-known/ocop-keys.json``) can check it offline. The
key comes from ``OCOP_SIGNING_KEY`` (base64 of the 32-byte seed) or, when unset, from a
key file created once under ``var/keys/`` (development and demo).
"""

import base64
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class PublicKey:
    kid: str
    raw: bytes

    def as_jwk(self) -> dict[str, str]:
        return {
            "kty": "OKP",
            "crv": "Ed25519",
            "kid": self.kid,
            "x": b64url(self.raw),
            "use": "sig",
        }


def _seed() -> bytes:
    configured = getattr(settings, "SIGNING_KEY", "")
    if configured:
        seed = base64.b64decode(configured)
    else:
        path = Path(settings.VAR_DIR) / "keys" / "ed25519.seed"
        if not path.exists():
            import secrets

            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(secrets.token_bytes(32))
            path.chmod(0o600)
        seed = path.read_bytes()
    if len(seed) != 32:
        raise ValueError("The Ed25519 signing key must be 32 bytes")
    return seed


@cache
def _private_key() -> "Ed25519PrivateKey":
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(_seed())


def public_key() -> PublicKey:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = _private_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return PublicKey(kid=hashlib.sha256(raw).hexdigest()[:16], raw=raw)


def sign(message: bytes) -> bytes:
    return _private_key().sign(message)


def verify(message: bytes, signature: bytes, *, key: bytes | None = None) -> bool:
    """True when ``signature`` is valid for ``message`` under ``key`` (default: ours)."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    raw = key if key is not None else public_key().raw
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def reset_cache() -> None:
    """Forget the loaded key (tests that switch keys)."""
    _private_key.cache_clear()
