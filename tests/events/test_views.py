import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.choices import Confidentiality
from events.models import Delegation, Event, ItineraryItem
from relations.models import Engagement
from tests.factories.core import UserFactory
from tests.factories.events import (
    ConfidentialEventFactory,
    DelegationFactory,
    DelegationMemberFactory,
    EventFactory,
    GiftFactory,
    ItineraryItemFactory,
)
from tests.factories.relations import PersonFactory

pytestmark = pytest.mark.django_db

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


# A 404 under /admin/ is answered by LocaleMiddleware with a redirect to /ja/admin/..., which is a 404 in turn:
# the tests follow redirects to see the final answer.


@pytest.fixture
def staff(client):
    """A signed-in staff member with edit rights on events, but not office-wide clearances."""
    from django.contrib.auth.models import Permission

    user = UserFactory()
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="events"),
    )
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "url_name", ["events_delegations:list", "events_events:list", "events_gifts:list", "events_calendar"]
)
def test_staff_pages_redirect_anonymous_to_login(client, url_name):
    response = client.get(reverse(url_name))

    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("wagtailadmin_login"))


def test_delegation_listing_hides_confidential_delegations_of_others(client, staff):
    DelegationFactory(title="Open trip")
    DelegationFactory(title="Secret trip", confidentiality=Confidentiality.CONFIDENTIAL)

    response = client.get(reverse("events_delegations:list"))

    assert response.status_code == 200
    assert [str(row) for row in response.context["object_list"]] == ["Open trip"]
    assert "Secret trip" not in response.content.decode()


@pytest.mark.parametrize("view", ["inspect", "edit", "delete", "history", "usage"])
def test_confidential_delegation_views_are_404_for_staff_not_on_it(client, staff, view):
    secret = DelegationFactory(confidentiality=Confidentiality.CONFIDENTIAL)

    response = client.get(reverse(f"events_delegations:{view}", args=[secret.pk]), follow=True)

    assert response.status_code == 404


def test_confidential_delegation_is_404_in_briefing_and_absent_from_chooser_and_calendar(client, staff):
    secret = DelegationFactory(title="Secret trip", confidentiality=Confidentiality.CONFIDENTIAL)
    DelegationFactory(title="Open trip")

    briefing = client.get(reverse("events_briefing", args=["delegation", secret.pk]), follow=True)
    chooser = client.get(reverse(Delegation.snippet_viewset.chooser_viewset.get_url_name("choose")))
    calendar = client.get(reverse("events_calendar"), {"month": "2030-05", "view": "list"})

    assert briefing.status_code == 404
    assert ("Secret trip" in chooser.content.decode(), "Open trip" in chooser.content.decode()) == (False, True)
    assert [entry.title for entry in calendar.context["entries"]] == ["Open trip"]


def test_confidential_delegation_is_visible_to_a_member(client, staff):
    secret = DelegationFactory(title="Secret trip", confidentiality=Confidentiality.CONFIDENTIAL)
    DelegationMemberFactory(delegation=secret, user=staff)

    response = client.get(reverse("events_delegations:inspect", args=[secret.pk]))

    assert (response.status_code, "Secret trip" in response.content.decode()) == (200, True)


def test_confidential_event_edit_is_404_and_absent_from_listing(client, staff):
    secret = ConfidentialEventFactory(title="Secret dinner")
    EventFactory(title="Open seminar")

    edit = client.get(reverse("events_events:edit", args=[secret.pk]), follow=True)
    listing = client.get(reverse("events_events:list"))

    assert edit.status_code == 404
    assert [str(row) for row in listing.context["object_list"]] == ["Open seminar"]


def test_inspect_hides_member_needs_from_staff_not_planning_the_visit(client, staff):
    delegation = DelegationFactory()
    DelegationMemberFactory(delegation=delegation, person=PersonFactory(), dietary_needs="ハラール食")

    other = client.get(reverse("events_delegations:inspect", args=[delegation.pk]))
    DelegationMemberFactory(delegation=delegation, user=staff, role="escort")
    planner = client.get(reverse("events_delegations:inspect", args=[delegation.pk]))

    assert ("ハラール食" in other.content.decode(), "ハラール食" in planner.content.decode()) == (False, True)


def test_edit_by_staff_not_planning_keeps_member_needs_untouched(client, staff):
    delegation = DelegationFactory(title="Trip")
    member = DelegationMemberFactory(delegation=delegation, person=PersonFactory(), dietary_needs="ハラール食")
    url = reverse("events_delegations:edit", args=[delegation.pk])
    form = client.get(url).context["form"]
    data = {
        **_form_data(form),
        "title": "Trip (revised)",
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    member.refresh_from_db()
    assert (Delegation.objects.get().title, member.dietary_needs) == ("Trip (revised)", "ハラール食")
    assert "dietary_needs" not in form.formsets["members"].forms[0].fields


def test_itinerary_times_typed_in_the_place_local_time(client, staff):
    delegation = DelegationFactory(title="Trip")
    url = reverse("events_delegations:edit", args=[delegation.pk])
    data = _form_data(client.get(url).context["form"])
    data.update(
        {
            "itinerary_items-TOTAL_FORMS": "1",
            "itinerary_items-0-kind": "meeting",
            "itinerary_items-0-title": "ハノイ市人民委員会との会談",
            "itinerary_items-0-starts_at": "2030-05-12 09:30",
            "itinerary_items-0-time_zone": "Asia/Ho_Chi_Minh",
            "itinerary_items-0-ends_at": "2030-05-12 10:30",
            "itinerary_items-0-end_time_zone": "",
            "itinerary_items-0-ORDER": "1",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["form"].formsets["itinerary_items"].errors
    item = ItineraryItem.objects.get()
    assert (item.starts_at, item.ends_at) == (
        datetime.datetime(2030, 5, 12, 2, 30, tzinfo=datetime.UTC),
        datetime.datetime(2030, 5, 12, 3, 30, tzinfo=datetime.UTC),
    )
    edit_again = client.get(url).context["form"].formsets["itinerary_items"].forms[0]
    assert edit_again["starts_at"].value() == datetime.datetime(2030, 5, 12, 9, 30)  # noqa: DTZ001 - the wall clock


def test_event_edit_bumps_sequence_when_time_changes(client, staff):
    event = EventFactory(title="Seminar", slug="seminar")
    url = reverse("events_events:edit", args=[event.pk])
    data = _form_data(client.get(url).context["form"])
    data.update({"starts_at": "2030-09-02 18:00", "ends_at": "2030-09-02 20:00"})

    response = client.post(url, data)

    assert response.status_code == 302, response.context["form"].errors
    event.refresh_from_db()
    assert (event.sequence, event.starts_at) == (1, datetime.datetime(2030, 9, 2, 9, 0, tzinfo=datetime.UTC))


def test_event_create_sets_author_and_slug(client, staff):
    url = reverse("events_events:add")
    data = _form_data(client.get(url).context["form"])
    data.update(
        {
            "title": "国際交流フェスティバル",
            "kind": "festival",
            "status": "confirmed",
            "all_day": "on",
            "start_date": "2030-10-10",
            "end_date": "2030-10-11",
            "time_zone": "Asia/Tokyo",
            "confidentiality": "public",
            "is_published": "on",
            "slug": "",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.get()
    assert (event.created_by, event.slug, event.ends_at) == (
        staff,
        "event-2030-10-10",
        datetime.datetime(2030, 10, 12, tzinfo=zoneinfo.ZoneInfo("Asia/Tokyo")),
    )


def test_record_as_engagement_button_creates_one_engagement(client, staff):
    delegation = DelegationFactory(lead=staff)
    item = ItineraryItemFactory(
        delegation=delegation, starts_at=datetime.datetime(2020, 5, 12, 9, 30, tzinfo=HANOI), ends_at=None
    )
    url = reverse("events_record_as_engagement", args=[item.pk])

    first = client.post(url)
    second = client.post(url)

    assert (first.status_code, second.status_code) == (302, 302)
    assert list(Engagement.objects.values_list("subject", flat=True)) == [item.title]


def test_record_as_engagement_is_404_on_a_hidden_delegation(client, staff):
    secret = DelegationFactory(confidentiality=Confidentiality.CONFIDENTIAL)
    item = ItineraryItemFactory(delegation=secret, starts_at=datetime.datetime(2020, 5, 12, 9, 30, tzinfo=HANOI))

    response = client.post(reverse("events_record_as_engagement", args=[item.pk]), follow=True)

    assert (response.status_code, Engagement.objects.count()) == (404, 0)


def test_gift_create_warns_about_repeat_gift_and_ethics_report(client, staff):
    person = PersonFactory()
    GiftFactory(person=person, item="益子焼の花瓶", given_on=datetime.date(2028, 4, 1))
    url = reverse("events_gifts:add")
    data = _form_data(client.get(url).context["form"])
    data.update({"direction": "given", "given_on": "2030-05-12", "item": "益子焼の花瓶", "person": person.pk})

    with translation.override("en"):
        response = client.post(url, data, follow=True, HTTP_ACCEPT_LANGUAGE="en")

    texts = [str(message) for message in response.context["messages"]]
    assert any("was already given to" in text and "2028-04-01" in text for text in texts), texts


def _queries(client, url, **params) -> tuple[int, object]:
    client.get(url, params)  # warm per-process caches (content types, permissions, site)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    return len(queries), response


@pytest.mark.parametrize(
    ("url_name", "make_row"),
    [
        ("events_delegations:list", lambda staff: DelegationFactory(lead=staff)),
        ("events_events:list", lambda staff: EventFactory()),
        ("events_gifts:list", lambda staff: GiftFactory(person=PersonFactory(), direction="received")),
    ],
)
def test_listing_query_count_is_the_same_for_one_and_many_rows(client, staff, url_name, make_row):
    make_row(staff)
    one, _ = _queries(client, reverse(url_name))
    for _ in range(11):
        make_row(staff)
    many, response = _queries(client, reverse(url_name))

    assert (one, many, len(response.context["object_list"])) == (one, one, 12)
    assert one <= 12


def test_calendar_query_count_is_the_same_for_one_and_many_entries(client, staff):
    def add(day):
        DelegationFactory(start_date=datetime.date(2030, 5, day), end_date=datetime.date(2030, 5, day + 1))
        EventFactory(starts_at=datetime.datetime(2030, 5, day, 10, tzinfo=HANOI))

    add(1)
    one, _ = _queries(client, reverse("events_calendar"), month="2030-05")
    for day in range(2, 13):
        add(day)
    many, response = _queries(client, reverse("events_calendar"), month="2030-05")

    assert (one, many, len(response.context["entries"])) == (one, one, 24)
    assert one <= 12


def test_a_busy_day_of_the_calendar_shows_four_entries_and_leads_to_its_list(client, staff):
    titles = [f"Seminar {number}" for number in range(6)]
    for title in titles:
        EventFactory(title=title, starts_at=datetime.datetime(2030, 5, 14, 10, tzinfo=HANOI))
    EventFactory(title="The day after", starts_at=datetime.datetime(2030, 5, 15, 10, tzinfo=HANOI))

    grid = client.get(reverse("events_calendar"), {"month": "2030-05"})  # the staff UI's default language: ja
    day_list = client.get(reverse("events_calendar"), {"day": "2030-05-14"})

    busy_day = next(cell for week in grid.context["weeks"] for cell in week if cell[0] == datetime.date(2030, 5, 14))
    shown, more = busy_day[1], busy_day[2]
    assert (len(shown), more) == (4, 2)
    assert {entry.title for entry in shown} < set(titles)
    page = grid.content.decode()
    assert 'href="?day=2030-05-14">ほか 2 件</a>' in page
    assert sum(title in page for title in titles) == 4
    assert (day_list.context["mode"], day_list.context["day"]) == ("list", datetime.date(2030, 5, 14))
    assert sorted(entry.title for entry in day_list.context["entries"]) == titles
    assert "2030-05-14 の予定のみ表示しています。" in day_list.content.decode()
    assert all(entry.url.endswith(f"/{entry.record.pk}/") for entry in day_list.context["entries"])


def test_a_malformed_day_falls_back_to_the_month_grid(client, staff):
    response = client.get(reverse("events_calendar"), {"day": "2030-02-30", "month": "2030-05"})

    assert (response.status_code, response.context["mode"], response.context["month"]) == (
        200,
        "month",
        datetime.date(2030, 5, 1),
    )


def _form_data(form) -> dict:
    """The POST a browser would send for `form` as rendered (including its inline formsets)."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        else:
            data[bound.html_name] = value
    for formset in getattr(form, "formsets", {}).values():
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for child in formset.forms:
            data.update(_form_data(child))
    return data


@pytest.mark.parametrize(
    "url_name", ["events_delegations:add", "events_events:add", "events_gifts:add", "events_gifts:list"]
)
def test_staff_add_and_list_pages_render(client, staff, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 200


def test_delegation_inspect_shows_itinerary_by_local_day_and_briefing_link(client, staff):
    delegation = DelegationFactory(title="知事ベトナム訪問")
    ItineraryItemFactory(
        delegation=delegation,
        title="ハノイ市人民委員会との会談",
        starts_at=datetime.datetime(2030, 5, 12, 9, 30, tzinfo=HANOI),
        ends_at=datetime.datetime(2030, 5, 12, 10, 30, tzinfo=HANOI),
    )

    page = client.get(reverse("events_delegations:inspect", args=[delegation.pk])).content.decode()

    assert "2030-05-12 09:30-10:30 +07 (Asia/Ho_Chi_Minh)" in page
    assert reverse("events_briefing", args=["delegation", delegation.pk]) in page


def test_delegation_export_leaves_out_confidential_delegations(client, staff):
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="export_records"))
    DelegationFactory(title="Open trip")
    DelegationFactory(title="Secret trip", confidentiality=Confidentiality.CONFIDENTIAL)

    response = client.get(reverse("events_delegations:list"), {"export": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8")

    assert (content.startswith("\ufeff"), "Open trip" in content, "Secret trip" in content) == (True, True, False)


def test_gift_listing_filters_gifts_with_an_ethics_report_due(client, staff, settings):
    settings.KIZUNA_GIFT_REPORT_THRESHOLD_YEN = 5000
    person = PersonFactory()
    due = GiftFactory(person=person, direction="received", value_yen=40000, item="漆絵")
    GiftFactory(person=person, direction="received", value_yen=3000, item="コーヒー")
    GiftFactory(person=person, direction="given", value_yen=40000, item="花瓶")

    response = client.get(reverse("events_gifts:list"), {"to_report": "true"})

    assert list(response.context["object_list"]) == [due]


def test_event_and_delegation_user_pickers_offer_active_staff_only(client, staff):
    retired = UserFactory(is_active=False)
    event = EventFactory(created_by=staff)
    delegation = DelegationFactory(created_by=staff, lead=staff)
    DelegationMemberFactory(delegation=delegation, user=staff, role="escort")

    event_form = client.get(reverse("events_events:edit", args=[event.pk])).context["form"]
    delegation_form = client.get(reverse("events_delegations:edit", args=[delegation.pk])).context["form"]
    member_form = delegation_form.formsets["members"].forms[0]

    for field in (event_form.fields["staff"], delegation_form.fields["lead"], member_form.fields["user"]):
        assert staff in field.queryset
        assert retired not in field.queryset


def test_delegation_edit_draws_each_rows_chosen_records_and_keeps_a_retired_member(client, staff):
    # The rows' choices come from one query for all rows (tests/bench/test_query_counts.py guards the count); what
    # each row shows must still be its own.
    retired = UserFactory(is_active=False, display_name="退職 職員")
    delegation = DelegationFactory(created_by=staff, lead=staff)
    guest = PersonFactory(family_name_latin="Tran", given_name_latin="Thi Mai")
    counterpart = PersonFactory(family_name_latin="Pham", given_name_latin="Van Duc")
    DelegationMemberFactory(delegation=delegation, user=retired, role="escort")
    DelegationMemberFactory(delegation=delegation, person=guest, role="guest")
    stop = ItineraryItemFactory(delegation=delegation)
    stop.counterparts.add(counterpart)
    stop.save()  # a ParentalManyToManyField writes on save

    response = client.get(reverse("events_delegations:edit", args=[delegation.pk]))

    retired_row, guest_row = response.context["form"].formsets["members"].forms
    assert retired_row["user"].value() == retired.pk
    assert retired.pk in [value for value, _label in retired_row.fields["user"].choices if value]
    assert staff.pk in [value for value, _label in guest_row.fields["user"].choices if value]
    html = response.content.decode()
    assert f'<option value="{counterpart.pk}" selected>{counterpart}</option>' in html
    assert str(guest) in html


def test_calendar_entries_carry_their_kind_in_the_readers_language(client, staff):
    DelegationFactory(title="Trip to Hanoi", direction="outbound")
    EventFactory(
        title="Investment seminar", starts_at=datetime.datetime(2030, 5, 20, 10, tzinfo=zoneinfo.ZoneInfo("Asia/Tokyo"))
    )

    with translation.override("ja"):
        japanese = client.get(
            reverse("events_calendar"), {"month": "2030-05", "view": "list"}, HTTP_ACCEPT_LANGUAGE="ja"
        )

    labels = {entry.title: entry.label for entry in japanese.context["entries"]}
    assert labels == {"Trip to Hanoi": "海外派遣", "Investment seminar": "セミナー"}
    assert "海外派遣" in japanese.content.decode()
