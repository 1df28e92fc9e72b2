"""Writes on plans and targets; each checks the actor's area, validates and is audited."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from ocop.accounts.scope import scope_for
from ocop.core.audit import log_action
from ocop.core.domain import create_audited, update_audited
from ocop.core.uploads import DOCUMENT_KINDS, check_upload

from .models import Course, Participant, ParticipantLevel, Plan, Target

PLAN_FIELDS = frozenset(
    {
        "number",
        "title",
        "issuer",
        "issued_on",
        "start_year",
        "end_year",
        "province",
        "commune",
        "notes",
    }
)
TARGET_FIELDS = frozenset(
    {"indicator", "year", "end_year", "commune", "value", "notes", "position"}
)


def may_edit_plan(actor: Any, *, province_code: str, commune_code: str | None = None) -> bool:
    """Provincial editors write the plans of their province; a commune editor only the
    plans of its own commune. ``actor=None`` is the system (demo loader)."""
    if actor is None:
        return True
    scope = scope_for(actor)
    if scope.edit_national or province_code in scope.edit_province_codes:
        return True
    return bool(commune_code) and commune_code in scope.edit_commune_codes


def _check_area(actor: Any, plan: Plan) -> None:
    if not may_edit_plan(actor, province_code=plan.province_id, commune_code=plan.commune_id):
        raise PermissionDenied("Ngoài địa bàn được giao.")


def _only(fields: Mapping[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    return dict(fields)


def _store_document(plan: Plan, upload: UploadedFile) -> dict[str, str]:
    """Check and store a plan's document; returns the fields that describe it."""
    checked = check_upload(upload, allowed=DOCUMENT_KINDS, prefix="plans")
    plan.document.save(checked.stored_name, upload, save=False)
    return {
        "document": plan.document.name or "",
        "document_name": (upload.name or "")[:255],
        "document_type": checked.content_type,
    }


@transaction.atomic
def create_plan(
    *, actor: Any, fields: Mapping[str, Any], document: UploadedFile | None = None
) -> Plan:
    plan = Plan(**_only(fields, PLAN_FIELDS), created_by=actor)
    _check_area(actor, plan)
    plan.full_clean()  # before the file is stored
    if document is not None:
        for name, value in _store_document(plan, document).items():
            setattr(plan, name, value)
    return create_audited(obj=plan, actor=actor, action="ocop.plan.created")


@transaction.atomic
def update_plan(
    *,
    actor: Any,
    plan: Plan,
    fields: Mapping[str, Any],
    document: UploadedFile | None = None,
) -> Plan:
    _check_area(actor, plan)
    values = _only(fields, PLAN_FIELDS)
    probe = Plan(**{**{f: getattr(plan, f) for f in PLAN_FIELDS}, **values})
    _check_area(actor, probe)  # may not move a plan out of one's area either
    if document is not None:
        values.update(_store_document(plan, document))
    return update_audited(obj=plan, fields=values, actor=actor, action="ocop.plan.updated")


@transaction.atomic
def add_target(*, actor: Any, plan: Plan, fields: Mapping[str, Any]) -> Target:
    _check_area(actor, plan)
    values = _only(fields, TARGET_FIELDS)
    if "position" not in values:
        values["position"] = plan.targets.count()
    target = Target(plan=plan, created_by=actor, **values)
    return create_audited(obj=target, actor=actor, action="ocop.plan.target_added")


@transaction.atomic
def update_target(*, actor: Any, target: Target, fields: Mapping[str, Any]) -> Target:
    _check_area(actor, target.plan)
    return update_audited(
        obj=target,
        fields=_only(fields, TARGET_FIELDS),
        actor=actor,
        action="ocop.plan.target_updated",
    )


@transaction.atomic
def remove_target(*, actor: Any, target: Target) -> None:
    plan = target.plan
    _check_area(actor, plan)
    log_action(
        action="ocop.plan.target_removed",
        obj=plan,
        actor=actor,
        data={
            "indicator": target.indicator,
            "year": target.year,
            "end_year": target.end_year,
            "commune": target.commune_id,
            "value": str(target.value),
        },
    )
    target.delete()


# ------------------------------------------------------------------- training

COURSE_FIELDS = frozenset(
    {
        "topic",
        "kind",
        "start_date",
        "end_date",
        "place",
        "province",
        "commune",
        "organiser",
        "trainers",
        "notes",
    }
)
PARTICIPANT_FIELDS = frozenset(
    {"user", "producer", "name", "level", "attended", "certificate_number"}
)


def _check_course_area(actor: Any, course: Course) -> None:
    if not may_edit_plan(actor, province_code=course.province_id, commune_code=course.commune_id):
        raise PermissionDenied("Ngoài địa bàn được giao.")


def level_of_user(user: Any) -> str:
    """The highest level among a person's active role assignments (national above
    province above commune above producer); a person without one counts as national
    only if they are a superuser, else as commune."""
    from ocop.accounts.models import RoleAssignment

    rows = list(
        RoleAssignment.objects.filter(user=user, is_active=True).values_list(
            "province_id", "commune_id", "producer_id"
        )
    )
    if getattr(user, "is_superuser", False) or any(
        p is None and c is None and r is None for p, c, r in rows
    ):
        return ParticipantLevel.NATIONAL
    if any(p is not None for p, _c, _r in rows):
        return ParticipantLevel.PROVINCE
    if any(c is not None for _p, c, _r in rows):
        return ParticipantLevel.COMMUNE
    if rows:
        return ParticipantLevel.PRODUCER
    return ParticipantLevel.COMMUNE


@transaction.atomic
def create_course(*, actor: Any, fields: Mapping[str, Any]) -> Course:
    course = Course(**_only(fields, COURSE_FIELDS), created_by=actor)
    _check_course_area(actor, course)
    return create_audited(obj=course, actor=actor, action="ocop.course.created")


@transaction.atomic
def update_course(*, actor: Any, course: Course, fields: Mapping[str, Any]) -> Course:
    _check_course_area(actor, course)
    values = _only(fields, COURSE_FIELDS)
    probe = Course(**{**{f: getattr(course, f) for f in COURSE_FIELDS}, **values})
    _check_course_area(actor, probe)  # may not move a course out of one's area either
    return update_audited(obj=course, fields=values, actor=actor, action="ocop.course.updated")


@transaction.atomic
def add_participant(*, actor: Any, course: Course, fields: Mapping[str, Any]) -> Participant:
    """Add a participant; a user account's level comes from their role assignments, a
    producer's level is always "producer"."""
    _check_course_area(actor, course)
    values = _only(fields, PARTICIPANT_FIELDS)
    if values.get("user") is not None:
        values["level"] = level_of_user(values["user"])
    elif values.get("producer") is not None:
        values["level"] = ParticipantLevel.PRODUCER
    participant = Participant(course=course, created_by=actor, **values)
    return create_audited(obj=participant, actor=actor, action="ocop.course.participant_added")


@transaction.atomic
def set_attended(
    *, actor: Any, participant: Participant, attended: bool, certificate_number: str | None = None
) -> Participant:
    _check_course_area(actor, participant.course)
    values: dict[str, Any] = {"attended": attended}
    if certificate_number is not None:
        values["certificate_number"] = certificate_number
    return update_audited(
        obj=participant, fields=values, actor=actor, action="ocop.course.participant_updated"
    )
