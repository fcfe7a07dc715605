"""Reading a confidential record anywhere (timelines, dashboard, calendar, private feed, exports, briefings) is
recorded per record in the audit log; public and internal records, and records the reader cannot see, are not."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from core.choices import Confidentiality
from core.services import issue_calendar_token, update_calendar_preferences
from tests.factories.events import ConfidentialEventFactory, DelegationFactory, InternalEventFactory
from tests.factories.relations import EngagementFactory, FollowUpFactory, PersonFactory
from tests.trust.readings import readings
from trust.audit import VIEW_CONFIDENTIAL, record_confidential_views

pytestmark = pytest.mark.django_db
SECRET = Confidentiality.CONFIDENTIAL
INTERNAL = Confidentiality.INTERNAL


def met(person, **fields):
    engagement = EngagementFactory(**fields)
    engagement.people.add(person)
    return engagement


# The helper ----------------------------------------------------------------------------------------------------


def test_record_confidential_views_writes_one_entry_per_confidential_record_in_one_query(manager):
    secret, other_secret, internal = (
        EngagementFactory(confidentiality=SECRET),
        FollowUpFactory(confidentiality=SECRET),
        EngagementFactory(confidentiality=INTERNAL),
    )
    record_confidential_views(manager, [], surface="timeline")  # content types cached, as in a running server

    with CaptureQueriesContext(connection) as queries:
        written = record_confidential_views(manager, [secret, internal, other_secret, secret], surface="timeline")

    assert (written, len(queries)) == (2, 1)
    assert readings(secret, other_secret, internal) == [
        (secret, manager.pk, "timeline"),
        (other_secret, manager.pk, "timeline"),
    ]


def test_record_confidential_views_without_a_confidential_record_asks_nothing(manager):
    internal = EngagementFactory(confidentiality=INTERNAL)

    with CaptureQueriesContext(connection) as queries:
        written = record_confidential_views(manager, [internal], surface="timeline")

    assert (written, len(queries), readings(internal)) == (0, 0, [])


# Timelines -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["person", "mission", "region", "organization", "country"])
def test_timeline_records_each_confidential_engagement_and_follow_up_it_shows(client, manager, kind):
    from tests.factories.relations import MissionFactory, OrganizationFactory, PartnerRegionFactory, country

    person = PersonFactory()
    mission, region, organization = MissionFactory(country=country("VN")), PartnerRegionFactory(), OrganizationFactory()
    secret = met(person, subject="Secret talks", confidentiality=SECRET)
    internal = met(person, subject="Courtesy call", confidentiality=INTERNAL)
    for engagement in (secret, internal):
        engagement.missions.add(mission)
        engagement.regions.add(region)
        engagement.organizations.add(organization)
    secret_task = FollowUpFactory(engagement=secret, confidentiality=SECRET)
    record = {"person": person, "mission": mission, "region": region, "organization": organization}.get(kind)
    record = record or country("VN")
    client.force_login(manager)

    response = client.get(reverse("relations_timeline", args=[kind, record.pk]))

    assert response.status_code == 200
    assert readings(secret, secret_task, internal) == [
        (secret, manager.pk, "timeline"),
        (secret_task, manager.pk, "timeline"),
    ]


def test_timeline_records_nothing_for_a_reader_who_cannot_see_the_record(client, user_in_role):
    person = PersonFactory()
    secret = met(person, subject="Secret talks", confidentiality=SECRET)
    outsider = user_in_role("Staff")
    client.force_login(outsider)

    response = client.get(reverse("relations_timeline", args=["person", person.pk]))

    assert (response.status_code, response.context["entries"]) == (200, [])
    assert "Secret talks" not in response.content.decode()
    assert readings(secret) == []


def test_timeline_records_every_view(client, manager):
    person = PersonFactory()
    secret = met(person, confidentiality=SECRET)
    client.force_login(manager)

    client.get(reverse("relations_timeline", args=["person", person.pk]))
    client.get(reverse("relations_timeline", args=["person", person.pk]))

    assert readings(secret) == [(secret, manager.pk, "timeline")] * 2


# Dashboard -----------------------------------------------------------------------------------------------------


def test_dashboard_records_confidential_upcoming_engagements_and_follow_ups(client, manager, user_in_role):
    soon = timezone.now() + datetime.timedelta(days=2)
    secret = EngagementFactory(subject="Secret upcoming talks", starts_at=soon, confidentiality=SECRET)
    internal = EngagementFactory(subject="Courtesy call", starts_at=soon, confidentiality=INTERNAL)
    secret_task = FollowUpFactory(owner=manager, title="Return the papers", engagement=internal, confidentiality=SECRET)
    client.force_login(manager)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Secret upcoming talks" in html
    assert "Return the papers" in html
    assert readings(secret, internal, secret_task) == [
        (secret, manager.pk, "dashboard"),
        (secret_task, manager.pk, "dashboard"),
    ]


def test_dashboard_records_nothing_for_a_reader_who_cannot_see_the_record(client, user_in_role):
    soon = timezone.now() + datetime.timedelta(days=2)
    secret = EngagementFactory(subject="Secret upcoming talks", starts_at=soon, confidentiality=SECRET)
    client.force_login(user_in_role("Staff"))

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Secret upcoming talks" not in html
    assert readings(secret) == []


# Staff calendar ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["month", "list"])
def test_calendar_records_confidential_delegations_and_events_it_shows(client, manager, view):
    secret_trip = DelegationFactory(title="Secret trip", confidentiality=SECRET)
    internal_trip = DelegationFactory(title="Ordinary trip", confidentiality=INTERNAL)
    secret_event = ConfidentialEventFactory(starts_at=datetime.datetime(2030, 5, 20, 10, tzinfo=datetime.UTC))
    internal_event = InternalEventFactory(starts_at=datetime.datetime(2030, 5, 21, 10, tzinfo=datetime.UTC))
    client.force_login(manager)

    response = client.get(reverse("events_calendar"), {"month": "2030-05", "view": view})

    assert "Secret trip" in response.content.decode()
    assert readings(secret_trip, internal_trip, secret_event, internal_event) == [
        (secret_trip, manager.pk, "calendar"),
        (secret_event, manager.pk, "calendar"),
    ]


def test_calendar_records_nothing_for_a_reader_who_cannot_see_the_record(client, user_in_role):
    secret_trip = DelegationFactory(title="Secret trip", confidentiality=SECRET)
    client.force_login(user_in_role("Staff"))

    response = client.get(reverse("events_calendar"), {"month": "2030-05"})

    assert "Secret trip" not in response.content.decode()
    assert readings(secret_trip) == []


# Private calendar feed -----------------------------------------------------------------------------------------


@pytest.fixture
def officer(user_in_role):
    return user_in_role("Staff")


def feed_url(officer) -> str:
    _token, secret = issue_calendar_token(user=officer)
    return reverse("events:private_calendar", kwargs={"token": secret})


def attended(user, **fields):
    engagement = EngagementFactory(starts_at=timezone.now() + datetime.timedelta(days=2), **fields)
    engagement.staff.add(user)
    return engagement


def test_private_feed_records_confidential_items_it_delivers_with_details_once_per_fetch(client, officer):
    secret = attended(officer, subject="Secret talks", confidentiality=SECRET)
    internal = attended(officer, subject="Courtesy call", confidentiality=INTERNAL)
    secret_task = FollowUpFactory(owner=officer, confidentiality=SECRET)
    url = feed_url(officer)
    update_calendar_preferences(user=officer, include_all_visible_delegations=False, show_confidential_details=True)

    first = client.get(url)
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert (first.status_code, not_modified.status_code) == (200, 304)
    assert b"Secret talks" in first.content
    assert readings(secret, internal, secret_task) == [
        (secret, officer.pk, "calendar_feed"),
        (secret_task, officer.pk, "calendar_feed"),
    ]


def test_private_feed_records_nothing_for_busy_blocks(client, officer):
    secret = attended(officer, subject="Secret talks", confidentiality=SECRET)

    response = client.get(feed_url(officer))

    assert b"Secret talks" not in response.content
    assert readings(secret) == []


def test_private_feed_records_nothing_for_a_record_the_user_cannot_see(client, officer):
    secret = EngagementFactory(subject="Secret talks", confidentiality=SECRET)
    url = feed_url(officer)
    update_calendar_preferences(user=officer, include_all_visible_delegations=True, show_confidential_details=True)

    response = client.get(url)

    assert b"Secret talks" not in response.content
    assert readings(secret) == []


def test_private_feed_records_in_one_insert_whatever_the_number_of_items(client, officer, django_assert_num_queries):
    url = feed_url(officer)
    update_calendar_preferences(user=officer, include_all_visible_delegations=False, show_confidential_details=True)
    attended(officer, confidentiality=SECRET)
    client.get(url)  # records last use, which is then quiet for an hour
    attended(officer, confidentiality=SECRET)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        attended(officer, confidentiality=SECRET)
        FollowUpFactory(owner=officer, confidentiality=SECRET)

    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)

    assert ModelLogEntry.objects.filter(action=VIEW_CONFIDENTIAL, user_id=officer.pk).count() == 1 + 2 + 12


# Exports -------------------------------------------------------------------------------------------------------


def test_listing_export_records_each_confidential_row(client, manager, user_in_role):
    secret = EngagementFactory(subject="Secret talks", confidentiality=SECRET)
    internal = EngagementFactory(subject="Courtesy call", confidentiality=INTERNAL)
    client.force_login(manager)

    response = client.get(reverse("relations_engagements:list"), {"export": "csv"})

    assert "Secret talks" in b"".join(response.streaming_content).decode("utf-8-sig")
    assert readings(secret, internal) == [(secret, manager.pk, "export")]


def test_transfers_export_records_the_export_and_each_confidential_row(client, manager, user_in_role):
    secret = EngagementFactory(subject="Secret talks", confidentiality=SECRET)
    internal = EngagementFactory(subject="Courtesy call", confidentiality=INTERNAL)
    outsider = user_in_role("Staff")
    outsider.user_permissions.add(Permission.objects.get(codename="export_records"))
    client.force_login(outsider)
    hidden = client.get(reverse("transfers:export"), {"resource": "engagements", "format": "csv"})
    client.force_login(manager)

    response = client.get(reverse("transfers:export"), {"resource": "engagements", "format": "csv"})

    assert "Secret talks" not in hidden.content.decode("utf-8-sig")
    assert "Secret talks" in response.content.decode("utf-8-sig")
    assert readings(secret, internal) == [(secret, manager.pk, "export")]
    exports = ModelLogEntry.objects.filter(action="trust.export").order_by("pk")
    assert [(entry.user_id, entry.data["model"]) for entry in exports] == [
        (outsider.pk, "relations.Engagement"),
        (manager.pk, "relations.Engagement"),
    ]


def test_transfers_export_as_a_job_records_the_export_and_each_confidential_row(
    client, manager, settings, django_capture_on_commit_callbacks
):
    settings.TRANSFERS_JOB_THRESHOLD_ROWS = 1
    secret = EngagementFactory(subject="Secret talks", confidentiality=SECRET)
    internal = EngagementFactory(subject="Courtesy call", confidentiality=INTERNAL)
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("transfers:export"), {"resource": "engagements", "format": "csv"})

    assert readings(secret, internal) == [(secret, manager.pk, "export")]
    exports = ModelLogEntry.objects.filter(action="trust.export")
    assert [(entry.user_id, entry.data["model"]) for entry in exports] == [(manager.pk, "relations.Engagement")]


# Briefing packs ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["html", "pdf"])
def test_briefing_records_the_confidential_meetings_and_follow_ups_it_shows(client, manager, file_format):
    person = PersonFactory()
    secret = met(person, subject="Secret talks", confidentiality=SECRET)
    internal = met(person, subject="Courtesy call", confidentiality=INTERNAL)
    secret_task = FollowUpFactory(engagement=internal, confidentiality=SECRET)
    client.force_login(manager)

    response = client.get(reverse("events_briefing", args=["person", person.pk]), {"format": file_format})

    assert response.status_code == 200
    assert readings(secret, internal, secret_task) == [
        (secret, manager.pk, "briefing"),
        (secret_task, manager.pk, "briefing"),
    ]


def test_briefing_records_nothing_for_a_reader_who_cannot_see_the_record(client, user_in_role):
    person = PersonFactory()
    secret = met(person, subject="Secret talks", confidentiality=SECRET)
    client.force_login(user_in_role("Staff"))

    response = client.get(reverse("events_briefing", args=["person", person.pk]))

    assert "Secret talks" not in response.content.decode()
    assert readings(secret) == []


# A delegation's page -------------------------------------------------------------------------------------------


def test_delegation_page_records_the_confidential_gifts_and_follow_ups_it_lists(client, manager, user_in_role):
    from tests.factories.events import GiftFactory

    delegation = DelegationFactory(confidentiality=INTERNAL)
    secret_gift = GiftFactory(delegation=delegation, person=PersonFactory(), item="Secret vase", confidentiality=SECRET)
    internal_gift = GiftFactory(delegation=delegation, person=PersonFactory(), confidentiality=INTERNAL)
    secret_task = FollowUpFactory(title="Secret thanks", confidentiality=SECRET)
    secret_task.delegations.add(delegation)
    outsider = user_in_role("Staff")
    client.force_login(outsider)
    hidden = client.get(reverse("events_delegations:inspect", args=[delegation.pk])).content.decode()
    client.force_login(manager)

    shown = client.get(reverse("events_delegations:inspect", args=[delegation.pk])).content.decode()

    assert ("Secret vase" in hidden, "Secret thanks" in hidden) == (False, False)
    assert ("Secret vase" in shown, "Secret thanks" in shown) == (True, True)
    assert readings(secret_gift, internal_gift, secret_task, delegation) == [
        (secret_gift, manager.pk, "related"),
        (secret_task, manager.pk, "related"),
    ]


# Where managers read the entries -------------------------------------------------------------------------------


def test_readings_show_in_the_record_history_and_the_whole_log(client, manager):
    person = PersonFactory()
    secret = met(person, subject="Secret talks", confidentiality=SECRET)
    client.force_login(manager)
    client.get(reverse("relations_timeline", args=["person", person.pk]))

    history = client.get(reverse("relations_engagements:history", args=[secret.pk])).content.decode()
    site_history = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()

    with translation.override("ja"):  # the workspace's language
        message = f"{translation.gettext('Viewed a confidential record')} ({translation.gettext('on a timeline')})"
    assert message in history
    assert message in site_history
