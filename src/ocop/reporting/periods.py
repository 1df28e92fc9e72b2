"""Report periods: a month, a quarter or a year, and the one just before it."""

from dataclasses import dataclass
from datetime import date, timedelta

from .enums import PeriodKind


@dataclass(frozen=True)
class ReportPeriod:
    kind: str
    start: date
    end: date

    @classmethod
    def of(cls, *, kind: str, year: int, number: int = 1) -> "ReportPeriod":
        """Month ``number`` (1–12), quarter ``number`` (1–4) or the year."""
        if kind == PeriodKind.MONTH:
            if not 1 <= number <= 12:
                raise ValueError("month must be 1–12")
            start = date(year, number, 1)
            end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        elif kind == PeriodKind.QUARTER:
            if not 1 <= number <= 4:
                raise ValueError("quarter must be 1–4")
            start = date(year, 3 * number - 2, 1)
            end = (date(year, 3 * number, 1) + timedelta(days=32)).replace(day=1) - timedelta(
                days=1
            )
        elif kind == PeriodKind.YEAR:
            start, end = date(year, 1, 1), date(year, 12, 31)
        else:
            raise ValueError(f"unknown period kind {kind!r}")
        return cls(kind, start, end)

    @classmethod
    def containing(cls, *, kind: str, day: date) -> "ReportPeriod":
        number = {
            PeriodKind.MONTH: day.month,
            PeriodKind.QUARTER: (day.month - 1) // 3 + 1,
            PeriodKind.YEAR: 1,
        }[PeriodKind(kind)]
        return cls.of(kind=kind, year=day.year, number=number)

    def previous(self) -> "ReportPeriod":
        return ReportPeriod.containing(kind=self.kind, day=self.start - timedelta(days=1))

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return f"{self.start:%m/%Y}"
        if self.kind == PeriodKind.QUARTER:
            return f"Q{(self.start.month - 1) // 3 + 1}/{self.start.year}"
        return str(self.start.year)
