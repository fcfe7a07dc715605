# Every filter and sortable column of the staff listings read from an index (core.indexes.listing_sorts),
# built concurrently on PostgreSQL. The (updated_at) indexes give way to (updated_at, id), dropped once those exist.

from django.db import migrations, models

from core.migration_operations import AddIndexConcurrently, RemoveIndexConcurrently


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [("relations", "0008_engagement_kind_status_indexes")]

    operations = [
        AddIndexConcurrently(
            model_name="engagement",
            index=models.Index(fields=["subject", "id"], name="engagement_subject_sort"),
        ),
        AddIndexConcurrently(
            model_name="engagement",
            index=models.Index(fields=["location", "id"], name="engagement_location_sort"),
        ),
        AddIndexConcurrently(
            model_name="engagement",
            index=models.Index(fields=["updated_at", "id"], name="engagement_updated_at_sort"),
        ),
        AddIndexConcurrently(
            model_name="followup",
            index=models.Index(fields=["confidentiality", "due_on"], name="followup_confidentiality_due"),
        ),
        AddIndexConcurrently(
            model_name="followup",
            index=models.Index(fields=["title", "id"], name="followup_title_sort"),
        ),
        AddIndexConcurrently(
            model_name="followup",
            index=models.Index(fields=["owner", "id"], name="followup_owner_sort"),
        ),
        AddIndexConcurrently(
            model_name="followup",
            index=models.Index(fields=["updated_at", "id"], name="followup_updated_at_sort"),
        ),
        RemoveIndexConcurrently(model_name="engagement", name="relations_e_updated_51c945_idx"),
        RemoveIndexConcurrently(model_name="followup", name="relations_f_updated_b16837_idx"),
    ]
