"""PostgreSQL: one function that takes the chain lock and reads the chain's head, so that
``log_action`` spends one round trip on the chain instead of two."""

from typing import Any

from django.db import migrations

from ocop.core import chain


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(chain.POSTGRESQL_HEAD_FUNCTION)


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS core_auditentry_chain_head()")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_personal_data_export"),
    ]

    operations = [migrations.RunPython(create, drop)]
