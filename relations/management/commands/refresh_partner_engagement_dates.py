"""Recompute when every mission and partner region was last and will next be engaged (PartnerEngagementDates).

Signals keep the dates current; run this after writes that bypassed them (raw SQL, a deploy during which the
previous version still wrote engagements).
"""

from django.core.management.base import BaseCommand

from relations.services import refresh_partner_engagement_dates


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        refresh_partner_engagement_dates(everyone=True)
        self.stdout.write("Partner engagement dates recomputed.")
