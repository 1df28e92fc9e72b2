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


def create_audited_with_file[M: models.Model](
    *,
    obj: M,
    field: str,
    upload: Any,
    stored_name: str,
    actor: Any,
    action: str,
    data: Mapping[str, Any] | None = None,
) -> M:
    """``create_audited`` for a row that carries an uploaded file (already checked by
    ``core.uploads.check_upload``, which chose ``stored_name``).

    The row is validated before the file is stored, and the file is removed again if the
    insert fails, so a refused upload leaves neither a row nor an orphan file.
    """
    file = getattr(obj, field)
    file.name = stored_name  # so that full_clean sees a file in a required field
    obj.full_clean()
    file.save(stored_name, upload, save=False)
    try:
        return create_audited(obj=obj, actor=actor, action=action, data=data)
    except Exception:
        file.delete(save=False)
        raise
