import datetime
import itertools
import zoneinfo

import pytest

from events.ical import (
    Classification,
    FeedCalendar,
    FeedItem,
    ItemStatus,
    build_calendar,
    escape_text,
    fold,
    vtimezone_lines,
)
from tests.events.icaljs import parse_with_icaljs

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
EDITED = datetime.datetime(2026, 2, 3, 4, 5, 6, tzinfo=datetime.UTC)
CALENDAR = FeedCalendar(
    name="神奈川県 国際交流イベント",
    description="Public events",
    url="https://kizuna.example.jp/ja/events/",
    source="https://kizuna.example.jp/calendar/public.ics",
)


def make_item(**overrides) -> FeedItem:
    values = {
        "uid": "6f1c2f4e-8d0b-4a53-9a43-0a4f7cb0d001",
        "sequence": 3,
        "last_modified": EDITED,
        "summary": "ハノイ市経済交流セミナー",
        "start": datetime.datetime(2026, 5, 14, 9, 30, tzinfo=TOKYO),
        "end": datetime.datetime(2026, 5, 14, 17, 0, tzinfo=TOKYO),
        "timezone": "Asia/Tokyo",
    }
    values.update(overrides)
    return FeedItem(**values)


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


def unfolded(data: bytes) -> list[str]:
    return data.decode().replace("\r\n ", "").split("\r\n")[:-1]


def test_build_calendar_writes_every_property_an_independent_parser_reads_back():
    item = make_item(
        description="県内企業20社が参加します。\nAgenda; investment, talent",
        location="神奈川県庁 本庁舎, 横浜市",
        geo=(35.447753, 139.642514),
        url="https://kizuna.example.jp/ja/events/hanoi-seminar/",
        categories=("seminar", "Viet Nam"),
    )

    parsed = parse_with_icaljs(build_calendar(CALENDAR, [item]))

    assert parsed["problems"] == []
    assert parsed["calendar"] == {
        "name": "神奈川県 国際交流イベント",
        "x-wr-calname": "神奈川県 国際交流イベント",
        "x-wr-timezone": "Asia/Tokyo",
        "x-published-ttl": "PT1H",
        "url": "https://kizuna.example.jp/ja/events/",
        "description": "Public events",
        "refresh-interval": "PT1H",
    }
    assert parsed["timezones"] == ["Asia/Tokyo"]
    assert parsed["events"] == [
        {
            "uid": "6f1c2f4e-8d0b-4a53-9a43-0a4f7cb0d001",
            "summary": "ハノイ市経済交流セミナー",
            "description": (
                "2026-05-14 09:30-17:00 JST (Asia/Tokyo)\n\n県内企業20社が参加します。\nAgenda; investment, talent"
            ),
            "location": "神奈川県庁 本庁舎, 横浜市",
            "status": "CONFIRMED",
            "class": "PUBLIC",
            "transp": "OPAQUE",
            "sequence": 3,
            "dtstamp": "2026-02-03T04:05:06Z",
            "lastModified": "2026-02-03T04:05:06Z",
            "url": "https://kizuna.example.jp/ja/events/hanoi-seminar/",
            "geo": [35.447753, 139.642514],
            "categories": ["seminar", "Viet Nam"],
            "start": {
                "isDate": False,
                "tzid": "Asia/Tokyo",
                "local": "2026-05-14T09:30:00",
                "utc": "2026-05-14T00:30:00.000Z",
            },
            "end": {
                "isDate": False,
                "tzid": "Asia/Tokyo",
                "local": "2026-05-14T17:00:00",
                "utc": "2026-05-14T08:00:00.000Z",
            },
        }
    ]


def test_build_calendar_header_has_refresh_properties_and_no_method():
    data = build_calendar(CALENDAR, [])

    assert unfolded(data) == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Kizuna//Kizuna calendar feeds 1.0//EN",
        "CALSCALE:GREGORIAN",
        "NAME:神奈川県 国際交流イベント",
        "X-WR-CALNAME:神奈川県 国際交流イベント",
        "DESCRIPTION:Public events",
        "X-WR-CALDESC:Public events",
        "X-WR-TIMEZONE:Asia/Tokyo",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
        "URL;VALUE=URI:https://kizuna.example.jp/ja/events/",
        "SOURCE;VALUE=URI:https://kizuna.example.jp/calendar/public.ics",
        "END:VCALENDAR",
    ]


def test_build_calendar_same_input_gives_identical_bytes():
    items = [make_item(), make_item(uid="second", start=datetime.date(2026, 6, 1), end=datetime.date(2026, 6, 3))]

    assert build_calendar(CALENDAR, items) == build_calendar(CALENDAR, list(items))


def test_build_calendar_dtstamp_is_last_modification_not_now():
    data = build_calendar(CALENDAR, [make_item(last_modified=datetime.datetime(2025, 12, 31, 23, 0, tzinfo=TOKYO))])

    lines = unfolded(data)
    assert [line for line in lines if line.startswith(("DTSTAMP", "LAST-MODIFIED"))] == [
        "DTSTAMP:20251231T140000Z",
        "LAST-MODIFIED:20251231T140000Z",
    ]


@pytest.mark.parametrize(
    ("zone_name", "local_start", "utc_start", "label"),
    [
        ("Asia/Tokyo", "2026-07-01T09:30:00", "2026-07-01T00:30:00.000Z", "JST (Asia/Tokyo)"),
        (
            "Asia/Ho_Chi_Minh",
            "2026-07-01T09:30:00",
            "2026-07-01T02:30:00.000Z",
            "UTC+07:00 (Asia/Ho_Chi_Minh)",
        ),
        ("Asia/Seoul", "2026-07-01T09:30:00", "2026-07-01T00:30:00.000Z", "KST (Asia/Seoul)"),
        # Daylight-saving zones on both sides of their changes.
        ("Europe/Berlin", "2026-03-28T09:30:00", "2026-03-28T08:30:00.000Z", "CET (Europe/Berlin)"),
        ("Europe/Berlin", "2026-03-29T09:30:00", "2026-03-29T07:30:00.000Z", "CEST (Europe/Berlin)"),
        ("Europe/Berlin", "2026-10-26T09:30:00", "2026-10-26T08:30:00.000Z", "CET (Europe/Berlin)"),
        (
            "America/New_York",
            "2026-03-08T09:30:00",
            "2026-03-08T13:30:00.000Z",
            "EDT (America/New_York)",
        ),
        (
            "America/New_York",
            "2027-01-05T09:30:00",
            "2027-01-05T14:30:00.000Z",
            "EST (America/New_York)",
        ),
    ],
)
def test_build_calendar_time_zone_round_trips_through_its_vtimezone(zone_name, local_start, utc_start, label):
    zone = zoneinfo.ZoneInfo(zone_name)
    start = datetime.datetime.fromisoformat(local_start).replace(tzinfo=zone)
    item = make_item(start=start, end=start + datetime.timedelta(hours=2), timezone=zone_name)

    parsed = parse_with_icaljs(build_calendar(CALENDAR, [item]))

    assert parsed["problems"] == []
    assert parsed["timezones"] == [zone_name]
    (event,) = parsed["events"]
    assert event["start"] == {
        "isDate": False,
        "tzid": zone_name,
        "local": local_start,
        "utc": utc_start,
    }
    assert event["description"] == (f"{start:%Y-%m-%d %H:%M}-{start + datetime.timedelta(hours=2):%H:%M} {label}")


def test_build_calendar_writes_one_vtimezone_per_zone_used():
    items = [
        make_item(uid="tokyo"),
        make_item(
            uid="seoul", start=datetime.datetime(2026, 5, 2, 10, 0, tzinfo=SEOUL), end=None, timezone="Asia/Seoul"
        ),
        make_item(uid="tokyo-2", start=datetime.datetime(2027, 1, 2, 10, 0, tzinfo=TOKYO), end=None),
        make_item(uid="day", start=datetime.date(2026, 1, 1), end=None),
    ]

    parsed = parse_with_icaljs(build_calendar(CALENDAR, items))

    assert parsed["problems"] == []
    assert parsed["timezones"] == ["Asia/Seoul", "Asia/Tokyo"]


def test_vtimezone_lines_are_bounded_and_hold_only_allowed_properties():
    assert vtimezone_lines("Europe/Berlin", 2026, 2026) == (
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Berlin",
        "BEGIN:STANDARD",
        "DTSTART:20260101T000000",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "DTSTART:20260329T020000",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "DTSTART:20261025T030000",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "END:STANDARD",
        "END:VTIMEZONE",
    )


def test_vtimezone_lines_unknown_zone_is_an_error():
    with pytest.raises(ValueError, match="Mars/Olympus_Mons"):
        vtimezone_lines("Mars/Olympus_Mons", 2026, 2026)


def test_build_calendar_unknown_zone_falls_back_to_utc_instant():
    item = make_item(timezone="Mars/Olympus_Mons")

    parsed = parse_with_icaljs(build_calendar(CALENDAR, [item]))

    assert parsed["problems"] == []
    assert parsed["timezones"] == []
    assert parsed["events"][0]["start"] == {
        "isDate": False,
        "tzid": None,
        "local": "2026-05-14T00:30:00Z",
        "utc": "2026-05-14T00:30:00.000Z",
    }
    assert parsed["events"][0]["description"] == "2026-05-14 00:30-08:00 UTC (UTC)"


def test_build_calendar_all_day_items_use_dates_with_exclusive_end():
    multi_day = make_item(uid="visit", start=datetime.date(2026, 8, 3), end=datetime.date(2026, 8, 6))
    single_day = make_item(uid="deadline", start=datetime.date(2026, 8, 31), end=None, transparent=True)

    parsed = parse_with_icaljs(build_calendar(CALENDAR, [multi_day, single_day]))

    assert parsed["problems"] == []
    assert [
        (event["uid"], event["start"], event["end"], event["transp"], event["description"])
        for event in parsed["events"]
    ] == [
        (
            "visit",
            {"isDate": True, "tzid": None, "local": "2026-08-03", "utc": None},
            {"isDate": True, "tzid": None, "local": "2026-08-06", "utc": None},
            "TRANSPARENT",
            None,
        ),
        (
            "deadline",
            {"isDate": True, "tzid": None, "local": "2026-08-31", "utc": None},
            {"isDate": True, "tzid": None, "local": "2026-09-01", "utc": None},
            "TRANSPARENT",
            None,
        ),
    ]


def test_build_calendar_all_day_item_with_datetime_end_is_rejected():
    item = make_item(start=datetime.date(2026, 8, 3), end=datetime.datetime(2026, 8, 4, tzinfo=TOKYO))

    with pytest.raises(ValueError, match="all-day"):
        build_calendar(CALENDAR, [item])


def test_build_calendar_naive_datetime_is_rejected():
    item = make_item(start=datetime.datetime(2026, 8, 3, 9, 0), end=None, timezone="UTC")  # noqa: DTZ001

    with pytest.raises(ValueError, match="aware"):
        build_calendar(CALENDAR, [item])


def test_build_calendar_cancelled_item_keeps_uid_with_status_and_prefix():
    calendar = FeedCalendar(name="x", cancelled_summary="中止: %(summary)s")
    item = make_item(status=ItemStatus.CANCELLED, sequence=4)

    parsed = parse_with_icaljs(build_calendar(calendar, [item]))

    assert parsed["problems"] == []
    assert [(event["uid"], event["summary"], event["status"], event["sequence"]) for event in parsed["events"]] == [
        ("6f1c2f4e-8d0b-4a53-9a43-0a4f7cb0d001", "中止: ハノイ市経済交流セミナー", "CANCELLED", 4)
    ]


def test_build_calendar_busy_item_has_no_description_at_all():
    item = make_item(
        summary="Confidential engagement", describe_local_time=False, classification=Classification.CONFIDENTIAL
    )

    lines = unfolded(build_calendar(CALENDAR, [item]))

    vevent = lines[lines.index("BEGIN:VEVENT") : lines.index("END:VEVENT") + 1]
    assert vevent == [
        "BEGIN:VEVENT",
        "UID:6f1c2f4e-8d0b-4a53-9a43-0a4f7cb0d001",
        "DTSTAMP:20260203T040506Z",
        "LAST-MODIFIED:20260203T040506Z",
        "SEQUENCE:3",
        "DTSTART;TZID=Asia/Tokyo:20260514T093000",
        "DTEND;TZID=Asia/Tokyo:20260514T170000",
        "SUMMARY:Confidential engagement",
        "STATUS:CONFIRMED",
        "CLASS:CONFIDENTIAL",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "神奈川県とベトナム・ハノイ市の友好交流協定締結30周年記念式典および経済交流セミナー(知事出席)" * 3,
        "Lễ kỷ niệm 30 năm ký kết thỏa thuận hợp tác hữu nghị giữa tỉnh Kanagawa và thành phố Hà Nội" * 3,
        "경기도 대표단 방문 및 가나가와현 지사 예방, 한일 지방정부 교류 협력 회의" * 3,
        "😀🎌" * 60,
    ],
)
def test_build_calendar_folds_long_text_at_75_octets_without_splitting_utf8(text):
    data = build_calendar(CALENDAR, [make_item(summary=text, location=text)])

    lines = physical_lines(data)
    assert max(len(line) for line in lines) <= 75
    assert [line.decode() for line in lines]  # each physical line is valid UTF-8 on its own
    assert all(len(line) >= 72 for line, following in itertools.pairwise(lines) if following[:1] == b" ")
    parsed = parse_with_icaljs(data)
    assert parsed["problems"] == []
    assert (parsed["events"][0]["summary"], parsed["events"][0]["location"]) == (text, text)


def test_fold_short_line_is_untouched_and_continuations_start_with_one_space():
    assert fold("SUMMARY:short") == "SUMMARY:short"
    assert fold("X:" + "a" * 73) == "X:" + "a" * 73
    assert fold("X:" + "a" * 150) == "X:" + "a" * 73 + "\r\n " + "a" * 74 + "\r\n " + "a" * 3


@pytest.mark.parametrize("text", ["a", "é", "あ", "😀"])
def test_fold_fills_every_line_to_75_octets_whatever_the_script(text):
    for length in range(60, 240):
        line = "X:" + text * length
        physical = fold(line).split("\r\n ")
        octets = [len(part.encode()) for part in physical]

        assert "".join(physical) == line
        assert octets[0] <= 75
        assert all(size <= 74 for size in octets[1:])
        # full lines: each but the last ends where the next character would not fit
        assert all(size > 75 - len(text.encode()) - (index > 0) for index, size in enumerate(octets[:-1]))


def test_fold_never_splits_a_character_and_keeps_short_non_ascii_lines_whole():
    assert fold("S:" + "あ" * 24) == "S:" + "あ" * 24  # 74 octets
    folded = fold("S:" + "あ" * 30)  # 2 + 90 octets
    first, rest = folded.split("\r\n ")
    assert (first, rest) == ("S:" + "あ" * 24, "あ" * 6)
    assert len(first.encode()) == 74


def test_escape_text_escapes_separators_and_drops_control_characters():
    assert escape_text("a\\b;c,d\r\ne\rf\ng\x00h\x1bi\tj") == "a\\\\b\\;c\\,d\\ne\\nf\\ng" + "hi\tj"


@pytest.mark.parametrize(
    ("start", "end", "zone_name", "label"),
    [
        (
            datetime.datetime(2026, 5, 14, 9, 30, tzinfo=datetime.UTC),
            datetime.datetime(2026, 5, 14, 17, 0, tzinfo=datetime.UTC),
            "Asia/Tokyo",
            "2026-05-14 18:30 – 2026-05-15 02:00 JST (Asia/Tokyo)",
        ),
        (
            datetime.datetime(2026, 5, 14, 9, 30, tzinfo=TOKYO),
            datetime.datetime(2026, 5, 14, 17, 0, tzinfo=TOKYO),
            "Asia/Tokyo",
            "2026-05-14 09:30-17:00 JST (Asia/Tokyo)",
        ),
        (
            datetime.datetime(2026, 10, 24, 18, 0, tzinfo=BERLIN),
            datetime.datetime(2026, 10, 25, 12, 0, tzinfo=BERLIN),
            "Europe/Berlin",
            "2026-10-24 18:00 CEST – 2026-10-25 12:00 CET (Europe/Berlin)",
        ),
        (
            datetime.datetime(2026, 5, 14, 9, 30, tzinfo=HANOI),
            None,
            "Asia/Ho_Chi_Minh",
            "2026-05-14 09:30 UTC+07:00 (Asia/Ho_Chi_Minh)",
        ),
    ],
)
def test_build_calendar_describes_the_wall_clock_time_and_zone_of_the_place(start, end, zone_name, label):
    body = build_calendar(CALENDAR, [make_item(start=start, end=end, timezone=zone_name, description="")])

    item_lines = unfolded(body)[unfolded(body).index("BEGIN:VEVENT") :]
    assert [line for line in item_lines if line.startswith("DESCRIPTION:")] == [f"DESCRIPTION:{label}"]


def test_build_calendar_writes_a_time_in_the_repeated_dst_hour_in_utc():
    start = datetime.datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK)  # the repeated hour, first pass (EDT)

    parsed = parse_with_icaljs(
        build_calendar(CALENDAR, [make_item(start=start, end=None, timezone="America/New_York")])
    )

    assert parsed["problems"] == []
    assert parsed["events"][0]["start"] == {
        "isDate": False,
        "tzid": None,
        "local": "2026-11-01T05:30:00Z",
        "utc": "2026-11-01T05:30:00.000Z",
    }
    assert parsed["events"][0]["description"] == "2026-11-01 01:30 EDT (America/New_York)"
