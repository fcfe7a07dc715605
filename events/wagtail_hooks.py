from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet

from core.record_pages import RECORD_ACTIONS_HOOK, RECORD_SECTIONS_HOOK

from . import record_pages, views
from .viewsets import DelegationsAndEventsViewSetGroup

register_snippet(DelegationsAndEventsViewSetGroup)


@hooks.register("register_admin_urls")
def register_events_admin_urls():
    return [
        path("events/calendar/", views.CalendarView.as_view(), name="events_calendar"),
        path("events/briefing/<slug:kind>/<int:pk>/", views.briefing_view, name="events_briefing"),
        path(
            "events/itinerary/<int:pk>/record-as-engagement/",
            views.record_as_engagement_view,
            name="events_record_as_engagement",
        ),
        path(
            "events/delegations/<int:pk>/follow-ups/add/",
            views.add_visit_follow_up_view,
            name="events_add_visit_follow_up",
        ),
    ]


@hooks.register("register_delegations_and_events_menu_item")
def register_calendar_menu_item():
    return MenuItem(
        _("Calendar"), reverse("events_calendar"), icon_name="calendar-alt", name="events-calendar", order=10
    )


@hooks.register(RECORD_SECTIONS_HOOK)
def add_events_sections(request, record):
    return record_pages.events_sections(request, record)


@hooks.register(RECORD_ACTIONS_HOOK)
def add_events_actions(request, record):
    return record_pages.events_actions(request, record)


@hooks.register("register_snippet_listing_buttons")
def briefing_listing_button(snippet, user, next_url=None):
    kind = record_pages.BRIEFING_KINDS.get(type(snippet))
    if kind:
        yield ListingButton(
            _("Briefing pack"), reverse("events_briefing", args=[kind, snippet.pk]), icon_name="doc-full", priority=16
        )


@hooks.register("register_log_actions")
def register_events_log_actions(actions):
    actions.register_action("events.itinerary_item_added", _("Add itinerary item"), _("Itinerary item added"))
    actions.register_action(
        "events.itinerary_item_recorded", _("Record as engagement"), _("Itinerary item recorded as an engagement")
    )
    actions.register_action("events.follow_up_added", _("Add follow-up"), _("Follow-up of the visit added"))
    actions.register_action("events.gift_reported", _("Report gift"), _("Gift reported under the ethics rules"))
