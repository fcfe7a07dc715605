import datetime
import html
import zoneinfo

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from core.viewsets import KizunaIndexView, KizunaInspectView
from partners.models import Organization
from relations.models import Engagement
from relations.selectors import engagements_visible_to
from tests.factories.core import UserFactory


def _view(user, query=""):
    request = RequestFactory().get(f"/admin/snippets/partners/organization/{query}")
    request.user = user
    view = KizunaIndexView(model=Organization, list_export=["name", "country"])
    view.setup(request)
    return view, request


def test_listing_export_is_refused_without_the_export_permission(db):
    view, request = _view(UserFactory(), "?export=csv")

    with pytest.raises(PermissionDenied):
        view.get(request)
    assert view.show_export_buttons is False


def test_listing_export_buttons_show_with_the_export_permission(db):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="export_records"))
    view, _request = _view(user)

    assert view.show_export_buttons is True


def test_listings_show_25_rows_a_page_and_paginate_the_rest(staff_client):
    from tests.factories.partners import OrganizationFactory

    for number in range(26):
        OrganizationFactory(name=f"Listing organization {number:02d}")

    first = staff_client.get("/admin/snippets/partners/organization/?ordering=name")
    second = staff_client.get("/admin/snippets/partners/organization/?ordering=name&p=2")

    assert first.context["page_obj"].paginator.count == 26
    assert len(first.context["page_obj"].object_list) == 25
    assert [str(row) for row in second.context["page_obj"].object_list] == ["Listing organization 25"]


def test_listings_show_when_records_changed_from_their_own_column_not_the_audit_log(staff_client):
    # Wagtail's "Updated" column looks up the newest log entry per row; SQLite computed that for every row a search
    # matched before sorting (780 ms over 300,000 engagements). The record's own updated_at shows the same moment.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.relations import EngagementFactory

    EngagementFactory(subject="Courtesy call")

    with CaptureQueriesContext(connection) as captured:
        response = staff_client.get("/admin/relations/engagements/?q=courtesy")

    assert response.status_code == 200
    assert "Courtesy call" in response.content.decode()
    assert not [query for query in captured if "wagtailcore_modellogentry" in query["sql"]]


def test_listings_record_and_export_through_the_functions_trust_and_transfers_registered():
    from core import listing_hooks
    from transfers import listing_exports
    from trust import audit

    assert (listing_hooks.record_rows_shown, listing_hooks.record_rows_exported) == (
        audit.record_confidential_views_once_rendered,
        audit.record_confidential_rows,
    )
    assert (
        listing_hooks.running_export,
        listing_hooks.export_job_threshold_rows,
        listing_hooks.start_export_job,
    ) == (listing_exports.running_export, listing_exports.job_threshold_rows, listing_exports.start_listing_export)


def test_a_listing_hook_nobody_registered_fails_loudly():
    from django.core.exceptions import ImproperlyConfigured

    from core.listing_hooks import _NotRegistered

    with pytest.raises(ImproperlyConfigured, match="trust"):
        _NotRegistered("recorder of confidential rows shown", "trust")(object(), object(), [], surface="listing")


NBSP = "\u00a0"
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _inspect_view(user, record, language="ja"):
    """The generic record page (every field of the record) of `record`, as KizunaInspectView writes it."""
    request = RequestFactory().get("/")
    request.user = user
    view = KizunaInspectView(model=type(record), visible_to=engagements_visible_to)
    view.setup(request, pk=record.pk)
    view.object = view.get_object()
    return view


def _shown(view, *names) -> list[str]:
    fields = {name: type(view.object)._meta.get_field(name) for name in names}
    return [str(view.get_field_display_value(name, field)) for name, field in fields.items()]


def _stamp(engagement, moment):
    Engagement.objects.filter(pk=engagement.pk).update(created_at=moment, updated_at=moment)


def test_a_record_page_shows_a_tokyo_meeting_at_14_00_jst_not_at_the_utc_05_00(db):
    from tests.factories.relations import EngagementFactory

    engagement = EngagementFactory(
        starts_at=datetime.datetime(2027, 2, 1, 14, 0, tzinfo=TOKYO),
        ends_at=datetime.datetime(2027, 2, 1, 15, 0, tzinfo=TOKYO),
        time_zone="Asia/Tokyo",
    )
    _stamp(engagement, datetime.datetime(2027, 1, 20, 0, 5, tzinfo=datetime.UTC))
    view = _inspect_view(UserFactory(is_superuser=True), engagement)

    with translation.override("ja"), timezone.override("Asia/Tokyo"):
        shown = _shown(view, "starts_at", "ends_at", "created_at", "updated_at")

    assert shown == [
        f'<time datetime="2027-02-01T14:00:00+09:00">2027年2月1日 14:00{NBSP}JST</time> (Asia/Tokyo)',
        f'<time datetime="2027-02-01T15:00:00+09:00">2027年2月1日 15:00{NBSP}JST</time> (Asia/Tokyo)',
        f'<time datetime="2027-01-20T09:05:00+09:00">2027年1月20日 9:05{NBSP}JST</time> (Asia/Tokyo)',
        f'<time datetime="2027-01-20T09:05:00+09:00">2027年1月20日 9:05{NBSP}JST</time> (Asia/Tokyo)',
    ]


def test_a_record_page_shows_a_meeting_abroad_on_the_places_clock_and_the_readers(db):
    from tests.factories.relations import EngagementFactory

    engagement = EngagementFactory(
        starts_at=datetime.datetime(2026, 5, 12, 9, 30, tzinfo=HANOI), ends_at=None, time_zone="Asia/Ho_Chi_Minh"
    )
    view = _inspect_view(UserFactory(is_superuser=True), engagement)

    with translation.override("en"), timezone.override("Asia/Tokyo"):
        shown = _shown(view, "starts_at", "ends_at")

    assert shown == [
        f'<time datetime="2026-05-12T09:30:00+07:00">May 12, 2026 9:30{NBSP}UTC+7</time> (Asia/Ho_Chi_Minh)'
        f' <span class="kz-reader-time">(your time: May 12, 2026 11:30{NBSP}JST)</span>',
        "-",
    ]


def test_the_engagement_page_says_when_on_the_clock_of_the_place_with_its_zone(staff_client):
    from tests.factories.relations import EngagementFactory

    tokyo = EngagementFactory(
        starts_at=datetime.datetime(2027, 2, 1, 14, 0, tzinfo=TOKYO),
        ends_at=datetime.datetime(2027, 2, 1, 15, 0, tzinfo=TOKYO),
        time_zone="Asia/Tokyo",
    )
    hanoi = EngagementFactory(
        starts_at=datetime.datetime(2026, 5, 12, 9, 30, tzinfo=HANOI), ends_at=None, time_zone="Asia/Ho_Chi_Minh"
    )

    tokyo_page = html.unescape(staff_client.get(reverse("relations_engagements:inspect", args=[tokyo.pk])).text)
    hanoi_page = html.unescape(staff_client.get(reverse("relations_engagements:inspect", args=[hanoi.pk])).text)

    assert f"2027年2月1日 14:00–15:00{NBSP}JST (Asia/Tokyo)" in tokyo_page
    assert "5:00" not in tokyo_page.replace("15:00", "")  # the UTC clock the page used to show
    assert f"2026年5月12日 9:30{NBSP}UTC+7 (Asia/Ho_Chi_Minh)" in hanoi_page
    assert f"2026年5月12日 11:30{NBSP}JST" in hanoi_page
