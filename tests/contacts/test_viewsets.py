"""The Directory in the staff workspace: every page, for staff and for anonymous visitors."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts import services
from contacts.choices import NameOrder, Rank
from contacts.models import Post
from partners import services as partner_services
from tests.factories.contacts import PersonFactory, PostFactory
from tests.factories.partners import MissionFactory, OrganizationFactory, PartnerRegionFactory, country

LISTINGS = [
    "wagtailsnippets_contacts_person:list",
    "wagtailsnippets_contacts_post:list",
    "wagtailsnippets_partners_mission:list",
    "wagtailsnippets_partners_partnerregion:list",
    "wagtailsnippets_partners_organization:list",
    "wagtailsnippets_partners_country:list",
]


@pytest.fixture
def english_client(client, staff_user):
    """Staff whose workspace language is English (the office default is Japanese)."""
    from wagtail.users.models import UserProfile

    UserProfile.get_for_user(staff_user).__class__.objects.filter(user=staff_user).update(preferred_language="en")
    client.force_login(staff_user)
    return client


@pytest.fixture
def directory(vietnamese_ambassador, viet_nam_embassy):
    region = PartnerRegionFactory(name="Quang Nam", name_native="Tỉnh Quảng Nam", country=country("VN"))
    organization = OrganizationFactory(name="JETRO Hanoi", country=country("VN"))
    governor = PersonFactory(
        family_name="Lê",
        given_name="Văn Dũng",
        family_name_latin="Le",
        given_name_latin="Van Dung",
        name_order=NameOrder.FAMILY_FIRST,
    )
    PostFactory(person=governor, mission=None, region=region, title="Chairman", rank=Rank.GOVERNOR)
    return {
        "person": vietnamese_ambassador,
        "post": vietnamese_ambassador.posts.get(),
        "mission": viet_nam_embassy,
        "region": region,
        "organization": organization,
        "country": country("VN"),
        "governor": governor,
    }


def staff_urls(directory):
    urls = [reverse(name) for name in LISTINGS]
    for app, model, key in [
        ("contacts", "person", "person"),
        ("contacts", "post", "post"),
        ("partners", "mission", "mission"),
        ("partners", "partnerregion", "region"),
        ("partners", "organization", "organization"),
        ("partners", "country", "country"),
    ]:
        pk = directory[key].pk
        urls += [
            reverse(f"wagtailsnippets_{app}_{model}:add"),
            reverse(f"wagtailsnippets_{app}_{model}:edit", args=[pk]),
            reverse(f"wagtailsnippets_{app}_{model}:inspect", args=[pk]),
            reverse(f"wagtailsnippets_{app}_{model}:history", args=[pk]),
            reverse(f"wagtailsnippetchoosers_{app}_{model}:choose"),
        ]
    return urls


def test_every_directory_page_opens_for_staff(staff_client, directory):
    statuses = {url: staff_client.get(url).status_code for url in staff_urls(directory)}
    assert set(statuses.values()) == {200}, statuses


def test_anonymous_visitors_are_sent_to_login_from_every_page(client, directory):
    login = reverse("wagtailadmin_login")
    for url in staff_urls(directory):
        response = client.get(url)
        assert (response.status_code, response.url.split("?")[0]) == (302, login), url


def test_person_inspect_shows_current_posts_in_its_header_and_every_post_in_its_career(
    english_client, directory, viet_nam_embassy
):
    person = directory["person"]
    PostFactory(
        person=person,
        mission=MissionFactory(name="Embassy in Seoul"),
        title="Minister",
        rank=Rank.MINISTER,
        start_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2018, 12, 31),
    )
    response = english_client.get(reverse("wagtailsnippets_contacts_person:inspect", args=[person.pk]))
    content = response.content.decode()
    header, career = content.split('<nav class="kz-record-actions"')[0], content.split('id="section-career"')[1]
    current = header.split("Current posts")[1]
    assert "特命全権大使" not in content  # English UI shows the English title
    assert "Ambassador Extraordinary and Plenipotentiary" in current
    assert "Embassy of Viet Nam in Japan" in current
    assert "Embassy in Seoul" not in current
    assert career.index("Embassy of Viet Nam in Japan") < career.index("Minister") < career.index("Embassy in Seoul")
    assert "ambassador@vnembassy.example" in header


def test_mission_inspect_shows_head_precedence_staff_and_history(english_client, directory, viet_nam_embassy):
    newcomer = PersonFactory(family_name_latin="Tran", given_name_latin="Newcomer")
    services.start_post(
        person=newcomer,
        mission=viet_nam_embassy,
        title="Ambassador",
        rank=Rank.AMBASSADOR,
        is_head_of_mission=True,
        start_date=datetime.date(2024, 1, 1),
        credentials_presented_on=datetime.date(2024, 2, 1),
    )
    counsellor = PersonFactory(family_name_latin="Do", given_name_latin="Counsellor")
    PostFactory(person=counsellor, mission=viet_nam_embassy, rank=Rank.COUNSELLOR)

    response = english_client.get(reverse("wagtailsnippets_partners_mission:inspect", args=[viet_nam_embassy.pk]))
    content = response.content.decode()

    head_section, rest = content.split("Staff (by rank)")
    staff_section, history = rest.split("Heads of mission, newest first")
    assert "Newcomer" in head_section
    assert "Position 1 in the diplomatic order of precedence." in head_section
    assert staff_section.index("Newcomer") < staff_section.index("Counsellor")
    assert history.index("Newcomer") < history.index("Quang Hieu")


def test_country_inspect_lists_missions_regions_and_people(english_client, directory):
    response = english_client.get(reverse("wagtailsnippets_partners_country:inspect", args=[directory["country"].pk]))
    content = response.content.decode()
    assert "Embassy of Viet Nam in Japan" in content
    assert "Tỉnh Quảng Nam" in content
    assert "JETRO Hanoi" in content
    assert "PHAM Quang Hieu" in content
    assert "LE Van Dung" in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pham quang", "person"),
        ("Phạm", "person"),
        ("ふぁむ", "person"),
        ("le van dung", "governor"),
        ("LÊ", "governor"),
    ],
)
def test_person_listing_search_works_across_scripts(staff_client, directory, query, expected):
    response = staff_client.get(reverse("wagtailsnippets_contacts_person:list"), {"q": query})
    assert list(response.context["object_list"]) == [directory[expected]]


def test_person_listing_search_in_korean_and_japanese(staff_client, db):
    korean = services.create_person(
        family_name="김", given_name="민준", family_name_latin="Kim", given_name_latin="Min-jun"
    )
    japanese = services.create_person(
        family_name="山田", given_name="太郎", family_name_kana="ヤマダ", given_name_kana="タロウ"
    )
    url = reverse("wagtailsnippets_contacts_person:list")
    found = {q: list(staff_client.get(url, {"q": q}).context["object_list"]) for q in ["김민준", "やまだ", "山田太郎"]}
    assert found == {"김민준": [korean], "やまだ": [japanese], "山田太郎": [japanese]}


def test_person_csv_export_starts_with_bom_and_keeps_native_names(staff_client, directory):
    response = staff_client.get(reverse("wagtailsnippets_contacts_person:list"), {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    assert "Phạm" in body
    assert "ファム" in body
    assert "Quang Hiệu" in body


def test_person_xlsx_export_is_a_workbook(staff_client, directory):
    response = staff_client.get(reverse("wagtailsnippets_contacts_person:list"), {"export": "xlsx"})
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content[:2] == b"PK"


def listing_queries(client, url):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # each count includes building the admin sidebar (core.sidebar keeps it per reader)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", LISTINGS[:5])
def test_listing_query_count_does_not_grow_with_rows(staff_client, db, name):
    url = reverse(name)

    def add_rows(n):
        for _ in range(n):
            post = PostFactory(
                mission=MissionFactory(), person=services.create_person(family_name_latin="X", tags=["t"])
            )
            partner_services.update_mission(mission=post.mission, tags=["a", "b"])
            region = PartnerRegionFactory()
            region.tags.set(["r"])
            region.save()
            organization = OrganizationFactory()
            organization.tags.set(["o"])
            organization.save()

    add_rows(1)
    one = listing_queries(staff_client, url)
    add_rows(29)
    thirty = listing_queries(staff_client, url)
    assert one == thirty


def test_post_added_through_the_workspace_links_the_predecessor(staff_client, directory, viet_nam_embassy):
    successor = PersonFactory(family_name_latin="Nguyen", given_name_latin="Successor")
    response = staff_client.post(
        reverse("wagtailsnippets_contacts_post:add"),
        {
            "person": successor.pk,
            "mission": viet_nam_embassy.pk,
            "title": "Ambassador Extraordinary and Plenipotentiary",
            "title_ja": "特命全権大使",
            "rank": Rank.AMBASSADOR,
            "is_head_of_mission": "on",
            "start_date": "2026-04-01",
        },
    )
    assert response.status_code == 302
    new = Post.objects.get(person=successor)
    previous = directory["post"]
    previous.refresh_from_db()
    assert (new.predecessor, previous.end_date) == (previous, datetime.date(2026, 3, 31))


def test_post_form_refuses_two_bodies(staff_client, directory):
    response = staff_client.post(
        reverse("wagtailsnippets_contacts_post:add"),
        {
            "person": directory["governor"].pk,
            "mission": directory["mission"].pk,
            "organization": directory["organization"].pk,
            "title": "Adviser",
            "rank": Rank.OTHER,
        },
    )
    assert response.status_code == 200
    assert Post.objects.filter(title="Adviser").count() == 0


def test_django_admin_is_for_superusers_only(client, db):
    from tests.factories.core import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=False))
    assert client.get("/django-admin/").status_code == 302
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/django-admin/").status_code == 200


def test_directory_reads_in_japanese_for_japanese_staff(staff_client, directory):
    listing = staff_client.get(reverse("wagtailsnippets_contacts_person:list")).content.decode()
    inspect = staff_client.get(
        reverse("wagtailsnippets_partners_mission:inspect", args=[directory["mission"].pk])
    ).content.decode()
    sidebar_label = json.dumps("名簿")  # the sidebar menu is rendered as escaped JSON
    assert (sidebar_label in listing, "現在の役職" in listing, "国籍" in listing) == (True, True, True)
    assert ("公館長" in inspect, "外交団の席次で第1位。" in inspect, "歴代公館長（新しい順）" in inspect) == (
        True,
        True,
        True,
    )
    assert "Heads of mission, newest first" not in inspect


def test_post_listing_filters_current_and_ended_posts(staff_client):
    today = timezone.localdate()
    held = PostFactory(title="Held", start_date=today - datetime.timedelta(days=400), end_date=None)
    undated = PostFactory(title="Undated, ends today", start_date=None, end_date=today)
    ended = PostFactory(
        title="Ended", start_date=today - datetime.timedelta(days=800), end_date=today - datetime.timedelta(days=1)
    )
    future = PostFactory(title="Not started", start_date=today + datetime.timedelta(days=30), end_date=None)
    url = reverse("wagtailsnippets_contacts_post:list")

    def listed(status):
        return {post.pk for post in staff_client.get(url, {"status": status}).context["object_list"]}

    assert listed("current") == {held.pk, undated.pk}
    assert listed("past") == {ended.pk, future.pk}
    assert set(Post.objects.current().values_list("pk", flat=True)) == listed("current")
    assert set(Post.objects.ended().values_list("pk", flat=True)) == listed("past")


@pytest.mark.parametrize("ordering", ["rank", "-rank"])
def test_a_column_sort_breaks_ties_by_id_so_every_post_is_on_exactly_one_page(staff_client, ordering):
    posts = [PostFactory(rank=Rank.COUNSELLOR) for _ in range(30)]
    url = reverse("wagtailsnippets_contacts_post:list")

    pages = [staff_client.get(url, {"ordering": ordering, "p": page}).context["object_list"] for page in (1, 2)]
    shown = [post.pk for page in pages for post in page]

    ids = sorted(post.pk for post in posts)
    assert shown == (ids if ordering == "rank" else ids[::-1])
    # Asked of the database, not left to the order it happens to read equal ranks in.
    assert pages[0].query.order_by == (ordering, "pk" if ordering == "rank" else "-pk")
