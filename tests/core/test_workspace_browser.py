"""The staff workspace in Debian's chromium (tests/conftest.py): its pages say nothing in the console and ask no
third party, and its date, time-zone and autocomplete fields behave as a person expects."""

import datetime
import zoneinfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from tests.factories.core import UserFactory, ensure_page_tree
from tests.factories.relations import EngagementFactory

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


def _signed_in(page, live_server, *, language="ja"):
    _page_tree()
    staff = UserFactory(is_superuser=True, display_name="佐藤 花子", first_name="", last_name="")
    UserProfile.objects.filter(pk=UserProfile.get_for_user(staff).pk).update(preferred_language=language)
    client = Client()
    client.force_login(staff)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.set_default_timeout(60_000)
    return staff


_page_tree = ensure_page_tree


def _watch(page, live_server) -> list[str]:
    """What a person would not want to see: errors in the console, errors of the page's scripts, requests to
    another origin than ours (a data: picture is drawn in the page)."""
    problems = []
    page.on("console", lambda message: problems.append(f"console: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:", "blob:"))
            else problems.append(f"third party: {request.url}")
        ),
    )
    return problems


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ja", "en"])
def test_staff_home_account_and_a_meeting_page_raise_no_console_error(live_server, page, tmp_path, language):
    _signed_in(page, live_server, language=language)
    engagement = EngagementFactory(
        subject="Courtesy call on the Governor",
        starts_at=datetime.datetime(2027, 2, 1, 14, 0, tzinfo=TOKYO),
        time_zone="Asia/Tokyo",
    )
    problems = _watch(page, live_server)
    pages = {
        "home": reverse("wagtailadmin_home"),
        "account": reverse("wagtailadmin_account"),
        "engagement": reverse("relations_engagements:inspect", args=[engagement.pk]),
    }

    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=tmp_path / f"{name}-{language}.png", full_page=True)

    # The account page's zones are each named by the browser (Wagtail's w-locale): one it did not know would have
    # been a console error ("Invalid time zone specified: localtime").
    page.goto(f"{live_server.url}{pages['account']}")
    page.wait_for_load_state("networkidle")
    tokyo = page.locator('#id_locale-current_time_zone option[value="Asia/Tokyo"]').inner_text()
    assert tokyo.startswith("Asia/Tokyo: ")
    assert problems == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_date_pickers_keep_what_was_typed_and_open_on_the_fields_date_or_today(live_server, page):
    _signed_in(page, live_server)
    engagement = EngagementFactory(
        starts_at=datetime.datetime(2027, 2, 1, 14, 0, tzinfo=TOKYO), time_zone="Asia/Tokyo", ends_at=None
    )
    problems = _watch(page, live_server)
    today = timezone.localdate()

    page.goto(f"{live_server.url}{reverse('relations_engagements:edit', args=[engagement.pk])}")
    opened_on_value = _open_picker(page, "#id_starts_at")
    page.goto(f"{live_server.url}{reverse('relations_engagements:add')}")
    opened_empty = _open_picker(page, "#id_followups-0-due_on")
    page.keyboard.press("Escape")
    page.fill("#id_date", "2026-02-30")
    page.locator("#id_subject").focus()
    kept = page.input_value("#id_date")

    assert opened_on_value == ["2月", "2027"]
    assert opened_empty == [f"{today.month}月", str(today.year)]
    assert kept == "2026-02-30"  # the picker used to make it 2026-03-02 without a word
    assert problems == []


def _open_picker(page, selector) -> list[str]:
    page.wait_for_load_state("networkidle")
    page.click(selector)
    picker = page.locator(".xdsoft_datetimepicker:visible")
    picker.wait_for()
    return picker.locator(".xdsoft_label.xdsoft_month > span, .xdsoft_label.xdsoft_year > span").all_inner_texts()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_zone_is_found_by_typing_and_an_autocomplete_says_when_nothing_matches(live_server, page):
    _signed_in(page, live_server)
    problems = _watch(page, live_server)

    page.goto(f"{live_server.url}{reverse('relations_engagements:add')}")
    page.locator("#id_time_zone[data-kz-time-zones-complete]").wait_for(state="attached")
    page.focus("#id_time_zone")
    page.keyboard.type("Europe/Osl")  # not a suggested zone: one of those the page added from the whole list
    zone = page.input_value("#id_time_zone")
    with page.expect_response(lambda response: "/autocomplete/people/" in response.url):
        page.fill('[data-field="people"] .kz-autocomplete__input', "Zzyzx Qwerty")
    said = page.locator('[data-field="people"] .kz-autocomplete__empty')
    said.wait_for()

    assert zone == "Europe/Oslo"
    assert page.locator("#id_time_zone option:checked").inner_text().startswith("Europe/Oslo: ")
    assert said.inner_text() == "該当なし"
    assert problems == []
