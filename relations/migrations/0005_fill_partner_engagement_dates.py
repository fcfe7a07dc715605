# Fills PartnerEngagementDates from the engagements already recorded (the same computation as
# relations.services.refresh_partner_engagement_dates(everyone=True), written against the historical models).
#
# Reviewed as safe while the old version serves: it reads engagements and writes only the new table, which the
# old version does not know. Engagements the old version writes after this ran are not reflected until their
# partner is touched again: run `manage.py refresh_partner_engagement_dates` once the old processes are gone.

from django.db import migrations
from django.db.models import Max, Min, Q
from django.utils import timezone

PARTNER_LINKS = (("missions", "mission", "mission_id"), ("regions", "region", "partnerregion_id"))


def fill(apps, schema_editor):
    engagement_model = apps.get_model("relations", "Engagement")
    dates_model = apps.get_model("relations", "PartnerEngagementDates")
    now = timezone.now()
    confidential = Q(engagement__confidentiality="confidential")
    started = Q(engagement__starts_at__lte=now)
    for link, field, column in PARTNER_LINKS:
        through = getattr(engagement_model, link).through
        rows = (
            through.objects.exclude(engagement__status="cancelled")
            .order_by()
            .values(column)
            .annotate(
                last_started_at=Max("engagement__starts_at", filter=started & ~confidential),
                next_starts_at=Min("engagement__starts_at", filter=~started & ~confidential),
                last_confidential_started_at=Max("engagement__starts_at", filter=started & confidential),
                next_confidential_starts_at=Min("engagement__starts_at", filter=~started & confidential),
            )
        )
        dates_model.objects.bulk_create(
            [dates_model(**{f"{field}_id": row.pop(column)}, computed_at=now, **row) for row in rows],
            batch_size=500,
        )


class Migration(migrations.Migration):
    old_version_safe = True

    dependencies = [("relations", "0004_partner_engagement_dates")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
