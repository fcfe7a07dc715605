"""events.forms: an event's and an itinerary item's zone is chosen in a select of IANA zones, the place's first."""

import re

import pytest
from django.urls import reverse

from partners.models import Country
from tests.factories.events import EventFactory, ItineraryItemFactory

pytestmark = pytest.mark.django_db


def _select(response, name) -> str:
    return re.search(rf'<select name="{re.escape(name)}".*?</select>', response.content.decode(), re.S).group(0)


def _options(select: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)"', select)


def _chosen(select: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)" selected>', select)


def test_an_events_zone_is_a_select_offering_tokyo_then_the_events_countries(staff_client):
    event = EventFactory(time_zone="Asia/Seoul")
    event.countries.set([Country.objects.get(code="VN")])

    select = _select(staff_client.get(reverse("events_events:edit", args=[event.pk])), "time_zone")

    assert _options(select)[:3] == ["Asia/Tokyo", "Asia/Ho_Chi_Minh", "Asia/Seoul"]
    assert _chosen(select) == ["Asia/Seoul"]


def test_an_itinerary_items_arrival_zone_may_stay_the_same_as_its_start(staff_client):
    item = ItineraryItemFactory(time_zone="Asia/Ho_Chi_Minh", end_time_zone="")

    response = staff_client.get(reverse("events_delegations:edit", args=[item.delegation.pk]))

    start, end = _select(response, "itinerary_items-0-time_zone"), _select(response, "itinerary_items-0-end_time_zone")
    assert (_chosen(start), _chosen(end)) == (["Asia/Ho_Chi_Minh"], [])
    assert (_options(start)[0], _options(end)[:2]) == ("Asia/Tokyo", ["", "Asia/Tokyo"])
    assert '<option value="">開始と同じ</option>' in end
