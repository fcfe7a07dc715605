"""The visibility matrix: for each confidentiality-capable record and each surface that can show it, a confidential
record is created by a Staff member, proven absent for a viewer and for a colleague not listed on it, and proven
present for its author (wherever Staff may use the surface at all) and for a manager.

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
    from tests.factories.relations import EngagementFactory, FollowUpFactory

    # Of an internal engagement with Viet Nam, so the country's timeline lists it for those who may see it.
    engagement = EngagementFactory(confidentiality=Confidentiality.INTERNAL)
    engagement.countries.add(Country.objects.get(code="VN"))
    return FollowUpFactory(
        title=f"{MARKER} follow-up {SECRET}",
        confidentiality=Confidentiality.CONFIDENTIAL,
        owner=author,
        created_by=author,
        engagement=engagement,
        due_on=timezone.localdate() - datetime.timedelta(days=3),
    )


def make_delegation(author):
    from tests.factories.events import DelegationFactory

    today = timezone.localdate()
    return DelegationFactory(
        title=f"{MARKER} delegation {SECRET}",
        confidentiality=Confidentiality.CONFIDENTIAL,
        created_by=author,
        start_date=today + datetime.timedelta(days=5),
        end_date=today + datetime.timedelta(days=8),
    )


def make_event(author):
    from tests.factories.events import ConfidentialEventFactory

    starts_at = timezone.now() + datetime.timedelta(days=5)
    return ConfidentialEventFactory(
        title=f"{MARKER} event {SECRET}",
        created_by=author,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
    )


def make_gift(author):
    from tests.factories.contacts import PersonFactory
    from tests.factories.events import DelegationFactory, GiftFactory

    # On an internal delegation and to a person, so the delegation's page and the person's briefing could show it.
    return GiftFactory(
        item=f"{MARKER} gift {SECRET}",
        confidentiality=Confidentiality.CONFIDENTIAL,
        created_by=author,
        person=PersonFactory(),
        delegation=DelegationFactory(confidentiality=Confidentiality.INTERNAL),
    )


def make_attachment(author):
    from tests.factories.attachments import AttachmentFactory
    from tests.factories.relations import EngagementFactory

    return AttachmentFactory(
        title=f"{MARKER} minutes {SECRET}",
        confidentiality=Confidentiality.CONFIDENTIAL,
        created_by=author,
        engagement=EngagementFactory(confidentiality=Confidentiality.INTERNAL),
    )


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
        # An unknown record in the workspace is a plain 404 (never a redirect to /ja/admin/...); a missing
        # permission redirects to the dashboard. Only a direct 200 shows the record.
        response = client.get(viewset_url(record, view_name, quote(record.pk)), follow=True)
        assert response.status_code in (200, 404), (view_name, response.status_code)
        assert not (response.status_code == 404 and response.redirect_chain), response.redirect_chain
        return response.status_code == 200 and not response.redirect_chain

    return reachable


def in_chooser(client, record):
    chooser = type(record).snippet_viewset.chooser_viewset
    url = reverse(chooser.get_url_name("choose_results")) + f"?q={MARKER}"
    return SECRET in get_text(client, url).decode()


def in_usage_of(related):
    """The usage page of a record others may see ("where is this person used?") that `record` refers to."""

    def shown(client, record):
        target = related(record)
        response = client.get(viewset_url(target, "usage", quote(target.pk)))
        # Usage pages are for those who may edit the record: Viewers are redirected with a message.
        assert response.status_code in (200, 302), response.status_code
        return response.status_code == 200 and SECRET in response.content.decode()

    return shown


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


def in_staff_calendar(client, record):
    month = f"{record.start_date:%Y-%m}"
    return SECRET in get_text(client, reverse("events_calendar") + f"?view=list&month={month}").decode()


def in_private_calendar_feed(client, record):
    from core.services import issue_calendar_token

    # Even as a "busy" block without details, a hidden delegation must not be in the feed: look for its UID.
    _token, secret = issue_calendar_token(user=client.user, include_all_visible_delegations=True)
    return str(record.uid) in get_text(client, reverse("events:private_calendar", args=[secret])).decode()


def reachable_briefing(kind, subject):
    def reachable(client, record):
        response = client.get(reverse("events_briefing", args=[kind, subject(record).pk]))
        assert response.status_code in (200, 404), response.status_code
        return response.status_code == 200 and SECRET in response.content.decode()

    return reachable


def in_delegation_page(client, record):
    url = reverse("events_delegations:inspect", args=[record.delegation_id])
    return SECRET in get_text(client, url).decode()


def in_council_report(metric, day):
    def counted(client, record):
        from core.fiscal import FiscalYear
        from reports.selectors import council_report

        year = FiscalYear.containing(day(record))
        report = council_report(client.user, first=year, last=year)
        return report.totals.current.get(metric, 0) > 0

    return counted


def downloadable(client, record):
    response = client.get(reverse("attachments_download", args=[record.pk]))
    assert response.status_code in (200, 404), response.status_code
    return response.status_code == 200


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
    "timeline_of_engagement": lambda client, follow_up: (
        SECRET
        in get_text(
            client, reverse("relations_timeline", args=["country", follow_up.engagement.countries.get().pk])
        ).decode()
    ),
    "delegation_selector": in_selector("events.selectors.delegations_visible_to"),
    "event_selector": in_selector("events.selectors.events_visible_to"),
    "calendar_entries": in_calendar_entries,
    "staff_calendar": in_staff_calendar,
    "private_calendar_feed": in_private_calendar_feed,
    "delegation_briefing": reachable_briefing("delegation", lambda delegation: delegation),
    "person_briefing": reachable_briefing("person", lambda gift: gift.person),
    "delegation_page": in_delegation_page,
    "report_engagements": in_council_report("engagements", lambda engagement: engagement.starts_at.date()),
    "report_overdue": in_council_report("follow_ups_overdue", lambda follow_up: follow_up.due_on),
    "report_outbound": in_council_report("outbound", lambda delegation: delegation.start_date),
    "report_events": in_council_report("events", lambda event: event.start_date),
    "download": downloadable,
    "usage_of_person": in_usage_of(lambda record: record.person),
    "usage_of_delegation": in_usage_of(lambda record: record.delegation),
    "usage_of_engagement": in_usage_of(lambda record: record.engagement),
}
SNIPPET_SURFACES = ["listing", "search", "export_csv", "export_xlsx", "inspect", "edit", "history", "usage", "delete"]

CASES = {
    "engagement": Case(make_engagement, [*SNIPPET_SURFACES, "chooser", "dashboard", "timeline", "report_engagements"]),
    "follow_up": Case(
        make_follow_up,
        [
            *SNIPPET_SURFACES,
            "chooser",
            "overdue_follow_ups",
            "timeline_of_engagement",
            "report_overdue",
            "usage_of_engagement",
        ],
    ),
    "delegation": Case(
        make_delegation,
        [
            *SNIPPET_SURFACES,
            "chooser",
            "delegation_selector",
            "calendar_entries",
            "staff_calendar",
            "private_calendar_feed",
            "delegation_briefing",
            "report_outbound",
        ],
    ),
    "event": Case(
        make_event,
        [*SNIPPET_SURFACES, "chooser", "event_selector", "calendar_entries", "staff_calendar", "report_events"],
    ),
    "gift": Case(
        make_gift,
        [
            *SNIPPET_SURFACES,
            "chooser",
            "delegation_page",
            "person_briefing",
            "usage_of_person",
            "usage_of_delegation",
        ],
    ),
    "attachment": Case(make_attachment, [*SNIPPET_SURFACES, "chooser", "download", "usage_of_engagement"]),
}
# Staff may not export or delete: for those surfaces the author, a Staff member, is refused like anyone else.
MANAGERS_ONLY = {"export_csv", "export_xlsx", "delete"}
MATRIX = [(case, surface) for case, spec in CASES.items() for surface in spec.surfaces]


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "surface"), MATRIX, ids=[f"{case}-{surface}" for case, surface in MATRIX])
def test_visibility_confidential_record_absent_for_viewer_present_for_author_and_manager(
    case, surface, client, user_in_role
):
    author = user_in_role("Staff")
    record = CASES[case].make(author)
    viewer = user_in_role("Viewers")
    colleague = user_in_role("Staff")  # same role as the author, not on the record
    manager = user_in_role("Managers")
    seen = {}

    for name, user in (("viewer", viewer), ("colleague", colleague), ("author", author), ("manager", manager)):
        client.force_login(user)
        client.user = user
        seen[name] = SURFACES[surface](client, record)

    author_sees = surface not in MANAGERS_ONLY
    assert seen == {"viewer": False, "colleague": False, "author": author_sees, "manager": True}
