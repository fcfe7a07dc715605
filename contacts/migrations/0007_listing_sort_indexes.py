# Every filter and sortable column of the staff listings read from an index (core.indexes.listing_sorts),
# built concurrently on PostgreSQL.

from django.db import migrations, models

from core.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [("contacts", "0006_post_heads_by_start")]

    operations = [
        AddIndexConcurrently(
            model_name="person",
            index=models.Index(fields=["nationality", "id"], name="person_nationality_sort"),
        ),
        AddIndexConcurrently(
            model_name="post",
            index=models.Index(fields=["rank", "id"], name="post_rank_sort"),
        ),
        AddIndexConcurrently(
            model_name="post",
            index=models.Index(fields=["is_head_of_mission", "id"], name="post_is_head_of_mission_sort"),
        ),
        AddIndexConcurrently(
            model_name="post",
            index=models.Index(fields=["end_date", "id"], name="post_end_date_sort"),
        ),
    ]
