"""The visibility matrix: for each confidentiality-capable record and each surface that can show it, a confidential
record a viewer must not see is created, proven absent for the viewer, and proven present for a manager.

Adding a surface is one entry in SURFACES (and its name in the cases it applies to); adding a record kind is one
entry in CASES.
"""

import datetime
from dataclasses import dataclass, field

import pytest
from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils import timezone

from core.choices import Confidentiality
from partners.models import Country

MARKER = "極秘マーカーZQX"  # what the tests type into search boxes
SECRET = "機密本文QQW"  # what must not come back (a search box echoes what was typed)


@dataclass
class Case:
    make: object  # (author) -> confidential record whose listed text contains MARKER
    surfaces: list = field(default_factory=list)


def make_engagement(author):
    from tests.factories.relations import EngagementFactory

    engagement = EngagementFactory(
        subject=f"{MARKER} meeting {SECRET}",
        confidentiality=Confidentiality.CONFIDENTIAL,
        created_by=author,
        starts_at=timezone.now() + datetime.timedelta(days=2),
    )
    engagement.countries.add(Country.objects.get(code="VN"))
    return engagement


def make_follow_up(author):
    from tests.factories.relations import FollowUpFactory

    return FollowUpFactory(
        title=f"{MARKER} follow-up {SECRET}",
        confidentiality=Confidentiality.CONFIDENTIAL,
        owner=author,
        created_by=author,
        due_on=timezone.localdate() - datetime.timedelta(days=3),
    )


def make_delegation(author):
    from tests.factories.events import DelegationFactory

    return DelegationFactory(
        title=f"{MARKER} delegation {SECRET}", confidentiality=Confidentiality.CONFIDENTIAL, created_by=author
    )


def make_event(author):
    from tests.factories.events import ConfidentialEventFactory

    return ConfidentialEventFactory(title=f"{MARKER} event {SECRET}", created_by=author)


def get_text(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return b"".join(response) if response.streaming else response.content


def viewset_url(record, view_name, *args):
    return reverse(type(record).snippet_viewset.get_url_name(view_name), args=args)


def in_listing(client, record):
    return SECRET in get_text(client, viewset_url(record, "list")).decode()


def in_search(client, record):
    return SECRET in get_text(client, viewset_url(record, "list") + f"?q={MARKER}").decode()


def export_allowed(client, url):
    # Exports are for managers: others are redirected with a "permission denied" message.
    response = client.get(url)
    assert response.status_code in (200, 302), (url, response.status_code)
    return response.status_code == 200


def in_csv_export(client, record):
    url = viewset_url(record, "list") + "?export=csv"
    return export_allowed(client, url) and SECRET in get_text(client, url).decode("utf-8-sig")


def in_xlsx_export(client, record):
    from io import BytesIO

    from openpyxl import load_workbook

    url = viewset_url(record, "list") + "?export=xlsx"
    if not export_allowed(client, url):
        return False
    workbook = load_workbook(BytesIO(get_text(client, url)))
    return any(SECRET in str(cell) for row in workbook.active.iter_rows(values_only=True) for cell in row if cell)


def object_view(view_name):
    def reachable(client, record):
        # An unknown record in the workspace is a 404, which LocaleMiddleware turns into a redirect to /ja/...;
        # a missing permission redirects to the dashboard. Only a direct 200 shows the record.
        response = client.get(viewset_url(record, view_name, quote(record.pk)), follow=True)
        assert response.status_code in (200, 404), (view_name, response.status_code)
        return response.status_code == 200 and not response.redirect_chain

    return reachable


def in_chooser(client, record):
    chooser = type(record).snippet_viewset.chooser_viewset
    url = reverse(chooser.get_url_name("choose_results")) + f"?q={MARKER}"
    return SECRET in get_text(client, url).decode()


def in_dashboard(client, record):
    return SECRET in get_text(client, reverse("wagtailadmin_home")).decode()


def in_overdue_follow_ups(client, record):
    return SECRET in get_text(client, reverse("relations_overdue_follow_ups")).decode()


def in_country_timeline(client, record):
    return (
        SECRET in get_text(client, reverse("relations_timeline", args=["country", record.countries.get().pk])).decode()
    )


def in_selector(selector_path):
    def visible(client, record):
        from django.utils.module_loading import import_string

        user = client.user
        return import_string(selector_path)(user).filter(pk=record.pk).exists()

    return visible


def in_calendar_entries(client, record):
    from events.selectors import calendar_entries

    start = getattr(record, "start_date", None) or timezone.localdate()
    entries = calendar_entries(
        client.user, start=start - datetime.timedelta(days=1), end=start + datetime.timedelta(days=30)
    )
    return any(entry.record.pk == record.pk and SECRET in entry.title for entry in entries)


SURFACES = {
    "listing": in_listing,
    "search": in_search,
    "export_csv": in_csv_export,
    "export_xlsx": in_xlsx_export,
    "inspect": object_view("inspect"),
    "edit": object_view("edit"),
    "history": object_view("history"),
    "usage": object_view("usage"),
    "delete": object_view("delete"),
    "chooser": in_chooser,
    "dashboard": in_dashboard,
    "overdue_follow_ups": in_overdue_follow_ups,
    "timeline": in_country_timeline,
    "delegation_selector": in_selector("events.selectors.delegations_visible_to"),
    "event_selector": in_selector("events.selectors.events_visible_to"),
    "calendar_entries": in_calendar_entries,
}
SNIPPET_SURFACES = ["listing", "search", "export_csv", "export_xlsx", "inspect", "edit", "history", "usage", "delete"]

CASES = {
    "engagement": Case(make_engagement, [*SNIPPET_SURFACES, "chooser", "dashboard", "timeline"]),
    "follow_up": Case(make_follow_up, [*SNIPPET_SURFACES, "chooser", "overdue_follow_ups"]),
    "delegation": Case(make_delegation, ["delegation_selector", "calendar_entries"]),
    "event": Case(make_event, ["event_selector", "calendar_entries"]),
}
MATRIX = [(case, surface) for case, spec in CASES.items() for surface in spec.surfaces]


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "surface"), MATRIX, ids=[f"{case}-{surface}" for case, surface in MATRIX])
def test_visibility_confidential_record_absent_for_viewer_present_for_manager(case, surface, client, user_in_role):
    author = user_in_role("Staff")
    record = CASES[case].make(author)
    viewer = user_in_role("Viewers")
    manager = user_in_role("Managers")
    seen = {}

    for name, user in (("viewer", viewer), ("manager", manager)):
        client.force_login(user)
        client.user = user
        seen[name] = SURFACES[surface](client, record)

    assert seen == {"viewer": False, "manager": True}
