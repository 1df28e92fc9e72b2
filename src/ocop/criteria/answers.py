"""The answer document: one filled-in sheet as JSON, for the CLI, imports and the API.

Why a module of its own: the engine takes typed values (:class:`~.scoring.MemberSheet`);
files and requests carry untyped JSON. Turning one into the other, with messages a council
secretary can act on, must happen in one place so every entry point rejects the same
mistakes. Whether the answers fit the sheet (unknown criteria, options, rules) is left to
the engine, which reports all such problems at once.

Format (``ANSWER_FORMAT`` is the text shown by ``ocop score --help``)::

    {
      "member": "Nguyễn Văn An",      optional; default: the file name
      "role": "chair",                optional: "chair" (chủ tịch hội đồng) or "member"
      "criteria": "26/2026",          optional; must match the sheet scored
      "set": 1,                       optional; must match the sheet scored
      "answers": {"1.1": 3, "1.2": 1, "3.3": null, "5.2": null},
      "knockouts": ["sheet:1"]        optional: declared knock-out / stop rule ids
    }

A bare ``{"1.1": 3, …}`` object is accepted as ``answers`` alone.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .scoring import MemberSheet

ANSWER_KEYS = frozenset({"member", "role", "criteria", "set", "answers", "knockouts"})
ROLES = frozenset({"chair", "member"})

ANSWER_FORMAT = """\
Tệp trả lời / answer file (JSON, UTF-8):

  {
    "member": "Nguyễn Văn An",   tên thành viên / member (mặc định: tên tệp)
    "role": "chair",             "chair" (chủ tịch) hoặc "member" (mặc định)
    "criteria": "26/2026",       tùy chọn, phải khớp --criteria
    "set": 1,                    tùy chọn, phải khớp --set
    "answers": {"1.1": 3, "1.2": 1, "3.3": null, ...},
    "knockouts": ["sheet:1"]     quy tắc loại / dừng đánh giá được khai báo
  }

  answers: mã tiêu chí -> số thứ tự lựa chọn (1, 2, … theo thứ tự in trong phiếu).
  null (hoặc bỏ trống) chỉ dùng cho tiêu chí không có lựa chọn 0 điểm: "không đạt mức
  nào" = 0 điểm. Tiêu chí không áp dụng (vd. 5.2 khi 5.1 = "Không có câu chuyện") được
  0 điểm dù có trả lời hay không. Mọi tiêu chí khác phải được chấm.
  knockouts: mã quy tắc xem bằng `ocop criteria show --criteria … --set …`
  ("sheet:1" = "Hồ sơ bị loại khi…", "2.1:knockout", "6.1:stop", …).
  Một đối tượng {"1.1": 3, ...} không có khóa "answers" được coi là answers.
"""


class AnswerFileError(ValueError):
    """An answer document that is not even shaped like one (before any scoring)."""


def _fail(where: str, vi: str, en: str) -> AnswerFileError:
    return AnswerFileError(f"{where}: {vi} / {en}")


def _answers(where: str, raw: Any) -> dict[str, int | None]:
    if not isinstance(raw, Mapping):
        raise _fail(where, '"answers" phải là một đối tượng', '"answers" must be an object')
    return dict(raw)


def _knockouts(where: str, raw: Any) -> frozenset[str]:
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise _fail(
            where,
            '"knockouts" phải là danh sách mã quy tắc',
            '"knockouts" must be a list of rule ids',
        )
    return frozenset(raw)


def _check_identity(where: str, data: Mapping[str, Any], *, criteria: str, number: int) -> None:
    if "criteria" in data and data["criteria"] != criteria:
        raise _fail(
            where,
            f"tệp chấm bộ tiêu chí {data['criteria']!r}, không phải {criteria}",
            f"file is for criteria {data['criteria']!r}, not {criteria}",
        )
    if "set" in data and data["set"] != number:
        raise _fail(
            where,
            f"tệp chấm bộ sản phẩm {data['set']!r}, không phải {number}",
            f"file is for set {data['set']!r}, not {number}",
        )


def member_sheet_from_document(
    data: Any, *, where: str, default_member: str, criteria: str, number: int
) -> MemberSheet:
    """Validate the shape of one answer document and turn it into a MemberSheet."""
    if not isinstance(data, Mapping):
        raise _fail(where, "tệp phải chứa một đối tượng JSON", "expected a JSON object")
    if "answers" not in data:
        return MemberSheet(member=default_member, answers=dict(data))
    unknown = sorted(set(data) - ANSWER_KEYS)
    if unknown:
        raise _fail(where, f"khóa không hợp lệ {unknown}", f"unknown keys {unknown}")
    _check_identity(where, data, criteria=criteria, number=number)
    role = data.get("role", "member")
    if role not in ROLES:
        raise _fail(where, f"vai trò {role!r} không hợp lệ", 'role must be "chair" or "member"')
    member = data.get("member", default_member)
    if not isinstance(member, str) or not member.strip():
        raise _fail(where, '"member" phải là tên thành viên', '"member" must be a name')
    return MemberSheet(
        member=member.strip(),
        answers=_answers(where, data["answers"]),
        knockouts=_knockouts(where, data.get("knockouts", [])),
        is_chair=role == "chair",
    )


def read_answer_file(path: Path, *, criteria: str, number: int) -> MemberSheet:
    """Read one answer file; raises AnswerFileError with the file name in the message."""
    where = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _fail(where, "không đọc được tệp", f"cannot read file ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise _fail(where, "tệp không phải UTF-8", "file is not UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise _fail(
            where,
            f"không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno})",
            f"not valid JSON ({exc.msg})",
        ) from exc
    return member_sheet_from_document(
        data, where=where, default_member=path.stem, criteria=criteria, number=number
    )
