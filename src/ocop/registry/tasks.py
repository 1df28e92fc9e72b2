"""Background tasks of the registry."""

from django.db.models import F
from django.tasks import task
from django.utils import timezone

from .models import ImportJob
from .spreadsheets import ImportRejected, count_rows, import_registry, open_workbook

_PROGRESS_EVERY = 25


@task()
def task_import_registry(job_id: int) -> dict[str, int]:
    """Run one ``ImportJob``: validate with progress, then save all rows or none."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING)

    def progress(done: int) -> None:
        if done % _PROGRESS_EVERY == 0:
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)

    try:
        with job.file.open("rb") as fh:
            workbook = open_workbook(fh)
            total = count_rows(workbook)
            workbook.close()
            ImportJob.objects.filter(pk=job.pk).update(total_rows=total)
            fh.seek(0)
            report = import_registry(fh, actor=job.created_by, progress=progress)
    except ImportRejected as rejected:
        ImportJob.objects.filter(pk=job.pk).update(
            state=ImportJob.State.REJECTED,
            errors=[e.as_dict() for e in rejected.errors],
            processed_rows=F("total_rows"),
            finished_at=timezone.now(),
        )
        return {"producers": 0, "products": 0, "errors": len(rejected.errors)}
    except Exception:
        ImportJob.objects.filter(pk=job.pk).update(
            state=ImportJob.State.FAILED, finished_at=timezone.now()
        )
        raise
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.DONE,
        processed_rows=F("total_rows"),
        producers_created=report.producers,
        products_created=report.products,
        finished_at=timezone.now(),
    )
    return {"producers": report.producers, "products": report.products, "errors": 0}
