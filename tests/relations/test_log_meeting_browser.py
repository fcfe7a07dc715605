"""The journey a member of staff takes after a courtesy call: log it with its follow-up in one screen."""

import datetime

import pytest
from django.test import Client
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from relations.models import Engagement, FollowUp
from tests.factories.core import UserFactory
from tests.factories.relations import MissionFactory, PersonFactory, country


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_logs_a_meeting_with_a_follow_up_end_to_end(live_server, page):
    staff = UserFactory(is_superuser=True, display_name="佐藤 花子")
    ambassador = PersonFactory(
        family_name="Nguyễn", given_name="Văn An", family_name_latin="Nguyen", given_name_latin="Van An"
    )
    PersonFactory(family_name_latin="Kim", given_name_latin="Min-jun")
    embassy = MissionFactory(name="Embassy of Viet Nam", country=country("VN"))
    client = Client()
    client.force_login(staff)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.set_default_timeout(60_000)
    # What the browser said, for the message of a failure (a CI run once saw no autocomplete request at all).
    page.browser_log = []
    page.on("console", lambda message: page.browser_log.append(f"console {message.type}: {message.text}"))
    page.on("pageerror", lambda error: page.browser_log.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: page.browser_log.append(f"failed: {request.url} {request.failure}"))
    page.goto(f"{live_server.url}/admin/relations/engagements/add/")
    page.fill("#id_subject", "Courtesy call on the Ambassador")
    page.fill("#id_date", "2026-05-12")
    page.fill("#id_start_time", "10:00")
    page.fill("#id_end_time", "11:00")
    page.fill("#id_location", "Embassy of Viet Nam, Tokyo")
    _choose(page, "people", "nguyen van", "Nguyễn Văn An")
    _choose(page, "missions", "viet nam", "Embassy of Viet Nam")
    page.fill("#id_outcomes", "The Ambassador will visit Nikko in autumn.")
    page.fill("#id_followups-0-title", "Send the investment brochure")
    page.select_option("#id_followups-0-owner", str(staff.pk))
    page.fill("#id_followups-0-due_on", "2026-05-20")
    page.click('button[name="save"]')
    # Generous: the shared CI machine can take many seconds to answer the POST under load.
    page.wait_for_url("**/admin/relations/engagements/inspect/**", timeout=90_000)

    engagement = Engagement.objects.get()
    assert (engagement.subject, list(engagement.people.all()), list(engagement.missions.all())) == (
        "Courtesy call on the Ambassador",
        [ambassador],
        [embassy],
    )
    assert engagement.local_starts_at.isoformat() == "2026-05-12T10:00:00+09:00"
    assert list(FollowUp.objects.values_list("title", "owner_id", "due_on", "engagement_id")) == [
        ("Send the investment brochure", staff.pk, datetime.date(2026, 5, 20), engagement.pk)
    ]
    assert "Courtesy call on the Ambassador" in page.content()


def _choose(page, field, query, label):
    """Type into an autocomplete and pick the match, waiting for the server's answer rather than for time.

    On a busy CI machine a fixed wait is a race; waiting for the response also says what the server returned if
    the match is missing."""
    try:
        with page.expect_response(lambda response: f"/autocomplete/{field}/" in response.url) as answer:
            page.fill(f'[data-field="{field}"] .kz-autocomplete__input', query)
    except PlaywrightTimeoutError as error:
        typed = page.input_value(f'[data-field="{field}"] .kz-autocomplete__input')
        raise AssertionError(f"no answer from /autocomplete/{field}/ (typed {typed!r}); {page.browser_log}") from error
    labels = [row["label"] for row in answer.value.json()["results"]]
    assert any(label in text for text in labels), labels
    page.locator(f'[data-field="{field}"] .kz-autocomplete__result', has_text=label).first.click()
    page.locator(f'[data-field="{field}"] .kz-autocomplete__chosen li', has_text=label).wait_for()
