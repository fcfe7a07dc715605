import pytest
from wagtail.models import Page, PageLogEntry
from wagtail.search.backends import get_search_backend

from cms.models import NewsPage
from cms.services import create_live_pages_in_bulk, publish_new_page

pytestmark = pytest.mark.django_db


def _news(number: int) -> NewsPage:
    return NewsPage(title=f"交流ニュース {number}", slug=f"bulk-{number}", summary=f"Lantern festival report {number}")


def test_create_live_pages_in_bulk_keeps_the_page_tree_valid(ja):
    publish_new_page(parent=ja.news_index, page=_news(0))

    created = create_live_pages_in_bulk(parent=ja.news_index, pages=[_news(1), _news(2), _news(3)])

    assert Page.find_problems() == ([], [], [], [], [])
    index = Page.objects.get(pk=ja.news_index.pk)
    assert index.numchild == 4
    children = list(index.get_children().specific())
    assert [page.slug for page in children] == ["bulk-0", "bulk-1", "bulk-2", "bulk-3"]
    assert [page.url_path for page in children[1:]] == [f"{index.url_path}bulk-{n}/" for n in (1, 2, 3)]
    assert [(page.live, page.has_unpublished_changes, page.locale_id) for page in children[1:]] == [
        (True, False, index.locale_id)
    ] * 3
    assert len({page.translation_key for page in children}) == 4
    assert [page.pk for page in created] == [page.pk for page in children[1:]]


def test_create_live_pages_in_bulk_pages_render_and_are_found(client, ja):
    create_live_pages_in_bulk(parent=ja.news_index, pages=[_news(1), _news(2)])

    article = client.get("/ja/news/bulk-2/")
    listing = client.get("/ja/news/")

    assert article.status_code == 200
    assert "<h1>交流ニュース 2</h1>" in article.content.decode()
    assert "交流ニュース 1" in listing.content.decode()
    found = get_search_backend().search("lantern", NewsPage.objects.live())
    assert sorted(page.slug for page in found) == ["bulk-1", "bulk-2"]
    assert sorted(
        PageLogEntry.objects.filter(action="wagtail.create", page__slug__startswith="bulk-").values_list(
            "label", flat=True
        )
    ) == ["交流ニュース 1", "交流ニュース 2"]


def test_create_live_pages_in_bulk_then_add_child_continues_the_paths(ja):
    create_live_pages_in_bulk(parent=ja.news_index, pages=[_news(1)])

    publish_new_page(parent=Page.objects.get(pk=ja.news_index.pk), page=_news(2))

    assert Page.find_problems() == ([], [], [], [], [])
    index = Page.objects.get(pk=ja.news_index.pk)
    assert list(index.get_children().values_list("slug", flat=True)) == ["bulk-1", "bulk-2"]


def test_create_live_pages_in_bulk_refuses_mixed_page_types(ja):
    with pytest.raises(ValueError, match="one type"):
        create_live_pages_in_bulk(parent=ja.news_index, pages=[_news(1), Page(title="x", slug="x")])
