import datetime

import pytest
from wagtail.models import ModelLogEntry

from events.models import Event
from events.services import create_event, update_event
from tests.factories.core import UserFactory
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db

TOKYO = datetime.timezone(datetime.timedelta(hours=9))


def test_create_event_derives_slug_from_english_title_and_logs():
    user = UserFactory()
    event = create_event(
        user=user,
        title="ベトナム建国記念日レセプション",
        starts_at=datetime.datetime(2030, 9, 2, 18, 0, tzinfo=TOKYO),
        ends_at=datetime.datetime(2030, 9, 2, 20, 0, tzinfo=TOKYO),
        translations={"en": {"title": "Viet Nam National Day Reception"}},
    )
    again = create_event(
        user=user,
        title="ベトナム建国記念日レセプション",
        starts_at=datetime.datetime(2031, 9, 2, 18, 0, tzinfo=TOKYO),
        ends_at=datetime.datetime(2031, 9, 2, 20, 0, tzinfo=TOKYO),
        translations={"en": {"title": "Viet Nam National Day Reception"}},
    )

    assert [event.slug, again.slug] == ["viet-nam-national-day-reception", "viet-nam-national-day-reception-2"]
    assert (event.created_by, event.sequence) == (user, 0)
    assert list(ModelLogEntry.objects.filter(object_id=str(event.pk)).values_list("action", flat=True)) == [
        "wagtail.create"
    ]


def test_create_event_falls_back_to_generic_slug_for_japanese_only_titles():
    event = create_event(
        user=UserFactory(),
        title="国際交流フェスティバル",
        all_day=True,
        start_date=datetime.date(2030, 10, 10),
    )

    assert (event.slug, event.end_date) == ("event", datetime.date(2030, 10, 10))


def test_update_event_bumps_sequence_only_for_subscriber_visible_changes():
    user = UserFactory()
    event = EventFactory()

    update_event(event=event, user=user, staff=[user])
    unchanged = Event.objects.get(pk=event.pk).sequence
    update_event(event=event, user=user, venue="宇都宮市文化会館")
    update_event(event=event, user=user, translations={"en": {"title": "Seminar"}})
    update_event(event=event, user=user, translations={"en": {"title": "Seminar"}})

    assert (unchanged, Event.objects.get(pk=event.pk).sequence) == (0, 2)
