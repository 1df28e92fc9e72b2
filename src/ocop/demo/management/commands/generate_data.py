import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ocop.demo.generate import SCALES, GenerateError, generate


class Command(BaseCommand):
    help = (
        "Generate a synthetic data set for benchmarks (national: 34 provinces, 20,000 products, "
        "100,000 scoresheets, 5,000,000 scans) on top of load_units and load_criteria."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--force",
            action="store_true",
            help="add the data set even if the registry already has producers",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        verbose = options["verbosity"] > 0

        def progress(message: str) -> None:
            if verbose:
                self.stdout.write(f"[{time.perf_counter() - started:6.1f} s] {message}")
                self.stdout.flush()

        try:
            summary = generate(
                scale=options["scale"],
                seed=options["seed"],
                force=options["force"],
                progress=progress,
            )
        except GenerateError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Generated scale {summary.scale} (seed {summary.seed}) in {summary.seconds:.0f} s:"
        )
        for label, count in sorted(summary.counts.items()):
            self.stdout.write(f"  {label:<32} {count:>12,}")
        for role, username in summary.users.items():
            self.stdout.write(f"  account {role}: {username} (no password; use force_login)")
