"""The journey from the sidebar's search box to a person's page, in Debian's chromium (tests/conftest.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from contacts.choices import NameOrder
from contacts.models import Person
from tests.factories.core import UserFactory, ensure_page_tree
from tests.factories.relations import EngagementFactory, PersonFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_finds_a_person_from_the_sidebar_search_and_opens_their_page(live_server, page, tmp_path):
    ensure_page_tree()
    staff = UserFactory(is_superuser=True, display_name="佐藤 花子")
    person = PersonFactory(
        family_name="Đỗ",
        given_name="Hải Nam",
        family_name_latin="Đỗ",
        given_name_latin="Hải Nam",
        family_name_kana="ドー",
        given_name_kana="ハイ・ナム",
        name_order=NameOrder.FAMILY_FIRST,
    )
    PersonFactory(family_name_latin="Do", given_name_latin="Thi Lan")
    EngagementFactory(subject="Meeting with Do Hai Nam")
    client = Client()
    client.force_login(staff)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.set_default_timeout(60_000)
    problems = []
    page.on("console", lambda message: problems.append(f"console: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    page.goto(f"{live_server.url}{reverse('wagtailadmin_home')}")
    page.fill("#menu-search-q", "Do Hai Nam")
    page.press("#menu-search-q", "Enter")
    page.wait_for_url(f"**{reverse('kizuna_search')}?q=Do%20Hai%20Nam")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=tmp_path / "search.png", full_page=True)

    # The search field has the focus, ready for another search; each group is headed and lists links.
    assert page.evaluate("document.activeElement.id") == "kz-search-q"
    assert page.get_by_role("heading", name="人物").count() == 1
    assert page.get_by_role("heading", name="面会記録").count() == 1
    result = page.get_by_role("link", name="Đỗ Hải Nam", exact=True)
    result.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse(Person.snippet_viewset.get_url_name('inspect'), args=[person.pk])}")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=tmp_path / "person.png", full_page=True)

    assert "Đỗ Hải Nam" in page.locator("main").inner_text()
    assert problems == []
