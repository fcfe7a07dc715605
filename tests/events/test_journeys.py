"""Journeys a planner takes in the staff workspace, in Debian's chromium (see tests/conftest.py)."""

import datetime
import zoneinfo

import pytest
from django.test import Client

from relations.models import Engagement
from tests.factories.core import UserFactory
from tests.factories.events import DelegationFactory, ItineraryItemFactory
from tests.factories.relations import PersonFactory

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_planner_records_a_hanoi_meeting_as_an_engagement(page, live_server):
    planner = UserFactory(is_superuser=True)
    delegation = DelegationFactory(title="知事ベトナム訪問団", lead=planner)
    item = ItineraryItemFactory(
        delegation=delegation,
        title="ハノイ市人民委員会との会談",
        starts_at=datetime.datetime(2025, 5, 12, 9, 30, tzinfo=HANOI),
        ends_at=datetime.datetime(2025, 5, 12, 10, 30, tzinfo=HANOI),
    )
    item.counterparts.set([PersonFactory(family_name="Trần", given_name="Sỹ Thanh")])
    item.save()
    client = Client()
    client.force_login(planner)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto(f"{live_server.url}/admin/events/delegations/inspect/{delegation.pk}/")
    assert page.get_by_text("2025-05-12 09:30-10:30 +07 (Asia/Ho_Chi_Minh)").is_visible()
    page.get_by_role("button", name="面会記録にする").click()
    page.wait_for_load_state()

    assert page.get_by_text("「ハノイ市人民委員会との会談」を面会記録にしました。").is_visible()
    assert page.get_by_role("button", name="面会記録にする").count() == 0
    assert list(Engagement.objects.values_list("subject", flat=True)) == ["ハノイ市人民委員会との会談"]
