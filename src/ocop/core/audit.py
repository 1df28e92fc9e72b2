"""The audit trail: every domain write calls ``log_action``.

Action codes are namespaced (``ocop.product.created``) so that reports can group
them; keys that hold secrets are masked before they are stored. Entries form a hash chain
(``chain.py``, checked by ``ocop verify_audit``), so appends are serialised: on PostgreSQL
by a transaction-scoped advisory lock, on SQLite by its single writer (the connection
opens write transactions IMMEDIATE, settings/base.py).
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connections, models, router, transaction
from django.utils import timezone

from . import chain
from .models import AuditEntry

MASK = "••••••"
# "contact" holds a member of the public's phone or e-mail: personal data that the
# permanent audit log has no need to keep (Law 91/2025/QH15, data minimisation).
_SENSITIVE = ("password", "secret", "token", "otp", "key", "contact")


def _is_sensitive(key: str) -> bool:
    lowered = key.lower()
    return any(part in lowered for part in _SENSITIVE)


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _mask(data: Mapping[str, Any]) -> dict[str, Any]:
    masked: dict[str, Any] = {}
    for key, value in data.items():
        if _is_sensitive(key):
            masked[key] = MASK
        elif isinstance(value, Mapping):
            masked[key] = _mask(value)
        else:
            masked[key] = _jsonable(value)
    return masked


def snapshot(instance: models.Model, *, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``instance`` (FKs as their id), for a diff."""
    names = set(fields) if fields is not None else None
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in {"id", "created_at", "updated_at", "search_text"}:
            continue
        if names is not None and field.name not in names:
            continue
        values[field.name] = _jsonable(getattr(instance, field.attname))
    return values


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for every field whose value changed."""
    keys = set(before) | set(after)
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(keys)
        if before.get(key) != after.get(key)
    }


def log_action(
    *,
    action: str,
    obj: models.Model,
    actor: Any = None,
    changes: Mapping[str, Any] | None = None,
    data: Mapping[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Append one entry to the audit log. Call it inside the write's transaction."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        at=timezone.now(),
        actor=actor if is_user else None,
        actor_label=(actor.get_username() if is_user else "system"),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=_mask(changes or {}),
        data=_mask(data or {}),
        reason=reason,
    )
    alias = router.db_for_write(AuditEntry)
    # savepoint=False: inside the caller's transaction this costs nothing; called outside
    # one, it opens a transaction so that the lock is held until the insert commits.
    with transaction.atomic(using=alias, savepoint=False):
        connection = connections[alias]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # The lock is held to the end of the transaction: the next writer waits
                # and then reads our hash (migration 0004, ``chain.POSTGRESQL_HEAD_FUNCTION``).
                cursor.execute("SELECT core_auditentry_chain_head()")
            else:  # SQLite: the IMMEDIATE transaction already holds the only write lock
                cursor.execute("SELECT entry_hash FROM core_auditentry ORDER BY id DESC LIMIT 1")
            row = cursor.fetchone()
        entry.prev_hash = row[0] if row and row[0] else chain.GENESIS
        values = {name: getattr(entry, name) for name in chain.HASHED_FIELDS}
        entry.entry_hash = chain.entry_hash(values, prev_hash=entry.prev_hash)
        entry.save(using=alias)
    return entry
