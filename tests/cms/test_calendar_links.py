import datetime

import pytest
from django.test import RequestFactory

from cms.selectors import event_page_urls
from tests.factories.events import EventFactory, InternalEventFactory

pytestmark = pytest.mark.django_db

TOKYO = datetime.timezone(datetime.timedelta(hours=9))


def test_event_page_links_its_ics_and_the_webcal_subscription(client, ja):
    EventFactory(slug="festa", starts_at=datetime.datetime(2031, 5, 1, 10, tzinfo=TOKYO))

    html = client.get("/en/events/festa/").content.decode()

    assert '<a href="/calendar/events/festa.ics" download>Add to my calendar (.ics)</a>' in html
    assert '<a href="webcal://testserver/calendar/public.ics">Subscribe to the events calendar</a>' in html


def test_calendar_feeds_link_public_events_to_their_page_in_the_feed_language(site_tree):
    public = EventFactory(slug="festa")
    internal = InternalEventFactory(slug="internal")
    request = RequestFactory().get("/calendar/public.ics")

    chinese = event_page_urls(request, "zh")
    japanese = event_page_urls(request, "")

    assert [chinese(public), chinese(internal), japanese(public)] == [
        "http://testserver/zh/events/festa/",
        None,
        "http://testserver/ja/events/festa/",
    ]


def test_public_feed_links_each_event_to_its_public_page(client, site_tree):
    EventFactory(slug="festa", starts_at=datetime.datetime(2031, 5, 1, 10, tzinfo=TOKYO))

    body = client.get("/calendar/public.ics", {"lang": "en"}).content.decode()

    url_lines = [line for line in body.split("\r\n") if line.startswith("URL")]
    assert url_lines == ["URL;VALUE=URI:http://testserver/en/events/festa/"]
