"""The audit log's hash chain (prev_hash, entry_hash), back-filled in id order, and the
triggers that refuse UPDATE, DELETE and TRUNCATE on the table (``ocop.core.triggers``)."""

from typing import Any

import django.utils.timezone
from django.db import migrations, models

from ocop.core import chain, triggers


def backfill(apps: Any, schema_editor: Any) -> None:
    entry_model = apps.get_model("core", "AuditEntry")
    manager = entry_model.objects.using(schema_editor.connection.alias)
    prev, last_id, batch = chain.GENESIS, 0, 1000
    while True:
        rows = list(manager.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            break
        for row in rows:
            values = {name: getattr(row, name) for name in chain.HASHED_FIELDS}
            row.prev_hash = prev
            row.entry_hash = prev = chain.entry_hash(values, prev_hash=prev)
        manager.bulk_update(rows, ["prev_hash", "entry_hash"])
        last_id = rows[-1].id


def install_triggers(apps: Any, schema_editor: Any) -> None:
    triggers.install(schema_editor.connection)


def remove_triggers(apps: Any, schema_editor: Any) -> None:
    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="entry_hash",
            field=models.CharField(blank=True, max_length=64, verbose_name="mã băm"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64, verbose_name="mã băm trước"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, verbose_name="thời điểm"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        # Guarded by vendor inside ``triggers`` (PostgreSQL and SQLite; others: none).
        migrations.RunPython(install_triggers, remove_triggers),
    ]
