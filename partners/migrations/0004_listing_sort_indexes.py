# Every filter and sortable column of the staff listings read from an index (core.indexes.listing_sorts),
# built concurrently on PostgreSQL.

from django.db import migrations, models

from core.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [("partners", "0003_refinements")]

    operations = [
        AddIndexConcurrently(
            model_name="mission",
            index=models.Index(fields=["kind", "id"], name="mission_kind_sort"),
        ),
        AddIndexConcurrently(
            model_name="mission",
            index=models.Index(fields=["country", "id"], name="mission_country_sort"),
        ),
        AddIndexConcurrently(
            model_name="mission",
            index=models.Index(fields=["city", "id"], name="mission_city_sort"),
        ),
        AddIndexConcurrently(
            model_name="organization",
            index=models.Index(fields=["name_native", "id"], name="organization_name_native_sort"),
        ),
        AddIndexConcurrently(
            model_name="organization",
            index=models.Index(fields=["kind", "id"], name="organization_kind_sort"),
        ),
        AddIndexConcurrently(
            model_name="organization",
            index=models.Index(fields=["country", "id"], name="organization_country_sort"),
        ),
        AddIndexConcurrently(
            model_name="partnerregion",
            index=models.Index(fields=["name_native", "id"], name="partnerregion_name_native_sort"),
        ),
        AddIndexConcurrently(
            model_name="partnerregion",
            index=models.Index(fields=["level", "id"], name="partnerregion_level_sort"),
        ),
        AddIndexConcurrently(
            model_name="partnerregion",
            index=models.Index(fields=["country", "id"], name="partnerregion_country_sort"),
        ),
    ]
