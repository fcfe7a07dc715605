"""Building blocks shared by every staff listing in the Wagtail workspace.

A viewset names the app's visibility selector (`visible_to`); the listing, its exports, the inspect page
and the chooser modal all read through it, so a record a user may not see never leaks through a side door.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import unquote
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import InspectView as SnippetInspectView
from wagtail.snippets.views.snippets import SnippetViewSet

from trust import audit

# Excel in Japan opens a CSV as Shift_JIS unless the file starts with a UTF-8 byte-order mark.
UTF8_BOM = "\ufeff"


class KizunaIndexView(SnippetIndexView):
    """Listing with script-aware search (see core.text) and Excel-friendly CSV export."""

    def search_queryset(self, queryset):
        if self.is_searching and hasattr(queryset, "search"):
            return queryset.search(self.search_query)
        return super().search_queryset(queryset)

    def stream_csv(self, queryset):
        yield UTF8_BOM
        yield from super().stream_csv(queryset)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        # The export as a whole is recorded by trust.middleware; each confidential row it carries is a reading.
        audit.record_confidential_rows(self.request.user, queryset, surface="export")
        return super().as_spreadsheet(queryset, spreadsheet_format)

    # Exporting a listing (the filtered rows, columns as shown) is a permission of its own, granted per group.
    export_permission = "transfers.export_records"

    def may_export(self) -> bool:
        return self.request.user.has_perm(self.export_permission)

    @cached_property
    def show_export_buttons(self):
        return super().show_export_buttons and self.may_export()

    def get(self, request, *args, **kwargs):
        if self.is_export and not self.may_export():
            raise PermissionDenied
        return super().get(request, *args, **kwargs)


class KizunaInspectView(SnippetInspectView):
    """Detail page that reads through the visibility selector; templates add the related records."""

    visible_to = None

    def get_object(self, queryset=None):
        return get_object_or_404(self.visible_to(self.request.user), pk=unquote(str(self.pk)))


class NormalisedSearchFilterForm(BaseFilterForm):
    """Chooser search over `search_document`, so choosers find "Nguyễn" from "nguyen" like the listings do."""

    q = forms.CharField(
        label=_("Search term"), widget=forms.TextInput(attrs={"placeholder": _("Search")}), required=False
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            objects = objects.search(query)
            self.is_searching = True
            self.search_query = query
        return objects


class VisibleObjectsChooseMixin:
    visible_to = None
    filter_form_class = NormalisedSearchFilterForm

    def get_object_list(self):
        return self.visible_to(self.request.user)


class KizunaChooseView(VisibleObjectsChooseMixin, ChooseView):
    pass


class KizunaChooseResultsView(VisibleObjectsChooseMixin, ChooseResultsView):
    pass


class KizunaChooserViewSet(SnippetChooserViewSet):
    choose_view_class = KizunaChooseView
    choose_results_view_class = KizunaChooseResultsView
    visible_to = None

    def construct_view(self, view_class, **kwargs):
        if issubclass(view_class, VisibleObjectsChooseMixin):
            kwargs["visible_to"] = self.visible_to
        return super().construct_view(view_class, **kwargs)


class KizunaSnippetViewSet(SnippetViewSet):
    """Defaults for CRM records: normalised search over `search_document`, inspect view, CSV/XLSX export.

    Subclasses set `visible_to` to the model's `*_visible_to(user)` selector (wrapped in staticmethod).
    """

    index_view_class = KizunaIndexView
    inspect_view_class = KizunaInspectView
    chooser_viewset_class = KizunaChooserViewSet
    search_fields = ["search_document"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 50
    visible_to = None

    def get_queryset(self, request):
        return self.visible_to(request.user)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(visible_to=self.visible_to, **kwargs)

    @cached_property
    def chooser_viewset(self):
        return self.chooser_viewset_class(
            self.get_chooser_admin_url_namespace(),
            model=self.model,
            url_prefix=self.get_chooser_admin_base_path(),
            icon=self.icon,
            per_page=self.chooser_per_page,
            visible_to=self.visible_to,
        )


def tags_column(label=None) -> Column:
    """Tag names of each row; the listing's queryset must prefetch `tags`."""
    return Column(
        "tags",
        label=label or _("tags"),
        accessor=lambda instance: ", ".join(sorted(tag.name for tag in instance.tags.all())),
    )
