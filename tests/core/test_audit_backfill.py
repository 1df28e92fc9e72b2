"""Migration core/0002 back-fills the hash chain of entries written before it, in id order."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ocop.core import triggers
from ocop.core.verify import verify_chain


def _migrate(target: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


@pytest.mark.django_db(transaction=True)
def test_backfill_chains_existing_entries_in_id_order(capsys):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("core")
    _migrate([("core", "0001_initial")])
    try:
        assert triggers.missing(connection)  # the triggers came with 0002
        with connection.cursor() as cursor:
            cursor.execute("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM core_auditentry")
            top, before = cursor.fetchone()
            for i in (3, 1, 2):  # ids out of time order: the chain follows the ids
                cursor.execute(
                    "INSERT INTO core_auditentry (id, at, actor_label, action, object_type,"
                    " object_id, object_repr, changes, data, reason)"
                    " VALUES (%s, %s, 'system', 'ocop.old', 'x.y', %s, 'cũ', %s, '{}', '')",
                    [top + i, f"2025-0{i}-01 08:00:00+00:00", str(i), '{"a": [1, "á"]}'],
                )
            if connection.vendor == "postgresql":  # explicit ids: move the sequence on
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('core_auditentry', 'id'), %s)",
                    [top + 3],
                )
    finally:
        _migrate(latest)
    result = verify_chain()
    assert result.broken_at is None and result.checked == before + 3
    assert triggers.missing(connection) == set()
    call_command("verify_audit")
    assert f"{before + 3} entries, chain intact" in capsys.readouterr().out
