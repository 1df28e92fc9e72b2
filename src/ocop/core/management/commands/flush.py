"""Django's ``flush``, able to empty the append-only audit table.

The audit triggers refuse DELETE (SQLite's flush) and TRUNCATE (PostgreSQL's); emptying the
whole database is the one deliberate exception (test teardown, a fresh demo), so this
command lifts the triggers for the flush and puts them back, in the same transaction.
"""

from typing import Any

from django.core.management.commands import flush
from django.db import connections, transaction

from ocop.core import triggers


class Command(flush.Command):
    help = "Empty the database, including the audit log (Django's flush; audit triggers kept)."

    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        with transaction.atomic(using=connection.alias):
            triggers.remove(connection)
            try:
                super().handle(**options)
            finally:
                triggers.install(connection)
