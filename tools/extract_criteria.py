"""Extract the OCOP criteria sheets into versioned YAML data files.

Why this tool exists: the criteria are the product. They are published only as a decision's
HTML transcript (26/2026/QĐ-TTg) or as a digitised CSV (148/QĐ-TTg, 2023), both with typing
errors. This tool turns them into one YAML file per product set and version under
``src/ocop/criteria/data/`` and keeps the hand corrections replayable.

Sources (read-only)::

    /work/shared/reference/qd-26-2026-QD-TTg.html           -> data/qd-26-2026/*.yaml
    /work/shared/reference/qd-148-2023-criteria-csv/NN-*.csv -> data/qd-148-2023/*.yaml

Usage::

    python tools/extract_criteria.py            # dry run: extract, apply corrections, report
    python tools/extract_criteria.py --write    # write new files; refuse changed ones
    python tools/extract_criteria.py --write --force   # also overwrite changed files
    python tools/extract_criteria.py --check    # exit 1 if any file differs (for CI)
    python tools/extract_criteria.py --only 26/2026 --sheet 11

How hand corrections survive a re-run (the "corrections overlay"):

* Every sheet file carries a ``corrections:`` list. Each entry names a ``target``
  (``sheet``, ``part A``, ``group 7``, ``subgroup 6.1``, ``criterion 6.1.1``,
  ``criterion 6.1.1 option 2``, ``knockout 1``; ``criterion 3.c#2`` is the second criterion
  printed with a duplicate code), a ``field``, the value the extractor produced
  (``extracted``), the corrected ``value``, a ``reason`` citing the source and, optionally, a
  ``confidence`` (high / medium / low). ``op`` is ``set`` (default), ``delete`` (drop the
  target) or ``insert_option`` (``value`` is the new option, inserted as option ``number``).
* On every run the tool re-extracts from the source, reads the existing file's
  ``corrections`` and the hand-written ``discrepancies`` (``source: hand``), and re-applies
  the corrections. A correction whose ``extracted`` value no longer matches what the source
  yields is reported as stale and the file is not written: a changed source never silently
  defeats a correction.
* The tool never overwrites a file whose content would change unless ``--force`` is given;
  it prints a diff instead. Hand edits that were not recorded as corrections therefore show
  up as a diff rather than being lost. To add a correction: append it to ``corrections:``
  and run with ``--write --force`` (the tool applies it), or edit the data by hand as well
  and check that a plain run reports the file as unchanged.
* Discrepancies the tool detects itself (e.g. a part heading printing "(35 Điểm)" while its
  score column says 40) are regenerated on each run with ``source: extractor``.

Extraction rules (applied by the tool, not corrections, because they follow from the
decision's layout): a criterion printed with points but no options becomes ``kind: yes_no``
with options "Không" = 0 and "Có" = max; a group printed with options directly becomes one
criterion coded by the group number; "6.1" followed by "6.1.1"… becomes a sub-group; a mark
printed on a criterion title (148: "e) Sở hữu trí tuệ****") is kept as ``title_min_star`` and
applied to the lowest option; "Lựa chọn một trong hai trường hợp" gives ``cases`` and a
``case`` on every option; "Chỉ áp dụng khi có câu chuyện…" gives ``applies_when`` pointing
at the story criterion and its "Không có câu chuyện…" option. Each such rule that papers over
a printing defect adds a ``source: extractor`` discrepancy.

After writing, every sheet is validated with ``ocop.criteria.sheets.check_sheet``; the tool
puts ``src/`` on ``sys.path`` for that (it is a development tool, not part of the package).

Dependencies: PyYAML (runtime dependency of the project) plus beautifulsoup4 and lxml for the
HTML transcript (development only).
"""

from __future__ import annotations

import argparse
import copy
import csv
import difflib
import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup, Tag

REFERENCE = Path("/work/shared/reference")
ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "src" / "ocop" / "criteria" / "data"
HTML_26 = REFERENCE / "qd-26-2026-QD-TTg.html"
CSV_148 = REFERENCE / "qd-148-2023-criteria-csv"

BR = "\u2029"  # stands in for <br> while the source's soft line wraps become spaces
STARS = re.compile(r"\s*((?:\*\s*){3,})\s*([.;,]?)\s*$")
PART_RE = re.compile(r"^(?:Phần|PHẦN)\s*([ABC])\b\s*[:.]?\s*(.*)$", re.S)
CRIT_RE = re.compile(r"^(\d+)\s*\.\s*(\d+)(?:\s*\.\s*(\d+))?\s*\.?\s+(.*)$", re.S)
GROUP_RE = re.compile(r"^(\d+)\s*\.?\s+(?!\d)(.*)$", re.S)
CASE_RE = re.compile(r"^([ab])\s*\.\s*Trường hợp\s*(\d+)\s*:\s*(.*)$")
PRINTED_MAX_RE = re.compile(r"\(\s*(\d+)\s*[Đđ]iểm\s*\)")
NO_STORY_RE = re.compile(r"^Không có câu chuyện")


class ExtractionError(Exception):
    """The source or a correction cannot be turned into a consistent sheet."""


# --------------------------------------------------------------------------- text helpers


def norm(text: str) -> str:
    """Collapse whitespace and NFC-normalise, because the HTML wraps lines mid-sentence."""
    text = unicodedata.normalize("NFC", text.replace("\xa0", " "))
    return re.sub(r"\s+", " ", text).strip()


def slugify(text: str) -> str:
    """ASCII file-name slug of a Vietnamese name (đ → d, diacritics dropped)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def split_mark(text: str) -> tuple[str, int | None]:
    """Strip a trailing minimum-star mark (``***`` … ``*****``, maybe spaced) from a text."""
    match = STARS.search(text)
    if not match:
        return text, None
    stars = match.group(1).count("*")
    if stars not in (3, 4, 5):
        raise ExtractionError(f"mark of {stars} stars in {text!r}")
    # a full stop printed after the mark ("quy định***.") stays with the text
    return text[: match.start()].rstrip() + match.group(2), stars


def paragraphs(td: Tag) -> list[str]:
    """Non-empty paragraphs of a cell; inline tags are joined without a separator because the
    transcript splits words across <span>s ("TỔNG CỘN" + "G")."""
    for br in td.find_all("br"):
        br.replace_with(BR)
    found = td.find_all("p") or [td]
    out: list[str] = []
    for p in found:
        out.extend(norm(line) for line in p.get_text("").split(BR))
    return [line for line in out if line]


def cell_text(td: Tag) -> str:
    return norm(" ".join(paragraphs(td)))


def table_rows(table: Tag) -> list[list[str]]:
    return [[cell_text(td) for td in tr.find_all("td")] for tr in table.find_all("tr")]


def anchor(soup: BeautifulSoup, name: str) -> Tag:
    """The <a name=…> anchor of the transcript (raises when the transcript changed shape)."""
    found = soup.find("a", attrs={"name": name})
    if not isinstance(found, Tag):
        raise ExtractionError(f"anchor {name!r} missing from the HTML transcript")
    return found


def next_table(tag: Tag) -> Tag:
    found = tag.find_next("table")
    if not isinstance(found, Tag):
        raise ExtractionError("table missing after anchor")
    return found


def must(match: re.Match[str] | None, text: str) -> re.Match[str]:
    if match is None:
        raise ExtractionError(f"unexpected row {text!r}")
    return match


def parse_int(text: str) -> int | None:
    """An integer score cell, or None when the cell is empty or not a single integer."""
    text = text.strip()
    return int(text) if re.fullmatch(r"\d+", text) else None


# --------------------------------------------------------------------------- Annex I


def annex_i(soup: BeautifulSoup) -> dict:
    """Annex I (classification) of 26/2026, with the Annex II set names and sheet files."""
    rows = table_rows(next_table(anchor(soup, "chuong_pl_1_name")))
    list_table = next_table(anchor(soup, "chuong_pl_2_name"))
    names = [re.sub(r"^Bộ sản phẩm:\s*", "", r[1]) for r in table_rows(list_table)[1:]]
    sets: list[dict] = []
    sector: dict = {}
    group: dict = {}
    for stt, label, ministry in rows[1:]:
        if re.fullmatch(r"[IVX]+", stt):
            sector = {"code": stt, "name": label}
            continue
        if stt.isdigit():
            group = {"code": f"{sector['code']}.{stt}", "name": re.sub(r"^Nhóm:\s*", "", label)}
            if not ministry:  # a group with sub-groups; the sub-groups are the leaves
                continue
            sub_group = None
            code = group["code"]
        else:
            sub_group = {
                "code": f"{group['code']}.{stt}",
                "name": re.sub(r"^Phân nhóm:\s*", "", label),
            }
            code = sub_group["code"]
        number = len(sets) + 1
        name = names[number - 1]
        ministries = [m.strip() for m in ministry.split(";") if m.strip()]
        sets.append(
            {
                "number": number,
                "code": code,
                "name": name,
                "annex_i_name": (sub_group or group)["name"],
                "sector": dict(sector),
                "group": dict(group),
                "sub_group": sub_group,
                "lead_ministry": "; ".join(ministries),
                "lead_ministries": ministries,
                "sheet": f"{number:02d}-{slugify(name)}.yaml",
            }
        )
    if len(sets) != 26:
        raise ExtractionError(f"Annex I yields {len(sets)} product sets, expected 26")
    return {
        "version": "26/2026",
        "source": "Quyết định số 26/2026/QĐ-TTg ngày 22/5/2026, Phụ lục I (tên bộ sản phẩm:"
        " Phụ lục II)",
        "title": "DANH MỤC PHÂN LOẠI SẢN PHẨM THAM GIA ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP",
        "lead_ministry_note": "Cơ quan chủ trì quản lý theo Nghị định số 15/2018/NĐ-CP ngày 02"
        " tháng 02 năm 2018 của Chính phủ về quy định chi tiết thi hành một số điều của Luật"
        " An toàn thực phẩm. Trường hợp có sự thay đổi thì áp dụng theo văn bản sửa đổi, bổ"
        " sung hoặc thay thế.",
        "product_sets": sets,
    }


# --------------------------------------------------------------------------- sheet builder


def note_kind(text: str) -> str:
    """Classify a printed note: knock-out, stop-the-evaluation, or plain information."""
    low = text.lower()
    if "bị loại" in low or low.startswith("ghi chú: không đánh giá những sản phẩm"):
        return "knockout"
    if "không đánh giá các bước tiếp theo" in low or "không xem xét các chỉ tiêu khác" in low:
        return "stop"
    return "info"


class SheetBuilder:
    """Builds a sheet dict from a stream of rows; shared by the HTML and CSV readers."""

    def __init__(self) -> None:
        self.parts: list[dict] = []
        self.discrepancies: list[dict] = []
        self.group: dict | None = None
        self.criterion: dict | None = None
        self.case: int | None = None
        self.total: int | None = None

    # -- structure rows
    def part(self, *, code: str, title: str, score: int | None, raw_score: str) -> None:
        name = norm(PRINTED_MAX_RE.sub("", title)).rstrip(":").strip()
        printed = PRINTED_MAX_RE.search(title)
        part: dict[str, Any] = {"code": code, "name": name, "max": score, "groups": []}
        if score is None:
            part["max_raw"] = raw_score
        if printed and int(printed.group(1)) != score:
            part["printed_max"] = int(printed.group(1))
        self.parts.append(part)
        self.group = self.criterion = None

    def add_group(self, *, number: int, name: str, score: int | None, raw_score: str) -> None:
        name, mark = split_mark(name)
        group = {"number": number, "name": name, "max": score, "criteria": []}
        if score is None:
            group["max_raw"] = raw_score
        if mark:
            group["title_min_star"] = mark
        self.parts[-1]["groups"].append(group)
        self.group, self.criterion, self.case = group, None, None

    def add_criterion(self, *, code: str, name: str, score: int | None, raw_score: str) -> None:
        name, mark = split_mark(name)
        criterion: dict[str, Any] = {"code": code, "name": name, "max": score, "options": []}
        if score is None:
            criterion["max_raw"] = raw_score
        if mark:
            criterion["title_min_star"] = mark
        assert self.group is not None
        self.group["criteria"].append(criterion)
        self.criterion, self.case = criterion, None

    def current(self) -> dict[str, Any]:
        """The criterion being read (raises when a row comes before any criterion)."""
        if self.criterion is None:
            raise ExtractionError("row outside a criterion")
        return self.criterion

    def implicit_criterion(self) -> dict:
        """A group printed with options directly is one criterion coded by its number."""
        assert self.group is not None
        if self.criterion is None:
            group = self.group
            criterion: dict[str, Any] = {
                "code": str(group["number"]),
                "name": group["name"],
                "max": group["max"],
                "options": [],
                "_implicit": True,
            }
            for key in ("description", "requirement", "notes", "title_min_star"):
                if key in group:
                    criterion[key] = group.pop(key)
            group["criteria"].append(criterion)
            self.criterion = criterion
        return self.criterion

    # -- content rows
    def option(self, *, text: str, score: int | None, raw_score: str) -> None:
        criterion = self.implicit_criterion()
        text, mark = split_mark(text)
        option: dict[str, Any] = {
            "number": len(criterion["options"]) + 1,
            "text": text,
            "points": score,
            "min_star": mark,
            "knockout": False,
        }
        if score is None:
            option["points_raw"] = raw_score
        if self.case is not None:
            option["case"] = self.case
        criterion["options"].append(option)

    def text_row(self, text: str) -> None:
        """A row without points: requirement, description, note, condition or case header."""
        target = self.criterion if self.criterion is not None else self.group
        assert target is not None
        if text.startswith("Yêu cầu:"):
            target["requirement"] = text[len("Yêu cầu:") :].strip()
        elif text.startswith("Chỉ áp dụng khi"):
            target["applies_when"] = {"text": text}
        elif text.startswith("Lựa chọn một trong hai trường hợp"):
            self.implicit_criterion()["case_instruction"] = text
        elif match := CASE_RE.match(text):
            criterion = self.implicit_criterion()
            number = int(match.group(2))
            criterion.setdefault("cases", []).append(
                {
                    "number": number,
                    "label": f"{match.group(1)}. Trường hợp {number}",
                    "name": match.group(3).strip(),
                }
            )
            self.case = number
        elif re.match(r"^(Ghi chú|Chú ý)\s*:", text):
            note: dict[str, Any] = {"kind": note_kind(text), "text": text}
            target.setdefault("notes", []).append(note)
        elif "description" in target:
            target["description"] = f"{target['description']} {text}"
        else:
            target["description"] = text

    # -- post-processing
    def finish(self) -> list[dict]:
        for part in self.parts:
            for group in part["groups"]:
                self._subgroups(group)
                for note in group.get("notes", []):
                    if note["kind"] == "stop":  # a group-level stop rule covers its criteria
                        note["criteria"] = [c["code"] for c in group["criteria"]]
                        note["trigger"] = "condition"
                for criterion in group["criteria"]:
                    self._criterion(group, criterion)
        return self.parts

    def _subgroups(self, group: dict) -> None:
        """``6.1`` followed by ``6.1.1``… is a sub-heading, not a criterion."""
        codes = [c["code"] for c in group["criteria"]]
        heads = [
            c
            for c in group["criteria"]
            if not c["options"] and any(o.startswith(c["code"] + ".") for o in codes)
        ]
        if not heads:
            return
        group["subgroups"] = []
        for head in heads:
            if head.pop("_computed_max", False):
                head["max"] = sum(
                    c["max"] or 0
                    for c in group["criteria"]
                    if c["code"].startswith(head["code"] + ".")
                )
                self.discrepancies.append(
                    {
                        "source": "extractor",
                        "target": f"subgroup {head['code']}",
                        "text": "Tiểu mục không in thang điểm riêng (gộp vào tên từng chỉ tiêu)",
                        "resolution": f"Thang điểm tiểu mục = tổng các chỉ tiêu = {head['max']}",
                    }
                )
            group["subgroups"].append(
                {"code": head["code"], "name": head["name"], "max": head["max"]}
            )
            group["criteria"].remove(head)
            head.pop("max_raw", None)
            for criterion in group["criteria"]:
                if criterion["code"].startswith(head["code"] + "."):
                    criterion["subgroup"] = head["code"]

    def _criterion(self, group: dict, criterion: dict) -> None:
        implicit = criterion.pop("_implicit", False)
        lacking = criterion["max"] is None or not criterion["name"]
        if not implicit and len(group["criteria"]) == 1 and lacking:
            # the group's only criterion printed without its title and/or points ("a)")
            lost = [k for k in ("name", "max") if not criterion[k] and criterion[k] != 0]
            criterion["name"] = criterion["name"] or group["name"]
            if criterion["max"] is None:
                criterion["max"] = group["max"]
                criterion.pop("max_raw", None)
            self.discrepancies.append(
                {
                    "source": "extractor",
                    "target": f"criterion {criterion['code']}",
                    "text": f"Tiêu chí duy nhất của nhóm {group['number']} in thiếu "
                    + " và ".join({"name": "tên", "max": "thang điểm"}[k] for k in lost),
                    "resolution": "Lấy "
                    + " và ".join({"name": "tên", "max": "thang điểm"}[k] for k in lost)
                    + " của nhóm",
                }
            )
        if not criterion["options"]:
            criterion["kind"] = "yes_no"
            criterion["options"] = [
                {"number": 1, "text": "Không", "points": 0, "min_star": None, "knockout": False},
                {
                    "number": 2,
                    "text": "Có",
                    "points": criterion["max"],
                    "min_star": None,
                    "knockout": False,
                },
            ]
        else:
            criterion["kind"] = "choice"
        mark = criterion.get("title_min_star")
        if mark and not any(o["min_star"] for o in criterion["options"]):
            criterion["options"][0]["min_star"] = mark
            self.discrepancies.append(
                {
                    "source": "extractor",
                    "target": f"criterion {criterion['code']}",
                    "text": f"Dấu {'*' * mark} in ở tên tiêu chí, không ở lựa chọn",
                    "resolution": f"Yêu cầu tối thiểu {mark} sao = đạt ít nhất lựa chọn thấp nhất:"
                    " gán cho lựa chọn 1 (title_min_star giữ dấu gốc)",
                }
            )
        for note in criterion.get("notes", []):
            if note["kind"] == "stop":
                if "tại một trong các chỉ tiêu trên" in note["text"]:
                    upto = group["criteria"].index(criterion)
                    note["criteria"] = [c["code"] for c in group["criteria"][: upto + 1]]
                    note["trigger"] = "zero_points"
                else:
                    note["criteria"] = [criterion["code"]]
                    note["trigger"] = "condition"
        if "applies_when" in criterion:
            self._condition(group, criterion)

    def _condition(self, group: dict, criterion: dict) -> None:
        """Resolve "Chỉ áp dụng khi có câu chuyện…" to the story criterion's "no story" option."""
        story = next(
            (
                c
                for c in group["criteria"]
                if c is not criterion and re.search(r"^Câu chuyện", c["name"], re.I)
            ),
            None,
        )
        if story is None:
            raise ExtractionError(f"{criterion['code']}: no story criterion for its condition")
        criterion["applies_when"]["criterion"] = story["code"]
        criterion["applies_when"]["unless_options"] = [
            o["number"] for o in story["options"] if NO_STORY_RE.match(o["text"])
        ]


def auto_discrepancies(parts: list[dict], total: int | None) -> list[dict]:
    """Self-contradictions of the printed sheet that the extractor can see by itself."""
    found: list[dict] = []
    for part in parts:
        if "printed_max" in part:
            found.append(
                {
                    "source": "extractor",
                    "target": f"part {part['code']}",
                    "text": f'Tiêu đề phần in "({part["printed_max"]} Điểm)" nhưng cột thang'
                    f" điểm ghi {part['max']}",
                    "resolution": f"Theo cột thang điểm và tổng các nhóm: max = {part['max']}",
                }
            )
    if total is not None and total != 100:
        found.append(
            {
                "source": "extractor",
                "target": "sheet",
                "text": f"TỔNG CỘNG in {total}",
                "resolution": "tổng phải là 100",
            }
        )
    return found


# --------------------------------------------------------------------------- 26/2026 (HTML)


def sheet_anchors(soup: BeautifulSoup) -> list[Tag]:
    names = [f"dieu_{i}_1" for i in range(1, 14)] + [f"dieu_{i}" for i in range(14, 27)]
    return [anchor(soup, n) for n in [*names, "chuong_pl_3"]]


def html_blocks(start: Tag, end: Tag) -> Iterable[Tag]:
    """Top-level <p> and <table> elements between two anchors, in document order."""
    for element in start.find_all_next(["p", "table"]):
        if element is end or end in element.descendants:
            return
        if element.find_parent("table") is None:
            yield element


def parse_html_sheet(*, start: Tag, end: Tag, number: int) -> dict:
    builder = SheetBuilder()
    heading_p = start.find_parent("p")
    if heading_p is None:
        raise ExtractionError(f"sheet {number}: heading paragraph missing")
    heading = norm(" ".join(paragraphs(heading_p)))
    classification = None
    knockouts: list[dict] = []
    star_note = None
    tables = 0
    for block in html_blocks(start, end):
        if block.name == "table":
            tables += 1
            if tables == 1:
                read_html_table(builder, block)
            continue
        text = norm(" ".join(paragraphs(block)))
        if not text:
            continue
        if text == heading:
            continue
        if text.startswith("(Sản phẩm") and classification is None:
            classification = text
        elif re.match(r"^(Hồ sơ bị loại khi|Bị loại khi)\s*:", text):
            if any(k["text"] == text for k in knockouts):
                builder.discrepancies.append(
                    {
                        "source": "extractor",
                        "target": "knockout",
                        "text": 'Câu "Hồ sơ bị loại khi…" in lặp hai lần liên tiếp',
                        "resolution": "Ghi nhận một lần",
                    }
                )
            else:
                knockouts.append({"text": text})
        elif text.startswith("Ghi chú: Dấu sao"):
            star_note = text
    parts = builder.finish()
    return {
        "heading": heading,
        "classification_line": classification,
        "knockouts": knockouts,
        "star_note": star_note,
        "parts": parts,
        "total": builder.total,
        "discrepancies": builder.discrepancies + auto_discrepancies(parts, builder.total),
    }


def read_html_table(builder: SheetBuilder, table: Tag) -> None:
    for tr in table.find_all("tr"):
        cells = tr.find_all("td")
        texts = paragraphs(cells[0]) if cells else []
        raw_score = " ".join(paragraphs(cells[1])) if len(cells) > 1 else ""
        if not texts:
            continue
        dispatch_row(builder, texts=texts, raw_score=raw_score)


def dispatch_row(builder: SheetBuilder, *, texts: list[str], raw_score: str) -> None:
    """Route one printed row (its paragraphs and score cell) to the builder."""
    first = texts[0]
    full = norm(" ".join(texts))
    score = parse_int(raw_score)
    if first.startswith("Các tiêu chí"):
        return
    if re.match(r"^TỔNG CỘNG", full):
        builder.total = score
        return
    if match := PART_RE.match(full):
        builder.part(code=match.group(1), title=match.group(2), score=score, raw_score=raw_score)
        return
    if first.startswith(("□", "o ")):
        text = first[1:].strip()
        rest = texts[1:]
        option_text = [text] + [t for t in rest if not re.match(r"^(Ghi chú|Chú ý)\s*:", t)]
        builder.option(text=norm(" ".join(option_text)), score=score, raw_score=raw_score)
        for t in rest:
            if re.match(r"^(Ghi chú|Chú ý)\s*:", t):
                builder.text_row(t)
        return
    if match := CRIT_RE.match(first):
        code = ".".join(g for g in match.groups()[:3] if g)
        builder.add_criterion(
            code=code, name=match.group(4).strip(), score=score, raw_score=raw_score
        )
        for t in texts[1:]:
            builder.text_row(t)
        return
    if (match := GROUP_RE.match(first)) and raw_score.strip():
        builder.add_group(
            number=int(match.group(1)),
            name=match.group(2).strip(),
            score=score,
            raw_score=raw_score,
        )
        for t in texts[1:]:
            builder.text_row(t)
        return
    for t in texts:
        builder.text_row(t)


def extract_26(soup: BeautifulSoup, annex: dict) -> dict[str, dict]:
    anchors = sheet_anchors(soup)
    out: dict[str, dict] = {}
    for index, entry in enumerate(annex["product_sets"]):
        number = index + 1
        raw = parse_html_sheet(start=anchors[index], end=anchors[index + 1], number=number)
        product_set = {
            "number": number,
            "name": entry["name"],
            "heading": raw["heading"],
            "classification_line": raw["classification_line"],
            "code": entry["code"],
            "sector": entry["sector"],
            "group": entry["group"],
            "sub_group": entry["sub_group"],
            "lead_ministry": entry["lead_ministry"],
        }
        out[entry["sheet"]] = assemble(
            version="26/2026",
            source=f"Quyết định số 26/2026/QĐ-TTg, Phụ lục II, bộ sản phẩm số {number}",
            product_set=product_set,
            raw=raw,
        )
    return out


CRITERION_ORDER = (
    "code",
    "name",
    "kind",
    "max",
    "max_raw",
    "subgroup",
    "title_min_star",
    "requirement",
    "description",
    "applies_when",
    "case_instruction",
    "cases",
    "notes",
    "options",
)
GROUP_ORDER = (
    "number",
    "name",
    "max",
    "max_raw",
    "title_min_star",
    "requirement",
    "description",
    "notes",
    "subgroups",
    "criteria",
)


def ordered(data: dict, keys: tuple[str, ...]) -> dict:
    """Reorder keys for reading (the scalar facts first, the options last)."""
    unknown = set(data) - set(keys)
    if unknown:
        raise ExtractionError(f"unexpected keys {sorted(unknown)} in {data.get('code')}")
    return {k: data[k] for k in keys if k in data}


def assemble(*, version: str, source: str, product_set: dict, raw: dict) -> dict:
    for part in raw["parts"]:
        part["groups"] = [ordered(g, GROUP_ORDER) for g in part["groups"]]
        for group in part["groups"]:
            group["criteria"] = [ordered(c, CRITERION_ORDER) for c in group["criteria"]]
    return {
        "criteria": version,
        "source": source,
        "product_set": product_set,
        "knockouts": raw["knockouts"],
        "star_note": raw["star_note"],
        "parts": raw["parts"],
        "discrepancies": raw["discrepancies"],
        "corrections": [],
    }


# --------------------------------------------------------------------------- 148/2023 (CSV)

LETTER_RE = re.compile(r"^([a-zđ])\s*\)\s*(.*)$", re.S)


def parse_csv_sheet(path: Path) -> dict:
    builder = SheetBuilder()
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    heads = [
        m.group(1)
        for r in rows
        if r["level"] == "2" and (m := re.match(r"^[a-zđ]\s*\)\s*(.+?) - ", norm(r["title"])))
    ]
    # "a) Ngoại hình - Tạp chất lạ", "a) Ngoại hình - Mùi"…: a repeated head is a sub-heading
    repeated = {h for h in heads if heads.count(h) > 1}
    sub_counter = 0
    letter_code = ""
    for row in rows:
        level = int(row["level"])
        lines = [norm(x) for x in row["title"].split("\n") if norm(x)]
        raw_score = row["score"].strip()
        score = parse_int(raw_score)
        description = norm(row["description"])
        extra = lines[1:] + ([description] if description else [])
        title = lines[0]
        if level == 0:
            # "Phần A" and its name may sit on separate lines
            heading = must(PART_RE.match(norm(" ".join(lines))), title)
            builder.part(
                code=heading.group(1), title=heading.group(2), score=score, raw_score=raw_score
            )
            continue
        if level == 1:
            match = must(GROUP_RE.match(title) or re.match(r"^(\d+)\s*\.\s*(.*)$", title), title)
            builder.add_group(
                number=int(match.group(1)),
                name=match.group(2).strip(),
                score=score,
                raw_score=raw_score,
            )
            for t in extra:
                builder.text_row(t)
            continue
        if level == 2:
            assert builder.group is not None
            if CASE_RE.match(title):
                builder.text_row(title)
                for t in extra:
                    builder.text_row(t)
                continue
            group_no = builder.group["number"]
            letter = LETTER_RE.match(title)
            if title.startswith("- "):
                sub_counter += 1
                code = f"{letter_code}.{sub_counter}"
                name = title[2:].strip()
            elif letter and letter.group(2).split(" - ", 1)[0].strip() in repeated:
                # "a) Ngoại hình - Tạp chất lạ": sub-heading and criterion on one line
                head, name = (x.strip() for x in letter.group(2).split(" - ", 1))
                prefix = f"{group_no}.{letter.group(1)}"
                if prefix != letter_code:
                    letter_code, sub_counter = prefix, 0
                    builder.add_criterion(code=prefix, name=head, score=None, raw_score="")
                    builder.current()["_computed_max"] = True
                sub_counter += 1
                code = f"{prefix}.{sub_counter}"
            elif letter:
                letter_code = f"{group_no}.{letter.group(1)}"
                code, name, sub_counter = letter_code, letter.group(2).strip(), 0
            else:
                raise ExtractionError(f"{path.name}: criterion code in {title!r}")
            builder.add_criterion(code=code, name=name, score=score, raw_score=raw_score)
            for t in extra:
                builder.text_row(t)
            continue
        text = norm(" ".join(lines))
        option_lines = [x for x in lines if not re.match(r"^(Ghi chú|Chú ý)\s*:", x)]
        notes = [x for x in lines if re.match(r"^(Ghi chú|Chú ý)\s*:", x)]
        text = norm(" ".join(option_lines))
        if not text.startswith("□"):
            raise ExtractionError(f"{path.name}: option without □: {text!r}")
        builder.option(text=text[1:].strip(), score=score, raw_score=raw_score)
        csv_mark = int(row["stars"]) if row["stars"].strip() else None
        if csv_mark != builder.current()["options"][-1]["min_star"]:
            raise ExtractionError(f"{path.name}: stars column disagrees with {text!r}")
        for t in notes + ([description] if description else []):
            builder.text_row(t)
    parts = builder.finish()
    return {
        "knockouts": [],
        "star_note": None,
        "parts": parts,
        "total": None,
        "discrepancies": builder.discrepancies + auto_discrepancies(parts, None),
    }


def extract_148() -> dict[str, dict]:
    out: dict[str, dict] = {}
    for path in sorted(CSV_148.glob("*.csv")):
        number = int(path.name[:2])
        name = unicodedata.normalize("NFC", path.stem[3:].replace("_", " "))
        raw = parse_csv_sheet(path)
        product_set = {
            "number": number,
            "name": name,
            "name_note": "Tên lấy từ tên tệp CSV (dấu câu bị mất khi số hóa)",
            "code": None,
            "sector": None,
            "group": None,
            "sub_group": None,
            "lead_ministry": None,
            "same_set_in_26_2026": number,
        }
        out[f"{number:02d}-{slugify(name)}.yaml"] = assemble(
            version="148/2023",
            source=f"Quyết định số 148/QĐ-TTg ngày 24/02/2023, Phụ lục, bộ sản phẩm số {number}"
            f" (bản số hóa CSV: {path.name})",
            product_set=product_set,
            raw=raw,
        )
    return out


# --------------------------------------------------------------------------- corrections


def find_target(sheet: dict, target: str) -> tuple[Any, Any]:
    """Resolve a correction target to (container, node) so it can be read, set or deleted.

    ``criterion 3.c#2`` names the second criterion printed with code 3.c (a duplicate).
    """
    words = target.split()
    occurrence = 1
    if len(words) > 1 and "#" in words[1]:
        words[1], nth = words[1].split("#")
        occurrence = int(nth)
    if words == ["sheet"]:
        return None, sheet
    if words[0] == "part":
        for part in sheet["parts"]:
            if part["code"] == words[1]:
                return sheet["parts"], part
    if words[0] == "knockout":
        index = int(words[1]) - 1
        return sheet["knockouts"], sheet["knockouts"][index]
    for part in sheet["parts"]:
        for group in part["groups"]:
            if words[0] == "group" and str(group["number"]) == words[1]:
                return part["groups"], group
            if words[0] == "subgroup":
                for sub in group.get("subgroups", []):
                    if sub["code"] == words[1]:
                        return group["subgroups"], sub
            if words[0] == "criterion":
                for criterion in group["criteria"]:
                    if criterion["code"] != words[1]:
                        continue
                    occurrence -= 1
                    if occurrence:
                        continue
                    if len(words) == 2:
                        return group["criteria"], criterion
                    if words[2] == "option":
                        for option in criterion["options"]:
                            if option["number"] == int(words[3]):
                                return criterion["options"], option
                        if len(words) == 4:
                            return criterion["options"], None
    raise ExtractionError(f"correction target not found: {target!r}")


def apply_corrections(sheet: dict, corrections: list[dict]) -> list[str]:
    """Apply the overlay in order; return stale-correction messages (empty when all fit)."""
    stale: list[str] = []
    for corr in corrections:
        op = corr.get("op", "set")
        container, node = find_target(sheet, corr["target"])
        if op == "set":
            field = corr["field"]
            current = node.get(field) if isinstance(node, dict) else None
            if current != corr.get("extracted"):
                stale.append(
                    f"{corr['target']} {field}: extracted {corr.get('extracted')!r},"
                    f" source now gives {current!r}"
                )
                continue
            if corr["value"] is None:
                node.pop(field, None)
            else:
                node[field] = copy.deepcopy(corr["value"])
            if field in ("points", "max"):
                node.pop(f"{field}_raw", None)
        elif op == "delete":
            container.remove(node)
            if corr["target"].split()[2:3] == ["option"]:
                for i, option in enumerate(container, start=1):
                    option["number"] = i
        elif op == "insert_option":
            new = copy.deepcopy(corr["value"])
            container.insert(new["number"] - 1, new)
            for i, option in enumerate(container, start=1):
                option["number"] = i
        else:
            raise ExtractionError(f"unknown correction op {op!r}")
    return stale


# --------------------------------------------------------------------------- output


class Dumper(yaml.SafeDumper):
    """Block-style YAML that keeps multi-line strings readable and never sorts keys."""


def _str_presenter(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


Dumper.add_representer(str, _str_presenter)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100)


def sheet_files() -> dict[str, dict[str, dict]]:
    html = HTML_26.read_text("utf-8")
    soup = BeautifulSoup(html, "lxml")
    annex = annex_i(soup)
    soup = BeautifulSoup(html, "lxml")  # paragraphs() rewrites <br>; start from a clean tree
    return {
        "qd-26-2026": {"annex-i.yaml": annex, **extract_26(soup, annex)},
        "qd-148-2023": extract_148(),
    }


def merge_existing(*, path: Path, fresh: dict) -> tuple[dict, list[str]]:
    """Carry the existing file's hand corrections and hand discrepancies over to ``fresh``."""
    if not path.exists() or "parts" not in fresh:
        return fresh, []
    existing = yaml.safe_load(path.read_text("utf-8")) or {}
    corrections = existing.get("corrections") or []
    hand = [d for d in existing.get("discrepancies") or [] if d.get("source") == "hand"]
    stale = apply_corrections(fresh, corrections)
    fresh["discrepancies"] = fresh["discrepancies"] + hand
    fresh["corrections"] = corrections
    return fresh, stale


def run(*, write: bool, force: bool, check: bool, only: str | None, sheet: int | None) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from ocop.criteria.sheets import check_sheet, sheet_from_dict

    status = 0
    for folder, files in sheet_files().items():
        versions = {"qd-26-2026": "26/2026", "qd-148-2023": "148/2023"}
        if only and versions[folder] != only:
            continue
        for name, data in files.items():
            if sheet is not None and not name.startswith(f"{sheet:02d}-"):
                continue
            path = DATA_DIR / folder / name
            data, stale = merge_existing(path=path, fresh=data)
            if stale:
                status = 1
                print(f"STALE {folder}/{name}:", *stale, sep="\n  ")
                continue
            text = dump(data)
            if "parts" in data:
                maxima = yaml.safe_load((DATA_DIR / folder / "version.yaml").read_text("utf-8"))
                try:
                    errors = check_sheet(sheet_from_dict(data, part_maxima=maxima["parts"]))
                except (KeyError, TypeError, ValueError) as exc:
                    errors = [f"cannot load: {exc!r}"]
                for error in errors:
                    print(f"CHECK {folder}/{name}: {error}")
            old = path.read_text("utf-8") if path.exists() else None
            if old == text:
                continue
            label = "NEW" if old is None else "CHANGED"
            print(f"{label} {folder}/{name}")
            if check:
                status = 1
                continue
            if old is not None and not force:
                diff = difflib.unified_diff(
                    old.splitlines(),
                    text.splitlines(),
                    lineterm="",
                    fromfile="existing",
                    tofile="extracted",
                    n=1,
                )
                print("\n".join(list(diff)[:40]))
                if write:
                    print("  refused (use --force to overwrite)")
                    status = 1
                continue
            if write:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write new/unchanged files")
    parser.add_argument("--force", action="store_true", help="overwrite changed files")
    parser.add_argument("--check", action="store_true", help="exit 1 if any file would change")
    parser.add_argument("--only", choices=["26/2026", "148/2023"])
    parser.add_argument("--sheet", type=int)
    args = parser.parse_args(argv)
    return run(
        write=args.write, force=args.force, check=args.check, only=args.only, sheet=args.sheet
    )


if __name__ == "__main__":
    sys.exit(main())
