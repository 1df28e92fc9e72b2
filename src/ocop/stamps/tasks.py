"""Background tasks of the stamps app (``ocop db_worker`` runs them)."""

from django.tasks import task

from . import domain
from .models import StampBatch, StampSheet


@task()
def task_issue_stamps(batch_id: int) -> dict[str, int]:
    batch = domain.issue_batch(batch=StampBatch.objects.get(pk=batch_id))
    return {"issued": batch.issued_count}


@task()
def task_render_sheet(sheet_id: int) -> dict[str, int]:
    sheet = domain.render_sheet(
        sheet=StampSheet.objects.select_related("batch__trade_item", "batch__lot").get(pk=sheet_id)
    )
    return {"pages": sheet.pages_total}


@task()
def task_resume_issuance() -> dict[str, list[int]]:
    """Re-enqueue the issuance of batches a dead worker left unfinished (see the domain)."""
    return {"resumed": domain.resume_unfinished_batches()}
