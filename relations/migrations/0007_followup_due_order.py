# The follow-up listing's order (due date first) as an index, built concurrently on PostgreSQL.

from django.db import migrations, models

from core.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [("relations", "0006_partner_upcoming_engagements")]

    operations = [
        AddIndexConcurrently(
            model_name="followup",
            index=models.Index(fields=["due_on", "id"], name="followup_due_order"),
        ),
    ]
