"""Log lines as JSON objects (one per line) carrying the request id.

``OCOP_LOG_FORMAT=json`` (the default when ``OCOP_DEBUG=0``) or ``text``. The fields are
time, level, logger, message, request_id, method, path, and on the access line status,
duration_ms and user_id. No personal data: the path has no query string, the user is an id.
"""

import json
import logging
from datetime import UTC, datetime

from .context import current

_EXTRA_FIELDS = ("status", "duration_ms", "user_id")


class RequestContextFilter(logging.Filter):
    """Adds the current request's id, method and path to every record (``-`` outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = current.get()
        if not hasattr(record, "request_id"):
            record.request_id = context.request_id if context else "-"
        if not hasattr(record, "method"):
            record.method = context.method if context else None
        if not hasattr(record, "path"):
            record.path = context.path if context else None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "-")
        if request_id != "-":
            line["request_id"] = request_id
        for field in ("method", "path", *_EXTRA_FIELDS):
            value = getattr(record, field, None)
            if value is not None:
                line[field] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
