import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Permission

from events.selectors import (
    events_visible_to,
    past_public_event_years,
    past_public_events,
    public_event_by_slug,
    public_events,
    upcoming_public_events,
)
from tests.factories.core import UserFactory
from tests.factories.events import ConfidentialEventFactory, EventFactory, EventTranslationFactory, InternalEventFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2030, 6, 1, 12, 0, tzinfo=datetime.UTC)


def at(day: int, month: int = 6, year: int = 2030) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def three_kinds():
    public = EventFactory(title="public")
    internal = InternalEventFactory(title="internal")
    secret = ConfidentialEventFactory(title="secret")
    return public, internal, secret


def test_events_visible_to_anonymous_is_only_published_public(three_kinds):
    public, _internal, _secret = three_kinds
    EventFactory(title="public draft", is_published=False)

    assert list(events_visible_to(AnonymousUser())) == [public]


def test_events_visible_to_staff_hides_others_confidential(three_kinds):
    public, internal, _secret = three_kinds

    assert list(events_visible_to(UserFactory())) == [public, internal]


def test_events_visible_to_author_staff_listed_and_confidential_permission(three_kinds):
    public, internal, secret = three_kinds
    author, listed, cleared, deactivated = UserFactory(), UserFactory(), UserFactory(), UserFactory(is_active=False)
    secret.created_by = author
    secret.save()
    secret.staff.add(listed, UserFactory())
    cleared.user_permissions.add(Permission.objects.get(codename="view_confidential"))

    assert [list(events_visible_to(user)) for user in (author, listed, cleared, deactivated)] == [
        [public, internal, secret],
        [public, internal, secret],
        [public, internal, secret],
        [public],
    ]


def test_public_events_excludes_internal_confidential_and_unpublished(three_kinds):
    public, _internal, _secret = three_kinds
    EventFactory(is_published=False)
    cancelled = EventFactory(status="cancelled")

    assert list(public_events()) == [public, cancelled]


def test_upcoming_and_past_public_events_split_on_end_time():
    running = EventFactory(starts_at=at(31, 5), ends_at=at(2))
    later = EventFactory(starts_at=at(10), ends_at=at(10) + datetime.timedelta(hours=2))
    earlier = EventFactory(starts_at=at(1, 5), ends_at=at(1, 5) + datetime.timedelta(hours=2))
    last_year = EventFactory(starts_at=at(1, 5, 2029), ends_at=at(1, 5, 2029) + datetime.timedelta(hours=2))
    InternalEventFactory(starts_at=at(11), ends_at=at(11) + datetime.timedelta(hours=1))

    assert list(upcoming_public_events(now=NOW)) == [running, later]
    assert list(past_public_events(now=NOW)) == [earlier, last_year]
    assert list(past_public_events(now=NOW, year=2029)) == [last_year]
    assert past_public_event_years(now=NOW) == [2030, 2029]


def test_public_event_by_slug_never_returns_internal():
    EventFactory(slug="open-day")
    InternalEventFactory(slug="staff-party")

    assert [public_event_by_slug("open-day").slug, public_event_by_slug("staff-party")] == ["open-day", None]


@pytest.mark.parametrize("rows", [1, 25])
def test_public_events_listing_query_count_is_bounded(django_assert_num_queries, rows):
    for _ in range(rows):
        event = EventFactory()
        EventTranslationFactory(event=event, language="en", title="Seminar")

    # events, image (select_related), translations, countries, regions, missions, organizations
    with django_assert_num_queries(6):
        texts = [event.in_language("en").title for event in upcoming_public_events(now=NOW.replace(year=2029))]

    assert texts == ["Seminar"] * rows
