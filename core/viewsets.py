"""Building blocks shared by every staff listing in the Wagtail workspace.

A viewset names the app's visibility selector (`visible_to`); the listing, its exports, the inspect page
and the chooser modal all read through it, so a record a user may not see never leaks through a side door. The
create and edit forms (core.forms.KizunaAdminModelForm) and the listing's filters offer and accept only the records
of other models the user may see, by those models' rules (core.visibility).
"""

import datetime
from collections import defaultdict

from django import forms
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, TitleColumn
from wagtail.admin.views.generic.models import unquote
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import InspectView as SnippetInspectView
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.snippets.views.snippets import UsageView as SnippetUsageView

from core import listing_hooks as hooks
from core import local_time
from core.forms import KizunaAdminModelForm, restrict_choices_to_visible
from core.querysets import search, sorted_after_filtering
from core.spreadsheets import csv_cell, xlsx_cell
from core.tables import LeanTitleColumn, lean_column
from core.tables import UpdatedColumn as UpdatedColumn  # where the apps' viewsets have always imported it from
from core.visibility import rule_for

# Excel in Japan opens a CSV as Shift_JIS unless the file starts with a UTF-8 byte-order mark.
UTF8_BOM = "\ufeff"


def listing_name(url_name: str | None) -> str:
    """The viewset a listing belongs to, from one of its URL names: "relations_engagements:list" gives
    "relations_engagements"."""
    return (url_name or "").rsplit(":", 1)[0]


class KizunaIndexView(SnippetIndexView):
    """Listing with script-aware search (see core.text) and Excel-friendly CSV export; the confidential rows a
    page shows are recorded as read (trust.audit, through core.listing_hooks)."""

    # Related records a row shows (a follow-up's engagement, "instrument.tie" of a commitment): read with the
    # row. The listing's queryset must select them (select_related), or each would cost a query.
    related_records_shown: tuple[str, ...] = ()

    # Cells written by core.tables rather than through Wagtail's cell templates, which cost far more than a page's
    # SQL (docs/adr/0007); the same markup. False: Wagtail's own column classes, the reference
    # tests/core/test_tables.py compares every listing with.
    lean_columns = True

    @cached_property
    def filters(self):
        """The listing's filters (whatever their filterset class) offer and accept only records the user may see."""
        filters = super().filters
        if filters is not None:
            restrict_choices_to_visible(filters.form, self.request.user)
        return filters

    @cached_property
    def columns(self):
        columns = list(super().columns)
        # The first column (after the bulk actions' checkboxes) names the row: a column given as an object (a tie's
        # name, a post's person) becomes the title column Wagtail makes of a field name, linking to the record
        # page, with the row's actions.
        first = next(
            (index for index, column in enumerate(columns) if not isinstance(column, BulkActionsCheckboxColumn)), None
        )
        if first is not None and type(columns[first]) in (Column, TitleColumn):
            columns[first] = self._title_column_from(columns[first])
        return [lean_column(column) for column in columns] if self.lean_columns else columns

    def _title_column_from(self, column):
        column_class = self._get_title_column_class(LeanTitleColumn if self.lean_columns else TitleColumn)
        return column_class(
            column.name,
            label=column.label,
            accessor=column.accessor,
            classname=column.classname,
            sort_key=column.sort_key,
            width=column.width,
            get_url=self.get_record_url,
        )

    def get_record_url(self, instance):
        """A row's name opens its record page (the inspect view); Edit stays among the row's actions."""
        return self.get_inspect_url(instance) or self.get_edit_url(instance)

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        if self.lean_columns and column_class is TitleColumn:
            column_class = LeanTitleColumn
        column_class = self._get_title_column_class(column_class)
        return self._get_custom_column(field_name, column_class, get_url=self.get_record_url, **kwargs)

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        if isinstance(self.ordering, str) and self.ordering in self.get_valid_orderings():
            # A column heading sorts by one value, which repeats (a kind, a status, a country): the record's id
            # breaks the ties in the same direction, so paging shows every record once, and the column's index
            # (column, id) serves the sort either way (tests/core/test_listing_indexes.py).
            queryset = queryset.order_by(*queryset.query.order_by, "-pk" if self.ordering.startswith("-") else "pk")
        return queryset

    def search_queryset(self, queryset):
        if self.is_searching and hasattr(queryset, "search"):
            return sorted_after_filtering(queryset.search(self.search_query))
        return super().search_queryset(queryset)

    # Relations an export column names beyond what the listing shows (e.g. a post's predecessor, printed with its
    # person and body): fetched with the rows so the file costs the same queries for 10 rows as for 10,000.
    export_related = ()

    def stream_csv(self, queryset):
        yield UTF8_BOM
        yield from super().stream_csv(queryset)

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: csv_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for field, value in row_dict.items():
            dated = date_format if isinstance(value, datetime.datetime) else None
            yield xlsx_cell(worksheet, self.preprocess_field_value(field, value, self.FORMAT_XLSX), number_format=dated)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        if self.export_related:
            queryset = queryset.select_related(*self.export_related)
        job_export = hooks.running_export(self.request)
        if job_export is not None:
            # In the export job, which records the export and its confidential rows once the file is stored.
            job_export.exporting(self, queryset)
        else:
            # The export as a whole is recorded by trust.middleware; each confidential row it carries is a reading.
            hooks.record_rows_exported(self.request.user, queryset, surface="export")
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def to_row_dict(self, item):
        job_export = hooks.running_export(self.request)
        if job_export is not None:
            job_export.row_written()
        return super().to_row_dict(item)

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
        if self.is_export and hooks.running_export(request) is None:
            rows = self.get_queryset().count()
            if rows > hooks.export_job_threshold_rows():
                return self.export_as_job(rows)
        return super().get(request, *args, **kwargs)

    def export_as_job(self, rows):
        """A big export would hold a web worker for a minute: the task worker writes it (transfers.listing_exports)
        and the person watches its progress on the job's page, where the file is offered when ready."""
        job = hooks.start_export_job(
            request=self.request, listing=self.index_url_name, export_format=self.request.GET["export"], rows=rows
        )
        messages.success(
            self.request,
            _("The export has %(count)s rows: it is being prepared. Download it from this page when it is ready.")
            % {"count": rows},
        )
        return redirect("jobs:detail", pk=job.pk)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.is_export:  # an export records its rows in as_spreadsheet
            # The page and its results-only refresh (search, filters, next page) are each one rendering of rows.
            hooks.record_rows_shown(
                self.request,
                response,
                lambda: self.records_shown(context["object_list"]),
                surface="search" if self.is_searching else "listing",
                details={"listing": listing_name(self.index_url_name)},
            )
        return response

    def records_shown(self, rows):
        """The rows of the page as rendered (read from the page's own results, so no query) and the related
        records their columns name."""
        for row in rows:
            yield row
            for path in self.related_records_shown:
                related = row
                for name in path.split("."):
                    related = getattr(related, name, None) if related is not None else None
                yield related


class KizunaInspectView(SnippetInspectView):
    """Detail page that reads through the visibility selector; templates add the related records. Its date-times
    are on the clock of the record's place, with the zone and the reader's own clock (core.local_time)."""

    visible_to = None

    def get_object(self, queryset=None):
        return get_object_or_404(self.visible_to(self.request.user), pk=unquote(str(self.pk)))

    def get_field_display_value(self, field_name, field):
        if isinstance(field, models.DateTimeField) and not hasattr(self, f"get_{field_name}_display_value"):
            value = getattr(self.object, field_name)
            return local_time.place_time_html(value, local_time.zone_name_for(self.object, field_name))
        return super().get_field_display_value(field_name, field)


def hidden_from(user, records) -> set[tuple]:
    """(model, pk) of each of `records` that its model's visibility rule (core.visibility) hides from `user`; one
    query per model. Records of models without a rule are not judged here."""
    pks_by_model = defaultdict(set)
    for record in records:
        pks_by_model[type(record)].add(record.pk)
    hidden = set()
    for model, pks in pks_by_model.items():
        visible_to = rule_for(model)
        if visible_to is None:
            continue
        visible = set(visible_to(user).filter(pk__in=pks).values_list("pk", flat=True))
        hidden.update((model, pk) for pk in pks - visible)
    return hidden


class KizunaUsageView(SnippetUsageView):
    """The records that refer to this one. A referring record the user may not see (a confidential gift to a
    person everyone sees) keeps its row, since a deletion would still touch it, but is named the way Wagtail
    names a record the user may not edit, "(Private gift)", without its title or a link."""

    def get_table(self, object_list, **kwargs):
        table = super().get_table(object_list, **kwargs)
        hidden = hidden_from(self.request.user, [row["object"] for row in table.data])
        for row in table.data:
            record = row["object"]
            if (type(record), record.pk) in hidden:
                row.update(
                    label=_("(Private %(object)s)") % {"object": record._meta.verbose_name},
                    edit_url=None,
                    edit_link_title=None,
                )
        return table


class NormalisedSearchFilterForm(BaseFilterForm):
    """Chooser search over `search_document`, so choosers find "Nguyễn" from "nguyen" like the listings do."""

    q = forms.CharField(
        label=_("Search term"), widget=forms.TextInput(attrs={"placeholder": _("Search")}), required=False
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            objects = search(objects, query)
            self.is_searching = True
            self.search_query = query
        return objects


class RecordsShownInChooserMixin:
    """A chooser's page of results shows records like a listing: the confidential ones are recorded as read."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        hooks.record_rows_shown(
            request,
            response,
            lambda: list(self.results),
            surface="chooser",
            details={"listing": listing_name(self.results_url_name)},
        )
        return response


class VisibleObjectsChooseMixin(RecordsShownInChooserMixin):
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
    usage_view_class = KizunaUsageView
    chooser_viewset_class = KizunaChooserViewSet
    search_fields = ["search_document"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    # 25 rows, like the timelines: rendering grows with the rows shown, and 25 keeps every listing within the
    # staff page budget at size L (bench/results/README.md). Wagtail's own default is 20.
    list_per_page = 25
    visible_to = None
    # The form the `panels` build on (e.g. one with core.forms.AssignableUsersFormMixin), and the one an
    # `edit_handler` without a form of its own builds on: always a KizunaAdminModelForm.
    base_form_class = KizunaAdminModelForm

    def get_queryset(self, request):
        return self.visible_to(request.user)

    def get_edit_handler(self):
        if not hasattr(self, "edit_handler") and hasattr(self, "panels"):
            edit_handler = ObjectList(self.panels, base_form_class=self.base_form_class).bind_to_model(self.model)
        else:
            edit_handler = super().get_edit_handler()
        form_class = (
            edit_handler.base_form_class or getattr(self.model, "base_form_class", None) or self.base_form_class
        )
        if not issubclass(form_class, KizunaAdminModelForm):
            # Its choice fields would offer records the user may not see.
            raise ImproperlyConfigured(
                f"{type(self).__name__}: the form of {self.model._meta.label} must be a KizunaAdminModelForm, "
                f"not {form_class.__name__}"
            )
        edit_handler.base_form_class = form_class
        return edit_handler

    # See KizunaIndexView.export_related.
    export_related = ()

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(export_related=self.export_related, **kwargs)

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
        label=label or _("Tags"),
        accessor=lambda instance: ", ".join(sorted(tag.name for tag in instance.tags.all())),
    )
