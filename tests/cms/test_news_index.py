import re
from urllib.parse import quote

import pytest

from cms.models import NEWS_PER_PAGE, NewsPage
from partners.models import Country
from tests.factories.cms import news_page, partner_region

pytestmark = pytest.mark.django_db


def _article_titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)


def test_news_index_lists_live_articles_of_its_locale_newest_first(client, ja, vi):
    older = news_page(index=ja.news_index, title="古い記事")
    newer = news_page(index=ja.news_index, title="新しい記事")
    news_page(index=ja.news_index, title="下書きの記事", publish=False)
    news_page(index=vi.news_index, title="Tin tức tiếng Việt")

    html = client.get("/ja/news/").content.decode()

    assert _article_titles(html) == [newer.title, older.title]


def test_news_index_paginates(client, ja):
    articles = [news_page(index=ja.news_index, title=f"記事{number:02d}") for number in range(NEWS_PER_PAGE + 2)]

    first = client.get("/ja/news/").content.decode()
    second = client.get("/ja/news/?page=2").content.decode()

    newest_first = [article.title for article in reversed(articles)]
    assert _article_titles(first) == newest_first[:NEWS_PER_PAGE]
    assert _article_titles(second) == newest_first[NEWS_PER_PAGE:]
    assert 'rel="next" href="?page=2"' in first
    assert client.get("/ja/news/?page=3").status_code == 404


def test_news_index_pages_keep_the_filter_and_say_newer_and_older(client, ja):
    viet_nam = Country.objects.get(code="VN")
    for number in range(NEWS_PER_PAGE + 1):
        news_page(index=ja.news_index, title=f"ベトナム{number:02d}", countries=[viet_nam], tags=["観光 交流"])
    news_page(index=ja.news_index, title="国の指定なし")

    slug = NewsPage.objects.filter(title="ベトナム00").get().tags.get().slug
    first = client.get(f"/ja/news/?country=vn&tag={slug}").content.decode()
    second = client.get(f"/ja/news/?country=vn&tag={slug}&page=2").content.decode()

    in_link = quote(slug)  # 観光-交流, percent-encoded as before
    assert f'<a rel="next" href="?country=VN&amp;tag={in_link}&amp;page=2">以前の記事</a>' in first
    assert f'<a rel="prev" href="?country=VN&amp;tag={in_link}&amp;page=1">新しい記事</a>' in second
    assert _article_titles(second) == ["ベトナム00"]


def test_news_index_filters_by_country_partner_region_and_tag(client, ja):
    viet_nam, korea = Country.objects.get(code="VN"), Country.objects.get(code="KR")
    quang_nam = partner_region(country_code="VN", name="Quảng Nam", slug="quang-nam")
    vietnamese = news_page(index=ja.news_index, title="ベトナムの記事", countries=[viet_nam], tags=["観光"])
    provincial = news_page(index=ja.news_index, title="クアンナム省の記事", partner_regions=[quang_nam])
    korean = news_page(index=ja.news_index, title="韓国の記事", countries=[korea], tags=["教育"])

    by_country = client.get("/ja/news/?country=vn").content.decode()
    by_region = client.get("/ja/news/?region=quang-nam").content.decode()
    by_tag = client.get(f"/ja/news/?tag={korean.tags.get().slug}").content.decode()
    unfiltered = client.get("/ja/news/").content.decode()

    assert _article_titles(by_country) == [vietnamese.title]
    assert _article_titles(by_region) == [provincial.title]
    assert _article_titles(by_tag) == [korean.title]
    assert _article_titles(unfiltered) == [korean.title, provincial.title, vietnamese.title]
    assert re.findall(r'<option value="([A-Z]{2})"', unfiltered) == ["KR", "VN"]


def test_news_index_query_count_is_the_same_for_one_and_many_articles(ja, count_page_queries):
    viet_nam = Country.objects.get(code="VN")
    region = partner_region()
    news_page(index=ja.news_index, countries=[viet_nam], partner_regions=[region], tags=["観光"])
    count_page_queries("/ja/news/")

    with_one = count_page_queries("/ja/news/")
    for _number in range(8):
        news_page(index=ja.news_index, countries=[viet_nam], partner_regions=[region], tags=["観光"])
    with_many = count_page_queries("/ja/news/")

    assert (with_one, with_many) == (with_one, with_one)
    assert with_one <= 30


def test_home_page_query_count_is_the_same_for_one_and_many_articles(ja, count_page_queries):
    news_page(index=ja.news_index)
    count_page_queries("/ja/")

    with_one = count_page_queries("/ja/")
    for _number in range(5):
        news_page(index=ja.news_index)
    with_many = count_page_queries("/ja/")

    assert (with_one, with_many) == (with_one, with_one)
