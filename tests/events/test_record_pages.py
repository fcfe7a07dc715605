"""The record pages of events: a gift's, an event's and a delegation's."""

import pytest
from django.urls import reverse

from core.choices import Confidentiality
from core.record_pages import record_url
from events.choices import GiftDirection
from tests.contacts.test_record_pages import INTERNAL, links, record_page, section, speaking, text
from tests.factories.core import UserFactory
from tests.factories.events import (
    DelegationFactory,
    DelegationMemberFactory,
    EventFactory,
    GiftFactory,
    ItineraryItemFactory,
)
from tests.factories.relations import EngagementFactory, FollowUpFactory, MissionFactory, PersonFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return speaking(UserFactory(is_superuser=True))


def test_gift_page_names_its_counterpart_and_what_was_given_to_them_before(client, superuser):
    person = PersonFactory(family_name_latin="Le", given_name_latin="Quang Minh")
    earlier = GiftFactory(person=person, item="Mashiko-ware vase", given_on="2025-05-01")
    gift = GiftFactory(person=person, item="Mashiko-ware vase", given_on="2030-05-12", direction=GiftDirection.GIVEN)

    page = record_page(client, superuser, gift)

    assert links(page.split('<nav class="kz-record-actions"')[0]) == [record_url(person)]
    assert "¥20,000" in page
    assert links(section(page, "earlier-gifts")) == [record_url(earlier)]
    assert [word for word in INTERNAL if word in page] == []


def test_event_page_names_its_partners_and_place_time(client, superuser):
    embassy = MissionFactory(name="Embassy of Viet Nam", country=country("VN"))
    event = EventFactory(title="National day reception", description="Reception at the embassy.")
    event.missions.add(embassy)

    page = record_page(client, superuser, event)

    assert links(page.split('<nav class="kz-record-actions"')[0]) == [record_url(embassy)]
    assert "Reception at the embassy." in page
    assert "10:00" in text(page)
    assert [word for word in INTERNAL if word in page] == []


def test_delegation_page_lists_itinerary_members_follow_ups_and_gifts_as_links(client, superuser):
    delegation = DelegationFactory(title="Governor's visit to Viet Nam", purpose="Investment seminar.")
    counterpart = PersonFactory(family_name_latin="Tran", given_name_latin="Sy Thanh")
    stop = ItineraryItemFactory(delegation=delegation, title="Courtesy call")
    stop.counterparts.add(counterpart)
    stop.save()
    member = DelegationMemberFactory(delegation=delegation, person=PersonFactory())
    follow_up = FollowUpFactory(title="Thank-you letters")
    follow_up.delegations.add(delegation)
    gift = GiftFactory(delegation=delegation, person=counterpart)
    secret = GiftFactory(
        delegation=delegation, person=counterpart, item="Secret", confidentiality=Confidentiality.CONFIDENTIAL
    )

    page = record_page(client, superuser, delegation)

    assert record_url(counterpart) in links(section(page, "itinerary"))
    assert links(section(page, "members")) == [record_url(member.person)]
    assert links(section(page, "follow-ups")) == [record_url(follow_up)]
    assert links(section(page, "gifts")) == [record_url(secret), record_url(gift)]
    assert reverse("events_briefing", args=["delegation", delegation.pk]) in links(page)
    assert "Investment seminar." in page
    assert [word for word in INTERNAL if word in page] == []


def test_engagement_page_names_the_visit_it_was_part_of(client, superuser):
    delegation = DelegationFactory(title="Governor's visit to Viet Nam")
    engagement = EngagementFactory(subject="Courtesy call")
    ItineraryItemFactory(delegation=delegation, engagement=engagement)

    page = record_page(client, superuser, engagement)

    assert links(section(page, "visit")) == [record_url(delegation)]
