"""Audited create/update used by every data app's domain functions.

Keeping the pattern in one place means no domain function can forget to validate
(``full_clean``) or to log the change.
"""

from collections.abc import Mapping
from typing import Any

from django.db import models

from .audit import diff, log_action, snapshot


def create_audited[M: models.Model](
    *, obj: M, actor: Any, action: str, data: Mapping[str, Any] | None = None
) -> M:
    """Validate and insert ``obj``, and log ``action`` with its initial values."""
    obj.full_clean()
    obj.save()
    log_action(action=action, obj=obj, actor=actor, changes=diff({}, snapshot(obj)), data=data)
    return obj


def update_audited[M: models.Model](
    *,
    obj: M,
    fields: Mapping[str, Any],
    actor: Any,
    action: str,
    reason: str = "",
) -> M:
    """Apply ``fields`` to ``obj``, validate, save, and log before/after of what changed.

    Nothing is written (and nothing logged) when no value actually changes.
    """
    before = snapshot(obj)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    changes = diff(before, snapshot(obj))
    if not changes:
        return obj
    obj.save()
    log_action(action=action, obj=obj, actor=actor, changes=changes, reason=reason)
    return obj
