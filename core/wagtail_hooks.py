"""Staff workspace registrations of the core app: the user's private calendar feed page and its log actions, the
workspace's styles, the date pickers' settings and the users' pictures."""

from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.staticfiles import versioned_static

from core import avatars, dashboard, library_views, search_views, views

CALENDAR_MENU_ORDER = 225


@hooks.register("construct_homepage_panels")
def arrange_homepage_panels(request, panels):
    dashboard.arrange_panels(request, panels)


@hooks.register("register_admin_urls")
def register_calendar_feed_urls():
    return [
        path("calendar-feed/", views.calendar_feed, name="core_calendar_feed"),
        path("calendar-feed/issue/", views.calendar_feed_issue, name="core_calendar_feed_issue"),
        path("calendar-feed/revoke/", views.calendar_feed_revoke, name="core_calendar_feed_revoke"),
        path("calendar-feed/preferences/", views.calendar_feed_preferences, name="core_calendar_feed_preferences"),
        path("time-zones/", views.time_zones, name="core_time_zones"),
    ]


@hooks.register("register_admin_menu_item")
def register_calendar_feed_menu_item():
    return MenuItem(
        _("My calendar feed"),
        reverse("core_calendar_feed"),
        name="calendar-feed",
        icon_name="calendar",
        order=CALENDAR_MENU_ORDER,
    )


@hooks.register("register_log_actions")
def register_calendar_feed_log_actions(actions):
    actions.register_action("kizuna.calendar_token.issue", _("Issue calendar address"), _("Calendar address issued"))
    actions.register_action(
        "kizuna.calendar_token.regenerate", _("Regenerate calendar address"), _("Calendar address regenerated")
    )
    actions.register_action("kizuna.calendar_token.revoke", _("Revoke calendar address"), _("Calendar address revoked"))
    actions.register_action(
        "kizuna.calendar_token.preferences",
        _("Change calendar feed preferences"),
        _("Calendar feed preferences changed"),
    )


# Before Wagtail's own (order 0): the document and image listings' paths resolve to core.library_views.
@hooks.register("register_admin_urls", order=-1)
def register_library_listings():
    return library_views.urls()


@hooks.register("insert_global_admin_css")
def workspace_styles():
    return format_html('<link rel="stylesheet" href="{}">', versioned_static("core/workspace.css"))


@hooks.register("insert_global_admin_js")
def date_field_settings():
    return format_html('<script src="{}"></script>', versioned_static("core/date_fields.js"))


@hooks.register("get_avatar_url")
def avatar_url(user, size):
    return avatars.avatar_url(user)


@hooks.register("register_admin_urls")
def register_search_url():
    return [path("search/", search_views.search, name="kizuna_search")]


@hooks.register("register_admin_search_area")
def register_search_area():
    return search_views.WorkspaceSearchArea()
