"""Listings, their search and results-only refreshes, choosers, "My follow-ups" and "Overdue follow-ups" record
each confidential record they show (trust.audit), in one INSERT per response; records the reader may
not see are neither shown nor recorded, nor named by the usage page of a record they refer to."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from core.choices import Confidentiality
from events.models import Gift
from tests.factories.attachments import AttachmentFactory
from tests.factories.events import ConfidentialEventFactory, DelegationFactory, GiftFactory, InternalEventFactory
from tests.factories.relations import (
    CommitmentFactory,
    EngagementFactory,
    FollowUpFactory,
    PersonFactory,
    TieFactory,
)
from tests.trust.readings import reading_entries, readings

pytestmark = pytest.mark.django_db
SECRET = Confidentiality.CONFIDENTIAL
INTERNAL = Confidentiality.INTERNAL


def make_event(confidentiality):
    return (ConfidentialEventFactory if confidentiality == SECRET else InternalEventFactory)()


# Every listing of a model with its own confidentiality: how to make one of its rows.
LISTINGS = {
    "engagements": lambda confidentiality: EngagementFactory(confidentiality=confidentiality),
    "follow-ups": lambda confidentiality: FollowUpFactory(confidentiality=confidentiality),
    "ties": lambda confidentiality: TieFactory(confidentiality=confidentiality),
    "delegations": lambda confidentiality: DelegationFactory(confidentiality=confidentiality),
    "events": make_event,
    "gifts": lambda confidentiality: GiftFactory(person=PersonFactory(), confidentiality=confidentiality),
    "attachments": lambda confidentiality: AttachmentFactory(confidentiality=confidentiality),
}


def url(record, view_name="list") -> str:
    return reverse(type(record).snippet_viewset.get_url_name(view_name))


def namespace(record) -> str:
    return type(record).snippet_viewset.url_namespace


# Listings --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("listing", LISTINGS)
def test_listing_records_the_confidential_rows_it_shows_and_no_other(client, manager, listing):
    secret, internal = LISTINGS[listing](SECRET), LISTINGS[listing](INTERNAL)
    client.force_login(manager)

    response = client.get(url(secret))

    assert response.status_code == 200
    assert sorted(row.pk for row in response.context["object_list"]) == sorted([secret.pk, internal.pk])
    assert readings(secret, internal) == [(secret, manager.pk, "listing")]
    assert reading_entries(secret)[0].data == {"surface": "listing", "listing": namespace(secret)}


@pytest.mark.parametrize("listing", LISTINGS)
@pytest.mark.parametrize("role", ["Viewers", "Staff"])
def test_listing_records_nothing_for_a_reader_who_may_not_see_the_rows(client, user_in_role, listing, role):
    secret, internal = LISTINGS[listing](SECRET), LISTINGS[listing](INTERNAL)
    client.force_login(user_in_role(role))

    response = client.get(url(secret))

    assert [row.pk for row in response.context["object_list"]] == [internal.pk]
    assert readings(secret) == []


def _queries(client, listing_url, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(listing_url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("listing", LISTINGS)
def test_listing_query_count_is_the_same_for_one_and_many_confidential_rows(
    client, manager, listing, django_assert_max_num_queries
):
    listing_url = url(LISTINGS[listing](INTERNAL))
    client.force_login(manager)
    client.get(listing_url)  # warm per-process caches (content types, permissions, site)
    without = _queries(client, listing_url)
    first = LISTINGS[listing](SECRET)
    one = _queries(client, listing_url)
    for _ in range(7):
        LISTINGS[listing](SECRET)

    with django_assert_max_num_queries(one):
        response = client.get(listing_url)

    assert len(response.context["object_list"]) == 9
    assert one == without + 1  # the readings' one INSERT
    assert len(reading_entries(first)) == 2


def test_listing_records_only_the_rows_of_the_page_it_shows(client, manager):
    from relations.models import Engagement

    per_page = Engagement.snippet_viewset.list_per_page
    now = timezone.now()
    rows = [
        EngagementFactory(confidentiality=SECRET, starts_at=now - datetime.timedelta(days=n))
        for n in range(per_page + 1)
    ]
    client.force_login(manager)

    first_page = client.get(url(rows[0]))

    assert len(first_page.context["object_list"]) == per_page
    assert [len(reading_entries(row)) for row in rows] == [1] * per_page + [0]
    second_page = client.get(url(rows[0]), {"p": 2})
    assert [row.pk for row in second_page.context["object_list"]] == [rows[-1].pk]
    assert [len(reading_entries(row)) for row in rows] == [1] * (per_page + 1)


def test_listing_results_refresh_records_its_rows_once_as_search_results(client, manager):
    secret = EngagementFactory(subject="Secret talks on ports", confidentiality=SECRET)
    other = EngagementFactory(subject="Secret talks on trains", confidentiality=SECRET)
    client.force_login(manager)

    response = client.get(url(secret, "list_results"), {"q": "ports"})

    assert [row.pk for row in response.context["object_list"]] == [secret.pk]
    assert readings(secret, other) == [(secret, manager.pk, "search")]
    assert reading_entries(secret)[0].data == {"surface": "search", "listing": "relations_engagements"}


def test_listing_head_request_and_export_record_no_listing_reading(client, manager):
    secret = EngagementFactory(confidentiality=SECRET)
    client.force_login(manager)

    head = client.head(url(secret))
    export = client.get(url(secret), {"export": "csv"})
    b"".join(export.streaming_content)

    assert (head.status_code, export.status_code) == (200, 200)
    assert readings(secret) == [(secret, manager.pk, "export")]


def test_follow_up_listing_records_the_confidential_engagement_each_row_names(client, manager):
    meeting = EngagementFactory(subject="Secret talks", confidentiality=SECRET)
    task = FollowUpFactory(engagement=meeting, confidentiality=SECRET)
    client.force_login(manager)

    html = client.get(url(task)).content.decode()

    assert "Secret talks" in html
    assert readings(task, meeting) == [(task, manager.pk, "listing"), (meeting, manager.pk, "listing")]


def test_commitment_listing_records_the_confidential_tie_it_belongs_to(client, manager, django_assert_max_num_queries):
    commitment = CommitmentFactory(instrument__tie=TieFactory(confidentiality=SECRET))
    client.force_login(manager)
    client.get(url(commitment))
    one = _queries(client, url(commitment))
    for _ in range(5):
        CommitmentFactory(instrument__tie=TieFactory(confidentiality=SECRET))

    with django_assert_max_num_queries(one):
        client.get(url(commitment))

    tie = commitment.instrument.tie
    assert readings(tie) == [(tie, manager.pk, "listing")] * 3


def test_attachment_listing_records_the_confidential_record_each_file_is_attached_to(client, manager):
    meeting = EngagementFactory(confidentiality=SECRET)
    minutes = AttachmentFactory(engagement=meeting, confidentiality=INTERNAL)
    client.force_login(manager)

    client.get(url(minutes))

    assert readings(minutes, meeting) == [(meeting, manager.pk, "listing")]


# Choosers --------------------------------------------------------------------------------------------------------


def chooser_url(record, view_name) -> str:
    return reverse(type(record).snippet_viewset.chooser_viewset.get_url_name(view_name))


@pytest.mark.parametrize("view_name", ["choose", "choose_results"])
def test_chooser_records_the_confidential_records_it_offers(client, manager, user_in_role, view_name):
    secret = EngagementFactory(subject="Secret talks", confidentiality=SECRET)
    internal = EngagementFactory(subject="Courtesy call", confidentiality=INTERNAL)
    client.force_login(user_in_role("Staff"))
    hidden = client.get(chooser_url(secret, view_name)).content.decode()
    client.force_login(manager)

    shown = client.get(chooser_url(secret, view_name)).content.decode()

    assert ("Secret talks" in hidden, "Secret talks" in shown) == (False, True)
    assert readings(secret, internal) == [(secret, manager.pk, "chooser")]
    chooser = type(secret).snippet_viewset.chooser_viewset.url_namespace
    assert reading_entries(secret)[0].data == {"surface": "chooser", "listing": chooser}


def test_chooser_query_count_is_the_same_for_one_and_many_confidential_records(
    client, manager, django_assert_max_num_queries
):
    first = EngagementFactory(confidentiality=SECRET)
    client.force_login(manager)
    client.get(chooser_url(first, "choose_results"))
    one = _queries(client, chooser_url(first, "choose_results"))
    for _ in range(7):
        EngagementFactory(confidentiality=SECRET)

    with django_assert_max_num_queries(one):
        client.get(chooser_url(first, "choose_results"))

    assert len(reading_entries(first)) == 3


# My follow-ups and overdue follow-ups ----------------------------------------------------------------------------


def overdue(**fields):
    return FollowUpFactory(due_on=timezone.localdate() - datetime.timedelta(days=3), **fields)


def test_my_follow_ups_records_my_confidential_follow_ups_and_their_engagements(client, user_in_role):
    officer = user_in_role("Staff")
    meeting = EngagementFactory(subject="Secret talks", confidentiality=SECRET, created_by=officer)
    task = FollowUpFactory(owner=officer, engagement=meeting, confidentiality=SECRET)
    plain = FollowUpFactory(owner=officer, confidentiality=INTERNAL)
    client.force_login(officer)

    html = client.get(reverse("relations_my_follow_ups")).content.decode()

    assert "Secret talks" in html
    assert readings(task, meeting, plain) == [
        (task, officer.pk, "my_follow_ups"),
        (meeting, officer.pk, "my_follow_ups"),
    ]


def test_overdue_follow_ups_records_what_it_shows_and_nothing_for_who_may_not_see_it(client, manager, user_in_role):
    task = overdue(title="Return the secret papers", confidentiality=SECRET)
    plain = overdue(confidentiality=INTERNAL)
    client.force_login(user_in_role("Staff"))
    hidden = client.get(reverse("relations_overdue_follow_ups")).content.decode()
    client.force_login(manager)

    shown = client.get(reverse("relations_overdue_follow_ups")).content.decode()

    assert ("Return the secret papers" in hidden, "Return the secret papers" in shown) == (False, True)
    assert readings(task, plain) == [(task, manager.pk, "overdue_follow_ups")]


def test_overdue_follow_ups_query_count_is_the_same_for_one_and_many_confidential_rows(
    client, manager, django_assert_max_num_queries
):
    first = overdue(engagement=EngagementFactory(confidentiality=SECRET), confidentiality=SECRET)
    client.force_login(manager)
    client.get(reverse("relations_overdue_follow_ups"))
    one = _queries(client, reverse("relations_overdue_follow_ups"))
    for _ in range(7):
        overdue(engagement=EngagementFactory(confidentiality=SECRET), confidentiality=SECRET)

    with django_assert_max_num_queries(one):
        client.get(reverse("relations_overdue_follow_ups"))

    assert len(reading_entries(first)) == len(reading_entries(first.engagement)) == 3


# Usage pages -----------------------------------------------------------------------------------------------------


def test_usage_page_names_a_referring_record_the_reader_may_not_see_without_its_title(client, manager, user_in_role):
    person = PersonFactory()
    secret = GiftFactory(person=person, item="Secret vase", confidentiality=SECRET)
    internal = GiftFactory(person=person, item="Tea set", confidentiality=INTERNAL)
    usage_url = reverse(type(person).snippet_viewset.get_url_name("usage"), args=[person.pk])
    client.force_login(user_in_role("Staff"))
    hidden = client.get(usage_url)
    client.force_login(manager)

    shown = client.get(usage_url)

    with translation.override("ja"):
        private = translation.gettext("(Private %(object)s)") % {"object": Gift._meta.verbose_name}
        rows = {
            name: sorted((row["label"], bool(row["edit_url"])) for row in response.context["table"].data)
            for name, response in (("hidden", hidden), ("shown", shown))
        }
    assert rows == {
        "hidden": sorted([(private, False), (str(internal), True)]),
        "shown": sorted([(str(secret), True), (str(internal), True)]),
    }
    assert "Secret vase" not in hidden.content.decode()


@pytest.mark.parametrize("view_name", ["usage", "delete"])
def test_usage_and_delete_pages_of_a_confidential_record_are_readings_of_it(client, manager, view_name):
    secret = EngagementFactory(confidentiality=SECRET)
    client.force_login(manager)

    response = client.get(reverse(f"relations_engagements:{view_name}", args=[secret.pk]))

    assert response.status_code == 200
    assert readings(secret) == [(secret, manager.pk, None)]
