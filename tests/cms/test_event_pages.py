import datetime
import re

import pytest

from core.choices import Confidentiality
from tests.factories.cms import partner_region
from tests.factories.events import (
    ConfidentialEventFactory,
    EventFactory,
    EventTranslationFactory,
    InternalEventFactory,
)

pytestmark = pytest.mark.django_db

TOKYO = datetime.timezone(datetime.timedelta(hours=9))


def _event_titles(html: str) -> list[str]:
    return re.findall(r'<h[23] class="card__title"><a href="[^"]+"[^>]*>([^<]+)</a>', html)


def test_events_index_lists_only_public_upcoming_events(client, ja):
    soon = EventFactory(title="国際交流フェスタ", starts_at=datetime.datetime(2031, 5, 1, 10, tzinfo=TOKYO))
    later = EventFactory(title="ベトナム文化セミナー", starts_at=datetime.datetime(2031, 6, 1, 10, tzinfo=TOKYO))
    InternalEventFactory(title="内部打合せ", starts_at=datetime.datetime(2031, 5, 2, 10, tzinfo=TOKYO))
    ConfidentialEventFactory(title="極秘会談", starts_at=datetime.datetime(2031, 5, 3, 10, tzinfo=TOKYO))
    EventFactory(title="未公開イベント", is_published=False, confidentiality=Confidentiality.PUBLIC)
    EventFactory(title="昨年の交流会", starts_at=datetime.datetime(2020, 5, 1, 10, tzinfo=TOKYO))

    html = client.get("/ja/events/").content.decode()

    assert _event_titles(html) == [soon.title, later.title]
    for leaked in ["内部打合せ", "極秘会談", "未公開イベント", "昨年の交流会"]:
        assert leaked not in html


def test_events_index_shows_translated_titles_and_flags_japanese_fallback(client, site_tree):
    translated = EventFactory(title="国際交流フェスタ", starts_at=datetime.datetime(2031, 5, 1, 10, tzinfo=TOKYO))
    EventTranslationFactory(event=translated, language="en", title="International Festival")
    EventFactory(title="日本語のみの催し", starts_at=datetime.datetime(2031, 5, 2, 10, tzinfo=TOKYO))

    html = client.get("/en/events/").content.decode()

    assert _event_titles(html) == ["International Festival", "日本語のみの催し"]
    assert '<a href="/en/events/' in html
    assert html.count('<span class="badge">in Japanese</span>') == 1


def test_past_events_are_archived_by_year(client, ja):
    EventFactory(title="2022年の交流会", starts_at=datetime.datetime(2022, 3, 1, 10, tzinfo=TOKYO))
    first = EventFactory(title="2023年春の交流会", starts_at=datetime.datetime(2023, 4, 1, 10, tzinfo=TOKYO))
    second = EventFactory(title="2023年秋の交流会", starts_at=datetime.datetime(2023, 10, 1, 10, tzinfo=TOKYO))
    InternalEventFactory(title="2023年の内部会議", starts_at=datetime.datetime(2023, 6, 1, 10, tzinfo=TOKYO))

    index_html = client.get("/ja/events/").content.decode()
    archive_html = client.get("/ja/events/archive/2023/").content.decode()

    assert re.findall(r'href="/ja/events/archive/(\d+)/"', index_html) == ["2023", "2022"]
    assert _event_titles(archive_html) == [second.title, first.title]
    assert "2023年の内部会議" not in archive_html
    assert client.get("/ja/events/archive/1999/").status_code == 404


def test_events_index_and_archive_show_a_page_of_events_at_a_time(client, ja, monkeypatch):
    from cms import models

    monkeypatch.setattr(models, "EVENTS_PER_PAGE", 2)
    upcoming = [
        EventFactory(title=f"交流会{day}", starts_at=datetime.datetime(2031, 5, day, 10, tzinfo=TOKYO))
        for day in range(1, 6)
    ]
    past = [
        EventFactory(title=f"2023年の交流会{month}", starts_at=datetime.datetime(2023, month, 1, 10, tzinfo=TOKYO))
        for month in range(1, 4)
    ]

    first = client.get("/ja/events/").content.decode()
    third = client.get("/ja/events/?page=3").content.decode()
    not_a_number = client.get("/ja/events/?page=x").content.decode()
    archive_second = client.get("/ja/events/archive/2023/?page=2").content.decode()

    assert _event_titles(first) == [upcoming[0].title, upcoming[1].title]
    assert '<a rel="next" href="?page=2">次のページ</a>' in first
    assert "3ページ中1ページ目" in first
    assert 'rel="prev"' not in first
    assert _event_titles(third) == [upcoming[4].title]
    assert '<a rel="prev" href="?page=2">前のページ</a>' in third
    assert 'rel="next"' not in third
    assert _event_titles(not_a_number) == _event_titles(first)
    assert _event_titles(archive_second) == [past[0].title]  # newest first: March, February, then January
    assert client.get("/ja/events/?page=4").status_code == 404


def test_event_page_shows_details_map_registration_and_calendar_links(client, ja):
    event = EventFactory(
        title="ベトナムフェスティバル",
        slug="vietnam-festival",
        address="宇都宮市本町1-1",
        latitude="36.555000",
        longitude="139.882000",
        registration_url="https://example.org/register",
        starts_at=datetime.datetime(2031, 5, 1, 10, tzinfo=TOKYO),
    )

    response = client.get("/ja/events/vietnam-festival/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{event.title}</h1>" in html
    assert "https://www.openstreetmap.org/?mlat=36.555000&amp;mlon=139.882000" in html
    assert '<a class="button" href="https://example.org/register" rel="external">' in html


def test_event_page_of_a_non_public_event_is_not_found(client, ja):
    InternalEventFactory(slug="internal-meeting")
    ConfidentialEventFactory(slug="secret-talks")

    responses = [client.get("/ja/events/internal-meeting/"), client.get("/ja/events/secret-talks/")]

    assert [response.status_code for response in responses] == [404, 404]


def test_events_index_query_count_is_the_same_for_one_and_many_events(ja, count_page_queries):
    region = partner_region()
    first = EventFactory(starts_at=datetime.datetime(2031, 5, 1, 10, tzinfo=TOKYO))
    first.regions.add(region)
    EventTranslationFactory(event=first, language="en")
    count_page_queries("/en/events/")  # warm per-process caches (content types, site root paths)

    with_one = count_page_queries("/en/events/")
    for day in range(2, 12):
        event = EventFactory(starts_at=datetime.datetime(2031, 5, day, 10, tzinfo=TOKYO))
        event.regions.add(region)
        EventTranslationFactory(event=event, language="en")
    with_many = count_page_queries("/en/events/")

    assert (with_one, with_many) == (with_one, with_one)
    assert with_one <= 30
