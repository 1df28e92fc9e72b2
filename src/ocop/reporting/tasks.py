"""Background tasks of the reporting app (``ocop db_worker`` runs them)."""

from django.tasks import task

from . import domain
from .models import Report


@task()
def task_generate_report(report_id: int) -> dict[str, str]:
    report = domain.generate_report(
        report=Report.objects.select_related("province").get(pk=report_id)
    )
    return {"status": report.status}
