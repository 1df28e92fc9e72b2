"""Demo: the scan roll-up the dashboard reads, and the reports the schedule would queue."""

from django.utils import timezone

from ocop.reporting.domain import schedule_due_reports
from ocop.reporting.rollups import refresh_scan_months


def load_reporting_demo() -> int:
    """Refresh the scan roll-up and queue the due periodic reports (idempotent: the
    schedule makes each report once); returns the number of reports queued."""
    refresh_scan_months()
    return len(schedule_due_reports(today=timezone.localdate()))
