import re

import pytest
from django.conf import settings
from wagtail.models import Locale

from cms.i18n import url_prefix_for
from cms.models import ContentPage, HomePage
from tests.factories.cms import content_page, news_page

pytestmark = pytest.mark.django_db

PUBLIC_PREFIXES = ["ja", "en", "vi", "ko", "zh"]
EXPECTED_HTML_LANG = {"ja": "ja", "en": "en", "vi": "vi", "ko": "ko", "zh": "zh-Hans"}


def _html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode())[1]


def test_public_prefixes_are_the_published_ones():
    assert [url_prefix_for(code) for code, _name in settings.LANGUAGES] == PUBLIC_PREFIXES


@pytest.mark.parametrize("prefix", PUBLIC_PREFIXES)
def test_every_page_type_renders_in_every_locale(client, site_tree, prefix):
    language = {"zh": "zh-hans"}.get(prefix, prefix)
    tree = site_tree.by_language[language]
    article = news_page(index=tree.news_index, title=f"Article {prefix}", slug="article")
    content_page(parent=tree.home, title=f"About {prefix}", slug="about")

    responses = {
        "home": client.get(f"/{prefix}/"),
        "news": client.get(f"/{prefix}/news/"),
        "article": client.get(f"/{prefix}/news/article/"),
        "events": client.get(f"/{prefix}/events/"),
        "content": client.get(f"/{prefix}/about/"),
    }

    assert {name: response.status_code for name, response in responses.items()} == dict.fromkeys(responses, 200)
    assert {name: _html_lang(response) for name, response in responses.items()} == dict.fromkeys(
        responses, EXPECTED_HTML_LANG[prefix]
    )
    assert f"<h1>{article.title}</h1>" in responses["article"].content.decode()
    assert "has not been translated" not in responses["article"].content.decode()


def test_root_redirects_to_the_visitors_language_with_the_public_prefix(client, site_tree):
    chinese = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    vietnamese = client.get("/", HTTP_ACCEPT_LANGUAGE="vi")
    anyone = client.get("/")

    assert [chinese.url, vietnamese.url, anyone.url] == ["/zh/", "/vi/", "/ja/"]


def test_other_spellings_of_chinese_redirect_to_zh(client, site_tree):
    response = client.get("/zh-hans/news/")

    assert (response.status_code, response.url) == (302, "/zh/news/")


def test_chinese_pages_use_zh_in_their_urls(site_tree):
    tree = site_tree.by_language["zh-hans"]

    assert [tree.home.url, tree.news_index.url] == ["/zh/", "/zh/news/"]


def test_language_switcher_links_translations_and_says_when_one_is_missing(client, ja, site_tree):
    original = news_page(index=ja.news_index, slug="anniversary")
    english = original.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Anniversary"
    english.save_revision().publish()

    html = client.get("/ja/news/anniversary/").content.decode()

    assert re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html) == [
        ("ja", "http://testserver/ja/news/anniversary/"),
        ("en", "http://testserver/en/news/anniversary/"),
    ]
    switcher = html[html.index('class="language-switcher"') :]
    assert re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', switcher) == [
        ("/ja/news/anniversary/", "ja"),
        ("/en/news/anniversary/", "en"),
        ("/vi/", "vi"),
        ("/ko/", "ko"),
        ("/zh/", "zh-Hans"),
    ]
    assert switcher.count('class="not-translated"') == 3


def test_untranslated_alias_says_it_is_shown_in_the_original_language(client, ja):
    original = content_page(parent=ja.home, title="外国人住民の皆さまへ", slug="residents")
    alias = original.create_alias(
        recursive=False,
        parent=HomePage.objects.get(locale__language_code="en"),
        update_locale=Locale.objects.get(language_code="en"),
    )

    response = client.get(alias.url)

    html = response.content.decode()
    assert (response.status_code, _html_lang(response)) == (200, "ja")
    assert "This page has not been translated into your language yet. It is shown in 日本語." in html


def test_news_article_has_open_graph_tags(client, ja):
    news_page(index=ja.news_index, title="友好交流10周年", slug="tenth", summary="記念式典を開催しました。")

    html = client.get("/ja/news/tenth/").content.decode()

    assert re.findall(r'<meta property="og:(title|description|type|url|locale)" content="([^"]+)">', html) == [
        ("title", "友好交流10周年"),
        ("description", "記念式典を開催しました。"),
        ("url", "http://testserver/ja/news/tenth/"),
        ("type", "article"),
        ("locale", "ja_JP"),
    ]


def test_easy_japanese_version_is_linked_and_served(client, ja):
    page = content_page(
        parent=ja.home,
        slug="guide",
        title="生活ガイド",
        easy_title="せいかつ ガイド",
        easy_body=[{"type": "paragraph", "value": "<p>ごみ の だしかた</p>"}],
    )

    standard = client.get("/ja/guide/").content.decode()
    easy = client.get("/ja/guide/easy/").content.decode()

    assert 'href="/ja/guide/easy/" lang="ja">やさしい にほんご で よむ</a>' in standard
    assert "<h1>せいかつ ガイド</h1>" in easy
    assert "<p>ごみ の だしかた</p>" in easy
    assert page.has_easy_version is True


def test_easy_japanese_route_is_absent_without_an_easy_version(client, ja):
    content_page(parent=ja.home, slug="plain")

    assert client.get("/ja/plain/easy/").status_code == 404


def test_missing_page_returns_the_public_404_with_homes_in_every_language(client, site_tree):
    response = client.get("/vi/khong-co/")

    html = response.content.decode()
    assert response.status_code == 404
    assert re.findall(r'<li><a href="(/[a-z]+/)" lang=', html) == ["/ja/", "/en/", "/vi/", "/ko/", "/zh/"]


def test_page_headings_start_with_one_h1(client, ja):
    news_page(
        index=ja.news_index,
        slug="outline",
        body=[
            {"type": "heading", "value": {"text": "経緯", "level": "h2"}},
            {"type": "paragraph", "value": "<p>本文</p>"},
        ],
    )

    html = client.get("/ja/news/outline/").content.decode()

    assert re.findall(r"<(h[1-6])[ >]", html)[:2] == ["h1", "h2"]
    assert html.count("<h1") == 1
    assert '<main id="main"' in html
    assert 'href="#main"' in html


def test_content_page_has_easy_japanese_tab_for_editors(staff_client, ja):
    page = content_page(parent=ja.home, slug="tabbed")

    html = staff_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()

    assert str(ContentPage.edit_handler.children[1].heading) in html


@pytest.mark.parametrize(
    ("prefix", "skip_link", "read_more"),
    [
        ("ja", "本文へ移動", "続きを読む"),
        ("en", "Skip to main content", "Read more"),
        ("vi", "Chuyển đến nội dung chính", "Đọc tiếp"),
        ("ko", "본문으로 건너뛰기", "더 읽기"),
        ("zh", "跳到主要内容", "阅读全文"),
    ],
)
def test_site_chrome_is_in_the_language_of_the_address(client, site_tree, prefix, skip_link, read_more):
    language = {"zh": "zh-hans"}.get(prefix, prefix)
    news_page(index=site_tree.by_language[language].news_index)

    html = client.get(f"/{prefix}/").content.decode()

    assert f'<a class="skip-link" href="#main">{skip_link}</a>' in html
    assert f">{read_more}</a>" in html
