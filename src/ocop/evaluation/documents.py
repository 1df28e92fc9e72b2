"""Printable documents of an evaluation round: council minutes (biên bản), the
recognition decision (PDF, WeasyPrint) and the result list (.xlsx).

WeasyPrint and openpyxl load lazily: they are heavy and only these pages need them.
"""

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from .enums import ScoresheetState
from .models import Decision, Round


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


def _round_rows(round_: Round) -> list[dict[str, Any]]:
    council = getattr(round_, "council", None)
    members = list(council.members.select_related("user")) if council else []
    rows = []
    dossiers = round_.dossiers.select_related("product__producer", "product__product_set", "result")
    for dossier in dossiers.order_by("product__name"):
        totals = {
            s.member_id: s.total
            for s in dossier.scoresheets.filter(state=ScoresheetState.SUBMITTED)
        }
        rows.append(
            {
                "dossier": dossier,
                "result": getattr(dossier, "result", None),
                "totals": [totals.get(m.pk) for m in members],
            }
        )
    return rows


def minutes_pdf(*, round_: Round) -> bytes:
    """Biên bản họp Hội đồng: members, each dossier's member totals, mean and star."""
    council = getattr(round_, "council", None)
    return _pdf(
        "evaluation/pdf/minutes.html",
        {
            "round": round_,
            "council": council,
            "members": list(council.members.select_related("user")) if council else [],
            "rows": _round_rows(round_),
            "printed_at": timezone.localtime(),
        },
    )


def decision_pdf(*, decision: Decision) -> bytes:
    """Quyết định công nhận sản phẩm OCOP, with the annexed list of products and stars."""
    items = decision.items.select_related("product__producer__commune__province", "dossier")
    return _pdf(
        "evaluation/pdf/decision.html",
        {"decision": decision, "round": decision.round, "items": list(items)},
    )


def results_xlsx(*, round_: Round) -> bytes:
    from openpyxl import Workbook

    council = getattr(round_, "council", None)
    members = list(council.members.select_related("user")) if council else []
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Dot {round_.number}-{round_.year}"
    sheet.append(
        ["Mã sản phẩm", "Sản phẩm", "Chủ thể", "Bộ sản phẩm"]
        + [f"Điểm {m.user}" for m in members]
        + ["Điểm trung bình", "Hạng sao", "Tiềm năng 5 sao", "Trạng thái"]
    )
    for row in _round_rows(round_):
        dossier, result = row["dossier"], row["result"]
        sheet.append(
            [
                dossier.code,
                dossier.product.name,
                dossier.product.producer.name,
                dossier.product.product_set.number,
                *[float(t) if t is not None else None for t in row["totals"]],
                float(result.total) if result and result.total is not None else None,
                result.star if result else None,
                "Có" if result and result.potential_5_star else "",
                dossier.get_state_display(),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
