# Every filter and sortable column of the staff listings read from an index (core.indexes.listing_sorts),
# built concurrently on PostgreSQL.

from django.db import migrations, models

from core.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [("attachments", "0001_initial")]

    operations = [
        AddIndexConcurrently(
            model_name="attachment",
            index=models.Index(fields=["confidentiality", "created_at"], name="attachment_confidentiality"),
        ),
        AddIndexConcurrently(
            model_name="attachment",
            index=models.Index(fields=["title", "id"], name="attachment_title_sort"),
        ),
        AddIndexConcurrently(
            model_name="attachment",
            index=models.Index(fields=["updated_at", "id"], name="attachment_updated_at_sort"),
        ),
    ]
