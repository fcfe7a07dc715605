# Heads of mission by start date (the dashboard's panel), a partial index built concurrently on PostgreSQL.

from django.db import migrations, models

from core.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [("contacts", "0005_person_name_order")]

    operations = [
        AddIndexConcurrently(
            model_name="post",
            index=models.Index(
                condition=models.Q(("is_head_of_mission", True)), fields=["start_date", "id"], name="post_heads_by_start"
            ),
        ),
    ]
