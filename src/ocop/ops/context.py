"""The current request's id and line, kept in a contextvar so every log line can carry them."""

import re
import uuid
from contextvars import ContextVar
from dataclasses import dataclass

# The proxy's id is reused only if it is short and made of safe characters: it is written
# into every log line and echoed in a header, so it must not carry newlines or markup.
_SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


@dataclass(frozen=True, slots=True)
class RequestContext:
    request_id: str
    method: str
    path: str


current: ContextVar[RequestContext | None] = ContextVar("ocop_request", default=None)


def request_id_from(header: str | None) -> str:
    """The proxy's ``X-Request-ID`` if it is safe, otherwise a new random id."""
    if header and _SAFE_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex
