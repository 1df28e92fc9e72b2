"""The criteria sheet as an HTML form: rendering context and parsing of the answers.

Used for the producer's self-assessment (Mẫu 02) and for each council member's sheet, so
both read exactly the same form of the same sheet revision.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from ocop.criteria.scoring import Rule, sheet_rules
from ocop.criteria.sheets import Criterion, Sheet


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    field: str
    note_field: str
    chosen: int | None
    note: str


def field_name(code: str) -> str:
    return f"c-{code}"


def note_name(code: str) -> str:
    return f"note-{code}"


def sheet_context(
    sheet: Sheet,
    *,
    answers: Mapping[str, Any],
    comments: Mapping[str, str] | None = None,
    knockouts: list[str] | None = None,
) -> dict[str, Any]:
    comments = comments or {}
    parts = []
    for part in sheet.parts:
        groups = []
        for group in part.groups:
            rows = [
                CriterionRow(
                    criterion=c,
                    field=field_name(c.code),
                    note_field=note_name(c.code),
                    chosen=answers.get(c.code),
                    note=comments.get(c.code, ""),
                )
                for c in group.criteria
            ]
            groups.append({"group": group, "rows": rows})
        parts.append({"part": part, "groups": groups})
    declared = [r for r in sheet_rules(sheet) if r.trigger == "declared"]
    return {
        "sheet": sheet,
        "sheet_parts": parts,
        "declared_rules": declared,
        "ticked_rules": set(knockouts or []),
    }


def parse_answers(
    sheet: Sheet, data: QueryDict
) -> tuple[dict[str, int | None], list[str], dict[str, str]]:
    """Answers keyed by criterion code (``None`` where nothing was ticked), declared
    knock-out rule ids, and per-criterion comments. Values are not trusted here: the
    engine validates them on submission."""
    answers: dict[str, int | None] = {}
    comments: dict[str, str] = {}
    for criterion in sheet.criteria_list():
        raw = data.get(field_name(criterion.code), "")
        answers[criterion.code] = int(raw) if raw.isdigit() else None
        note = data.get(note_name(criterion.code), "").strip()
        if note:
            comments[criterion.code] = note[:2000]
    known: set[str] = {r.id for r in sheet_rules(sheet) if r.trigger == "declared"}
    knockouts = [rule for rule in data.getlist("knockout") if rule in known]
    return answers, knockouts, comments


def declared_rule_texts(sheet: Sheet, ids: list[str]) -> list[Rule]:
    by_id = {r.id: r for r in sheet_rules(sheet)}
    return [by_id[i] for i in ids if i in by_id]
