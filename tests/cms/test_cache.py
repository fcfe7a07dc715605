import pytest

from cms.cache import CACHE_STATUS_HEADER
from tests.factories.cms import news_page

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_get_the_cached_page_until_something_is_published(client, ja):
    article = news_page(index=ja.news_index, title="最初の記事")

    first = client.get("/ja/news/")
    second = client.get("/ja/news/")
    news_page(index=ja.news_index, title="次の記事")
    after_publish = client.get("/ja/news/")

    assert [first[CACHE_STATUS_HEADER], second[CACHE_STATUS_HEADER]] == ["miss", "hit"]
    assert second.content == first.content
    assert article.title in second.content.decode()
    assert (after_publish[CACHE_STATUS_HEADER], "次の記事" in after_publish.content.decode()) == ("miss", True)


def test_each_language_and_query_string_is_cached_separately(client, ja, vi):
    news_page(index=ja.news_index, title="日本語の記事")
    news_page(index=vi.news_index, title="Bài viết tiếng Việt")
    client.get("/ja/news/")

    vietnamese = client.get("/vi/news/")
    filtered = client.get("/ja/news/?country=VN")

    assert [vietnamese[CACHE_STATUS_HEADER], filtered[CACHE_STATUS_HEADER]] == ["miss", "miss"]
    assert "Bài viết tiếng Việt" in vietnamese.content.decode()
    assert "日本語の記事" not in vietnamese.content.decode()


def test_signed_in_editors_are_never_served_or_stored_in_the_cache(client, staff_client, ja):
    news_page(index=ja.news_index, title="記事")

    editor_view = staff_client.get("/ja/news/")
    client.logout()
    anonymous = client.get("/ja/news/")

    assert CACHE_STATUS_HEADER not in editor_view
    assert anonymous[CACHE_STATUS_HEADER] == "miss"
    assert "w-userbar" not in anonymous.content.decode()


def test_event_changes_invalidate_cached_pages(client, ja):
    from tests.factories.events import EventFactory

    client.get("/ja/events/")
    EventFactory(title="新しいイベント")

    response = client.get("/ja/events/")

    assert (response[CACHE_STATUS_HEADER], "新しいイベント" in response.content.decode()) == ("miss", True)
