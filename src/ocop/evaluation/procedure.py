"""The evaluation procedure of a criteria version, read from ``data/procedures.yaml``."""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import yaml

PROCEDURES = Path(__file__).resolve().parent / "data" / "procedures.yaml"


@dataclass(frozen=True, kw_only=True)
class RoundWindow:
    number: int
    proposals_before: tuple[int, int]  # (month, day)
    decide_before: tuple[int, int]


@dataclass(frozen=True, kw_only=True)
class Procedure:
    criteria: str
    instrument: str
    recognises: dict[str, tuple[int, ...]]
    forward_threshold: float
    commune_working_days: int
    samples: int
    sample_exempt_sectors: tuple[str, ...]
    decision_days: dict[str, int]
    certificate_months: int
    rounds: dict[str, tuple[RoundWindow, ...]]

    def window(self, *, level: str, number: int) -> RoundWindow:
        for window in self.rounds[level]:
            if window.number == number:
                return window
        raise KeyError(f"{self.criteria}: no round {number} at level {level}")

    def round_dates(self, *, level: str, number: int, year: int) -> tuple[date, date]:
        """(dossier cut-off, decision deadline) of round ``number`` of ``year``.

        A centre round 2 decides before 30/03 of the *next* year (Art. 5.2).
        """
        window = self.window(level=level, number=number)
        cutoff = date(year, *window.proposals_before)
        deadline = date(year, *window.decide_before)
        if deadline < cutoff:
            deadline = date(year + 1, *window.decide_before)
        return cutoff, deadline


def _month_day(text: str) -> tuple[int, int]:
    month, day = text.split("-")
    return int(month), int(day)


@cache
def procedure_for(criteria: str) -> Procedure:
    with PROCEDURES.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)[criteria]
    return Procedure(
        criteria=criteria,
        instrument=raw["instrument"],
        recognises={k: tuple(v) for k, v in raw["recognises"].items()},
        forward_threshold=float(raw["forward_threshold"]),
        commune_working_days=int(raw["commune_working_days"]),
        samples=int(raw["samples"]),
        sample_exempt_sectors=tuple(raw["sample_exempt_sectors"]),
        decision_days=dict(raw["decision_days"]),
        certificate_months=int(raw["certificate_months"]),
        rounds={
            level: tuple(
                RoundWindow(
                    number=int(w["number"]),
                    proposals_before=_month_day(w["proposals_before"]),
                    decide_before=_month_day(w["decide_before"]),
                )
                for w in windows
            )
            for level, windows in raw["rounds"].items()
        },
    )


def add_working_days(start: date, days: int) -> date:
    """``days`` working days after ``start`` (Monday–Friday; public holidays not modelled)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current
