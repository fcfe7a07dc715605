# The post listing's order (newest first) as an index, built concurrently on PostgreSQL.

from django.db import migrations, models

from core.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [("contacts", "0003_refinements")]

    operations = [
        AddIndexConcurrently(
            model_name="post",
            index=models.Index(fields=["-start_date", "-id"], name="post_newest_first"),
        ),
    ]
