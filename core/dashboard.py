"""The staff home page (Wagtail admin home) belongs to the CRM: Wagtail's own site summary and page panels are
for editors of the public site only, and come after the CRM's panels (whose `order` is below 100)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.forms.search import SearchForm
from wagtail.admin.navigation import get_site_for_user
from wagtail.admin.site_summary import SiteSummaryPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import UpgradeNotificationPanel

# Wagtail's panels about pages (moderation, recent edits, locked pages): nothing to a reader who edits no page.
WAGTAIL_PAGE_PANELS = {
    "whats_new_in_wagtail_version",
    "user_objects_in_workflow_moderation",
    "workflow_objects_to_moderate",
    "locked_pages",
    "recent_edits",
}


class PublicSiteSummaryPanel(Component):
    """Wagtail's welcome block (pages, images, page search, upgrade notice), as one panel below the CRM's."""

    name = "public_site_summary"
    template_name = "core/panels/site_summary.html"
    order = 200

    def __init__(self, request):
        self.request = request
        self.site_summary = SiteSummaryPanel(request)

    @property
    def media(self):
        return self.site_summary.media

    def get_context_data(self, parent_context=None):
        return {
            **get_site_for_user(self.request.user),
            "request": self.request,
            "site_summary": self.site_summary,
            "upgrade_notification": UpgradeNotificationPanel(),
            "search_form": SearchForm(placeholder=_("Search all pages…")),
        }


def is_site_editor(user) -> bool:
    return user_has_any_page_permission(user)


def arrange_panels(request, panels: list) -> None:
    """Keep Wagtail's page panels and add its site summary for editors; drop them for everyone else."""
    if is_site_editor(request.user):
        panels.append(PublicSiteSummaryPanel(request))
    else:
        panels[:] = [panel for panel in panels if getattr(panel, "name", "") not in WAGTAIL_PAGE_PANELS]
