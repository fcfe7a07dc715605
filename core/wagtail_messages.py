"""Wagtail's own staff-workspace messages that its Japanese catalogue lacks.

Wagtail 8 ships Japanese for about a third of its admin messages, so a Japanese listing said "Search…", "Filter by"
and, after a search, "There are 2 matches". Each message is marked here with Wagtail's exact msgid so that
`make messages` keeps it in core's catalogue, where its Japanese is written: Django reads the catalogues of the
apps listed first in INSTALLED_APPS before those listed later, and core comes before every Wagtail app. Nothing
reads this module at run time; tests/test_translations.py checks that each message reads Japanese.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

WAGTAIL_MESSAGES = (
    # Listings: the search box, the filters drawer, the results heading, the row checkboxes.
    _("Search…"),
    ngettext_lazy("There is %(counter)s match", "There are %(counter)s matches", "counter"),
    _("Filter by"),
    _("Show filters"),
    _("Bulk actions"),
    _("Select all"),
    _("Select"),  # also core.tables' lean checkbox cells, whose f-string makemessages cannot read
    _("Select row"),
    _("Select all snippets in listing"),
    # Every page: the header, dialogs; edit forms: the side panels and the footer.
    _("Toggle breadcrumbs"),
    _("Close dialog"),
    _("Back"),
    _("View history"),
    _("To be created by %(user)s"),
    _("Toggle section"),
    _("Side panels"),
    _("Toggle side panel"),
    _("Side panel width"),
    _("Minimap"),
    _("Toggle status"),
    _("Actions (footer)"),
    _("Go to the first error"),
    _('Multi-word tags with spaces will automatically be enclosed in double quotes (").'),
    # A record's history.
    _("%(time)s by %(user_display_name)s"),
    _("Date / Time"),
    _("Field"),
)
