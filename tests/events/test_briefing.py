import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.choices import Confidentiality
from events.briefing import delegation_briefing, mission_briefing, person_briefing
from tests.factories.core import UserFactory
from tests.factories.events import DelegationFactory, DelegationMemberFactory, GiftFactory, ItineraryItemFactory
from tests.factories.relations import (
    CommitmentFactory,
    EngagementFactory,
    FollowUpFactory,
    MissionFactory,
    PartnerRegionFactory,
    PersonFactory,
    PostFactory,
    TieFactory,
    TieInstrumentFactory,
    country,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2030, 5, 1)
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def viewer():
    return UserFactory()


@pytest.fixture
def embassy_world(viewer):
    """The Embassy of Viet Nam, its ambassador, a meeting we had, a secret meeting, a tie with a Vietnamese province."""
    embassy = MissionFactory(name="Embassy of Viet Nam", country=country("VN"))
    ambassador = PersonFactory(
        family_name="Phạm",
        given_name="Quang Hiệu",
        family_name_latin="Pham",
        given_name_latin="Quang Hieu",
        family_name_kana="ファム",
        given_name_kana="クアン・ヒエウ",
        honorific_prefix="H.E.",
    )
    PostFactory(
        person=ambassador,
        mission=embassy,
        title="Ambassador",
        title_ja="大使",
        is_head_of_mission=True,
        start_date=datetime.date(2024, 11, 1),
    )
    PostFactory(person=ambassador, mission=embassy, title="Counsellor", end_date=datetime.date(2020, 3, 31))
    meeting = EngagementFactory(
        subject="知事表敬",
        outcomes="投資セミナーの共催で合意",
        starts_at=datetime.datetime(2025, 6, 1, 10, tzinfo=HANOI),
    )
    meeting.people.add(ambassador)
    secret = EngagementFactory(subject="極秘協議", confidentiality=Confidentiality.CONFIDENTIAL)
    secret.people.add(ambassador)
    follow_up = FollowUpFactory(engagement=meeting, title="セミナー日程の提案")
    FollowUpFactory(engagement=secret, title="極秘の宿題", confidentiality=Confidentiality.CONFIDENTIAL)
    province = PartnerRegionFactory(name="Quang Nam", country=country("VN"))
    tie = TieFactory(partner_region=province, established_on=datetime.date(2005, 10, 1))
    instrument = TieInstrumentFactory(tie=tie, title="友好交流協定", signed_on=datetime.date(2016, 3, 1))
    commitment = CommitmentFactory(instrument=instrument, text="毎年投資セミナーを開催する")
    TieFactory(partner_region=PartnerRegionFactory(country=country("VN")), confidentiality=Confidentiality.CONFIDENTIAL)
    gift = GiftFactory(person=ambassador, item="益子焼の花瓶", given_on=datetime.date(2029, 6, 1))
    GiftFactory(person=ambassador, item="極秘の贈答品", confidentiality=Confidentiality.CONFIDENTIAL)
    return {
        "embassy": embassy,
        "ambassador": ambassador,
        "meeting": meeting,
        "follow_up": follow_up,
        "tie": tie,
        "commitment": commitment,
        "gift": gift,
    }


def test_mission_briefing_lists_counterparts_history_ties_and_hides_confidential(viewer, embassy_world):
    pack = mission_briefing(viewer, embassy_world["embassy"], today=TODAY)

    (counterpart,) = pack.counterparts
    assert counterpart.person == embassy_world["ambassador"]
    assert [post.title for post in counterpart.current_posts] == ["Ambassador"]
    assert counterpart.meetings == [embassy_world["meeting"]]
    assert counterpart.gifts == [embassy_world["gift"]]
    assert pack.follow_ups == [embassy_world["follow_up"]]
    assert pack.ties == [embassy_world["tie"]]
    assert pack.commitments == [embassy_world["commitment"]]
    assert [(a.day, a.years, a.instrument) for a in pack.anniversaries] == [
        (datetime.date(2030, 10, 1), 25, None),
        (datetime.date(2031, 3, 1), 15, embassy_world["tie"].instruments.get()),
    ]
    assert pack.gifts == [embassy_world["gift"]]


def test_mission_briefing_shows_confidential_items_to_cleared_users(embassy_world):
    cleared = UserFactory()
    cleared.user_permissions.add(Permission.objects.get(codename="view_confidential"))

    pack = mission_briefing(cleared, embassy_world["embassy"], today=TODAY)

    assert [e.subject for e in pack.counterparts[0].meetings] == ["極秘協議", "知事表敬"]
    assert sorted(f.title for f in pack.follow_ups) == sorted(["セミナー日程の提案", "極秘の宿題"])
    assert len(pack.ties) == 2
    assert sorted(g.item for g in pack.gifts) == ["極秘の贈答品", "益子焼の花瓶"]


def test_person_briefing_uses_the_person_current_mission(viewer, embassy_world):
    pack = person_briefing(viewer, embassy_world["ambassador"], today=TODAY)

    assert ([c.person for c in pack.counterparts], pack.ties) == ([embassy_world["ambassador"]], [embassy_world["tie"]])


def test_delegation_briefing_counterparts_are_members_then_people_met(viewer, embassy_world):
    delegation = DelegationFactory(direction="inbound", title="大使スタディツアー")
    delegation.countries.add(country("VN"))
    DelegationMemberFactory(delegation=delegation, person=embassy_world["ambassador"], role="head")
    host = PersonFactory(family_name="山田", given_name="太郎")
    item = ItineraryItemFactory(delegation=delegation, title="益子焼窯元視察")
    item.counterparts.set([host])
    item.save()

    with translation.override("en"):
        pack = delegation_briefing(viewer, delegation, today=TODAY)

    assert [(c.person, c.role) for c in pack.counterparts] == [
        (embassy_world["ambassador"], "Head of delegation"),
        (host, ""),
    ]
    assert [day.items for day in pack.days] == [(item,)]
    assert pack.ties == [embassy_world["tie"]]


def test_briefing_page_in_english_and_japanese(client, embassy_world):
    user = UserFactory(is_superuser=True)
    client.force_login(user)
    url = reverse("events_briefing", args=["mission", embassy_world["embassy"].pk])

    english = client.get(url, {"lang": "en"}).content.decode()
    japanese = client.get(url, {"lang": "ja"}).content.decode()

    assert ("Previous meetings with us" in english, "過去の面会" in japanese) == (True, True)
    assert all(text in english for text in ("Phạm Quang Hiệu", "PHAM Quang Hieu", "ファム クアン・ヒエウ", "知事表敬"))
    assert ('<html lang="en">' in english, '<html lang="ja">' in japanese) == (True, True)


def test_briefing_page_never_shows_confidential_items_to_others(client, embassy_world):
    client.force_login(UserFactory(is_superuser=False, is_staff=True))
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    page = client.get(reverse("events_briefing", args=["mission", embassy_world["embassy"].pk])).content.decode()

    assert [secret in page for secret in ("極秘協議", "極秘の宿題", "極秘の贈答品")] == [False, False, False]
    assert "知事表敬" in page


def test_briefing_query_count_is_the_same_for_one_and_many_counterparts(client):
    user = UserFactory(is_superuser=True)
    client.force_login(user)
    embassy = MissionFactory()

    def add_counterpart(number):
        person = PersonFactory()
        PostFactory(person=person, mission=embassy, start_date=datetime.date(2024, 1, 1))
        meeting = EngagementFactory(subject=f"Meeting {number}")
        meeting.people.add(person)
        FollowUpFactory(engagement=meeting)
        GiftFactory(person=person)

    def count_queries():
        url = reverse("events_briefing", args=["mission", embassy.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        return len(queries), response

    add_counterpart(0)
    one, _ = count_queries()
    for number in range(1, 8):
        add_counterpart(number)
    many, response = count_queries()

    assert (one, many, len(response.context["pack"].counterparts)) == (one, one, 8)
    assert one <= 16


@pytest.mark.parametrize("recent", [2000, 3], ids=["all recent", "newest 3 walked, older ranked"])
def test_each_counterpart_keeps_only_their_newest_visible_meetings_in_order(viewer, monkeypatch, recent):
    from events.briefing import MEETINGS_PER_PERSON, _meetings_by_person
    from relations import selectors

    # With 3, the walk over the newest engagements of all finds two of the busy person's (the secret one is not
    # theirs to see) and the older ones are ranked to make up five.
    monkeypatch.setattr(selectors, "RECENT_ENGAGEMENTS", recent)

    busy, quiet = PersonFactory(), PersonFactory()
    at = datetime.datetime(2030, 1, 1, 10, tzinfo=HANOI)
    for day in range(MEETINGS_PER_PERSON + 2):
        EngagementFactory(subject=f"busy {day}", starts_at=at + datetime.timedelta(days=day)).people.add(busy)
    secret = EngagementFactory(
        subject="secret", starts_at=at + datetime.timedelta(days=30), confidentiality=Confidentiality.CONFIDENTIAL
    )
    secret.people.add(busy, quiet)
    EngagementFactory(subject="quiet", starts_at=at).people.add(quiet)

    meetings = _meetings_by_person(viewer, [busy.pk, quiet.pk])

    newest_first = [f"busy {day}" for day in range(MEETINGS_PER_PERSON + 1, 1, -1)]
    assert [e.subject for e in meetings[busy.pk]] == newest_first
    assert [e.subject for e in meetings[quiet.pk]] == ["quiet"]
