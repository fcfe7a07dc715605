import datetime

import pytest
from wagtail.models import Locale

from cms.services import set_up_public_site
from tests.factories.cms import news_page
from tests.factories.events import EventFactory, EventTranslationFactory

TOKYO = datetime.timezone(datetime.timedelta(hours=9))


@pytest.mark.browser
def test_visitor_reads_home_news_and_events_in_japanese_and_english(page, live_server, transactional_db):
    tree = set_up_public_site()
    article = news_page(
        index=tree.by_language["ja"].news_index,
        title="クアンナム省との友好交流10周年",
        slug="quang-nam",
        summary="記念式典を開催しました。",
    )
    english = article.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Ten years of friendship with Quảng Nam"
    english.summary = "We held a ceremony."
    english.save_revision().publish()
    festival = EventFactory(
        title="国際交流フェスタ", slug="festa", starts_at=datetime.datetime(2031, 5, 1, 10, tzinfo=TOKYO)
    )
    EventTranslationFactory(event=festival, language="en", title="International Festival")

    page.goto(f"{live_server.url}/ja/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.locator("h1").inner_text() == "国際交流"
    assert page.get_by_role("heading", name="新着ニュース").is_visible()
    page.get_by_role("link", name="クアンナム省との友好交流10周年").first.click()
    assert page.locator("h1").inner_text() == "クアンナム省との友好交流10周年"
    assert page.url == f"{live_server.url}/ja/news/quang-nam/"

    page.get_by_role("link", name="English").click()
    assert page.url == f"{live_server.url}/en/news/quang-nam/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Ten years of friendship with Quảng Nam"

    page.goto(f"{live_server.url}/ja/events/")
    assert page.get_by_role("heading", name="今後のイベント").is_visible()
    page.get_by_role("link", name="国際交流フェスタ").click()
    assert page.locator("h1").inner_text() == "国際交流フェスタ"

    page.get_by_role("link", name="English").click()
    assert page.url == f"{live_server.url}/en/events/festa/"
    assert page.locator("h1").inner_text() == "International Festival"
    assert page.get_by_role("link", name="All upcoming events").is_visible()

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
