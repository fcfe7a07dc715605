"""Reads of countries, partner regions, missions and organizations.

Directory records are not confidential: every active staff account sees all of them, anonymous and
inactive accounts see none. Every listing, chooser, export and detail page goes through these selectors.
"""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from core.permissions import is_office_staff

from .models import Country, Mission, Organization, PartnerRegion


def countries_visible_to(user) -> QuerySet[Country]:
    if not is_office_staff(user):
        return Country.objects.none()
    return Country.objects.all()


def partner_regions_visible_to(user) -> QuerySet[PartnerRegion]:
    if not is_office_staff(user):
        return PartnerRegion.objects.none()
    return PartnerRegion.objects.select_related("country")


def missions_visible_to(user) -> QuerySet[Mission]:
    if not is_office_staff(user):
        return Mission.objects.none()
    return Mission.objects.select_related("country", "parent")


def organizations_visible_to(user) -> QuerySet[Organization]:
    if not is_office_staff(user):
        return Organization.objects.none()
    return Organization.objects.select_related("country")


def countries_with_counts(user) -> QuerySet[Country]:
    """Countries annotated with how many missions, partner regions and organizations we record for them."""
    # One correlated subquery per count: joining the three tables at once would multiply rows.
    return countries_visible_to(user).annotate(
        mission_count=_count_for_country(Mission),
        region_count=_count_for_country(PartnerRegion),
        organization_count=_count_for_country(Organization),
    )


def _count_for_country(model):
    counts = (
        model.objects.filter(country=OuterRef("pk"))
        .order_by()
        .values("country")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)
