"""Every kind of record page in a real browser: it renders without a console error, in its two columns and on a
phone's width, and a screenshot of each is kept for review."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from core.choices import Confidentiality
from core.record_pages import record_url
from tests.factories.attachments import AttachmentFactory
from tests.factories.contacts import PersonEmailFactory, PersonFactory, PostFactory
from tests.factories.core import UserFactory
from tests.factories.events import DelegationFactory, DelegationMemberFactory, EventFactory, GiftFactory
from tests.factories.partners import MissionFactory, OrganizationFactory, PartnerRegionFactory, country
from tests.factories.relations import CommitmentFactory, EngagementFactory, FollowUpFactory, TieFactory


def _records() -> dict:
    embassy = MissionFactory(name="Embassy of Viet Nam in Japan", name_ja="駐日ベトナム大使館", country=country("VN"))
    region = PartnerRegionFactory(name="Quang Nam Province", name_native="Tỉnh Quảng Nam", country=country("VN"))
    organization = OrganizationFactory(name="JETRO Hanoi", country=country("VN"))
    person = PersonFactory(
        family_name="Phạm", given_name="Quang Hiệu", family_name_latin="Pham", given_name_latin="Quang Hieu"
    )
    PostFactory(person=person, mission=embassy, title="Ambassador", is_head_of_mission=True)
    PersonEmailFactory(person=person)
    engagement = EngagementFactory(
        subject="Courtesy call on the Ambassador", outcomes="Agreed on a seminar.", time_zone="Asia/Ho_Chi_Minh"
    )
    engagement.people.add(person)
    engagement.missions.add(embassy)
    engagement.regions.add(region)
    engagement.organizations.add(organization)
    follow_up = FollowUpFactory(engagement=engagement, title="Send the brochure")
    EngagementFactory(subject="Secret talks", confidentiality=Confidentiality.CONFIDENTIAL).people.add(
        person
    )  # a badge
    tie = TieFactory(partner_region=region)
    CommitmentFactory(instrument__tie=tie)
    delegation = DelegationFactory(
        title="Governor's visit", start_date=timezone.localdate() + datetime.timedelta(days=9)
    )
    DelegationMemberFactory(delegation=delegation, person=person)
    gift = GiftFactory(person=person, delegation=delegation)
    event = EventFactory(title="National day reception")
    event.missions.add(embassy)
    AttachmentFactory(engagement=engagement)
    return {
        "person": person,
        "engagement": engagement,
        "mission": embassy,
        "region": region,
        "organization": organization,
        "country": country("VN"),
        "follow_up": follow_up,
        "tie": tie,
        "delegation": delegation,
        "event": event,
        "gift": gift,
    }


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_kind_of_record_page_renders_without_console_errors(live_server, page, tmp_path):
    client = Client()
    client.force_login(UserFactory(is_superuser=True, display_name="佐藤 花子"))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    shown = {}

    for kind, record in _records().items():
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(f"{live_server.url}{record_url(record)}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=tmp_path / f"{kind}-{width}.png", full_page=True)
            card = page.locator(".kz-record-card")
            shown[(kind, width)] = (
                response.status,
                card.is_visible(),
                card.bounding_box()["width"] <= width,
                page.locator(".kz-record-actions a").count() > 0,
            )

    assert {key: value for key, value in shown.items() if value != (200, True, True, True)} == {}
    assert problems == []
