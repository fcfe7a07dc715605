# The engagement listing's kind and status filters as indexes, built concurrently on PostgreSQL.

from django.db import migrations, models

from core.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [("relations", "0007_followup_due_order")]

    operations = [
        AddIndexConcurrently(
            model_name="engagement",
            index=models.Index(fields=["kind", "starts_at"], name="engagement_kind_starts"),
        ),
        AddIndexConcurrently(
            model_name="engagement",
            index=models.Index(fields=["status", "starts_at"], name="engagement_status_starts"),
        ),
    ]
