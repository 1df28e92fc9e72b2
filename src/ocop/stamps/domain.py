"""Writes on stamps: request and issue batches, activate and void stamps, print sheets.

One function per state change; each checks that the actor may manage the trade item's
product (a producer account only its own products, an official only in the area where
they may edit the registry) and raises ``PermissionDenied`` before writing anything.
``actor=None`` is the system itself (demo loader, commands).

Activation and voiding act on ranges of up to a million stamps with one ``UPDATE`` and
write one audit entry per call (what, which range, how many), not one per stamp.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.core.audit import log_action
from ocop.core.domain import create_audited
from ocop.registry.models import Product
from ocop.registry.rules import may_edit_product
from ocop.traceability.models import Lot, TradeItem

from .enums import BatchState, SheetFormat, StampStatus
from .models import Stamp, StampBatch, StampSheet
from .serials import new_serials

# Rows per transaction while issuing: large enough for COPY to pay off, small enough
# that progress moves every second or so and a crash loses little work.
CHUNK = 20_000
VOID_REASON_MAX = 200


def _is_user(actor: Any) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def ensure_may_manage(actor: Any, trade_item: TradeItem) -> None:
    """``PermissionDenied`` unless ``actor`` may manage the stamps of ``trade_item``."""
    if actor is None:
        return
    product = Product.objects.select_related("commune").get(pk=trade_item.product_id)
    if not may_edit_product(actor, product):
        raise PermissionDenied(
            _("Bạn không có quyền quản lý tem của mặt hàng %(gtin)s.") % {"gtin": trade_item.gtin}
        )


# ---- issuance -------------------------------------------------------------------------


@transaction.atomic
def request_stamps(
    *,
    trade_item: TradeItem,
    lot: Lot | None = None,
    count: int,
    actor: Any,
    label_mm: int = 30,
    margin_mm: int = 10,
    columns: int = 6,
) -> StampBatch:
    """Record a request for ``count`` stamps; the serials are issued by a background task."""
    ensure_may_manage(actor, trade_item)
    batch = StampBatch(
        trade_item=trade_item,
        lot=lot,
        requested_count=count,
        requested_by=actor if _is_user(actor) else None,
        label_mm=label_mm,
        margin_mm=margin_mm,
        columns=columns,
    )
    create_audited(obj=batch, actor=actor, action="ocop.stamps.requested")

    def enqueue() -> None:
        from .tasks import task_issue_stamps

        task_issue_stamps.enqueue(batch.pk)

    transaction.on_commit(enqueue)
    return batch


def issue_batch(*, batch: StampBatch, chunk_size: int = CHUNK) -> StampBatch:
    """Generate and insert the batch's serials in chunks (the body of ``task_issue_stamps``).

    Each chunk is one transaction that also advances ``issued_count``, so the count is
    the progress and a re-run after a crash continues where the last chunk ended. The
    batch row is locked per chunk, so two workers running the same task cannot issue
    the same positions twice. Not atomic as a whole: do not wrap it in a transaction.
    """
    if batch.state == BatchState.DONE:
        return batch
    StampBatch.objects.filter(pk=batch.pk).update(state=BatchState.RUNNING, error="")
    insert = _copy_rows if connection.vendor == "postgresql" else _bulk_create_rows
    try:
        while _issue_chunk(batch_pk=batch.pk, chunk_size=chunk_size, insert=insert):
            pass
    except Exception as exc:
        StampBatch.objects.filter(pk=batch.pk).update(
            state=BatchState.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        StampBatch.objects.filter(pk=batch.pk).update(
            state=BatchState.DONE, finished_at=timezone.now()
        )
        batch.refresh_from_db()
        log_action(
            action="ocop.stamps.issued",
            obj=batch,
            actor=batch.requested_by,
            data={"count": batch.issued_count},
        )
    return batch


def resume_unfinished_batches() -> list[int]:
    """Enqueue issuance again for every batch left pending or running; returns their ids.

    Why: a worker killed mid-issuance (SIGKILL, out of memory, a host restart) leaves its
    batch ``running`` and its task result ``RUNNING`` for ever: the task backend does not
    re-queue it. Re-running ``issue_batch`` is safe at any time — it continues after the
    last committed chunk, and the per-chunk row lock keeps two workers from issuing the
    same positions even if the first worker is in fact still alive — so this is called
    when workers start (``ocop resume_issuance``) rather than guessing which worker died.
    A batch that already has a task waiting in the queue is left to it. Failed batches
    are left alone: they stopped on an error a person should read first.
    """
    from .tasks import task_issue_stamps

    unfinished = list(
        StampBatch.objects.filter(state__in=[BatchState.PENDING, BatchState.RUNNING])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not unfinished:
        return []
    waiting = _queued_batch_ids(task_issue_stamps)
    resumed = [pk for pk in unfinished if pk not in waiting]
    for pk in resumed:
        task_issue_stamps.enqueue(pk)
    return resumed


def _queued_batch_ids(task: Any) -> set[int]:
    """Batches whose issuance task is already waiting in the database queue (if one is used)."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database backend is a dependency
        return set()
    rows = (
        DBTaskResult.objects.ready()
        .filter(task_path=task.module_path)
        .values_list("args_kwargs", flat=True)
    )
    return {int(row["args"][0]) for row in rows if row.get("args")}


Inserter = Callable[[StampBatch, dict[int, str]], set[int]]


@transaction.atomic
def _issue_chunk(*, batch_pk: int, chunk_size: int, insert: Inserter) -> bool:
    """Issue the next chunk; False when the batch is complete."""
    batch = StampBatch.objects.select_for_update().get(pk=batch_pk)
    n = min(chunk_size, batch.requested_count - batch.issued_count)
    if n <= 0:
        return False
    first = batch.issued_count + 1
    pending = dict(zip(range(first, first + n), new_serials(n), strict=True))
    while pending:
        # A collision with an existing serial is a 1-in-10^9 event per stamp even after
        # a billion stamps; the few that collide simply get a fresh serial.
        collided = sorted(insert(batch, pending))
        pending = dict(zip(collided, new_serials(len(collided)), strict=True)) if collided else {}
    StampBatch.objects.filter(pk=batch_pk).update(issued_count=F("issued_count") + n)
    return True


def _copy_rows(batch: StampBatch, rows: dict[int, str]) -> set[int]:
    """PostgreSQL: COPY into a temporary table, then INSERT … ON CONFLICT DO NOTHING.

    Returns the positions whose serial was already taken (not inserted).
    """
    table = Stamp._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS stamps_incoming "
            "(position integer NOT NULL, serial varchar(20) NOT NULL) ON COMMIT DELETE ROWS"
        )
        with cursor.cursor.copy("COPY stamps_incoming (position, serial) FROM STDIN") as copy:
            copy.write("".join(f"{p}\t{s}\n" for p, s in rows.items()))
        cursor.execute(
            f"INSERT INTO {table} "
            "(batch_id, trade_item_id, lot_id, position, serial, status, void_reason) "
            "SELECT %s, %s, %s, position, serial, %s, '' FROM stamps_incoming "
            "ON CONFLICT (serial) DO NOTHING",
            [batch.pk, batch.trade_item_id, batch.lot_id, StampStatus.ISSUED],
        )
        collided: set[int] = set()
        if cursor.rowcount != len(rows):
            cursor.execute(
                "SELECT i.position FROM stamps_incoming i "
                f"LEFT JOIN {table} s ON s.batch_id = %s AND s.position = i.position "
                "WHERE s.id IS NULL",
                [batch.pk],
            )
            collided = {position for (position,) in cursor.fetchall()}
        cursor.execute("TRUNCATE stamps_incoming")
    return collided


def _bulk_create_rows(batch: StampBatch, rows: dict[int, str]) -> set[int]:
    """Other engines (SQLite): ``bulk_create``; on a serial collision, find and skip it."""

    def create(items: dict[int, str]) -> None:
        with transaction.atomic():  # a savepoint, so a collision undoes only this chunk
            Stamp.objects.bulk_create(
                Stamp(
                    batch_id=batch.pk,
                    trade_item_id=batch.trade_item_id,
                    lot_id=batch.lot_id,
                    position=position,
                    serial=serial,
                )
                for position, serial in items.items()
            )

    try:
        create(rows)
        return set()
    except IntegrityError:
        serials = list(rows.values())
        taken = {
            serial
            for i in range(0, len(serials), 500)
            for serial in Stamp.objects.filter(serial__in=serials[i : i + 500]).values_list(
                "serial", flat=True
            )
        }
        seen: set[str] = set()
        collided: set[int] = set()
        for position, serial in rows.items():
            if serial in taken or serial in seen:
                collided.add(position)
            seen.add(serial)
        create({p: s for p, s in rows.items() if p not in collided})
        return collided


# ---- activation and voiding -------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """Which stamps an activation or voiding acts on, and how the audit entry names it."""

    stamps: QuerySet[Stamp]
    trade_item: TradeItem
    target: StampBatch | Lot
    described: dict[str, Any]


def select_stamps(
    *,
    batch: StampBatch | None = None,
    lot: Lot | None = None,
    serial_from: str | None = None,
    serial_to: str | None = None,
    position_from: int | None = None,
    position_to: int | None = None,
) -> Selection:
    """A range of a batch (by printed numbers or by first and last serial), or a lot.

    "Range" means positions in issuance order: the stamps printed from the first serial
    to the last one, both included.
    """
    if batch is None and lot is None:
        raise ValidationError(_("Cần chọn đợt tem hoặc lô hàng."))
    ranged = any(v not in (None, "") for v in (serial_from, serial_to, position_from, position_to))
    if batch is None:
        assert lot is not None
        if ranged:
            raise ValidationError(_("Khoảng tem chỉ chọn được trong một đợt tem."))
        return Selection(
            stamps=Stamp.objects.filter(lot=lot),
            trade_item=lot.trade_item,
            target=lot,
            described={"lot": lot.number},
        )
    stamps = Stamp.objects.filter(batch=batch)
    described: dict[str, Any] = {"batch": batch.pk}
    if lot is not None:
        stamps = stamps.filter(lot=lot)
        described["lot"] = lot.number
    if serial_from or serial_to:
        position_from = _position_of(batch, serial_from) if serial_from else 1
        position_to = _position_of(batch, serial_to) if serial_to else batch.issued_count
    if ranged:
        low = position_from or 1
        high = position_to or batch.issued_count
        if low > high:
            raise ValidationError(_("Số tem đầu phải nhỏ hơn hoặc bằng số tem cuối."))
        if high > batch.issued_count:
            raise ValidationError(_("Đợt tem này chỉ có %(n)s tem.") % {"n": batch.issued_count})
        stamps = stamps.filter(position__gte=low, position__lte=high)
        described.update({"from": low, "to": high})
    return Selection(stamps=stamps, trade_item=batch.trade_item, target=batch, described=described)


def _position_of(batch: StampBatch, serial: str) -> int:
    from .serials import normalize_serial

    position = (
        Stamp.objects.filter(batch=batch, serial=normalize_serial(serial))
        .values_list("position", flat=True)
        .first()
    )
    if position is None:
        raise ValidationError(
            _("Không có tem %(serial)s trong đợt tem này.") % {"serial": serial.strip()}
        )
    return position


def _ensure_issued(selection: Selection) -> None:
    if isinstance(selection.target, StampBatch) and selection.target.state != BatchState.DONE:
        raise ValidationError(_("Đợt tem chưa phát hành xong; hãy chờ rồi thử lại."))


@transaction.atomic
def activate_stamps(*, actor: Any, **selection: Any) -> int:
    """Activate the selected stamps that are issued (issued → activated); returns how many.

    Only activated stamps show as genuine when scanned. Voided stamps stay voided and
    already activated ones are left as they are, so repeating a request is harmless.
    ``selection`` is the keyword arguments of ``select_stamps``.
    """
    chosen = select_stamps(**selection)
    ensure_may_manage(actor, chosen.trade_item)
    _ensure_issued(chosen)
    count = chosen.stamps.filter(status=StampStatus.ISSUED).update(
        status=StampStatus.ACTIVATED, activated_at=timezone.now()
    )
    log_action(
        action="ocop.stamps.activated",
        obj=chosen.target,
        actor=actor,
        data={**chosen.described, "count": count},
    )
    return count


@transaction.atomic
def void_stamps(*, actor: Any, reason: str, **selection: Any) -> int:
    """Void the selected stamps (lost, damaged, stolen); returns how many were voided.

    A voided stamp says so when scanned; it can never be activated again.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi lý do hủy tem.")})
    if len(reason) > VOID_REASON_MAX:
        raise ValidationError({"reason": _("Lý do hủy tối đa 200 ký tự.")})
    chosen = select_stamps(**selection)
    ensure_may_manage(actor, chosen.trade_item)
    _ensure_issued(chosen)
    count = chosen.stamps.exclude(status=StampStatus.VOIDED).update(
        status=StampStatus.VOIDED, voided_at=timezone.now(), void_reason=reason
    )
    log_action(
        action="ocop.stamps.voided",
        obj=chosen.target,
        actor=actor,
        data={**chosen.described, "count": count},
        reason=reason,
    )
    return count


# ---- print sheets -----------------------------------------------------------------------


@transaction.atomic
def request_sheet(
    *,
    batch: StampBatch,
    format: SheetFormat,
    actor: Any,
    position_from: int = 1,
    position_to: int | None = None,
) -> StampSheet:
    """Record a print file request for a range of an issued batch; rendered in the background."""
    ensure_may_manage(actor, batch.trade_item)
    if batch.state != BatchState.DONE:
        raise ValidationError(_("Đợt tem chưa phát hành xong; chưa in được."))
    high = position_to or batch.issued_count
    if not 1 <= position_from <= high <= batch.issued_count:
        raise ValidationError(_("Khoảng tem phải nằm trong 1–%(n)s.") % {"n": batch.issued_count})
    sheet = StampSheet(
        batch=batch,
        format=format,
        position_from=position_from,
        position_to=high,
        requested_by=actor if _is_user(actor) else None,
    )
    create_audited(obj=sheet, actor=actor, action="ocop.stamps.sheet_requested")

    def enqueue() -> None:
        from .tasks import task_render_sheet

        task_render_sheet.enqueue(sheet.pk)

    transaction.on_commit(enqueue)
    return sheet


def render_sheet(*, sheet: StampSheet) -> StampSheet:
    """Render the sheet into its file, page by page (the body of ``task_render_sheet``)."""
    from . import sheets

    if sheet.state == BatchState.DONE:
        return sheet
    StampSheet.objects.filter(pk=sheet.pk).update(state=BatchState.RUNNING, error="")
    layout = sheets.Layout.of(sheet.batch)
    pages_total = sheets.page_count(
        count=sheet.position_to - sheet.position_from + 1, layout=layout
    )
    StampSheet.objects.filter(pk=sheet.pk).update(pages_total=pages_total)

    def progress(done: int) -> None:
        StampSheet.objects.filter(pk=sheet.pk).update(pages_done=done)

    try:
        name = sheets.render_to_storage(sheet=sheet, layout=layout, progress=progress)
    except Exception as exc:
        StampSheet.objects.filter(pk=sheet.pk).update(
            state=BatchState.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    StampSheet.objects.filter(pk=sheet.pk).update(
        state=BatchState.DONE, file=name, pages_done=pages_total, finished_at=timezone.now()
    )
    sheet.refresh_from_db()
    return sheet
