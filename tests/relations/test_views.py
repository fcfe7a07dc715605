import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.choices import Confidentiality
from relations.models import Engagement, FollowUp
from tests.factories.relations import (
    EngagementFactory,
    FollowUpFactory,
    MissionFactory,
    PartnerRegionFactory,
    PersonFactory,
    PostFactory,
    TieFactory,
    TieInstrumentFactory,
    country,
    measure,
)

pytestmark = pytest.mark.django_db
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


# LocaleMiddleware answers an admin 404 with a redirect to /ja/admin/..., itself a 404: tests follow it.


def _secret_engagement():
    return EngagementFactory(subject="Secret talks", confidentiality=Confidentiality.CONFIDENTIAL)


@pytest.mark.parametrize("view", ["edit", "inspect", "delete", "history", "usage"])
def test_confidential_engagement_pages_are_404_for_outsiders(viewer_client, view):
    secret = _secret_engagement()

    response = viewer_client.get(reverse(f"relations_engagements:{view}", args=[secret.pk]), follow=True)

    assert response.status_code == 404
    assert "Secret talks" not in response.content.decode()


@pytest.mark.parametrize("view", ["edit", "inspect", "history"])
def test_confidential_engagement_pages_open_for_the_author(client, view):
    secret = _secret_engagement()
    secret.created_by.is_superuser = False
    client.force_login(secret.created_by)
    from django.contrib.auth.models import Permission

    secret.created_by.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_engagement"),
        Permission.objects.get(codename="view_engagement"),
    )

    response = client.get(reverse(f"relations_engagements:{view}", args=[secret.pk]))

    assert response.status_code == 200


def test_engagement_listing_and_export_leave_out_confidential_records(viewer_client, viewer):
    from django.contrib.auth.models import Permission

    # Exporting a listing is a permission of its own (transfers.export_records, checked in core.viewsets).
    viewer.user_permissions.add(Permission.objects.get(codename="export_records"))
    visible = EngagementFactory(subject="Open meeting")
    _secret_engagement()

    listing = viewer_client.get(reverse("relations_engagements:list"))
    export = viewer_client.get(reverse("relations_engagements:list") + "?export=csv")

    assert list(listing.context["object_list"]) == [visible]
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "Open meeting" in body
    assert "Secret talks" not in body


def test_confidential_follow_up_is_absent_from_lists_and_404_on_edit(viewer_client):
    secret = FollowUpFactory(title="Secret promise", confidentiality=Confidentiality.CONFIDENTIAL)
    open_one = FollowUpFactory(title="Open promise")

    listing = viewer_client.get(reverse("relations_follow_ups:list"))
    overdue = viewer_client.get(reverse("relations_overdue_follow_ups"))
    edit = viewer_client.get(reverse("relations_follow_ups:edit", args=[secret.pk]), follow=True)
    complete = viewer_client.post(reverse("relations_complete_follow_up", args=[secret.pk]), follow=True)

    assert list(listing.context["object_list"]) == [open_one]
    assert "Secret promise" not in overdue.content.decode()
    assert (edit.status_code, complete.status_code) == (404, 404)


def test_engagement_chooser_leaves_out_confidential_records(viewer_client):
    visible = EngagementFactory(subject="Open meeting")
    secret = _secret_engagement()

    chooser = viewer_client.get(reverse("wagtailsnippetchoosers_relations_engagement:choose"))
    chosen = viewer_client.get(
        reverse("wagtailsnippetchoosers_relations_engagement:chosen", args=[secret.pk]), follow=True
    )

    assert list(chooser.context["results"]) == [visible]
    assert chosen.status_code == 404


def test_my_follow_ups_lists_my_open_items_and_completes_one(viewer_client, viewer):
    mine = FollowUpFactory(owner=viewer, title="Call back the consul")
    FollowUpFactory(title="Someone else's")

    listing = viewer_client.get(reverse("relations_my_follow_ups"))
    response = viewer_client.post(reverse("relations_complete_follow_up", args=[mine.pk]), {"note": "Called"})

    assert list(listing.context["rows"]) == [mine]
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.status, mine.done_note) == ("done", "Called")


def test_log_meeting_creates_engagement_with_follow_ups(staff_client, staff_user):
    person, mission = PersonFactory(), MissionFactory()
    data = {
        "kind": "courtesy_call",
        "subject": "Courtesy call on the Ambassador",
        "date": "2026-05-12",
        "start_time": "10:00",
        "end_time": "11:00",
        "time_zone": "Asia/Tokyo",
        "location": "Embassy",
        "people": [person.pk],
        "missions": [mission.pk],
        "staff": [staff_user.pk],
        "summary": "Talked about the trade fair.",
        "outcomes": "Ambassador to visit in autumn.",
        "tags": "trade, embassy",
        "confidentiality": "internal",
        "followups-TOTAL_FORMS": "2",
        "followups-INITIAL_FORMS": "0",
        "followups-0-title": "Send the brochure",
        "followups-0-owner": staff_user.pk,
        "followups-0-due_on": "2026-05-20",
        "followups-1-title": "",
    }

    response = staff_client.post(reverse("relations_engagements:add"), data)

    engagement = Engagement.objects.get()
    assert response.status_code == 302
    assert (engagement.starts_at, engagement.ends_at) == (
        datetime.datetime(2026, 5, 12, 10, tzinfo=TOKYO),
        datetime.datetime(2026, 5, 12, 11, tzinfo=TOKYO),
    )
    assert (list(engagement.people.all()), list(engagement.missions.all())) == ([person], [mission])
    assert list(FollowUp.objects.values_list("title", "owner", "due_on")) == [
        ("Send the brochure", staff_user.pk, datetime.date(2026, 5, 20))
    ]


def test_log_meeting_with_bad_input_shows_errors_and_keeps_what_was_typed(staff_client, staff_user):
    person = PersonFactory(family_name_latin="Nguyen", given_name_latin="Van A")
    data = {
        "kind": "meeting",
        "subject": "Trade talk",
        "date": "2026-05-12",
        "start_time": "10:00",
        "end_time": "09:00",
        "time_zone": "Mars/Base",
        "people": [person.pk],
        "confidentiality": "internal",
        "summary": "A long summary that must not be lost.",
        "followups-TOTAL_FORMS": "1",
        "followups-INITIAL_FORMS": "0",
        "followups-0-title": "Send the brochure",
        "followups-0-owner": "",
        "followups-0-due_on": "",
    }

    response = staff_client.post(reverse("relations_engagements:add"), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert Engagement.objects.count() == 0
    assert response.context["form"].errors.keys() == {"time_zone"}
    assert response.context["follow_ups"].forms[0].errors.keys() == {"owner", "due_on"}
    assert "A long summary that must not be lost." in html
    assert f'<option value="{person.pk}" selected>' in html
    assert 'value="Send the brochure"' in html


def test_log_meeting_form_renders_without_listing_all_people(staff_client, django_assert_max_num_queries):
    people = PersonFactory.create_batch(30)

    with django_assert_max_num_queries(25):
        response = staff_client.get(reverse("relations_engagements:add"))

    assert response.status_code == 200
    html = response.content.decode()
    assert [person.family_name_latin for person in people if person.family_name_latin.upper() in html.upper()] == []


def test_autocomplete_finds_people_by_name_without_diacritics(staff_client):
    person = PersonFactory(family_name_latin="Nguyễn", given_name_latin="Văn An")
    PersonFactory(family_name_latin="Kim", given_name_latin="Min-jun")

    response = staff_client.get(reverse("relations_autocomplete", args=["people"]), {"q": "nguyen van"})

    assert [row["id"] for row in response.json()["results"]] == [person.pk]


def _dashboard_data(user, n):
    for index in range(n):
        region = PartnerRegionFactory()
        TieFactory(partner_region=region, established_on=datetime.date(2001, 6, 1))
        TieInstrumentFactory(tie=region.ties.get(), signed_on=datetime.date(2011, 6, 1))
        engagement = EngagementFactory(starts_at=timezone.now() + datetime.timedelta(days=index % 6 + 1))
        engagement.staff.add(user)
        engagement.regions.add(region)
        FollowUpFactory(owner=user, engagement=engagement, due_on=timezone.localdate() - datetime.timedelta(days=1))
        FollowUpFactory(owner=user, due_on=timezone.localdate() + datetime.timedelta(days=2))
        PostFactory(is_head_of_mission=True, start_date=datetime.date(2020, 1, 1))
        PostFactory(is_head_of_mission=True, start_date=datetime.date(2021, 1, 1), end_date=timezone.localdate())
        MissionFactory(country=country("VN"))


def _dashboard_queries(client, user, n, django_assert_num_queries):
    _dashboard_data(user, n)
    client.get(reverse("wagtailadmin_home"))  # warm caches (site root, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return len(captured), response


def test_dashboard_query_count_does_not_grow_with_rows(staff_client, staff_user, django_assert_num_queries):
    one, response = _dashboard_queries(staff_client, staff_user, 1, django_assert_num_queries)
    many, response = _dashboard_queries(staff_client, staff_user, 8, django_assert_num_queries)

    assert one == many
    html = response.content.decode()
    for panel in ("kz-meetings", "kz-my-follow-ups", "kz-figures", "kz-cold", "kz-anniversaries", "kz-heads"):
        assert f'id="{panel}"' in html


def test_dashboard_leaves_out_confidential_engagements(viewer_client):
    EngagementFactory(
        subject="Secret upcoming talks",
        starts_at=timezone.now() + datetime.timedelta(days=2),
        confidentiality=Confidentiality.CONFIDENTIAL,
    )
    EngagementFactory(subject="Open upcoming meeting", starts_at=timezone.now() + datetime.timedelta(days=2))

    html = viewer_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Open upcoming meeting" in html
    assert "Secret upcoming talks" not in html


@pytest.mark.parametrize("kind", ["person", "mission", "region", "organization", "country"])
def test_timeline_query_count_does_not_grow_with_history(staff_client, kind):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person, mission, region = PersonFactory(), MissionFactory(country=country("VN")), PartnerRegionFactory()
    from tests.factories.relations import OrganizationFactory

    organization = OrganizationFactory()
    record = {
        "person": person,
        "mission": mission,
        "region": region,
        "organization": organization,
        "country": country("VN"),
    }[kind]

    def add_history():
        engagement = EngagementFactory()
        engagement.people.add(person, PersonFactory())
        engagement.missions.add(mission)
        engagement.regions.add(region)
        engagement.organizations.add(organization)
        FollowUpFactory(engagement=engagement)
        PostFactory(person=person, mission=mission, start_date=datetime.date(2020, 1, 1))

    url = reverse("relations_timeline", args=[kind, record.pk])
    add_history()
    staff_client.get(url)
    with CaptureQueriesContext(connection) as one:
        first = staff_client.get(url)
    for _ in range(6):
        add_history()
    with CaptureQueriesContext(connection) as many:
        staff_client.get(url)

    assert first.status_code == 200
    assert len(one) == len(many)


def test_timeline_hides_confidential_engagements(viewer_client):
    person = PersonFactory()
    secret = _secret_engagement()
    secret.people.add(person)

    response = viewer_client.get(reverse("relations_timeline", args=["person", person.pk]))

    assert (response.context["entries"], response.context["timeline"].total) == ([], 0)
    assert "Secret talks" not in response.content.decode()


def test_timeline_of_a_long_history_says_more_than_the_counted_entries_and_pages_on(staff_client, monkeypatch):
    from relations import selectors

    monkeypatch.setattr(selectors, "TIMELINE_COUNT_LIMIT", 30)
    person = PersonFactory()
    for engagement in EngagementFactory.create_batch(27):
        engagement.people.add(person)
    for _ in range(4):
        PostFactory(person=person, start_date=datetime.date(2000, 1, 1))
    url = reverse("relations_timeline", args=["person", person.pk])

    first = staff_client.get(url)
    second = staff_client.get(url + "?p=2")

    assert (first.context["timeline"].total, first.context["timeline"].total_is_exact) == (30, False)
    first_html, second_html = first.content.decode(), second.content.decode()
    first_pager, second_pager = first_html.split("<nav")[-1], second_html.split("<nav")[-1]
    assert "30 件超" in first_html
    assert ("1 ページ" in first_pager, "/ " in first_pager, 'href="?p=2"' in first_pager) == (True, False, True)
    assert ("2 ページ" in second_pager, 'href="?p=1"' in second_pager, "?p=3" in second_pager) == (True, True, False)


def test_follow_up_owner_pickers_leave_out_retired_accounts_but_keep_the_current_owner(viewer_client, viewer):
    retired_owner = type(viewer).objects.create(username="retired-owner", is_active=False)
    retired = type(viewer).objects.create(username="retired-other", is_active=False)
    follow_up = FollowUpFactory(owner=retired_owner)

    listing = viewer_client.get(reverse("relations_follow_ups:list"))
    edit = viewer_client.get(reverse("relations_follow_ups:edit", args=[follow_up.pk]))

    offered_in_filter = set(listing.context["filters"].form.fields["owner"].queryset)
    offered_on_edit = set(edit.context["form"].fields["owner"].queryset)
    assert viewer in offered_in_filter
    assert retired not in offered_in_filter
    assert retired_owner in offered_on_edit
    assert viewer in offered_on_edit
    assert retired not in offered_on_edit


def test_engagement_edit_offers_active_staff_only(viewer_client, viewer):
    retired = type(viewer).objects.create(username="retired-staff", is_active=False)
    engagement = EngagementFactory(created_by=viewer)

    edit = viewer_client.get(reverse("relations_engagements:edit", args=[engagement.pk]))

    offered = set(edit.context["form"].fields["staff"].queryset)
    assert viewer in offered
    assert retired not in offered


def test_engagement_listing_names_every_measure_of_its_filter_in_one_query(staff_client):
    # The measure filter shows "3-2 Name" for each of the 20 measures: the strategy number came from one query per
    # measure until Measure's manager fetched the strategy along.
    EngagementFactory(measure=measure("3-2"))

    with CaptureQueriesContext(connection) as captured:
        response = staff_client.get(reverse("relations_engagements:list"))

    assert response.status_code == 200
    assert "3-2 " in response.content.decode()
    strategy_reads = [query for query in captured if 'FROM "relations_basicstrategy"' in query["sql"]]
    assert strategy_reads == []


def test_log_meeting_refuses_a_tag_with_a_right_to_left_override_with_a_message(staff_client, staff_user):
    data = {
        "kind": "meeting",
        "subject": "Trade talk",
        "date": "2026-05-12",
        "start_time": "10:00",
        "time_zone": "Asia/Tokyo",
        "countries": [country("VN").pk],
        "confidentiality": "internal",
        "tags": "trade, invoice\u202egnp.exe",
        "followups-TOTAL_FORMS": "0",
        "followups-INITIAL_FORMS": "0",
    }

    response = staff_client.post(reverse("relations_engagements:add"), data, HTTP_ACCEPT_LANGUAGE="en")

    assert (response.status_code, Engagement.objects.count()) == (400, 0)
    assert response.context["form"].errors == {
        "tags": ["Tag “invoicegnp.exe”: Remove the invisible control character U+202E (at position 8)."]
    }


def test_tie_listing_searches_ties_by_their_partner(viewer_client):
    hue = TieFactory(partner_region=PartnerRegionFactory(name="Thừa Thiên Huế"))
    other = TieFactory(partner_region=PartnerRegionFactory(name="Gyeonggi"))

    response = viewer_client.get(reverse("relations_ties:list"), {"q": "hue"})

    assert response.status_code == 200
    assert [tie.pk for tie in response.context["object_list"]] == [hue.pk]
    assert reverse("relations_ties:edit", args=[other.pk]) not in response.content.decode()
