"""Factories for relations records, plus minimal partners/contacts records they need.

The partner and person factories here are deliberately plain; when the foundation factories exist, prefer them.
"""

import datetime

import factory
from django.utils import timezone

from contacts.models import Person, Post
from core.choices import Confidentiality
from partners.models import Country, Mission, Organization, PartnerRegion
from relations.choices import EngagementKind, FollowUpStatus, InstrumentKind, TieKind, TieStatus
from relations.models import (
    BasicStrategy,
    Commitment,
    Engagement,
    FollowUp,
    Measure,
    TargetCountry,
    TargetRegion,
    Tie,
    TieInstrument,
)
from tests.factories import partners as partner_factories
from tests.factories.core import UserFactory


def country(code: str = "VN") -> Country:
    """Countries are shipped as data by a partners migration."""
    return partner_factories.country(code)


class PartnerRegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerRegion

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")
    country = factory.LazyFunction(lambda: country("KR"))


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission

    name = factory.Sequence(lambda n: f"Embassy {n}")
    country = factory.LazyFunction(lambda: country("VN"))


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    country = factory.LazyFunction(lambda: country("JP"))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    family_name_latin = factory.Sequence(lambda n: f"Family{n}")
    given_name_latin = "Given"


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    person = factory.SubFactory(PersonFactory)
    mission = factory.SubFactory(MissionFactory)
    title = "Ambassador"


def measure(code: str = "3-2") -> Measure:
    """Measures are seeded by a relations migration."""
    strategy, number = code.split("-")
    return Measure.objects.get(strategy__number=int(strategy), number=int(number))


def strategy(number: int = 3) -> BasicStrategy:
    return BasicStrategy.objects.get(number=number)


class TargetCountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetCountry

    fiscal_year = 2026
    country = factory.LazyFunction(lambda: country("VN"))


class TargetRegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetRegion

    fiscal_year = 2026
    region = factory.SubFactory(PartnerRegionFactory)


class TieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tie

    partner_region = factory.SubFactory(PartnerRegionFactory)
    kind = TieKind.SISTER
    status = TieStatus.ACTIVE
    established_on = datetime.date(1990, 10, 1)
    confidentiality = Confidentiality.INTERNAL


class TieInstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TieInstrument

    tie = factory.SubFactory(TieFactory)
    kind = InstrumentKind.AGREEMENT
    title = factory.Sequence(lambda n: f"Agreement {n}")
    signed_on = datetime.date(1995, 7, 20)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    instrument = factory.SubFactory(TieInstrumentFactory)
    text = "Hold an investment seminar every year"


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement

    kind = EngagementKind.MEETING
    subject = factory.Sequence(lambda n: f"Meeting {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    confidentiality = Confidentiality.INTERNAL
    created_by = factory.SubFactory(UserFactory)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    title = factory.Sequence(lambda n: f"Send the brochure {n}")
    owner = factory.SubFactory(UserFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=3))
    status = FollowUpStatus.OPEN
    confidentiality = Confidentiality.INTERNAL
