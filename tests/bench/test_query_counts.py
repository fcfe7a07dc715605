"""Every page of the bench table asks the database the same number of questions for one row and for many.

The pages come from the bench's own discovery (every snippet listing, search, export, inspect and edit page,
timelines, briefings, reports, feeds, public pages), so a page added later is guarded without editing this file.
"Many" adds rows to every listing and hangs more records on the very objects the detail pages show.
"""

import pytest

from bench.pages import discover_pages, measure
from tests.factories.core import UserFactory
from tests.factories.events import (
    DelegationFactory,
    DelegationMemberFactory,
    EventFactory,
    GiftFactory,
    ItineraryItemFactory,
)
from tests.factories.relations import (
    CommitmentFactory,
    EngagementFactory,
    FollowUpFactory,
    MissionFactory,
    OrganizationFactory,
    PartnerRegionFactory,
    PersonFactory,
    PostFactory,
    TargetCountryFactory,
    TargetRegionFactory,
    TieFactory,
    country,
)

pytestmark = pytest.mark.django_db


def add_rows(anchor: dict | None = None) -> dict:
    """One coherent set of records; with `anchor`, the new records also hang on the anchor's person, mission..."""
    mission, region, organization = MissionFactory(), PartnerRegionFactory(), OrganizationFactory()
    person = PersonFactory()
    post = PostFactory(person=person, mission=mission)
    PostFactory(person=PersonFactory(), mission=mission, title="Successor", predecessor=post)  # exported by name
    anchor = anchor or {"person": person, "mission": mission, "region": region, "organization": organization}
    PostFactory(person=anchor["person"], mission=MissionFactory(), title="Counsellor")
    PostFactory(person=PersonFactory(), mission=anchor["mission"], title="Attaché")
    user = UserFactory()
    for subject_person in {person, anchor["person"]}:
        engagement = EngagementFactory(created_by=user)
        engagement.people.add(subject_person)
        engagement.staff.add(user)
        engagement.missions.add(mission, anchor["mission"])
        engagement.regions.add(region, anchor["region"])
        engagement.organizations.add(organization, anchor["organization"])
        engagement.countries.add(country("VN"))
        FollowUpFactory(engagement=engagement, owner=user)
    tie = TieFactory(partner_region=region)
    CommitmentFactory(instrument__tie=tie)
    TargetCountryFactory(country=country("KR"), fiscal_year=2000 + person.pk)
    TargetRegionFactory(region=region)
    delegation = DelegationFactory()
    for target in {delegation, anchor.setdefault("delegation", delegation)}:
        DelegationMemberFactory(delegation=target, person=person)
        DelegationMemberFactory(delegation=target, organization=organization)
        DelegationMemberFactory(delegation=target, user=user)
        stop = ItineraryItemFactory(delegation=target)
        stop.counterparts.add(person)
        stop.counterpart_organizations.add(organization)
        stop.save()  # parental many-to-many: written on save
        GiftFactory(delegation=target, person=person)
    event = EventFactory()
    event.countries.add(country("VN"))
    return anchor


def query_counts(user) -> dict[str, int]:
    return {result.name: result.queries for result in measure(discover_pages(user), user=user, repeats=1, warmup=1)}


def test_every_bench_page_needs_the_same_queries_for_one_and_for_many_rows(staff_user):
    anchor = add_rows()
    with_one = query_counts(staff_user)

    for _ in range(4):
        add_rows(anchor)
    with_many = query_counts(staff_user)

    assert with_many == with_one
