"""The record pages of the directory: a person's, a mission's, a partner region's, an organization's, a country's."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from contacts.choices import ContactLabel, NameOrder, Rank
from core.choices import Confidentiality
from core.record_pages import record_url
from tests.factories.contacts import PersonEmailFactory, PersonFactory, PersonPhoneFactory, PostFactory
from tests.factories.core import UserFactory
from tests.factories.events import DelegationFactory, DelegationMemberFactory, EventFactory, GiftFactory
from tests.factories.partners import MissionFactory, OrganizationFactory, PartnerRegionFactory, country
from tests.factories.relations import EngagementFactory, FollowUpFactory, TieFactory, TieInstrumentFactory
from tests.trust.readings import readings

pytestmark = pytest.mark.django_db

SECRET = Confidentiality.CONFIDENTIAL
# What a record page never shows: Wagtail's field dump, internal columns, empty values written out.
INTERNAL = ["calendar UID", "カレンダーUID", "Revision", "Search document", "search document", "Sequence", "None"]


@pytest.fixture
def user_in_role():
    def make(role_name, **kwargs):
        user = UserFactory(**kwargs)
        user.groups.add(Group.objects.get(name=role_name))
        return user

    return make


def speaking(user, language="en"):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def record_page(client, user, record) -> str:
    """The page's own content (the header card, actions and sections), as HTML."""
    client.force_login(user)
    response = client.get(record_url(record))
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<article class="kz-record">') : html.index("</article>")]


def section(html: str, key: str) -> str:
    start = html.index(f'id="section-{key}"')
    return html[start : html.index("</section>", start)]


def links(html: str) -> list[str]:
    """The links of `html`, in order (not the icons' references to the sprite)."""
    return [url for url in re.findall(r'href="([^"]+)"', html) if not url.startswith("#")]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def ambassador():
    embassy = MissionFactory(name="Embassy of Viet Nam in Japan", name_ja="駐日ベトナム大使館", country=country("VN"))
    person = PersonFactory(
        family_name="Phạm",
        given_name="Quang Hiệu",
        family_name_latin="Pham",
        given_name_latin="Quang Hieu",
        family_name_kana="ファム",
        given_name_kana="クアン・ヒエウ",
        name_order=NameOrder.FAMILY_FIRST,
        honorific_prefix="H.E.",
        honorific_suffix_ja="閣下",
        nationality=country("VN"),
        languages="vi, en",
    )
    PostFactory(
        person=person,
        mission=embassy,
        title="Ambassador Extraordinary and Plenipotentiary",
        rank=Rank.AMBASSADOR,
        is_head_of_mission=True,
        start_date=datetime.date(2023, 4, 1),
    )
    return person


def signed(instrument, person):
    instrument.signatories.add(person)
    instrument.save()  # a parental many-to-many is written on save


def meeting(person, subject, *, days_ago=7, **fields):
    engagement = EngagementFactory(subject=subject, starts_at=ago(days_ago), **fields)
    engagement.people.add(person)
    return engagement


def test_person_page_header_names_the_person_in_every_script_with_post_tenure_and_contacts(client, ambassador):
    PersonEmailFactory(person=ambassador, address="ambassador@vnembassy.example", label=ContactLabel.WORK)
    PersonPhoneFactory(person=ambassador, number="+81-3-3466-3311", label=ContactLabel.WORK)
    ambassador.tags.add("ASEAN")
    ambassador.save()
    reader = speaking(UserFactory(is_superuser=True))

    header = record_page(client, reader, ambassador).split('<nav class="kz-record-actions"')[0]

    assert text(header).startswith(
        "PQ Reading ファム クアン・ヒエウ H.E. PHAM Quang Hieu Native script Phạm Quang Hiệu"
    )
    assert "Head of mission" in text(header)
    assert "Ambassador Extraordinary and Plenipotentiary, Embassy of Viet Nam in Japan since April 1, 2023" in text(
        header
    )
    assert "Nationality Viet Nam" in text(header)
    assert "Languages spoken Vietnamese, English" in text(header)
    assert links(header) == [
        record_url(ambassador.posts.get()),
        record_url(country("VN")),
        "mailto:ambassador@vnembassy.example",
        "tel:+81-3-3466-3311",
    ]
    assert 'class="kz-tag">ASEAN<' in header


def test_person_page_in_japanese_puts_the_japanese_honorific_after_the_name(client, ambassador):
    reader = speaking(UserFactory(is_superuser=True), "ja")

    page = record_page(client, reader, ambassador)

    title = text(page.split('<h2 class="kz-record-card__title">')[1].split("</h2>")[0])
    assert title == "Phạm Quang Hiệu 閣下"


def test_person_page_lists_each_related_record_as_a_link_to_its_own_page(client, ambassador):
    today = timezone.localdate()
    older = meeting(ambassador, "Courtesy call", days_ago=30, outcomes="Agreed on a seminar.")
    newer = meeting(ambassador, "Working lunch", days_ago=3)
    coming = EngagementFactory(subject="National day reception", starts_at=timezone.now() + datetime.timedelta(days=9))
    coming.people.add(ambassador)
    follow_up = FollowUpFactory(engagement=older, title="Send the brochure", due_on=today - datetime.timedelta(days=1))
    FollowUpFactory(engagement=older, title="Thank-you letter", status="done", done_on=today)
    tie = TieFactory(partner_region=PartnerRegionFactory(name="Quang Nam"), established_on=datetime.date(1997, 1, 15))
    signed(TieInstrumentFactory(tie=tie, signed_on=datetime.date(2016, 1, 20)), ambassador)
    visit = DelegationFactory(title="Governor's visit", start_date=today + datetime.timedelta(days=20))
    visit.end_date = visit.start_date
    visit.save()
    DelegationMemberFactory(delegation=visit, person=ambassador)
    gift = GiftFactory(person=ambassador, item="Mashiko-ware vase")
    reader = speaking(UserFactory(is_superuser=True))

    page = record_page(client, reader, ambassador)

    timeline = reverse("relations_timeline", args=["person", ambassador.pk])
    assert links(section(page, "recent-meetings")) == [record_url(newer), record_url(older), timeline]
    assert links(section(page, "coming-meetings")) == [
        f"{reverse('relations_engagements:add')}?people={ambassador.pk}",
        record_url(coming),
    ]
    assert "Agreed on a seminar." in section(page, "recent-meetings")
    assert links(section(page, "open-follow-ups"))[1:] == [record_url(follow_up)]
    assert "Overdue" in section(page, "open-follow-ups")
    assert links(section(page, "ties")) == [record_url(tie)]
    assert links(section(page, "coming-visits")) == [record_url(visit)]
    assert links(section(page, "gifts")) == [record_url(gift)]
    assert links(section(page, "career")) == [record_url(ambassador.posts.get())]


def test_person_page_actions_log_a_meeting_with_them_and_open_their_briefing_and_timeline(client, ambassador):
    last = meeting(ambassador, "Courtesy call")
    reader = speaking(UserFactory(is_superuser=True))

    page = record_page(client, reader, ambassador)

    actions = page.split('<nav class="kz-record-actions"')[1].split("</nav>")[0]
    assert links(actions) == [
        f"{reverse('relations_engagements:add')}?people={ambassador.pk}",
        f"{reverse('relations_follow_ups:add')}?engagement={last.pk}",
        reverse("events_briefing", args=["person", ambassador.pk]),
        reverse("relations_timeline", args=["person", ambassador.pk]),
        reverse("wagtailsnippets_contacts_person:edit", args=[ambassador.pk]),
    ]


def test_person_page_leaves_out_empty_values_and_internal_fields(client):
    person = PersonFactory(family_name_latin="Kim", given_name_latin="Min-jun")
    reader = speaking(UserFactory(is_superuser=True))

    page = record_page(client, reader, person)

    assert [word for word in INTERNAL if word in page] == []
    assert "Nationality" not in page
    assert 'class="kz-avatar" aria-hidden="true">MK<' in page.replace("\n", "")


def test_person_page_hides_confidential_related_records_from_staff_who_may_not_see_them(
    client, ambassador, user_in_role
):
    secret = meeting(ambassador, "Secret talks", confidentiality=SECRET)
    secret_task = FollowUpFactory(engagement=secret, title="Secret task", confidentiality=SECRET)
    secret_gift = GiftFactory(person=ambassador, item="Secret vase", confidentiality=SECRET)
    open_meeting = meeting(ambassador, "Open talks")
    staff = speaking(user_in_role("Staff"))
    manager = speaking(user_in_role("Managers"))

    hidden = record_page(client, staff, ambassador)
    shown = record_page(client, manager, ambassador)

    shown_to = {
        name: [subject in page for subject in ("Secret talks", "Secret task", "Secret vase", "Open talks")]
        for name, page in (("staff", hidden), ("manager", shown))
    }
    assert shown_to == {"staff": [False, False, False, True], "manager": [True, True, True, True]}
    assert readings(secret, secret_task, secret_gift, open_meeting) == [
        (secret, manager.pk, "related"),
        (secret_task, manager.pk, "related"),
        (secret_gift, manager.pk, "related"),
    ]


def test_person_page_shows_private_contact_details_only_to_who_may_see_personal_details(
    client, ambassador, user_in_role
):
    PersonEmailFactory(person=ambassador, address="work@vnembassy.example", label=ContactLabel.WORK)
    PersonPhoneFactory(person=ambassador, number="+81-90-0000-0001", label=ContactLabel.PRIVATE)

    staff = record_page(client, speaking(user_in_role("Staff")), ambassador)
    manager = record_page(client, speaking(user_in_role("Managers")), ambassador)

    assert ("work@vnembassy.example" in staff, "+81-90-0000-0001" in staff) == (True, False)
    assert ("work@vnembassy.example" in manager, "+81-90-0000-0001" in manager) == (True, True)


def _hang_rows_on(person, mission, count):
    """`count` of each kind of related record a person's page lists, each with its own counterparts."""
    for number in range(count):
        engagement = meeting(person, f"Meeting {number}", days_ago=number + 1, location="Tokyo")
        engagement.missions.add(mission)
        engagement.people.add(PersonFactory())
        FollowUpFactory(engagement=engagement)
        coming = EngagementFactory(starts_at=timezone.now() + datetime.timedelta(days=number + 1))
        coming.people.add(person, PersonFactory())
        GiftFactory(person=person, item=f"Gift {number}")
        signed(TieInstrumentFactory(tie=TieFactory()), person)
        visit = DelegationFactory(start_date=timezone.localdate() + datetime.timedelta(days=number + 1))
        DelegationMemberFactory(delegation=visit, person=person)
        PostFactory(
            person=person,
            mission=MissionFactory(),
            start_date=datetime.date(2019, 1, number + 1),
            end_date=datetime.date(2020, 1, number + 1),
        )


def _queries(client, url) -> int:
    client.get(url)  # the sidebar and other per-reader caches are built once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_person_page_query_count_does_not_grow_with_its_related_rows(client, ambassador, django_assert_max_num_queries):
    mission = ambassador.posts.get().mission
    _hang_rows_on(ambassador, mission, 1)
    client.force_login(speaking(UserFactory(is_superuser=True)))
    url = record_url(ambassador)
    few = _queries(client, url)

    _hang_rows_on(ambassador, mission, 12)

    client.get(url)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert len(re.findall(r'class="kz-row[ "]', section(response.content.decode(), "recent-meetings"))) == 5


def test_mission_page_lists_head_staff_meetings_ties_and_events_as_links(client, ambassador):
    embassy = ambassador.posts.get().mission
    counsellor = PostFactory(mission=embassy, person=PersonFactory(), title="Counsellor")
    talks = meeting(ambassador, "Courtesy call")
    talks.missions.add(embassy)
    tie = TieFactory(country=country("VN"), partner_region=None)
    event = EventFactory(title="National day reception")
    event.missions.add(embassy)
    reader = speaking(UserFactory(is_superuser=True))

    page = record_page(client, reader, embassy)

    assert "PHAM Quang Hieu, Ambassador Extraordinary and Plenipotentiary" in text(page)
    assert links(section(page, "staff")) == [
        record_url(ambassador),
        record_url(ambassador.posts.get()),
        record_url(counsellor.person),
        record_url(counsellor),
    ]
    assert links(section(page, "recent-meetings")) == [
        record_url(talks),
        reverse("relations_timeline", args=["mission", embassy.pk]),
    ]
    assert links(section(page, "ties")) == [record_url(tie)]
    assert links(section(page, "coming-visits")) == [record_url(event)]
    assert 'class="kz-flag__code">VN<' in page
    assert [word for word in INTERNAL if word in page] == []


@pytest.mark.parametrize("kind", ["region", "organization"])
def test_partner_region_and_organization_pages_list_who_serves_there_and_their_relations(client, kind):
    if kind == "region":
        record = PartnerRegionFactory(name="Quang Nam", name_native="Tỉnh Quảng Nam", country=country("VN"))
        post = PostFactory(mission=None, region=record, title="Chairman")
        tie = TieFactory(partner_region=record)
    else:
        record = OrganizationFactory(name="Utsunomiya City", country=country("JP"))
        post = PostFactory(mission=None, organization=record, title="Mayor")
        tie = TieFactory(local_party=record)
    talks = EngagementFactory(subject="Exchange programme review")
    getattr(talks, "regions" if kind == "region" else "organizations").add(record)
    reader = speaking(UserFactory(is_superuser=True))

    page = record_page(client, reader, record)

    assert links(section(page, "staff")) == [record_url(post.person), record_url(post)]
    assert links(section(page, "recent-meetings"))[0] == record_url(talks)
    assert links(section(page, "ties")) == [record_url(tie)]
    assert [word for word in INTERNAL if word in page] == []


def test_country_page_lists_its_missions_people_regions_and_organizations(client, ambassador):
    embassy = ambassador.posts.get().mission
    region = PartnerRegionFactory(name="Quang Nam", country=country("VN"))
    organization = OrganizationFactory(name="JETRO Hanoi", country=country("VN"))
    reader = speaking(UserFactory(is_superuser=True))

    page = record_page(client, reader, country("VN"))

    assert links(section(page, "missions")) == [record_url(embassy)]
    assert links(section(page, "people")) == [record_url(ambassador)]
    assert links(section(page, "partner-regions")) == [record_url(region)]
    assert links(section(page, "organizations")) == [record_url(organization)]
    assert [word for word in INTERNAL if word in page] == []


def test_listing_row_name_opens_the_record_page_and_keeps_edit_among_its_actions(client, ambassador):
    client.force_login(UserFactory(is_superuser=True))

    response = client.get(reverse("wagtailsnippets_contacts_person:list"))

    row = response.content.decode().split('<td class="title">')[1].split("</td>")[0]
    assert links(row)[0] == record_url(ambassador)
    assert reverse("wagtailsnippets_contacts_person:edit", args=[ambassador.pk]) in links(row)
