import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from events.models import Event, EventText
from tests.factories.events import EventFactory, EventTranslationFactory

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

pytestmark = pytest.mark.django_db


def test_event_all_day_derives_local_midnights_with_exclusive_end():
    event = EventFactory(
        all_day=True,
        start_date=datetime.date(2030, 9, 1),
        end_date=datetime.date(2030, 9, 2),
        starts_at=None,
        ends_at=None,
        time_zone="Asia/Ho_Chi_Minh",
    )

    event.refresh_from_db()
    assert (event.starts_at, event.ends_at) == (
        datetime.datetime(2030, 9, 1, 0, 0, tzinfo=HANOI),
        datetime.datetime(2030, 9, 3, 0, 0, tzinfo=HANOI),
    )


def test_event_timed_derives_local_dates_in_its_own_zone():
    # 23:30 in Tokyo on 1 May is 21:30 in Hanoi: the local date is the Hanoi one.
    event = EventFactory(
        starts_at=datetime.datetime(2030, 5, 1, 23, 30, tzinfo=TOKYO),
        ends_at=datetime.datetime(2030, 5, 2, 3, 0, tzinfo=TOKYO),
        time_zone="Asia/Ho_Chi_Minh",
    )

    assert (event.start_date, event.end_date) == (datetime.date(2030, 5, 1), datetime.date(2030, 5, 2))
    assert event.local_time_label == "2030-05-01 21:30-2030-05-02 01:00 +07 (Asia/Ho_Chi_Minh)"


def test_event_ending_at_midnight_ends_the_previous_day():
    event = EventFactory(
        starts_at=datetime.datetime(2030, 5, 1, 18, 0, tzinfo=TOKYO),
        ends_at=datetime.datetime(2030, 5, 2, 0, 0, tzinfo=TOKYO),
    )

    assert (event.start_date, event.end_date) == (datetime.date(2030, 5, 1), datetime.date(2030, 5, 1))


def test_event_clean_rejects_end_before_start():
    event = EventFactory.build(
        starts_at=datetime.datetime(2030, 5, 1, 18, 0, tzinfo=TOKYO),
        ends_at=datetime.datetime(2030, 5, 1, 17, 0, tzinfo=TOKYO),
    )

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    with translation.override("en"):
        assert error.value.message_dict["ends_at"] == ["The event cannot end before it starts."]


def test_event_clean_rejects_unknown_time_zone():
    event = EventFactory.build(time_zone="Asia/Atlantis")

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert list(error.value.message_dict) == ["time_zone"]


def test_event_clean_requires_a_start_for_all_day_events():
    event = EventFactory.build(all_day=True, start_date=None, starts_at=None, ends_at=None)

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert list(error.value.message_dict) == ["start_date"]


def test_event_in_language_uses_translation_and_says_when_it_falls_back():
    event = EventFactory(title="ベトナム建国記念日レセプション", venue="帝国ホテル")
    EventTranslationFactory(event=event, language="en", title="Viet Nam National Day Reception", venue="")
    EventTranslationFactory(event=event, language="zh-hans", title="越南国庆招待会", venue="帝国饭店")
    event = Event.objects.with_related().get(pk=event.pk)

    assert [event.in_language(code) for code in ("en", "zh", "ko", "ja")] == [
        EventText("en", "Viet Nam National Day Reception", "", "帝国ホテル", is_fallback=False),
        EventText("zh-hans", "越南国庆招待会", "", "帝国饭店", is_fallback=False),
        EventText("ja", "ベトナム建国記念日レセプション", "", "帝国ホテル", is_fallback=True),
        EventText("ja", "ベトナム建国記念日レセプション", "", "帝国ホテル", is_fallback=False),
    ]
