import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from ocop.core.models import AuditEntry
from ocop.stamps import domain
from ocop.stamps.enums import BatchState, StampStatus
from ocop.stamps.models import Stamp, StampBatch
from ocop.stamps.serials import serial_is_authentic
from ocop.traceability.models import Lot
from tests.factories import make_user


def statuses(batch):
    return list(
        Stamp.objects.filter(batch=batch).order_by("position").values_list("status", flat=True)
    )


# ---- request and issuance ---------------------------------------------------------------


def test_request_issues_the_batch_in_the_background(
    trade_item, lot, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        batch = domain.request_stamps(trade_item=trade_item, lot=lot, count=25, actor=owner)
    assert len(callbacks) == 1
    batch.refresh_from_db()
    assert (batch.state, batch.issued_count, batch.requested_by) == (BatchState.DONE, 25, owner)
    stamps = list(Stamp.objects.filter(batch=batch).order_by("position"))
    assert [s.position for s in stamps] == list(range(1, 26))
    assert {(s.trade_item_id, s.lot_id, s.status) for s in stamps} == {
        (trade_item.pk, lot.pk, StampStatus.ISSUED)
    }
    assert len({s.serial for s in stamps}) == 25
    assert all(serial_is_authentic(s.serial) for s in stamps)
    actions = list(AuditEntry.objects.for_object(batch).values_list("action", flat=True))
    assert sorted(actions) == ["ocop.stamps.issued", "ocop.stamps.requested"]


def test_issuance_reports_progress_per_chunk(trade_item, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        batch = domain.request_stamps(trade_item=trade_item, count=25, actor=owner)
    seen = []
    original = domain._issue_chunk

    def spy(**kwargs):
        more = original(**kwargs)
        seen.append(StampBatch.objects.get(pk=batch.pk).issued_count)
        return more

    domain._issue_chunk = spy
    try:
        domain.issue_batch(batch=batch, chunk_size=10)
    finally:
        domain._issue_chunk = original
    assert seen == [10, 20, 25, 25]
    batch.refresh_from_db()
    assert (batch.state, batch.issued_count, batch.percent) == (BatchState.DONE, 25, 100)


def test_issuance_resumes_after_a_crash_without_duplicates(
    trade_item, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        batch = domain.request_stamps(trade_item=trade_item, count=12, actor=None)
    domain._issue_chunk(batch_pk=batch.pk, chunk_size=5, insert=domain._bulk_create_rows)
    batch.refresh_from_db()
    assert batch.issued_count == 5
    domain.issue_batch(batch=batch, chunk_size=5)
    assert sorted(Stamp.objects.filter(batch=batch).values_list("position", flat=True)) == list(
        range(1, 13)
    )


def test_a_colliding_serial_gets_a_fresh_one(
    trade_item, issued, monkeypatch, django_capture_on_commit_callbacks
):
    taken = Stamp.objects.filter(batch=issued).order_by("position").first().serial
    with django_capture_on_commit_callbacks(execute=False):
        batch = domain.request_stamps(trade_item=trade_item, count=3, actor=None)
    real = domain.new_serials
    calls = []

    def first_collides(n):
        calls.append(n)
        fresh = real(n)
        return [taken, *fresh[1:]] if len(calls) == 1 else fresh

    monkeypatch.setattr(domain, "new_serials", first_collides)
    domain.issue_batch(batch=batch)
    assert calls == [3, 1]
    serials = list(Stamp.objects.filter(batch=batch).values_list("serial", flat=True))
    assert len(serials) == 3 and taken not in serials
    assert Stamp.objects.filter(serial=taken).count() == 1


def test_serial_uniqueness_is_a_database_constraint(issued):
    stamp = Stamp.objects.filter(batch=issued).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Stamp.objects.create(
            batch=issued, trade_item=issued.trade_item, position=999, serial=stamp.serial
        )


@pytest.mark.parametrize("count", [0, -1, 1_000_001])
def test_count_must_be_between_1_and_a_million(trade_item, owner, count):
    with pytest.raises(ValidationError) as exc:
        domain.request_stamps(trade_item=trade_item, count=count, actor=owner)
    assert "requested_count" in exc.value.message_dict
    assert StampBatch.objects.count() == 0


def test_lot_must_belong_to_the_trade_item(trade_item, far_trade_item, owner):
    other_lot = Lot.objects.create(trade_item=far_trade_item, number="X1")
    with pytest.raises(ValidationError) as exc:
        domain.request_stamps(trade_item=trade_item, lot=other_lot, count=5, actor=owner)
    assert exc.value.message_dict["lot"] == ["Lô hàng không thuộc mặt hàng đã chọn."]
    assert StampBatch.objects.count() == 0


def test_print_settings_must_fit_a4(trade_item, owner):
    with pytest.raises(ValidationError) as exc:
        domain.request_stamps(trade_item=trade_item, count=5, actor=owner, columns=7)
    assert "columns" in exc.value.message_dict


def test_producer_cannot_request_stamps_for_someone_elses_item(far_trade_item, owner):
    with pytest.raises(PermissionDenied):
        domain.request_stamps(trade_item=far_trade_item, count=5, actor=owner)
    assert StampBatch.objects.count() == 0


def test_official_in_the_area_may_request_but_not_outside(
    trade_item, far_trade_item, province_officer
):
    batch = domain.request_stamps(trade_item=trade_item, count=2, actor=province_officer)
    assert batch.requested_by == province_officer
    with pytest.raises(PermissionDenied):
        domain.request_stamps(trade_item=far_trade_item, count=2, actor=province_officer)
    assert StampBatch.objects.count() == 1


def test_council_member_may_not_request(trade_item):
    member = make_user("hd", role="council_member", province="37")
    with pytest.raises(PermissionDenied):
        domain.request_stamps(trade_item=trade_item, count=2, actor=member)


# ---- activation and voiding ---------------------------------------------------------------


def test_activate_a_range_by_position(issued, owner):
    assert domain.activate_stamps(actor=owner, batch=issued, position_from=5, position_to=9) == 5
    assert statuses(issued) == ["issued"] * 4 + ["activated"] * 5 + ["issued"] * 21
    assert Stamp.objects.filter(status="activated", activated_at__isnull=True).count() == 0
    entry = AuditEntry.objects.for_object(issued).get(action="ocop.stamps.activated")
    assert (entry.actor, entry.data) == (
        owner,
        {"batch": issued.pk, "from": 5, "to": 9, "count": 5},
    )


def test_activate_a_range_by_first_and_last_serial(issued, owner):
    by_position = dict(Stamp.objects.filter(batch=issued).values_list("position", "serial"))
    typed_first = by_position[3].lower()
    count = domain.activate_stamps(
        actor=owner, batch=issued, serial_from=typed_first, serial_to=by_position[6]
    )
    assert count == 4
    assert statuses(issued)[2:6] == ["activated"] * 4


def test_activate_by_lot_and_again_is_harmless(issued, lot, owner):
    assert domain.activate_stamps(actor=owner, lot=lot) == 30
    assert domain.activate_stamps(actor=owner, lot=lot) == 0
    assert set(statuses(issued)) == {"activated"}


def test_void_activated_and_issued_stamps_with_a_reason(issued, owner):
    domain.activate_stamps(actor=owner, batch=issued, position_from=1, position_to=10)
    count = domain.void_stamps(
        actor=owner, batch=issued, position_from=8, position_to=12, reason="Cuộn tem bị rách"
    )
    assert count == 5
    assert statuses(issued)[:13] == ["activated"] * 7 + ["voided"] * 5 + ["issued"]
    voided = Stamp.objects.filter(batch=issued, status="voided")
    assert set(voided.values_list("void_reason", flat=True)) == {"Cuộn tem bị rách"}
    entry = AuditEntry.objects.for_object(issued).get(action="ocop.stamps.voided")
    assert (entry.reason, entry.data["count"]) == ("Cuộn tem bị rách", 5)


def test_voided_stamps_never_come_back(issued, owner):
    domain.void_stamps(actor=owner, batch=issued, position_from=1, position_to=2, reason="Mất")
    assert domain.activate_stamps(actor=owner, batch=issued) == 28
    assert statuses(issued)[:3] == ["voided", "voided", "activated"]
    assert (
        domain.void_stamps(actor=owner, batch=issued, position_from=1, position_to=2, reason="x")
        == 0
    )


def test_void_needs_a_reason(issued, owner):
    with pytest.raises(ValidationError) as exc:
        domain.void_stamps(actor=owner, batch=issued, reason="  ")
    assert exc.value.message_dict == {"reason": ["Cần ghi lý do hủy tem."]}
    assert set(statuses(issued)) == {"issued"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"position_from": 9, "position_to": 3}, "Số tem đầu phải nhỏ hơn hoặc bằng số tem cuối."),
        ({"position_from": 1, "position_to": 31}, "Đợt tem này chỉ có 30 tem."),
        ({"serial_from": "0000000000AAAAA"}, "Không có tem 0000000000AAAAA trong đợt tem này."),
    ],
)
def test_bad_ranges_are_refused(issued, owner, kwargs, message):
    with pytest.raises(ValidationError) as exc:
        domain.activate_stamps(actor=owner, batch=issued, **kwargs)
    assert exc.value.messages == [message]
    assert set(statuses(issued)) == {"issued"}


def test_a_stranger_cannot_activate_or_void(issued, stranger):
    with pytest.raises(PermissionDenied):
        domain.activate_stamps(actor=stranger, batch=issued)
    with pytest.raises(PermissionDenied):
        domain.void_stamps(actor=stranger, batch=issued, reason="phá")
    assert set(statuses(issued)) == {"issued"}
    assert not AuditEntry.objects.filter(
        action__in=["ocop.stamps.activated", "ocop.stamps.voided"]
    ).exists()


def test_an_unfinished_batch_cannot_be_activated(
    trade_item, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        batch = domain.request_stamps(trade_item=trade_item, count=3, actor=owner)
    with pytest.raises(ValidationError) as exc:
        domain.activate_stamps(actor=owner, batch=batch)
    assert exc.value.messages == ["Đợt tem chưa phát hành xong; hãy chờ rồi thử lại."]
