# Every filter and sortable column of the staff listings read from an index (core.indexes.listing_sorts),
# built concurrently on PostgreSQL.

from django.db import migrations, models

from core.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [("events", "0002_delegations_gifts")]

    operations = [
        AddIndexConcurrently(
            model_name="event",
            index=models.Index(fields=["status", "starts_at"], name="event_status_starts"),
        ),
        AddIndexConcurrently(
            model_name="event",
            index=models.Index(fields=["title", "id"], name="event_title_sort"),
        ),
        AddIndexConcurrently(
            model_name="event",
            index=models.Index(fields=["is_published", "id"], name="event_is_published_sort"),
        ),
        AddIndexConcurrently(
            model_name="event",
            index=models.Index(fields=["updated_at", "id"], name="event_updated_at_sort"),
        ),
        AddIndexConcurrently(
            model_name="delegation",
            index=models.Index(fields=["status", "start_date"], name="delegation_status_starts"),
        ),
        AddIndexConcurrently(
            model_name="delegation",
            index=models.Index(fields=["title", "id"], name="delegation_title_sort"),
        ),
        AddIndexConcurrently(
            model_name="delegation",
            index=models.Index(fields=["lead", "id"], name="delegation_lead_sort"),
        ),
        AddIndexConcurrently(
            model_name="delegation",
            index=models.Index(fields=["updated_at", "id"], name="delegation_updated_at_sort"),
        ),
        AddIndexConcurrently(
            model_name="gift",
            index=models.Index(fields=["confidentiality", "given_on"], name="gift_confidentiality_given"),
        ),
        AddIndexConcurrently(
            model_name="gift",
            index=models.Index(fields=["item", "id"], name="gift_item_sort"),
        ),
        AddIndexConcurrently(
            model_name="gift",
            index=models.Index(fields=["given_on", "id"], name="gift_given_on_sort"),
        ),
        AddIndexConcurrently(
            model_name="gift",
            index=models.Index(fields=["value_yen", "id"], name="gift_value_yen_sort"),
        ),
    ]
