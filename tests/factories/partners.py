import importlib

import factory

from partners.choices import MissionKind, OrganizationKind, RegionLevel
from partners.models import Country, Mission, Organization, PartnerRegion


def country(code: str) -> Country:
    """Countries ship with the database (migration 0002); tests look them up rather than create them.

    A transactional test (live server, browser) flushes the tables when it ends, data migrations included, so the
    shipped countries are loaded again, by the migration's own code, when a later test finds them gone.
    """
    if not Country.objects.exists():
        from django.apps import apps

        importlib.import_module("partners.migrations.0002_countries").load_countries(apps, None)
    return Country.objects.get(code=code)


class PartnerRegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerRegion

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")
    level = RegionLevel.PROVINCE
    country = factory.LazyFunction(lambda: country("VN"))


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission

    kind = MissionKind.EMBASSY
    name = factory.Sequence(lambda n: f"Embassy {n} in Japan")
    country = factory.LazyFunction(lambda: country("VN"))
    city = "Tokyo"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    kind = OrganizationKind.COMPANY
    country = factory.LazyFunction(lambda: country("JP"))
