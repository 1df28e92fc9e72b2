"""A worker killed mid-issuance: the batch is resumed without duplicates or gaps."""

import pytest
from django.db import connection
from django.db.models import Count

from ocop.stamps import domain
from ocop.stamps.enums import BatchState
from ocop.stamps.models import Stamp, StampBatch


def _crashed_batch(trade_item, *, count: int, done: int) -> StampBatch:
    """A batch whose worker died after ``done`` stamps (one committed chunk, state running)."""
    batch = StampBatch.objects.create(trade_item=trade_item, requested_count=count)
    insert = domain._copy_rows if connection.vendor == "postgresql" else domain._bulk_create_rows
    domain._issue_chunk(batch_pk=batch.pk, chunk_size=done, insert=insert)
    StampBatch.objects.filter(pk=batch.pk).update(state=BatchState.RUNNING)
    return batch


@pytest.mark.django_db
def test_resume_continues_after_the_last_chunk(trade_item):
    batch = _crashed_batch(trade_item, count=250, done=100)
    assert Stamp.objects.filter(batch=batch).count() == 100
    # the immediate test backend runs the re-enqueued task at once
    assert domain.resume_unfinished_batches() == [batch.pk]
    batch.refresh_from_db()
    assert batch.state == BatchState.DONE and batch.issued_count == 250
    stamps = Stamp.objects.filter(batch=batch)
    assert stamps.count() == 250
    assert sorted(stamps.values_list("position", flat=True)) == list(range(1, 251))
    assert not stamps.values("serial").annotate(n=Count("id")).filter(n__gt=1).exists()
    # nothing left to resume; a second call is harmless
    assert domain.resume_unfinished_batches() == []


@pytest.mark.django_db
def test_resume_leaves_failed_and_queued_batches(trade_item, settings):
    failed = StampBatch.objects.create(
        trade_item=trade_item, requested_count=10, state=BatchState.FAILED, error="boom"
    )
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from ocop.stamps.tasks import task_issue_stamps

    queued = StampBatch.objects.create(trade_item=trade_item, requested_count=10)
    task_issue_stamps.enqueue(queued.pk)  # waiting in the database queue already
    stalled = StampBatch.objects.create(
        trade_item=trade_item, requested_count=10, state=BatchState.RUNNING
    )
    assert domain.resume_unfinished_batches() == [stalled.pk]
    failed.refresh_from_db()
    assert failed.state == BatchState.FAILED and not Stamp.objects.filter(batch=failed).exists()


@pytest.mark.django_db
def test_resume_command(trade_item):
    import io

    from django.core.management import call_command

    batch = _crashed_batch(trade_item, count=120, done=50)
    out = io.StringIO()
    call_command("resume_issuance", stdout=out)
    assert out.getvalue().strip() == f"Resumed stamp batches: {batch.pk}"
    assert Stamp.objects.filter(batch=batch).count() == 120
    out = io.StringIO()
    call_command("resume_issuance", stdout=out)
    assert "No unfinished stamp batch." in out.getvalue()
