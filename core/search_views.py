"""The workspace's search page, where the sidebar's search box leads (core.workspace_search finds the records)."""

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from wagtail.admin.search import SearchArea

from core import listing_hooks, workspace_search

# Before Wagtail's page search (order 100): the sidebar's search box submits to the first search area.
SEARCH_AREA_ORDER = 10


class WorkspaceSearchArea(SearchArea):
    """Every kind of record, listed first among the searches, so the sidebar's search box opens this page."""

    def __init__(self):
        super().__init__(
            _("All records"), reverse("kizuna_search"), name="workspace", icon_name="search", order=SEARCH_AREA_ORDER
        )


@require_safe
def search(request):
    query = request.GET.get("q", "").strip()
    searched = workspace_search.searchable(query)
    groups = workspace_search.search_workspace(request, query) if searched else []
    found = [group for group in groups if group.count]
    response = TemplateResponse(
        request,
        "core/search/results.html",
        {
            "page_title": _("Search"),
            "header_title": _("Search"),
            "header_icon": "search",
            "query": query,
            "searched": searched,
            "groups": found,
            "kinds_without_matches": [group.label for group in groups if not group.count],
            "results_per_kind": workspace_search.RESULTS_PER_KIND,
        },
    )
    # The confidential records the page shows are recorded as read (trust.audit), once it has rendered.
    listing_hooks.record_rows_shown(
        request, response, lambda: workspace_search.records_shown(found), surface="search", details={"listing": "all"}
    )
    return response
