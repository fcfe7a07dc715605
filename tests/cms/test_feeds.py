# The XML parsed here is our own response, not untrusted input.
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Country
from tests.factories.cms import news_page

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_rss_feed_is_valid_and_lists_live_articles_of_its_locale(client, ja, vi):
    older = news_page(index=ja.news_index, title="古い記事", slug="older", countries=[Country.objects.get(code="VN")])
    newer = news_page(index=ja.news_index, title="新しい記事", slug="newer")
    news_page(index=ja.news_index, title="下書き", publish=False)
    news_page(index=vi.news_index, title="Tin tức")

    response = client.get("/ja/news/rss/")

    channel = ET.fromstring(response.content).find("channel")  # noqa: S314
    assert response["Content-Type"].startswith("application/rss+xml")
    assert (channel.findtext("title"), channel.findtext("language"), channel.findtext("link")) == (
        "ニュース",
        "ja",
        "http://testserver/ja/news/",
    )
    assert [(item.findtext("title"), item.findtext("link")) for item in channel.findall("item")] == [
        (newer.title, "http://testserver/ja/news/newer/"),
        (older.title, "http://testserver/ja/news/older/"),
    ]
    assert [category.text for category in channel.findall("item/category")] == ["VN"]


def test_atom_feed_is_valid_and_keeps_vietnamese_text(client, vi):
    article = news_page(
        index=vi.news_index, title="Lễ kỷ niệm 10 năm hữu nghị", slug="ky-niem", summary="Đoàn đại biểu tỉnh Quảng Nam"
    )

    response = client.get("/vi/news/atom/")

    feed = ET.fromstring(response.content)  # noqa: S314
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [
        (entry.findtext(f"{ATOM}title"), entry.find(f"{ATOM}link").get("href"), entry.findtext(f"{ATOM}summary"))
        for entry in entries
    ] == [(article.title, "http://testserver/vi/news/ky-niem/", article.summary)]
    assert feed.findtext(f"{ATOM}updated")


def test_feed_query_count_is_the_same_for_one_and_many_articles(client, ja):
    viet_nam = Country.objects.get(code="VN")
    news_page(index=ja.news_index, countries=[viet_nam])
    client.get("/ja/news/rss/")

    def queries() -> int:
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/ja/news/rss/").status_code == 200
        return len(captured)

    with_one = queries()
    for _number in range(6):
        news_page(index=ja.news_index, countries=[viet_nam])
    with_many = queries()

    assert (with_one, with_many) == (with_one, with_one)


def test_sitemap_lists_pages_of_every_locale(client, ja, vi):
    news_page(index=ja.news_index, slug="ja-article")
    news_page(index=vi.news_index, slug="vi-article")
    news_page(index=ja.news_index, slug="ja-draft", publish=False)

    response = client.get("/sitemap.xml")

    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locations = [url.findtext(f"{namespace}loc") for url in ET.fromstring(response.content)]  # noqa: S314
    assert "http://localhost/ja/news/ja-article/" in locations
    assert "http://localhost/vi/news/vi-article/" in locations
    assert "http://localhost/zh/news/" in locations
    assert not [location for location in locations if "ja-draft" in location]
