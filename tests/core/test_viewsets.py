import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from core.viewsets import KizunaIndexView
from partners.models import Organization
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
