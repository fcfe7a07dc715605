"""Liveness and readiness endpoints for process managers and load balancers (no login, no language prefix)."""

import sys

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from wagtail.admin.views import account

from core import health
from core.forms import AccountNamesForm, CalendarFeedPreferencesForm
from core.middleware import DependencyUnavailableMiddleware
from core.selectors import active_calendar_token
from core.services import issue_calendar_token, revoke_calendar_token, update_calendar_preferences
from core.time_zones import offered_time_zones


@never_cache
@require_safe
def healthz(request):
    """Liveness: the process answers. Touches no database, cache or queue, so a restart of those never kills it."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    """Readiness: 200 when the database, cache and queue answer; 503 naming each failing dependency otherwise."""
    results = health.run_readiness_checks()
    failing = [name for name, result in results.items() if not result.ok]
    body = {
        "status": "unavailable" if failing else "ok",
        "failing": failing,
        "checks": {name: result.as_dict() for name, result in results.items()},
    }
    return JsonResponse(body, status=503 if failing else 200)


def server_error(request, template_name="500.html"):
    """handler500: a lost database or cache connection outside a view (e.g. saving the session) is a 503 too."""
    _type, error, _traceback = sys.exc_info()
    if error is not None:
        response = DependencyUnavailableMiddleware(get_response=None).process_exception(request, error)
        if response is not None:
            return response
    return defaults.server_error(request, template_name=template_name)


# The staff user's private calendar feed (issue, show once, revoke, preferences) -------------------------------


def _calendar_feed_page(request, *, secret: str = "", status: int = 200):
    token = active_calendar_token(request.user)
    feed_urls = private_feed_urls(request, secret) if secret else None
    response = TemplateResponse(
        request,
        "core/calendar_feed.html",
        {
            "page_title": _("My calendar feed"),
            "header_title": _("My calendar feed"),
            "header_icon": "calendar",
            "token": token,
            "feed_urls": feed_urls,
            "form": CalendarFeedPreferencesForm(instance=token) if token else None,
        },
        status=status,
    )
    # The page may carry the secret address: never keep a copy in a browser or proxy cache.
    add_never_cache_headers(response)
    response["Cache-Control"] += ", no-store"
    return response


def private_feed_urls(request, secret: str) -> dict[str, str]:
    address = request.build_absolute_uri(reverse("events:private_calendar", kwargs={"token": secret}))
    return {"https": address, "webcal": "webcal://" + address.split("://", 1)[1]}


@require_http_methods(["GET"])
def calendar_feed(request):
    return _calendar_feed_page(request)


@require_POST
def calendar_feed_issue(request):
    """Shows the new address in this response only: it is stored nowhere but as a hash."""
    _token, secret = issue_calendar_token(user=request.user)
    messages.success(request, _("Your new calendar address is below. Copy it now: it will not be shown again."))
    return _calendar_feed_page(request, secret=secret)


@require_POST
def calendar_feed_revoke(request):
    if revoke_calendar_token(user=request.user):
        messages.success(request, _("Your calendar address was revoked. Calendar apps using it get nothing now."))
    return redirect("core_calendar_feed")


@require_POST
def calendar_feed_preferences(request):
    token = active_calendar_token(request.user)
    if token is None:
        messages.error(request, _("Create a calendar address first."))
        return redirect("core_calendar_feed")
    form = CalendarFeedPreferencesForm(request.POST, instance=token)
    if not form.is_valid():
        messages.error(request, _("The preferences could not be saved."))
        return _calendar_feed_page(request, status=400)
    update_calendar_preferences(user=request.user, **form.cleaned_data)
    messages.success(request, _("Your calendar feed preferences were saved."))
    return redirect("core_calendar_feed")


class AccountNamesPanel(account.NameEmailSettingsPanel):
    form_class = AccountNamesForm


class AccountView(account.AccountView):
    """Wagtail's account page (config/urls.py serves it in place of Wagtail's) with the names optional."""

    def get_panels(self):
        return [
            AccountNamesPanel(panel.request, panel.user, panel.profile)
            if type(panel) is account.NameEmailSettingsPanel
            else panel
            for panel in super().get_panels()
        ]


@require_safe
def time_zones(request):
    """Every zone a time-zone box offers (core.widgets.TimeZoneSelect), fetched once by a page that has one."""
    return JsonResponse({"zones": list(offered_time_zones())})
