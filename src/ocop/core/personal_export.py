"""A data-subject request: every row, in every model, that holds one person's data.

Rows are found by the registered e-mail and phone fields (``personal_data.REGISTRY``), by
free-text fields that may contain them, and, for an account, by every foreign key to the
account (roles, council seats, notifications, what the person recorded, audit entries).
Credentials (password hashes, two-factor secrets, recovery-code hashes, tokens) are masked:
an export must not become a way to take over the account.
"""

import hashlib
import hmac
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.utils import timezone

from .audit import MASK, log_action
from .models import PersonalDataExport
from .personal_data import Finder, by_finder, fields_of

_CREDENTIAL = ("password", "secret", "hash", "token")


@dataclass
class Found:
    model: str
    pk: Any
    matched: set[str] = field(default_factory=set)
    values: dict[str, Any] = field(default_factory=dict)


def phone_variants(phone: str) -> set[str]:
    """The forms a Vietnamese number is written in: as typed, digits only, 0… and +84…."""
    digits = re.sub(r"\D", "", phone)
    variants = {re.sub(r"[\s.()-]", "", phone), digits}
    if digits.startswith("84"):
        variants |= {"0" + digits[2:], "+84" + digits[2:]}
    elif digits.startswith("0"):
        variants |= {"+84" + digits[1:], "84" + digits[1:]}
    return {v for v in variants if len(re.sub(r"\D", "", v)) >= 8}


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def _values(obj: models.Model) -> dict[str, Any]:
    values = {}
    for model_field in obj._meta.concrete_fields:
        name = model_field.attname
        if any(part in name.lower() for part in _CREDENTIAL) or name == "search_text":
            values[name] = MASK
        else:
            values[name] = _jsonable(getattr(obj, name))
    return values


class _Collector:
    def __init__(self) -> None:
        self.found: dict[tuple[str, Any], Found] = {}

    def add(self, objects: Iterable[models.Model], reason: str) -> None:
        for obj in objects:
            key = (obj._meta.label, obj.pk)
            if key not in self.found:
                self.found[key] = Found(model=obj._meta.label, pk=obj.pk, values=_values(obj))
            self.found[key].matched.add(reason)


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def _user_links() -> list[tuple[type[models.Model], str]]:
    """Every (model, field) that points at an account."""
    user_model = get_user_model()
    links = []
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if model_field.is_relation and model_field.related_model is user_model:
                links.append((model, model_field.name))
    return links


def collect(
    *, email: str | None = None, phone: str | None = None, user_id: int | None = None
) -> list[Found]:
    collector = _Collector()
    user_model = get_user_model()
    users: set[Any] = set()
    if email:
        email = email.strip()
        for spec in by_finder(Finder.EMAIL):
            model = _model(spec.model)
            rows = model._default_manager.filter(**{f"{spec.field}__iexact": email})
            collector.add(rows, spec.label)
            if model is user_model:
                users |= {row.pk for row in rows}
        for spec in by_finder(Finder.TEXT):
            rows = _model(spec.model)._default_manager.filter(**{f"{spec.field}__icontains": email})
            collector.add(rows, spec.label)
    if phone:
        variants = phone_variants(phone)
        for spec in by_finder(Finder.PHONE):
            model = _model(spec.model)
            # Compared without the spaces, dots and dashes people type between digits.
            stripped: Any = F(spec.field)
            for separator in (" ", ".", "-", "(", ")"):
                stripped = Replace(stripped, Value(separator), Value(""))
            rows = (
                model._default_manager.annotate(_phone=stripped)
                .filter(_phone__in=sorted(variants))
                .order_by("pk")
            )
            collector.add(rows, spec.label)
            if model is user_model:
                users |= {row.pk for row in rows}
        for spec in by_finder(Finder.TEXT):
            text_q = Q(pk__in=[])
            for variant in variants:
                text_q |= Q(**{f"{spec.field}__icontains": variant})
            collector.add(_model(spec.model)._default_manager.filter(text_q), spec.label)
    if user_id is not None:
        users.add(user_id)
    for pk in sorted(users):
        collector.add(user_model._default_manager.filter(pk=pk), "accounts.User")
        for model, name in _user_links():
            collector.add(
                model._default_manager.filter(**{name: pk}).order_by("pk"),
                f"{model._meta.label}.{name}",
            )
    return sorted(collector.found.values(), key=lambda f: (f.model, str(f.pk)))


def subject_hash(kind: str, value: str) -> str:
    key = hashlib.sha256(b"ocop-dsr:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, f"{kind}:{value.strip().lower()}".encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def export_person(
    *,
    path: Path,
    email: str | None = None,
    phone: str | None = None,
    user_id: int | None = None,
    requested_by: str = "",
) -> PersonalDataExport:
    """Write the JSON file (readable by its owner only) and register and audit the export."""
    kinds = [(k, v) for k, v in (("email", email), ("phone", phone), ("user", user_id)) if v]
    if len(kinds) != 1:
        raise ValueError("exactly one of email, phone, user_id")
    kind, value = kinds[0]
    found = collect(email=email, phone=phone, user_id=user_id)
    document = {
        "generated_at": timezone.now().isoformat(),
        "legal_basis": "Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15; Nghị định 356/2025/NĐ-CP",
        "query": {kind: value},
        "rows": [
            {
                "model": f.model,
                "pk": f.pk,
                "matched_on": sorted(f.matched),
                "personal_fields": [spec.field for spec in fields_of(f.model)],
                "values": f.values,
            }
            for f in found
        ],
    }
    data = json.dumps(document, ensure_ascii=False, indent=2, default=str).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_bytes(data)
    record = PersonalDataExport.objects.create(
        kind=kind,
        subject_hash=subject_hash(kind, str(value)),
        rows=len(found),
        file_sha256=hashlib.sha256(data).hexdigest(),
        requested_by=requested_by,
    )
    log_action(
        action="ocop.personal_data.exported",
        obj=record,
        data={"kind": kind, "rows": len(found), "sha256": record.file_sha256},
        reason=requested_by,
    )
    return record
