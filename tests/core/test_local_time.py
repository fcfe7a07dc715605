"""core.local_time: a date-time on the clock of its place, with the zone, and the reader's clock where it differs."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from contacts.models import Person
from core.local_time import (
    clock_text,
    place_range_text,
    place_time_html,
    place_time_title,
    time_passed,
    zone_label,
    zone_name_for,
)
from events.models import ItineraryItem
from relations.models import Engagement

UTC = datetime.UTC
NBSP = "\u00a0"


def _at(zone_name, *args):
    return datetime.datetime(*args, tzinfo=zoneinfo.ZoneInfo(zone_name))


@pytest.mark.parametrize(
    ("zone_name", "label"),
    [
        ("Asia/Tokyo", "JST"),
        ("Asia/Ho_Chi_Minh", "UTC+7"),  # the tz database's "+07"
        ("Asia/Kolkata", "IST"),
        ("Asia/Kathmandu", "UTC+5:45"),
        ("America/Sao_Paulo", "UTC-3"),
        ("Europe/Paris", "CEST"),
        ("UTC", "UTC"),
    ],
)
def test_a_zone_is_named_by_its_abbreviation_or_its_offset(zone_name, label):
    assert zone_label(_at(zone_name, 2026, 7, 1, 12, 0)) == label


def test_the_clock_is_written_in_the_language_with_a_24_hour_time():
    moment = _at("Asia/Tokyo", 2027, 2, 1, 14, 0)

    with translation.override("ja"):
        japanese = clock_text(moment)
    with translation.override("en"):
        english = clock_text(moment)

    assert (japanese, english) == (f"2027年2月1日 14:00{NBSP}JST", f"Feb. 1, 2027 14:00{NBSP}JST")


def test_a_meeting_in_hanoi_shows_hanoi_time_and_the_tokyo_readers_own_time():
    starts_at = datetime.datetime(2026, 5, 12, 2, 30, tzinfo=UTC)  # 09:30 in Hanoi, 11:30 in Tokyo

    with translation.override("ja"), timezone.override("Asia/Tokyo"):
        html = place_time_html(starts_at, "Asia/Ho_Chi_Minh")
        title = place_time_title(starts_at, "Asia/Ho_Chi_Minh")

    assert html == (
        f'<time datetime="2026-05-12T09:30:00+07:00">2026年5月12日 9:30{NBSP}UTC+7</time> (Asia/Ho_Chi_Minh)'
        f' <span class="kz-reader-time">（あなたの時刻：2026年5月12日 11:30{NBSP}JST）</span>'
    )
    assert title == f"2026年5月12日 9:30{NBSP}UTC+7 (Asia/Ho_Chi_Minh) （あなたの時刻：2026年5月12日 11:30{NBSP}JST）"


def test_the_readers_time_is_left_out_when_their_clock_shows_the_same():
    starts_at = datetime.datetime(2026, 5, 12, 5, 0, tzinfo=UTC)

    with translation.override("en"), timezone.override("Asia/Tokyo"):
        tokyo = place_time_html(starts_at, "Asia/Tokyo")
        seoul = place_time_html(starts_at, "Asia/Seoul")  # the same offset as Tokyo
        empty = place_time_html(None, "Asia/Tokyo")

    assert tokyo == f'<time datetime="2026-05-12T14:00:00+09:00">May 12, 2026 14:00{NBSP}JST</time> (Asia/Tokyo)'
    assert seoul == f'<time datetime="2026-05-12T14:00:00+09:00">May 12, 2026 14:00{NBSP}KST</time> (Asia/Seoul)'
    assert empty == "-"


def test_a_record_is_read_in_its_own_zone_or_else_in_the_readers():
    hanoi = Engagement(time_zone="Asia/Ho_Chi_Minh")
    broken = Engagement(time_zone="localtime")
    flight = ItineraryItem(time_zone="Asia/Tokyo", end_time_zone="Asia/Ho_Chi_Minh")
    train = ItineraryItem(time_zone="Asia/Tokyo", end_time_zone="")

    with timezone.override("Europe/London"):
        zones = [
            zone_name_for(hanoi, "starts_at"),
            zone_name_for(broken, "starts_at"),
            zone_name_for(Person(), "created_at"),
            zone_name_for(flight, "starts_at"),
            zone_name_for(flight, "ends_at"),
            zone_name_for(train, "ends_at"),
        ]

    assert zones == [
        "Asia/Ho_Chi_Minh",
        "Europe/London",
        "Europe/London",
        "Asia/Tokyo",
        "Asia/Ho_Chi_Minh",
        "Asia/Tokyo",
    ]


def test_templates_write_a_records_time_with_the_place_time_tag():
    flight = ItineraryItem(
        time_zone="Asia/Tokyo",
        end_time_zone="Asia/Ho_Chi_Minh",
        starts_at=datetime.datetime(2030, 5, 12, 1, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2030, 5, 12, 7, 0, tzinfo=UTC),
    )
    template = Template('{% load kizuna_admin %}{% place_time item "starts_at" %} | {% place_time item "ends_at" %}')

    with translation.override("en"), timezone.override("Asia/Tokyo"):
        html = template.render(Context({"item": flight}))

    assert html == (
        f'<time datetime="2030-05-12T10:00:00+09:00">May 12, 2030 10:00{NBSP}JST</time> (Asia/Tokyo) | '
        f'<time datetime="2030-05-12T14:00:00+07:00">May 12, 2030 14:00{NBSP}UTC+7</time> (Asia/Ho_Chi_Minh)'
        f' <span class="kz-reader-time">(your time: May 12, 2030 16:00{NBSP}JST)</span>'
    )


def test_a_span_is_written_once_with_its_zone_and_both_dates_when_it_ends_another_day():
    start = _at("Asia/Tokyo", 2027, 2, 1, 14, 0)

    with translation.override("ja"):
        spans = [
            place_range_text(start, start + datetime.timedelta(hours=1), "Asia/Tokyo"),
            place_range_text(start, None, "Asia/Ho_Chi_Minh"),
            place_range_text(start, start + datetime.timedelta(hours=12), "Asia/Tokyo"),
        ]

    assert spans == [
        f"2027年2月1日 14:00–15:00{NBSP}JST (Asia/Tokyo)",
        f"2027年2月1日 12:00{NBSP}UTC+7 (Asia/Ho_Chi_Minh)",
        f"2027年2月1日 14:00{NBSP}JST – 2027年2月2日 2:00{NBSP}JST (Asia/Tokyo)",
    ]


def test_time_passed_is_said_in_one_unit_or_as_just_now():
    now = datetime.datetime(2026, 12, 8, 12, 0, tzinfo=UTC)
    ago = [datetime.timedelta(seconds=30), datetime.timedelta(hours=3, minutes=59), datetime.timedelta(days=9)]

    with translation.override("ja"):
        japanese = [time_passed(now - delta, now) for delta in ago]
    with translation.override("en"):
        english = [time_passed(now - delta, now) for delta in ago]

    assert japanese == ["たった今", "3時間前", "1週間前"]
    assert english == ["Just now", f"3{NBSP}hours ago", f"1{NBSP}week ago"]
