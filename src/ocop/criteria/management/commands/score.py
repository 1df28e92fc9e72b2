"""``ocop score``: score answer files against one sheet with the shared engine."""

import argparse
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)

from ocop.criteria.answers import ANSWER_FORMAT, AnswerFileError, read_answer_file
from ocop.criteria.catalogue import UnknownCriteria, read_form
from ocop.criteria.scoring import (
    CouncilRules,
    MemberSheet,
    ScoringError,
    council_document,
    council_result,
    score_sheet,
    sheet_document,
)

USAGE_ERROR = 2
DEFAULT_RULES = CouncilRules()


class _HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's option order, and the answer format printed as written."""


def _share(text: str) -> Fraction:
    """Parse a quorum such as "3/4" or "0.75" (a share of the council, 0 < q ≤ 1)."""
    try:
        share = Fraction(text)
    except (ValueError, ZeroDivisionError) as exc:
        raise argparse.ArgumentTypeError(f"{text!r} không phải tỉ lệ / not a fraction") from exc
    if not 0 < share <= 1:
        raise argparse.ArgumentTypeError(f"{text!r} phải trong (0, 1] / must be in (0, 1]")
    return share


class Command(BaseCommand):
    help = """\
Chấm điểm phiếu đánh giá bằng bộ máy chấm điểm chung / score answer files.

Một tệp: kết quả của phiếu đó (tự đánh giá hoặc một thành viên). Nhiều tệp (hoặc
--council-size): kết quả hội đồng — tổng điểm = trung bình tổng điểm thành viên, dấu sao
tối thiểu xét trên điểm trung bình từng tiêu chí, túc số và chênh lệch theo quy chế.
In kết quả JSON, mã thoát 0; tệp hoặc câu trả lời sai: thông báo lỗi, mã thoát 2.
"""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.epilog = ANSWER_FORMAT
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--criteria", required=True, help="bộ tiêu chí, vd. 26/2026")
        parser.add_argument(
            "--set", dest="set_number", type=int, required=True, help="bộ sản phẩm 1-26"
        )
        parser.add_argument("files", nargs="+", type=Path, metavar="ANSWERS.json")
        parser.add_argument(
            "--council-size",
            type=int,
            help="số thành viên hội đồng được cử (mặc định: số tệp) / appointed members",
        )
        parser.add_argument(
            "--quorum", type=_share, default=DEFAULT_RULES.quorum, help="túc số, mặc định 3/4"
        )
        parser.add_argument(
            "--max-spread",
            type=float,
            default=DEFAULT_RULES.max_spread,
            help="chênh lệch tối đa giữa tổng điểm thành viên, mặc định 10",
        )
        parser.add_argument(
            "--no-chair-required",
            action="store_true",
            help="túc số không bắt buộc có chủ tịch / quorum without the chair",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        criteria, number = options["criteria"], options["set_number"]
        try:
            form = read_form(criteria=criteria, number=number)
        except UnknownCriteria as exc:
            raise CommandError(str(exc), returncode=USAGE_ERROR) from exc
        sheets = self._read_files(options["files"], criteria=form.sheet.criteria, number=number)
        council = len(sheets) > 1 or options["council_size"] is not None
        rules = CouncilRules(
            quorum=options["quorum"],
            chair_required=not options["no_chair_required"],
            max_spread=options["max_spread"],
        )
        try:
            if council:
                result = council_result(
                    sheet=form.sheet,
                    bands=form.bands,
                    sheets=sheets,
                    council_size=options["council_size"],
                    rules=rules,
                )
                document = council_document(result)
            else:
                [only] = sheets
                scored = score_sheet(
                    sheet=form.sheet,
                    answers=only.answers,
                    bands=form.bands,
                    knockouts=only.knockouts,
                )
                document = sheet_document(scored, member=only.member, is_chair=only.is_chair)
        except ScoringError as exc:
            raise CommandError(str(exc), returncode=USAGE_ERROR) from exc
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))

    def _read_files(self, paths: list[Path], *, criteria: str, number: int) -> list[MemberSheet]:
        """Read every file and report every broken one at once."""
        sheets: list[MemberSheet] = []
        errors: list[str] = []
        for path in paths:
            try:
                sheets.append(read_answer_file(path, criteria=criteria, number=number))
            except AnswerFileError as exc:
                errors.append(str(exc))
        if errors:
            raise CommandError("\n".join(errors), returncode=USAGE_ERROR)
        return sheets
