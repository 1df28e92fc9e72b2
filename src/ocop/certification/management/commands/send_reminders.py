from datetime import date

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ocop.certification.reminders import send_reminders


class Command(BaseCommand):
    help = "Send the certificate reminders due today (run daily, e.g. from cron); idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=date.fromisoformat, default=None)

    def handle(self, *args: object, **options: object) -> None:
        today = options["date"] or timezone.localdate()
        assert isinstance(today, date)
        run = send_reminders(today=today)
        self.stdout.write(f"{today}: {run.sent} reminders to {run.recipients} people")
