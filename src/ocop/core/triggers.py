"""Database triggers that make the audit table append-only for every client, not only for
this application (psql, a script, a compromised view with raw SQL).

One exception: Django sets ``actor_id`` to NULL when an account is deleted
(``on_delete=SET_NULL``), so an UPDATE that only clears ``actor_id`` is let through; the
hash chain does not cover ``actor_id`` (``actor_label`` keeps who acted).
"""

from typing import Any

TABLE = "core_auditentry"
# Every column but actor_id: an UPDATE naming any of them is refused.
_COLUMNS = (
    "id, at, actor_label, action, object_type, object_id, object_repr, changes, data, "
    "reason, prev_hash, entry_hash"
)
_MESSAGE = "core_auditentry is append-only"

POSTGRESQL_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION core_auditentry_refuse() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{_MESSAGE} (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    f"""CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE OF {_COLUMNS} ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_refuse()""",
    f"""CREATE TRIGGER core_auditentry_no_reassign BEFORE UPDATE OF actor_id ON {TABLE}
    FOR EACH ROW WHEN (NEW.actor_id IS NOT NULL) EXECUTE FUNCTION core_auditentry_refuse()""",
    f"""CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_refuse()""",
    f"""CREATE TRIGGER core_auditentry_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION core_auditentry_refuse()""",
]
POSTGRESQL_REMOVE = [
    f"DROP TRIGGER IF EXISTS core_auditentry_no_update ON {TABLE}",
    f"DROP TRIGGER IF EXISTS core_auditentry_no_reassign ON {TABLE}",
    f"DROP TRIGGER IF EXISTS core_auditentry_no_delete ON {TABLE}",
    f"DROP TRIGGER IF EXISTS core_auditentry_no_truncate ON {TABLE}",
    "DROP FUNCTION IF EXISTS core_auditentry_refuse()",
]
_RAISE = f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS core_auditentry_no_update BEFORE UPDATE OF {_COLUMNS}
    ON {TABLE} {_RAISE}""",
    f"""CREATE TRIGGER IF NOT EXISTS core_auditentry_no_reassign BEFORE UPDATE OF actor_id
    ON {TABLE} WHEN NEW.actor_id IS NOT NULL {_RAISE}""",
    f"CREATE TRIGGER IF NOT EXISTS core_auditentry_no_delete BEFORE DELETE ON {TABLE} {_RAISE}",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_update",
    "DROP TRIGGER IF EXISTS core_auditentry_no_reassign",
    "DROP TRIGGER IF EXISTS core_auditentry_no_delete",
]
TRIGGER_NAMES = {
    "postgresql": {
        "core_auditentry_no_update",
        "core_auditentry_no_reassign",
        "core_auditentry_no_delete",
        "core_auditentry_no_truncate",
    },
    "sqlite": {
        "core_auditentry_no_update",
        "core_auditentry_no_reassign",
        "core_auditentry_no_delete",
    },
}


def _statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "postgresql":
        return POSTGRESQL_INSTALL if install else POSTGRESQL_REMOVE
    if vendor == "sqlite":
        return SQLITE_INSTALL if install else SQLITE_REMOVE
    return []  # another database: the model-level guard and the hash chain still hold


def install(connection: Any) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, install=True):
            cursor.execute(sql)


def remove(connection: Any) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, install=False):
            cursor.execute(sql)


def missing(connection: Any) -> set[str]:
    """Names of the expected triggers that are not in the database (a SQLite table rebuild
    by a later migration would drop them silently)."""
    expected = TRIGGER_NAMES.get(connection.vendor, set())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND tgenabled <> 'D'",
                [TABLE],
            )
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE]
            )
        else:
            return set()
        present = {row[0] for row in cursor.fetchall()}
    return expected - present
