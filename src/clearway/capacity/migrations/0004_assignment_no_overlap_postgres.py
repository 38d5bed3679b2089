"""On PostgreSQL, let the database itself refuse overlapping missions of one expert (btree_gist exclusion).

`services.expert_assign` checks overlaps on every database; this adds the same rule as a constraint where the
database can express it. If the btree_gist extension cannot be created (no privilege), the migration leaves the
service check alone and says so, rather than failing the installation.
"""

from django.db import migrations, transaction

CONSTRAINT = "capacity_assignment_no_overlap"


def add_exclusion(apps, schema_editor):  # type: ignore[no-untyped-def]
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
            cursor.execute(
                f"ALTER TABLE capacity_expertassignment ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
                "(expert_id WITH =, daterange(start_date, end_date, '[]') WITH &&)"
            )
    except Exception as exc:  # noqa: BLE001 - any refusal leaves the service-level check in charge
        print(f"capacity: overlap exclusion constraint not created ({exc}); the service check still applies")


def drop_exclusion(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE capacity_expertassignment DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("capacity", "0003_support_request_assessment")]

    operations = [migrations.RunPython(add_exclusion, drop_exclusion)]
