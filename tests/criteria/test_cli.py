"""Tests of ``ocop criteria check|show`` and ``ocop score`` (exit codes and output).

Why: CI runs ``criteria check`` and people script ``score``; the exit code and the JSON are
the interface. Most tests use ``call_command``; a few run the real ``ocop`` executable to
prove the process exit code.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from ocop.criteria.sheets import DATA_DIR, sheet_to_dict
from tests.criteria.helpers import best_answers, form

OCOP = Path(sys.executable).with_name("ocop")
SHEET_1 = form("26/2026", 1).sheet


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def fails(*args: str) -> CommandError:
    with pytest.raises(CommandError) as caught:
        call_command(*args, stdout=io.StringIO())
    return caught.value


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- criteria check


def test_check_prints_one_line_per_sheet() -> None:
    lines = run("criteria", "check").splitlines()
    assert len(lines) == 26 + 26 + 1 + 1
    assert lines[0] == (
        "26/2026    bộ  1  Rau, củ, quả, hạt tươi" + " " * 38 + "  A40 B25 C35 = 100  OK"
    )
    assert lines[26].startswith("148/2023   bộ  1  Rau củ quả hạt tươi")
    assert lines[52] == "1048/2019  không có phiếu (chỉ ghi điểm từng phần: A35 B25 C40)  OK"
    assert lines[53] == "Mọi phiếu hợp lệ / all sheets OK"
    assert all(line.endswith("OK") for line in lines)


def test_check_fails_on_a_broken_sheet(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    sheet = data / "qd-26-2026" / "01-rau-cu-qua-hat-tuoi.yaml"
    text = sheet.read_text(encoding="utf-8")
    # Group 1 "TỔ CHỨC SẢN XUẤT" printed as 19 instead of 18.
    sheet.write_text(text.replace("    max: 18\n", "    max: 19\n", 1), encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("criteria", "check", "--data-dir", str(data), stdout=out)
    assert caught.value.returncode == 1
    assert str(caught.value) == "2 lỗi trong dữ liệu bộ tiêu chí / 2 errors"
    lines = out.getvalue().splitlines()
    assert lines[0].endswith("A40 B25 C35 = 100  LỖI (2)")
    assert lines[1:3] == [
        "    part A: max 40 != sum of groups 41",
        "    group 1: max 19 != sum of criteria 18",
    ]
    assert lines[3].startswith("26/2026    bộ  2") and lines[3].endswith("OK")


# --------------------------------------------------------------------------- criteria show


def test_show_json_is_the_issue_shape() -> None:
    data = json.loads(run("criteria", "show", "--criteria", "26/2026", "--set", "1", "--json"))
    assert data == sheet_to_dict(SHEET_1)
    assert (data["criteria"], data["set"], data["name"]) == ("26/2026", 1, "Rau, củ, quả, hạt tươi")
    part = data["parts"][0]
    assert (part["code"], part["max"]) == ("A", 40)
    group = part["groups"][0]
    assert (group["number"], group["name"], group["max"]) == (1, "TỔ CHỨC SẢN XUẤT", 18)
    criterion = group["criteria"][0]
    assert (criterion["code"], criterion["name"], criterion["max"]) == (
        "1.1",
        "Nguồn gốc sản phẩm",
        3,
    )
    assert criterion["options"][0] == {
        "number": 1,
        "text": "Sản phẩm được trồng trên địa bàn cấp xã, nhưng có tỷ lệ dưới 50%",
        "points": 1,
        "min_star": None,
        "knockout": False,
    }
    # "7. DINH DƯỠNG" is a group holding one criterion coded "7".
    nutrition = data["parts"][2]["groups"][1]
    assert (nutrition["number"], [c["code"] for c in nutrition["criteria"]]) == (7, ["7"])


def test_show_json_148() -> None:
    data = json.loads(run("criteria", "show", "--criteria", "148/2023", "--set", "14", "--json"))
    assert (data["criteria"], data["set"], data["name"]) == ("148/2023", 14, "Rượu trắng")
    assert [(p["code"], p["max"]) for p in data["parts"]] == [("A", 40), ("B", 25), ("C", 35)]
    assert data == sheet_to_dict(form("148/2023", 14).sheet)


def test_show_text() -> None:
    lines = run("criteria", "show", "--criteria", "qd-26-2026", "--set", "1").splitlines()
    assert lines[0] == "Bộ tiêu chí 26/2026 · Bộ sản phẩm số 1: Rau, củ, quả, hạt tươi (I.1.a)"
    assert lines[1] == "PHẦN A. SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG (40 điểm)"
    assert lines[2] == "  1. TỔ CHỨC SẢN XUẤT (18 điểm)"
    assert lines[3] == "    1.1. Nguồn gốc sản phẩm (3 điểm)"
    assert lines[4] == "        (có thể không chọn mức nào = 0 điểm)"
    assert "      3) Đồng đều — 2đ [**** tối thiểu 4 sao]" in lines
    assert "  sheet:1 [declared] Hồ sơ bị loại khi: Giả mạo hồ sơ" in "\n".join(lines)
    assert lines[-1] == "Tổng: 100 điểm"


@pytest.mark.parametrize(
    ("criteria", "number", "message"),
    [
        (
            "9/2030",
            "1",
            "Không có bộ tiêu chí '9/2030' (có: 1048/2019, 148/2023, 26/2026)"
            " / unknown criteria version '9/2030'",
        ),
        (
            "26/2026",
            "27",
            "Bộ tiêu chí 26/2026 không có phiếu bộ sản phẩm số 27"
            " / no sheet for product set 27 in 26/2026",
        ),
        (
            "1048/2019",
            "1",
            "Bộ tiêu chí 1048/2019 không có phiếu bộ sản phẩm số 1"
            " / no sheet for product set 1 in 1048/2019",
        ),
    ],
)
def test_show_unknown_exits_2(criteria: str, number: str, message: str) -> None:
    error = fails("criteria", "show", "--criteria", criteria, "--set", number)
    assert (error.returncode, str(error)) == (2, message)


def test_show_unknown_process_exit_code() -> None:
    done = subprocess.run(
        [str(OCOP), "criteria", "show", "--criteria", "26/2026", "--set", "99"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "không có phiếu bộ sản phẩm số 99" in done.stderr


# --------------------------------------------------------------------------- score


def test_score_one_file(tmp_path: Path) -> None:
    answers = best_answers(SHEET_1) | {"1.3": 2}
    path = write(tmp_path / "tu-danh-gia.json", answers)
    data = json.loads(run("score", "--criteria", "26/2026", "--set", "1", str(path)))
    assert list(data)[:10] == [
        "criteria", "set", "members", "parts", "total", "band_star", "star", "capped_by",
        "knockouts", "potential_5_star",
    ]  # fmt: skip
    assert (data["criteria"], data["set"]) == ("26/2026", 1)
    assert data["parts"] == {"A": 39, "B": 25, "C": 35}
    assert (data["total"], data["band_star"], data["star"]) == (99, 5, 4)
    assert data["capped_by"] == [{"criterion": "1.3", "mark": 5, "required": 3, "points": 2}]
    assert (data["knockouts"], data["potential_5_star"], data["council"]) == ([], True, None)
    assert [(m["member"], m["total"]) for m in data["members"]] == [("tu-danh-gia", 99)]


def test_score_council(tmp_path: Path) -> None:
    best = best_answers(SHEET_1)
    files = [
        write(tmp_path / "a.json", {"member": "Chủ tịch", "role": "chair", "answers": best}),
        write(
            tmp_path / "b.json",
            {"member": "B", "criteria": "26/2026", "set": 1, "answers": best | {"4.1": 3}},
        ),
        write(
            tmp_path / "c.json",
            {"member": "C", "answers": best | {"8": 2}, "knockouts": ["sheet:1"]},
        ),
    ]
    out = run(
        "score", "--criteria", "26/2026", "--set", "1", *map(str, files), "--council-size", "4"
    )
    data = json.loads(out)
    assert [(m["member"], m["chair"], m["total"]) for m in data["members"]] == [
        ("Chủ tịch", True, 100),
        ("B", False, 98),
        ("C", False, 96),
    ]
    assert data["total"] == 98.0
    assert data["parts"] == {"A": 40.0, "B": 73 / 3, "C": 101 / 3}
    assert (data["band_star"], data["star"], data["potential_5_star"]) == (5, 4, True)
    assert data["capped_by"] == [
        {"criterion": "4.1", "mark": 5, "required": 5, "points": 13 / 3},
    ]
    assert data["knockouts"] == []
    assert [(f["rule"], f["votes"]) for f in data["flagged"]] == [("sheet:1", 1)]
    assert data["council"] == {
        "size": 4,
        "present": 3,
        "quorum_required": 3,
        "chair_present": True,
        "quorum_met": True,
        "spread": 4,
        "max_spread": 10,
        "held": False,
        "ready": True,
    }


def test_score_council_rules_options(tmp_path: Path) -> None:
    best = best_answers(SHEET_1)
    a = write(tmp_path / "a.json", best)
    b = write(tmp_path / "b.json", best | {"4.3": 1, "4.1": 1})  # −5 −4 = 91
    args = [str(a), str(b), "--quorum", "1/2", "--max-spread", "8", "--no-chair-required"]
    data = json.loads(run("score", "--criteria", "26/2026", "--set", "1", *args))
    assert data["council"]["spread"] == 9
    assert (data["council"]["held"], data["council"]["quorum_met"]) == (True, True)
    assert data["council"]["max_spread"] == 8.0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{nope", "không phải JSON hợp lệ (dòng 1, cột 2) / not valid JSON"),
        ("[1, 2]", "tệp phải chứa một đối tượng JSON / expected a JSON object"),
        ('{"answers": {}, "vote": 1}', "khóa không hợp lệ ['vote'] / unknown keys ['vote']"),
        ('{"answers": [1]}', '"answers" phải là một đối tượng / "answers" must be an object'),
        ('{"answers": {}, "knockouts": "sheet:1"}', '"knockouts" phải là danh sách mã quy tắc'),
        ('{"answers": {}, "role": "boss"}', "vai trò 'boss' không hợp lệ"),
        ('{"answers": {}, "criteria": "148/2023"}', "tệp chấm bộ tiêu chí '148/2023'"),
        ('{"answers": {}, "set": 2}', "tệp chấm bộ sản phẩm 2, không phải 1"),
    ],
)
def test_score_bad_file_exits_2(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    error = fails("score", "--criteria", "26/2026", "--set", "1", str(path))
    assert error.returncode == 2
    assert str(error).startswith(f"{path}: ")
    assert message in str(error)


def test_score_bad_answers_exit_2(tmp_path: Path) -> None:
    answers = best_answers(SHEET_1) | {"9.9": 1}
    del answers["6.4"]
    error = fails(
        "score", "--criteria", "26/2026", "--set", "1", str(write(tmp_path / "x.json", answers))
    )
    assert error.returncode == 2
    assert str(error).splitlines() == [
        "Phiếu chấm không hợp lệ / invalid answers:",
        "  - Tiêu chí không có trong phiếu / unknown criterion: 9.9",
        "  - Chưa chấm / unanswered: 6.4",
    ]


def test_score_reports_every_bad_file(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text("", encoding="utf-8")
    missing = tmp_path / "missing.json"
    error = fails("score", "--criteria", "26/2026", "--set", "1", str(one), str(missing))
    assert error.returncode == 2
    first, second = str(error).splitlines()
    assert first.startswith(f"{one}: không phải JSON hợp lệ")
    assert second == f"{missing}: không đọc được tệp / cannot read file (No such file or directory)"


def test_score_unknown_set_exits_2(tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", {})
    error = fails("score", "--criteria", "26/2026", "--set", "30", str(path))
    assert error.returncode == 2


def test_score_process(tmp_path: Path) -> None:
    good = write(tmp_path / "good.json", best_answers(SHEET_1))
    done = subprocess.run(
        [str(OCOP), "score", "--criteria", "26/2026", "--set", "1", str(good)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    data = json.loads(done.stdout)
    assert (data["total"], data["star"]) == (100, 5)
    bad = write(tmp_path / "bad.json", {"1.1": 3})
    done = subprocess.run(
        [str(OCOP), "score", "--criteria", "26/2026", "--set", "1", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert "Chưa chấm / unanswered: 1.2, 1.5" in done.stderr
