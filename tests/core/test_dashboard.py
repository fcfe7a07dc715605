"""The staff home page is the CRM's: its panels first, Wagtail's site summary for editors only, below them."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from core.choices import Confidentiality
from core.record_pages import record_url
from relations.models import Engagement
from tests.factories.contacts import PersonFactory, PostFactory
from tests.factories.core import UserFactory
from tests.factories.partners import MissionFactory
from tests.factories.relations import EngagementFactory, TieFactory, TieInstrumentFactory, measure

pytestmark = pytest.mark.django_db

CRM_PANELS = ("kz-meetings", "kz-my-follow-ups", "kz-figures", "kz-cold", "kz-anniversaries", "kz-heads")


def _in_role(client, role):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    return user


def _home(client) -> str:
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def _position(html, marker):
    index = html.find(marker)
    assert index >= 0, marker
    return index


def test_staff_home_shows_the_crm_panels_in_order_and_not_wagtails_summary(client):
    _in_role(client, "Staff")

    html = _home(client)

    positions = [_position(html, f'id="{panel}"') for panel in CRM_PANELS]
    assert positions == sorted(positions)
    assert 'id="kz-public-site"' not in html
    assert "Search all pages" not in html
    assert "w-summary" not in html
    assert "editor guide" not in html


def test_editor_home_shows_wagtails_summary_below_the_crm_panels(client):
    _in_role(client, "Editors")

    html = _home(client)

    summary = _position(html, 'id="kz-public-site"')
    assert _position(html, 'id="kz-heads"') < summary
    assert "w-summary" in html[summary:]
    assert "editor guide" in html[summary:]


def _link_of_row(html, text):
    match = re.search(r'<a href="([^"]+)">' + re.escape(text) + "</a>", html)
    assert match, text
    return match.group(1)


def test_rows_link_to_their_records(staff_client, staff_user):
    today = timezone.localdate()
    engagement = EngagementFactory(
        subject="Talks with the consul", starts_at=timezone.now() + datetime.timedelta(hours=1)
    )
    tie = TieFactory(established_on=today.replace(year=today.year - 10) + datetime.timedelta(days=20))
    TieInstrumentFactory(tie=tie, signed_on=tie.established_on)
    mission = MissionFactory()
    post = PostFactory(
        person=PersonFactory(),
        mission=mission,
        is_head_of_mission=True,
        start_date=today - datetime.timedelta(days=10),
    )

    html = _home(staff_client)

    assert _link_of_row(html, "Talks with the consul") == reverse("relations_engagements:inspect", args=[engagement.pk])
    assert reverse("relations_ties:inspect", args=[tie.pk]) in html
    assert record_url(post.person)
    assert f'href="{record_url(post.person)}"' in html
    assert reverse("relations_ties:list") in html  # "see all"


def test_my_meetings_come_first_and_others_confidential_meetings_are_absent(client):
    from django.contrib.auth.models import Permission

    viewer = UserFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    viewer.user_permissions.add(Permission.objects.get(codename="view_engagement"))
    client.force_login(viewer)
    soon = timezone.now() + datetime.timedelta(days=2)
    EngagementFactory(subject="Someone else's lunch", starts_at=soon - datetime.timedelta(hours=1))
    mine = EngagementFactory(subject="My visit to the mission", starts_at=soon)
    mine.staff.add(viewer)
    EngagementFactory(subject="Secret talks this week", starts_at=soon, confidentiality=Confidentiality.CONFIDENTIAL)

    html = _home(client)

    meetings = html[_position(html, 'id="kz-meetings"') : _position(html, 'id="kz-my-follow-ups"')]
    assert meetings.index("My visit to the mission") < meetings.index("Someone else&#x27;s lunch")
    assert "Secret talks this week" not in html
    assert Engagement.objects.count() == 3


def test_figures_count_this_fiscal_years_meetings_by_strategy(staff_client):
    engagement = EngagementFactory(subject="Counted", starts_at=timezone.now() - datetime.timedelta(minutes=5))
    engagement.measure = measure("3-2")
    engagement.save()

    html = _home(staff_client)

    figures = html[_position(html, 'id="kz-figures"') : _position(html, 'id="kz-cold"')]
    assert "<svg" in figures
    assert re.search(r"<dd>1</dd>", figures)
    assert str(measure("3-2").strategy) in figures
