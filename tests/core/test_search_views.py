"""The workspace's search page (core.search_views, core.workspace_search): where the sidebar's search box leads.

Every kind of record is found as its own listing finds it (any script, without diacritics, in either name order),
only among the records the reader may see, grouped by kind with links to each record's page and to the listing.
"""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from wagtail.models import ModelLogEntry

from contacts.choices import NameOrder
from contacts.models import Person
from core import workspace_search
from core.choices import Confidentiality
from partners.models import Mission
from relations.models import Engagement, Tie
from tests.factories.core import UserFactory
from tests.factories.events import DelegationFactory, EventFactory
from tests.factories.relations import (
    EngagementFactory,
    MissionFactory,
    OrganizationFactory,
    PartnerRegionFactory,
    PersonFactory,
    TieFactory,
    country,
)
from trust import audit

pytestmark = pytest.mark.django_db

SEARCH = reverse("kizuna_search")
RESULT_LINK = re.compile(
    r'<section class="kz-search-group" aria-labelledby="kz-search-(?P<kind>[\w-]+)">(?P<body>.*?)</section>', re.S
)


def groups_of(response) -> dict[str, list[tuple[str, str]]]:
    """kind -> [(title, href)] of each group the page shows, in page order."""
    assert response.status_code == 200
    html = response.content.decode()
    return {
        match["kind"]: re.findall(r'<a class="kz-search-result__title" href="([^"]+)">([^<]+)</a>', match["body"])
        for match in RESULT_LINK.finditer(html)
    }


def more_links(response) -> dict[str, str]:
    html = response.content.decode()
    return {
        match["kind"]: re.search(r'<p class="kz-search-group__more">\s*<a href="([^"]+)"', match["body"]).group(1)
        for match in RESULT_LINK.finditer(html)
    }


def in_japanese(record) -> str:
    """A record's name as the Japanese workspace (the default language) writes it."""
    with translation.override("ja"):
        return str(record)


def inspect_url(record) -> str:
    return reverse(type(record).snippet_viewset.get_url_name("inspect"), args=[record.pk])


def user_in_role(role: str):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def do_hai_nam():
    return PersonFactory(
        family_name="Đỗ",
        given_name="Hải Nam",
        family_name_latin="Đỗ",
        given_name_latin="Hải Nam",
        family_name_kana="ドー",
        given_name_kana="ハイ・ナム",
        name_order=NameOrder.FAMILY_FIRST,
    )


@pytest.fixture
def yamada():
    return PersonFactory(
        family_name="山田",
        given_name="太郎",
        family_name_latin="Yamada",
        given_name_latin="Taro",
        family_name_kana="ヤマダ",
        given_name_kana="タロウ",
        name_order=NameOrder.FAMILY_FIRST,
    )


@pytest.mark.parametrize("query", ["やまだ たろう", "ﾔﾏﾀﾞ", "ヤマダ　タロウ"])
def test_search_finds_a_person_by_the_kana_reading_in_any_width_or_kana(staff_client, yamada, query):
    PersonFactory(family_name="山本", family_name_kana="ヤマモト")

    response = staff_client.get(SEARCH, {"q": query})

    assert groups_of(response) == {"contacts-person": [(inspect_url(yamada), "山田 太郎")]}


@pytest.mark.parametrize("query", ["Do Hai Nam", "do hai nam", "Đỗ Hải Nam"])
def test_search_finds_a_person_by_a_name_without_diacritics(staff_client, do_hai_nam, query):
    PersonFactory(family_name_latin="Do", given_name_latin="Thi Lan")

    response = staff_client.get(SEARCH, {"q": query})

    assert groups_of(response) == {"contacts-person": [(inspect_url(do_hai_nam), "Đỗ Hải Nam")]}


@pytest.mark.parametrize("query", ["Hai Nam Do", "Taro Yamada", "太郎 山田"])
def test_search_finds_a_person_by_the_name_in_reversed_order(staff_client, do_hai_nam, yamada, query):
    expected = do_hai_nam if "Nam" in query else yamada

    response = staff_client.get(SEARCH, {"q": query})

    assert groups_of(response) == {"contacts-person": [(inspect_url(expected), in_japanese(expected))]}


def test_search_groups_every_kind_with_links_to_record_pages_and_to_the_listing(staff_client):
    person = PersonFactory(family_name_latin="Quang", given_name_latin="Nam Minh")
    region = PartnerRegionFactory(name="Quang Nam", name_ja="クアンナム省", country=country("VN"))
    mission = MissionFactory(name="Consulate of Quang Nam")
    organization = OrganizationFactory(name="Quang Nam Trade Office")
    engagement = EngagementFactory(subject="Courtesy call from Quang Nam")
    tie = TieFactory(partner_region=region)
    delegation = DelegationFactory(title="Quang Nam delegation")
    event = EventFactory(title="Quang Nam festival")
    EngagementFactory(subject="Unrelated meeting")

    response = staff_client.get(SEARCH, {"q": "quang nam"})

    groups = groups_of(response)
    assert groups == {
        "contacts-person": [(inspect_url(person), in_japanese(person))],
        "partners-mission": [(inspect_url(mission), "Consulate of Quang Nam")],
        "partners-partnerregion": [(inspect_url(region), "クアンナム省")],
        "partners-organization": [(inspect_url(organization), "Quang Nam Trade Office")],
        "relations-engagement": [(inspect_url(engagement), "Courtesy call from Quang Nam")],
        "relations-tie": [(inspect_url(tie), in_japanese(tie))],
        "events-delegation": [(inspect_url(delegation), "Quang Nam delegation")],
        "events-event": [(inspect_url(event), "Quang Nam festival")],
    }
    for kind, links in groups.items():
        (url, _title) = links[0]
        assert staff_client.get(url).status_code == 200, kind
    listing = more_links(response)
    assert listing["contacts-person"] == reverse(Person.snippet_viewset.get_url_name("list")) + "?q=quang+nam"
    assert listing["relations-tie"] == reverse(Tie.snippet_viewset.get_url_name("list")) + "?q=quang+nam"
    # The listing behind each link finds the same record.
    for kind, links in groups.items():
        listed = staff_client.get(listing[kind])
        assert listed.status_code == 200, kind
        assert links[0][0] in listed.content.decode(), kind


def test_search_shows_a_few_records_of_a_kind_with_the_count_of_all(staff_client):
    people = [PersonFactory(family_name_latin="Nguyen", given_name_latin=f"An {n}") for n in range(8)]

    response = staff_client.get(SEARCH, {"q": "nguyen"}, HTTP_ACCEPT_LANGUAGE="en")

    shown = groups_of(response)["contacts-person"]
    assert [url for url, _title in shown] == [inspect_url(person) for person in people[:5]]
    assert "8 matches" in response.content.decode()
    assert "See all in the list of people" in response.content.decode()


def test_search_counts_a_common_word_up_to_a_limit(staff_client, monkeypatch):
    monkeypatch.setattr(workspace_search, "COUNT_LIMIT", 3)
    for n in range(5):
        PersonFactory(family_name_latin="Tran", given_name_latin=f"Binh {n}")

    response = staff_client.get(SEARCH, {"q": "tran"}, HTTP_ACCEPT_LANGUAGE="en")

    assert re.search(r'kz-search-group__count">\s*over 3\s*<', response.content.decode())


@pytest.fixture
def confidential_meeting():
    author = user_in_role("Staff")
    return EngagementFactory(
        subject="極秘会談 Quang Nam", confidentiality=Confidentiality.CONFIDENTIAL, created_by=author
    )


def test_a_confidential_engagement_is_absent_for_staff_who_may_not_see_it(client, confidential_meeting):
    internal = EngagementFactory(subject="Quang Nam briefing")
    client.force_login(user_in_role("Staff"))

    response = client.get(SEARCH, {"q": "quang nam"})

    assert groups_of(response) == {"relations-engagement": [(inspect_url(internal), "Quang Nam briefing")]}
    assert "極秘会談" not in response.content.decode()
    assert not ModelLogEntry.objects.filter(action=audit.VIEW_CONFIDENTIAL).exists()


def test_a_confidential_engagement_is_shown_to_a_manager_and_recorded_as_read(client, confidential_meeting):
    manager = user_in_role("Managers")
    client.force_login(manager)

    response = client.get(SEARCH, {"q": "quang nam"})

    assert groups_of(response) == {"relations-engagement": [(inspect_url(confidential_meeting), "極秘会談 Quang Nam")]}
    readings = ModelLogEntry.objects.filter(action=audit.VIEW_CONFIDENTIAL)
    assert [(entry.user_id, entry.object_id, entry.data["surface"]) for entry in readings] == [
        (manager.pk, str(confidential_meeting.pk), "search")
    ]


def test_an_editor_of_the_public_site_finds_pages_and_no_crm_records(client):
    from cms.services import set_up_public_site
    from tests.factories.cms import content_page

    site = set_up_public_site()
    page = content_page(parent=site.by_language["ja"].home, title="クアンナム省との交流")
    PersonFactory(family_name="クアンナム")
    client.force_login(user_in_role("Editors"))

    response = client.get(SEARCH, {"q": "クアンナム"})

    assert groups_of(response) == {"pages": [(reverse("wagtailadmin_pages:edit", args=[page.pk]), page.title)]}
    assert more_links(response) == {
        "pages": reverse("wagtailadmin_pages:search") + "?" + urlencode({"q": "クアンナム"})
    }


@pytest.mark.parametrize("query", ["", "   ", "・・"])
def test_a_query_with_nothing_to_look_for_shows_the_empty_form(staff_client, query):
    PersonFactory()

    response = staff_client.get(SEARCH, {"q": query})

    assert groups_of(response) == {}
    assert 'id="kz-search-q"' in response.content.decode()
    assert "autofocus" in response.content.decode()


def test_the_sidebars_search_box_submits_to_this_page(staff_client):
    response = staff_client.get(reverse("wagtailadmin_home"))

    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', response.content.decode(), re.S
    ).group(1)
    modules = json.loads(props)["modules"]
    search_modules = [module for module in modules if module.get("_type") == "wagtail.sidebar.SearchModule"]
    assert [module["_args"] for module in search_modules] == [[SEARCH]]


def _queries(client, query) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    return [item["sql"] for item in captured.captured_queries]


def _table_read(sql: str) -> str | None:
    """The table whose rows a query selects, or counts (Django counts a sliced queryset from a subquery)."""
    match = re.match(r'SELECT (?:COUNT\(\*\) FROM \(SELECT )?"(\w+)"\.', sql)
    return match[1] if match else None


def _make_matches(number: int) -> None:
    for n in range(number):
        PersonFactory(family_name_latin="Quang", given_name_latin=f"Nam {n}")
        region = PartnerRegionFactory(name=f"Quang Nam {n}")
        MissionFactory(name=f"Quang Nam office {n}")
        OrganizationFactory(name=f"Quang Nam company {n}")
        EngagementFactory(subject=f"Quang Nam meeting {n}", confidentiality=Confidentiality.CONFIDENTIAL)
        TieFactory(partner_region=region, confidentiality=Confidentiality.CONFIDENTIAL)
        DelegationFactory(title=f"Quang Nam delegation {n}")
        EventFactory(title=f"Quang Nam festival {n}")


def test_search_needs_the_same_queries_for_one_match_and_for_many(staff_client):
    _make_matches(1)
    _queries(staff_client, "quang nam")  # the first page also builds what is kept for later ones (the sidebar)
    with_one = _queries(staff_client, "quang nam")

    _make_matches(9)
    with_many = _queries(staff_client, "quang nam")

    assert len(with_many) == len(with_one)
    # Each kind: its first rows and their number, whatever the number of matches.
    for model in (Person, Mission, Engagement, Tie):
        table = model._meta.db_table
        reading = [sql for sql in with_many if _table_read(sql) == table]
        assert len(reading) == 2, (table, reading)
