# The people listing's order (romanized name) as an index, built concurrently on PostgreSQL.

from django.db import migrations, models

from core.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [("contacts", "0004_post_newest_first")]

    operations = [
        AddIndexConcurrently(
            model_name="person",
            index=models.Index(
                fields=["family_name_latin", "given_name_latin", "family_name", "id"], name="person_name_order"
            ),
        ),
    ]
