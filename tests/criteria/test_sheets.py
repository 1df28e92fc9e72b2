"""Tests of the versioned criteria data and its loader/validator (no Django needed).

Why: the sheets are the scoring forms; a wrong maximum or a lost star mark silently changes
OCOP results. The expected numbers below are copied from the decisions, sheet by sheet.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ocop.criteria.sheets import (
    DATA_DIR,
    Sheet,
    Version,
    check_sheet,
    check_version,
    load_all,
    load_version,
    sheet_to_dict,
)

VERSIONS = load_all()
V26 = VERSIONS["26/2026"]
V148 = VERSIONS["148/2023"]


def group_maxima(sheet: Sheet) -> dict[int, int]:
    return {group.number: group.max for group in sheet.groups()}


def marks(sheet: Sheet, code: str) -> list[int | None]:
    return [option.min_star for option in sheet.criterion(code).options]


def points(sheet: Sheet, code: str) -> list[int]:
    return [option.points for option in sheet.criterion(code).options]


# --------------------------------------------------------------------------- loading


def test_versions_present() -> None:
    assert set(VERSIONS) == {"26/2026", "148/2023", "1048/2019"}
    assert len(V26.sheets) == 26
    assert len(V148.sheets) == 26
    assert VERSIONS["1048/2019"].sheets == ()


@pytest.mark.parametrize("code", ["26/2026", "148/2023", "1048/2019"])
def test_version_checks_clean(code: str) -> None:
    assert check_version(VERSIONS[code]) == []


@pytest.mark.parametrize(
    ("code", "number"),
    [(code, n) for code in ("26/2026", "148/2023") for n in range(1, 27)],
)
def test_every_sheet_checks_clean(code: str, number: int) -> None:
    sheet = VERSIONS[code].sheet(number)
    assert check_sheet(sheet) == []
    assert sheet.criteria == code
    assert [(p.code, p.max) for p in sheet.parts] == [("A", 40), ("B", 25), ("C", 35)]
    assert sheet.max == 100


def test_load_version_accepts_folder_or_file() -> None:
    folder = DATA_DIR / "qd-26-2026"
    by_folder = load_version(folder)
    by_file = load_version(folder / "version.yaml")
    assert by_folder.code == by_file.code == "26/2026"
    assert [s.number for s in by_file.sheets] == list(range(1, 27))


def test_part_maxima_and_dates_per_version() -> None:
    assert dict(V26.part_maxima) == {"A": 40, "B": 25, "C": 35}
    assert dict(V148.part_maxima) == {"A": 40, "B": 25, "C": 35}
    old = VERSIONS["1048/2019"]
    assert dict(old.part_maxima) == {"A": 35, "B": 25, "C": 40}
    assert str(V26.in_force_from) == "2026-05-22"
    assert V26.in_force_to is None
    assert str(V148.in_force_from) == "2023-02-24"


@pytest.mark.parametrize("version", [V26, V148, VERSIONS["1048/2019"]], ids=lambda v: v.code)
def test_star_bands_half_open(version: Version) -> None:
    # QĐ 26/2026 Điều 3.3: 5★ 90–100, 4★ 70 – dưới 90, 3★ 50 – dưới 70, 2★ 30 – dưới 50.
    expected = {0: 1, 29.99: 1, 30: 2, 49.99: 2, 50: 3, 69.999: 3, 70: 4, 89.99: 4, 90: 5, 100: 5}
    for score, stars in expected.items():
        assert version.band_for(score).stars == stars, score
    with pytest.raises(ValueError):
        version.band_for(100.5)


# --------------------------------------------------------------------------- Annex I


def test_annex_i_classification() -> None:
    entries = V26.classification
    assert [e.number for e in entries] == list(range(1, 27))
    assert len({e.sector.code for e in entries}) == 6
    assert len({e.group.code for e in entries}) == 17
    by_number = {e.number: e for e in entries}
    assert by_number[1].code == "I.1.a"
    assert by_number[1].sector.name == "SẢN PHẨM THỰC PHẨM"
    assert by_number[1].group.name == "Thực phẩm tươi sống"
    assert by_number[13].code == "I.6"  # "6. Nhóm: Cà phê, ca cao" has no sub-groups
    assert by_number[13].sub_group is None
    assert by_number[16].lead_ministries == ("Bộ Y tế",)
    assert by_number[20].lead_ministries == ("Bộ Y tế", "Bộ Công Thương")
    assert by_number[26].code == "VI.1"
    sectors = [e.sector.code for e in entries]
    assert [sectors.count(s) for s in ("I", "II", "III", "IV", "V", "VI")] == [13, 4, 3, 2, 3, 1]
    for entry in entries:
        sheet = V26.sheet(entry.number)
        assert sheet.path is not None
        assert sheet.path.name == entry.sheet
        assert sheet.product_set.code == entry.code


# --------------------------------------------------------------------------- exact maxima


def test_26_sheet_1_maxima() -> None:
    # QĐ 26/2026 Phụ lục II, bộ 1 (Rau, củ, quả, hạt tươi).
    sheet = V26.sheet(1)
    assert group_maxima(sheet) == {
        1: 18, 2: 10, 3: 12, 4: 13, 5: 12, 6: 12, 7: 3, 8: 5, 9: 5, 10: 5, 11: 2, 12: 3,
    }  # fmt: skip
    assert points(sheet, "1.1") == [1, 2, 3]
    assert points(sheet, "4.1") == [1, 2, 3, 5]
    assert points(sheet, "7") == [0, 1, 3]  # "7. DINH DƯỠNG" is one criterion coded "7"
    assert sheet.criterion("7").name == "DINH DƯỠNG"


def test_26_sheet_5_and_14_maxima() -> None:
    # Bộ 5 (Đồ ăn nhanh): 1. TỔ CHỨC SẢN XUẤT 16, 2. PHÁT TRIỂN SẢN PHẨM 12.
    assert group_maxima(V26.sheet(5))[1] == 16
    assert group_maxima(V26.sheet(5))[2] == 12
    # Bộ 14 (Rượu trắng): 17 / 11 / 12 | 13 / 12 | 15, 5, 5, 5, 5.
    assert group_maxima(V26.sheet(14)) == {
        1: 17, 2: 11, 3: 12, 4: 13, 5: 12, 6: 15, 7: 5, 8: 5, 9: 5, 10: 5,
    }  # fmt: skip


def test_26_sheet_11_and_13_subgroups() -> None:
    # Bộ 11: 6.1. Ngoại hình 4 (6.1.1, 6.1.2), 6.2 Nước pha 11 (6.2.1–6.2.3).
    sheet = V26.sheet(11)
    group = sheet.group(6)
    assert [(s.code, s.max) for s in group.subgroups] == [("6.1", 4), ("6.2", 11)]
    assert [c.code for c in group.criteria] == ["6.1.1", "6.1.2", "6.2.1", "6.2.2", "6.2.3"]
    assert sheet.criterion("6.2.3").max == 5
    # Bộ 13: 6.1. Ngoại hình 10 (5 × 2), 6.2 Nước pha 5.
    group13 = V26.sheet(13).group(6)
    assert [(s.code, s.max) for s in group13.subgroups] == [("6.1", 10), ("6.2", 5)]


def test_26_sheet_26_maxima() -> None:
    # Bộ 26 (du lịch): A 14 + 12 + 14, B 17 + 8, C twelve single-criterion groups 6–17.
    sheet = V26.sheet(26)
    assert group_maxima(sheet) == {
        1: 14, 2: 12, 3: 14, 4: 17, 5: 8,
        6: 3, 7: 3, 8: 3, 9: 2, 10: 3, 11: 2, 12: 3, 13: 4, 14: 4, 15: 3, 16: 3, 17: 2,
    }  # fmt: skip


def test_148_sheet_1_maxima() -> None:
    # QĐ 148/QĐ-TTg, bộ 1 (CSV digitisation): criteria coded by group and letter.
    sheet = V148.sheet(1)
    assert group_maxima(sheet) == {
        1: 18, 2: 10, 3: 12, 4: 13, 5: 12, 6: 13, 7: 2, 8: 5, 9: 5, 10: 5, 11: 2, 12: 3,
    }  # fmt: skip
    assert points(sheet, "1.a") == [1, 3, 5]
    assert [c.code for c in sheet.group(3).criteria] == ["3.a", "3.b", "3.c", "3.d", "3.đ", "3.e"]


def test_148_sheet_14_and_26_maxima() -> None:
    assert group_maxima(V148.sheet(14)) == {
        1: 18, 2: 10, 3: 12, 4: 13, 5: 12, 6: 16, 7: 5, 8: 4, 9: 5, 10: 5,
    }  # fmt: skip
    assert group_maxima(V148.sheet(26)) == {
        1: 15, 2: 12, 3: 13, 4: 17, 5: 8,
        6: 3, 7: 3, 8: 3, 9: 2, 10: 3, 11: 2, 12: 3, 13: 4, 14: 4, 15: 3, 16: 3, 17: 2,
    }  # fmt: skip


# --------------------------------------------------------------------------- special criteria


def test_26_sheet_1_bilingual_label_is_yes_no() -> None:
    # "2.4. Ghi nhãn hàng hóa có sử dụng song ngữ (…)" is printed with 1 point and no options.
    criterion = V26.sheet(1).criterion("2.4")
    assert criterion.name.startswith("Ghi nhãn hàng hóa có sử dụng song ngữ")
    assert criterion.kind == "yes_no"
    assert criterion.max == 1
    assert [(o.number, o.text, o.points) for o in criterion.options] == [
        (1, "Không", 0),
        (2, "Có", 1),
    ]


def test_story_condition() -> None:
    # "5.2 … Chỉ áp dụng khi có câu chuyện sản phẩm": depends on 5.1 not being "no story".
    sheet = V26.sheet(1)
    condition = sheet.criterion("5.2").applies_when
    assert condition is not None
    assert condition.text == "Chỉ áp dụng khi có câu chuyện sản phẩm"
    assert condition.criterion == "5.1"
    assert condition.unless_options == (1,)
    assert sheet.criterion("5.1").option(1).text == "Không có câu chuyện sản phẩm"
    assert sheet.criterion("5.1").option(1).points == 0


def test_26_sheet_26_cases() -> None:
    criterion = V26.sheet(26).criterion("8")
    assert criterion.case_instruction == "Lựa chọn một trong hai trường hợp sau:"
    assert [(c.number, c.name) for c in criterion.cases] == [
        (1, "Dịch vụ du lịch do cộng đồng cung cấp"),
        (2, "Điểm dịch vụ du lịch"),
    ]
    assert [(o.number, o.case, o.points) for o in criterion.options] == [
        (1, 1, 1),
        (2, 1, 3),
        (3, 2, 1),
        (4, 2, 3),
    ]


def test_knockouts_and_stop_rules() -> None:
    sheet = V26.sheet(1)
    assert len(sheet.knockouts) == 1  # printed twice in the transcript, recorded once
    assert sheet.knockouts[0].startswith("Hồ sơ bị loại khi: Giả mạo hồ sơ")
    stop = sheet.notes_of_kind("stop")
    assert [(code, note.criteria) for code, note in stop] == [("6.1", ("6.1",))]
    assert stop[0][1].text.startswith("Ghi chú: Không xem xét các chỉ tiêu khác")
    # Bộ 16: "Nếu được 0 điểm tại một trong các chỉ tiêu trên, sẽ không đánh giá các bước tiếp theo"
    [(code, note)] = V26.sheet(16).notes_of_kind("stop")
    assert (code, note.trigger, note.criteria) == (
        "6.4",
        "zero_points",
        ("6.1", "6.2", "6.3", "6.4"),
    )
    # Bộ 7, 1.1: "Bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu hoặc không rõ nguồn gốc"
    knockouts = dict(V26.sheet(7).notes_of_kind("knockout"))
    assert "nhập khẩu" in knockouts["1.1"].text
    assert V26.sheet(26).knockouts == ()  # bộ 26 prints no "Hồ sơ bị loại khi"


def test_marks_sample() -> None:
    sheet = V26.sheet(1)
    assert marks(sheet, "1.3") == [None, None, 5]  # "…kéo dài thời gian bảo quản…)*****"
    assert marks(sheet, "2.2") == [None, None, 3, None]  # "Đóng gói sáng tạo, bao bì đẹp***"
    assert marks(sheet, "4.1") == [None, 3, 4, 5]
    assert marks(sheet, "6.2") == [None, None, None, 4, None]  # "Phù hợp****"
    assert sheet.criterion("2.2").option(3).text == "Đóng gói sáng tạo, bao bì đẹp"
    # Bộ 3, 5.1 prints the mark spaced out: "… truy xuất nguồn gốc điện tử * * * *".
    assert marks(V26.sheet(3), "5.1")[-1] == 4
    # QĐ 148 marks the IP criterion title ("e) Sở hữu trí tuệ****"): kept and applied to
    # its lowest option.
    ip = V148.sheet(1).criterion("3.e")
    assert ip.title_min_star == 4
    assert [o.min_star for o in ip.options] == [4, None]


# --------------------------------------------------------------------------- discrepancies


def test_26_sheet_26_part_a_discrepancy() -> None:
    # "Phần A SẢN PHẨM VÀ SỨC MẠNH CỘNG ĐỒNG (35 Điểm)" while the score column says 40 and
    # the groups are 14 + 12 + 14 = 40: the arithmetic wins, the contradiction is recorded.
    sheet = V26.sheet(26)
    part = sheet.part("A")
    assert part.printed_max == 35
    assert part.max == 40 == sum(g.max for g in part.groups)
    [entry] = [d for d in sheet.discrepancies if d.target == "part A"]
    assert "35" in entry.text
    assert "40" in entry.resolution


def test_hand_corrections_recorded() -> None:
    # Bộ 4, "7. DINH DƯỠNG" (3 điểm) prints 13 for its top option; bộ 11, 6.1.1 prints 11.
    sheet4 = V26.sheet(4)
    assert points(sheet4, "7") == [0, 1, 3]
    assert any(c.target == "criterion 7 option 3" and c.extracted == 13 for c in sheet4.corrections)
    assert points(V26.sheet(11), "6.1.1") == [0, 1, 2]
    assert V26.sheet(23).group(9).max == 4  # score cell printed "4" and "1"
    for number in (4, 7, 10, 11):  # empty score cell of 1.2 "Không được cấp …"
        assert points(V26.sheet(number), "1.2") == [0, 1, 2]
    # QĐ 148 bộ 11–13 lost points in part C; the reconstruction is recorded, not silent.
    for number in (11, 12, 13):
        sheet = V148.sheet(number)
        assert sheet.group(6).max == 16
        assert any(d.target == "part C" for d in sheet.discrepancies)
        assert any(c.confidence == "low" for c in sheet.corrections)


# --------------------------------------------------------------------------- serialising


def test_sheet_to_dict_shape() -> None:
    data = sheet_to_dict(V26.sheet(1))
    json.dumps(data)
    assert list(data) == ["criteria", "set", "name", "parts"]
    assert (data["criteria"], data["set"], data["name"]) == ("26/2026", 1, "Rau, củ, quả, hạt tươi")
    part = data["parts"][0]
    assert list(part) == ["code", "max", "groups"]
    assert (part["code"], part["max"]) == ("A", 40)
    group = part["groups"][0]
    assert list(group) == ["number", "name", "max", "criteria"]
    assert (group["number"], group["max"]) == (1, 18)
    criterion = group["criteria"][0]
    assert list(criterion) == ["code", "name", "max", "options"]
    assert (criterion["code"], criterion["max"]) == ("1.1", 3)
    assert criterion["options"][0] == {
        "number": 1,
        "text": "Sản phẩm được trồng trên địa bàn cấp xã, nhưng có tỷ lệ dưới 50%",
        "points": 1,
        "min_star": None,
        "knockout": False,
    }


# --------------------------------------------------------------------------- the validator


def _replace_option(sheet: Sheet, *, code: str, option: int, **changes: object) -> Sheet:
    """A copy of ``sheet`` with one option changed (the dataclasses are frozen)."""
    parts = []
    for part in sheet.parts:
        groups = []
        for group in part.groups:
            criteria = []
            for criterion in group.criteria:
                if criterion.code == code:
                    options = tuple(
                        dataclasses.replace(o, **changes) if o.number == option else o  # type: ignore[arg-type]
                        for o in criterion.options
                    )
                    criterion = dataclasses.replace(criterion, options=options)
                criteria.append(criterion)
            groups.append(dataclasses.replace(group, criteria=tuple(criteria)))
        parts.append(dataclasses.replace(part, groups=tuple(groups)))
    return dataclasses.replace(sheet, parts=tuple(parts))


def test_check_sheet_reports_errors() -> None:
    sheet = V26.sheet(1)
    broken = _replace_option(sheet, code="1.1", option=3, points=13)
    assert check_sheet(broken) == ["criterion 1.1: max 3 != best option 13"]
    assert check_sheet(_replace_option(sheet, code="1.1", option=1, min_star=2)) == [
        "criterion 1.1 option 1: mark 2 not 3/4/5"
    ]
    assert check_sheet(_replace_option(sheet, code="1.1", option=2, number=5)) == [
        "criterion 1.1: option numbers [1, 5, 3] are not 1..3"
    ]
    part_a = dataclasses.replace(sheet.parts[0], max=41)
    errors = check_sheet(dataclasses.replace(sheet, parts=(part_a, *sheet.parts[1:])))
    assert "part A: max 41 != version maximum 40" in errors
    assert "part A: max 41 != sum of groups 40" in errors
    assert "sheet total 101, not 100" in errors


# --------------------------------------------------------------------------- the extractor

TOOL = Path(__file__).resolve().parents[2] / "tools" / "extract_criteria.py"
SOURCES = Path("/work/shared/reference/qd-26-2026-QD-TTg.html")


@pytest.mark.skipif(
    not (TOOL.exists() and SOURCES.exists() and importlib.util.find_spec("bs4")),
    reason="extractor sources or beautifulsoup4 not available",
)
def test_data_files_match_extractor() -> None:
    """The committed data is exactly extraction + recorded corrections (nothing unrecorded)."""
    result = subprocess.run(
        [sys.executable, str(TOOL), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
