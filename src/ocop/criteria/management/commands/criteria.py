"""``ocop criteria check`` and ``ocop criteria show``: the criteria data files, checked and read.

Both read the data files (not the database), so they work before ``migrate`` and in CI.
"""

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ocop.criteria.catalogue import (
    UnknownCriteria,
    VersionSource,
    newest_first,
    read_all,
    read_form,
)
from ocop.criteria.scoring import allows_nothing_ticked, sheet_rules, version_errors
from ocop.criteria.sheets import (
    DATA_DIR,
    Criterion,
    Sheet,
    lint_sheet,
    sheet_to_dict,
)

USAGE_ERROR = 2


def _stars(mark: int | None) -> str:
    return f" [{'*' * mark} tối thiểu {mark} sao]" if mark else ""


def _criterion_lines(criterion: Criterion) -> Iterable[str]:
    yield f"    {criterion.code}. {criterion.name} ({criterion.max} điểm)"
    if criterion.applies_when:
        yield f"        ({criterion.applies_when.text}: trừ khi {criterion.applies_when.criterion}"
        yield f"         = {', '.join(map(str, criterion.applies_when.unless_options))})"
    if allows_nothing_ticked(criterion):
        yield "        (có thể không chọn mức nào = 0 điểm)"
    for option in criterion.options:
        case = f"[TH{option.case}] " if option.case else ""
        mark = _stars(option.min_star)
        yield f"      {option.number}) {case}{option.text} — {option.points}đ{mark}"


def render_sheet(sheet: Sheet) -> str:
    """The sheet as readable text: parts, groups, criteria, options, marks and rules."""
    ps = sheet.product_set
    code = f" ({ps.code})" if ps.code else ""
    lines = [f"Bộ tiêu chí {sheet.criteria} · Bộ sản phẩm số {ps.number}: {ps.name}{code}"]
    for part in sheet.parts:
        lines.append(f"PHẦN {part.code}. {part.name} ({part.max} điểm)")
        for group in part.groups:
            lines.append(f"  {group.number}. {group.name} ({group.max} điểm)")
            for criterion in group.criteria:
                lines.extend(_criterion_lines(criterion))
    rules = sheet_rules(sheet)
    if rules:
        lines.append('Quy tắc loại / dừng đánh giá (mã dùng trong "knockouts"):')
        lines.extend(f"  {rule.id} [{rule.trigger}] {rule.text}" for rule in rules)
    lines.append(f"Tổng: {sheet.max} điểm")
    return "\n".join(lines)


def _parts_summary(sheet: Sheet) -> str:
    parts = " ".join(f"{part.code}{part.max}" for part in sheet.parts)
    return f"{parts} = {sheet.max}"


def _split_errors(errors: Iterable[str]) -> tuple[dict[int, list[str]], list[str]]:
    """version_errors prefixes sheet errors with "sheet N: "; the rest are version-wide."""
    by_sheet: dict[int, list[str]] = {}
    version_wide: list[str] = []
    for error in errors:
        head, sep, rest = error.partition(": ")
        number = head.removeprefix("sheet ")
        if sep and head.startswith("sheet ") and number.isdigit():
            by_sheet.setdefault(int(number), []).append(rest)
        else:
            version_wide.append(error)
    return by_sheet, version_wide


class Command(BaseCommand):
    help = (
        "Kiểm tra và xem các tệp bộ tiêu chí / check and show the criteria data files.\n"
        "'check': một dòng mỗi phiếu, mã thoát khác 0 khi có lỗi; "
        "'show --criteria 26/2026 --set 1 [--json]': in một phiếu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{check,show}")
        check = actions.add_parser(
            "check", help="kiểm tra mọi tệp dữ liệu / validate every data file"
        )
        check.add_argument(
            "--lint", action="store_true", help="in cả cảnh báo / also print lint warnings"
        )
        check.add_argument(
            "--data-dir",
            type=Path,
            default=DATA_DIR,
            help="thư mục dữ liệu khác (vd. bản nháp quyết định mới) / another data folder",
        )
        show = actions.add_parser("show", help="in một phiếu / print one sheet")
        show.add_argument("--criteria", required=True, help="mã bộ tiêu chí, vd. 26/2026, 148/2023")
        show.add_argument(
            "--set", dest="set_number", type=int, required=True, help="bộ sản phẩm 1-26"
        )
        show.add_argument(
            "--json", action="store_true", help="JSON thay cho văn bản / JSON instead of text"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "check":
            self._check(lint=options["lint"], data_dir=options["data_dir"])
        else:
            self._show(
                criteria=options["criteria"], number=options["set_number"], as_json=options["json"]
            )

    def _check(self, *, lint: bool, data_dir: Path) -> None:
        failed = 0
        for source in newest_first(read_all(data_dir).values()):
            failed += self._check_version(source=source, lint=lint)
        if failed:
            raise CommandError(f"{failed} lỗi trong dữ liệu bộ tiêu chí / {failed} errors")
        self.stdout.write("Mọi phiếu hợp lệ / all sheets OK")

    def _check_version(self, *, source: VersionSource, lint: bool) -> int:
        code = source.version.code
        by_sheet, version_wide = _split_errors(version_errors(source.version))
        for sheet in source.version.sheets:
            errors = by_sheet.get(sheet.number, [])
            status = "OK" if not errors else f"LỖI ({len(errors)})"
            self.stdout.write(
                f"{code:<10} bộ {sheet.number:>2}  {sheet.product_set.name[:60]:<60}  "
                f"{_parts_summary(sheet)}  {status}"
            )
            for error in errors:
                self.stdout.write(f"    {error}")
            for warning in lint_sheet(sheet) if lint else ():
                self.stdout.write(f"    cảnh báo: {warning}")
        if not source.version.sheets:
            parts = " ".join(f"{c}{m}" for c, m in source.version.part_maxima.items())
            status = "OK" if not version_wide else f"LỖI ({len(version_wide)})"
            self.stdout.write(
                f"{code:<10} không có phiếu (chỉ ghi điểm từng phần: {parts})  {status}"
            )
        for error in version_wide:
            self.stdout.write(f"    {error}")
        return len(version_wide) + sum(len(errors) for errors in by_sheet.values())

    def _show(self, *, criteria: str, number: int, as_json: bool) -> None:
        try:
            form = read_form(criteria=criteria, number=number)
        except UnknownCriteria as exc:
            raise CommandError(str(exc), returncode=USAGE_ERROR) from exc
        if as_json:
            self.stdout.write(json.dumps(sheet_to_dict(form.sheet), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_sheet(form.sheet))
