"""The audit log is a hash chain and cannot be changed, even with raw SQL."""

import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from ocop.core import chain, triggers
from ocop.core.audit import log_action
from ocop.core.models import AuditEntry
from ocop.core.verify import verify_chain
from tests.factories import make_user


def _entries(actor, n=5):  # type: ignore[no-untyped-def]
    return [
        log_action(action="ocop.test", obj=actor, actor=actor, data={"i": i, "tên": "Hà Nội"})
        for i in range(n)
    ]


@pytest.mark.django_db
def test_entries_link_to_the_previous_hash(sysadmin):
    entries = _entries(sysadmin)
    previous = AuditEntry.objects.filter(id__lt=entries[0].id).order_by("-id").first()
    assert entries[0].prev_hash == (previous.entry_hash if previous else chain.GENESIS)
    for before, after in itertools.pairwise(entries):
        assert after.prev_hash == before.entry_hash
    stored = AuditEntry.objects.get(pk=entries[-1].pk)  # the hash survives the round trip
    values = {name: getattr(stored, name) for name in chain.HASHED_FIELDS}
    assert chain.entry_hash(values, prev_hash=stored.prev_hash) == stored.entry_hash


@pytest.mark.django_db
def test_verify_audit_reports_an_intact_chain(sysadmin, capsys):
    _entries(sysadmin)
    total = AuditEntry.objects.count()
    call_command("verify_audit", "--batch", "2")  # several batches
    assert f"{total} entries, chain intact" in capsys.readouterr().out


@pytest.mark.django_db
def test_raw_sql_cannot_update_delete_or_reassign_entries(sysadmin):
    entry = _entries(sysadmin, 1)[0]
    other = make_user("khac")
    for sql, params in [
        ("UPDATE core_auditentry SET reason = %s WHERE id = %s", ["x", entry.pk]),
        ("UPDATE core_auditentry SET actor_id = %s WHERE id = %s", [other.pk, entry.pk]),
        ("DELETE FROM core_auditentry WHERE id = %s", [entry.pk]),
    ]:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE core_auditentry CASCADE")
    assert AuditEntry.objects.get(pk=entry.pk).reason == ""
    assert triggers.missing(connection) == set()


@pytest.mark.django_db
def test_deleting_an_account_keeps_its_entries_and_the_chain(db):
    person = make_user("nghiviec")
    entries = _entries(person, 2)
    person.delete()  # on_delete=SET_NULL: the one update the triggers allow
    for entry in entries:
        stored = AuditEntry.objects.get(pk=entry.pk)
        assert stored.actor_id is None
        assert stored.actor_label == "nghiviec"
    assert verify_chain().broken_at is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sql", "broken"),
    [
        ("UPDATE core_auditentry SET reason = 'sửa lén' WHERE id = %s", 0),
        ("UPDATE core_auditentry SET data = '{\"i\": 99}' WHERE id = %s", 0),
        # A removed entry breaks the link of the one after it.
        ("DELETE FROM core_auditentry WHERE id = %s", 1),
    ],
)
def test_tampering_is_detected_at_the_right_entry(sysadmin, sql, broken):
    entries = _entries(sysadmin)
    target = entries[2]
    triggers.remove(connection)  # an attacker with SQL access; rolled back with the test
    with connection.cursor() as cursor:
        cursor.execute(sql, [target.pk])
    result = verify_chain(batch=2)
    assert result.broken_at == entries[2 + broken].pk
    with pytest.raises(CommandError) as excinfo:
        call_command("verify_audit")
    assert excinfo.value.returncode == 1
    assert f"id={entries[2 + broken].pk}" in str(excinfo.value)


@pytest.mark.django_db
def test_an_entry_forged_with_a_recomputed_hash_still_breaks_the_next_link(sysadmin):
    entries = _entries(sysadmin, 3)
    target = AuditEntry.objects.get(pk=entries[1].pk)
    values = {name: getattr(target, name) for name in chain.HASHED_FIELDS}
    values["reason"] = "giả mạo"
    forged = chain.entry_hash(values, prev_hash=target.prev_hash)
    triggers.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET reason = %s, entry_hash = %s WHERE id = %s",
            ["giả mạo", forged, target.pk],
        )
    assert verify_chain().broken_at == entries[2].pk


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_chain():
    """Writers in parallel (each its own connection and transactions) never fork the
    chain: appends are serialised (advisory lock on PostgreSQL, IMMEDIATE on SQLite)."""
    import threading

    from django.db import connections

    person = make_user("song-song")
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            for i in range(15):
                with transaction.atomic():
                    log_action(action="ocop.test.parallel", obj=person, data={"i": i})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEntry.objects.filter(action="ocop.test.parallel").count() == 60
    result = verify_chain()
    assert result.broken_at is None, result
