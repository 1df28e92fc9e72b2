"""Benchmark the scoring engine: score N random, valid scoresheets and report the time.

Why: every council member's sheet, every self-assessment and every import goes through
``ocop.criteria.scoring``; a province round or a national re-scoring runs it tens of
thousands of times. This measures the pure engine (no database, no I/O inside the timed
loop) so a regression shows up as a number in ``docs/benchmarks.md``.

Usage::

    .venv/bin/python tools/bench_scoring.py                 # 100,000 sheets over the 26 sets
    .venv/bin/python tools/bench_scoring.py --sheets 20000 --council 3 --seed 7

Answers are drawn with a seeded ``random.Random``: for every criterion any option, or
"nothing ticked" where the criterion has no 0-point option; sheets are taken round-robin
from the 26 sets of the chosen version. Generation is not timed; scoring is.
"""

from __future__ import annotations

import argparse
import platform
import random
import time
from collections import Counter
from collections.abc import Sequence

from ocop.criteria.catalogue import ScoringForm, read_all
from ocop.criteria.scoring import (
    MemberSheet,
    allows_nothing_ticked,
    council_result,
    score_sheet,
)
from ocop.criteria.sheets import Sheet

Answers = dict[str, int | None]


def random_answers(*, sheet: Sheet, rng: random.Random) -> Answers:
    """One valid answer set: any option, or nothing ticked where that is allowed."""
    answers: Answers = {}
    for criterion in sheet.criteria_list():
        choices: list[int | None] = [option.number for option in criterion.options]
        if allows_nothing_ticked(criterion):
            choices.append(None)
        answers[criterion.code] = rng.choice(choices)
    return answers


def workload(
    *, forms: Sequence[ScoringForm], count: int, seed: int
) -> list[tuple[ScoringForm, Answers]]:
    rng = random.Random(seed)
    return [
        (form, random_answers(sheet=form.sheet, rng=rng))
        for form in (forms[i % len(forms)] for i in range(count))
    ]


def bench_sheets(cases: Sequence[tuple[ScoringForm, Answers]]) -> tuple[float, Counter[int]]:
    stars: Counter[int] = Counter()
    start = time.perf_counter()
    for form, answers in cases:
        result = score_sheet(sheet=form.sheet, answers=answers, bands=form.bands)
        stars[result.star or 0] += 1
    return time.perf_counter() - start, stars


def bench_councils(
    cases: Sequence[tuple[ScoringForm, Answers]], *, members: int
) -> tuple[float, int]:
    """Score the same workload as councils of ``members`` sheets on one product set each."""
    by_set: dict[int, list[tuple[ScoringForm, Answers]]] = {}
    for case in cases:
        by_set.setdefault(case[0].sheet.number, []).append(case)
    councils = [
        group[i : i + members]
        for group in by_set.values()
        for i in range(0, len(group) - members + 1, members)
    ]
    start = time.perf_counter()
    for council in councils:
        form = council[0][0]
        council_result(
            sheet=form.sheet,
            bands=form.bands,
            sheets=[
                MemberSheet(member=str(n), answers=answers, is_chair=n == 0)
                for n, (_, answers) in enumerate(council)
            ],
        )
    return time.perf_counter() - start, len(councils)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--criteria", default="26/2026")
    parser.add_argument("--council", type=int, default=0, help="also time councils of N members")
    parser.add_argument("--quick", action="store_true", help="10,000 sheets (smoke run)")
    args = parser.parse_args()
    if args.quick:
        args.sheets = min(args.sheets, 10_000)

    forms = [source.form for source in read_all()[args.criteria].sheets]
    cases = workload(forms=forms, count=args.sheets, seed=args.seed)
    seconds, stars = bench_sheets(cases)
    print(f"python {platform.python_version()} on {platform.machine()}, {len(forms)} sheets")
    print(
        f"scored {len(cases):,} sheets in {seconds:.2f} s: "
        f"{len(cases) / seconds:,.0f} sheets/s, {seconds / len(cases) * 1e6:.1f} µs/sheet"
    )
    print("stars (0 = excluded):", dict(sorted(stars.items())))
    from benchtable import write_result  # tools/ is on sys.path when run as a script

    write_result(
        "scoring",
        {"sheets": len(cases), "seconds": round(seconds, 3), "criteria": args.criteria,
         "quick": args.quick},
    )  # fmt: skip
    if args.council:
        council_seconds, councils = bench_councils(cases, members=args.council)
        print(
            f"council results of {args.council} members: {councils:,} in {council_seconds:.2f} s"
            f" ({council_seconds / max(councils, 1) * 1e6:.0f} µs/council)"
        )


if __name__ == "__main__":
    main()
