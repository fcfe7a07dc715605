from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet

from core.record_pages import RECORD_ACTIONS_HOOK, RECORD_SECTIONS_HOOK

from . import record_pages, selectors, views
from .dashboard import PANELS
from .models import TieInstrument
from .viewsets import RelationsViewSetGroup, StrategyViewSetGroup

register_snippet(RelationsViewSetGroup)
register_snippet(StrategyViewSetGroup)


@hooks.register("register_visibility_rules")
def register_visibility_rules():
    # An instrument has no listing of its own: it is seen with its tie (a commitment's form offers it).
    return {TieInstrument: selectors.instruments_visible_to}


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("relations/my-follow-ups/", views.MyFollowUpsView.as_view(), name="relations_my_follow_ups"),
        path("relations/overdue/", views.OverdueFollowUpsView.as_view(), name="relations_overdue_follow_ups"),
        path(
            "relations/follow-ups/<int:pk>/complete/",
            views.complete_follow_up,
            name="relations_complete_follow_up",
        ),
        path("relations/autocomplete/<slug:source>/", views.autocomplete, name="relations_autocomplete"),
        path("relations/timeline/<slug:kind>/<int:pk>/", views.TimelineView.as_view(), name="relations_timeline"),
    ]


@hooks.register("register_admin_menu_item")
def register_my_follow_ups_menu_item():
    return MenuItem(
        _("My follow-ups"), reverse("relations_my_follow_ups"), icon_name="tasks", name="my-follow-ups", order=209
    )


@hooks.register("construct_homepage_panels")
def add_relations_panels(request, panels):
    panels.extend(panel(request) for panel in PANELS)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("relations.follow_up.complete", _("Complete follow-up"), _("Follow-up completed"))
    actions.register_action("relations.follow_up.cancel", _("Cancel follow-up"), _("Follow-up cancelled"))
    actions.register_action("relations.follow_up.reopen", _("Reopen follow-up"), _("Follow-up reopened"))
    actions.register_action("relations.tie.add_instrument", _("Add instrument"), _("Instrument added"))
    actions.register_action("relations.tie.add_commitment", _("Add commitment"), _("Commitment added"))
    actions.register_action("relations.tie.complete_commitment", _("Complete commitment"), _("Commitment kept"))


@hooks.register(RECORD_SECTIONS_HOOK)
def add_relations_sections(request, record):
    return record_pages.relations_sections(request, record)


@hooks.register(RECORD_ACTIONS_HOOK)
def add_relations_actions(request, record):
    return record_pages.relations_actions(request, record)


@hooks.register("register_snippet_listing_buttons")
def timeline_listing_button(snippet, user, next_url=None):
    kind = record_pages.TIMELINE_KINDS.get(type(snippet))
    if kind:
        yield ListingButton(
            _("Timeline"),
            reverse("relations_timeline", args=[kind, snippet.pk]),
            icon_name="history",
            priority=15,
        )
