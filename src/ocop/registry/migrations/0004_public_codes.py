"""Random public codes for product and producer URLs, filled in for existing rows."""

from django.db import migrations, models

import ocop.registry.models


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    for name in ("Producer", "Product"):
        model = apps.get_model("registry", name)
        used: set[str] = set()
        rows = list(model.objects.filter(public_code__isnull=True).only("id"))
        for row in rows:
            code = ocop.registry.models.new_public_code()
            while code in used:
                code = ocop.registry.models.new_public_code()
            used.add(code)
            row.public_code = code
        model.objects.bulk_update(rows, ["public_code"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_import_job_actor_optional")]

    operations = [
        migrations.AddField(
            model_name="producer",
            name="public_code",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.AddField(
            model_name="product",
            name="public_code",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="producer",
            name="public_code",
            field=models.CharField(
                default=ocop.registry.models.new_public_code,
                editable=False,
                max_length=12,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="product",
            name="public_code",
            field=models.CharField(
                default=ocop.registry.models.new_public_code,
                editable=False,
                max_length=12,
                unique=True,
            ),
        ),
    ]
