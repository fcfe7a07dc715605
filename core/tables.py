"""Listing columns of our own.

`LocalDateColumn` shows a date, or a date-time on the clock of the row's place, and `UpdatedColumn` when a record
last changed, from the record itself (see their docstrings).

The `Lean*` columns write the cells of Wagtail's listing columns with the markup of Wagtail's templates (the cell
templates under wagtailadmin/tables/, and for a title cell the button, dropdown and icon templates it includes) in
Python instead of through the template engine. Measured on the 2-core benchmark machine at size L (25 rows, best of
15 renderings): Wagtail's templates spent 40-73 ms a page on the cells, 1.5 ms for each title cell (its link, the
row's two to four buttons and its "more" dropdown: up to seven templates and six icons) and 0.05-0.25 ms for each
other cell; written out, the cells of the same pages take 13-28 ms, about 6 ms of which is Wagtail building the
row's buttons (get_list_buttons and our listing-button hooks), which is unchanged. Whole listing pages
(bench/run.py, medians): engagements 151-219 -> 86-119 ms, delegations 118-190 -> 99-114 ms, people 154 -> 111-144
ms; the rest of a page is Wagtail's own frame (menu, header, filters).

What a cell shows is unchanged: each lean class subclasses the Wagtail class it replaces and overrides only
`render_cell_html`, reading the same `get_cell_context_data`, and every value is escaped and localised by the
functions the templates call (`render_value_in_context` for `{{ value }}`; Wagtail's `human_readable_date` and
`timesince_simple` and Django's `date` filter for dates). Only whitespace differs: each run of it between tags is a
single space here, and none is written before the end of a tag (`<td>` for Wagtail's `<td >`); a browser reads both
alike. tests/core/test_tables.py compares every listing with Wagtail's rendering, in Japanese and in English.

Anything not written for here keeps Wagtail's rendering: `lean_column` swaps a column only when its class is exactly
one of `LEAN_COLUMNS` (a subclass may have its own template or context); a lean column whose `cell_template_name` is
changed, a date cell whose value is not a date and a checkbox cell of pages render through their templates; and a
button in a title cell that is not one of Wagtail's plain buttons, or its dropdown of them, is rendered by its own
template.
"""

import copy
import datetime
import functools
import html

from django.contrib.admin.utils import quote
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import capfirst, date
from django.templatetags.l10n import unlocalize
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.templatetags.wagtailadmin_tags import classnames, human_readable_date, timesince_simple
from wagtail.admin.ui.tables import (
    BaseColumn,
    BulkActionsCheckboxColumn,
    Column,
    DateColumn,
    NumberColumn,
    TitleColumn,
)
from wagtail.admin.widgets.button import BaseButton, Button, ButtonWithDropdown, ListingButton

from core import local_time
from core.form_renderer import attributes


class LocalDateColumn(DateColumn):
    """A date, or a date-time on the clock of the row's place with its zone (core.local_time), written out.

    Wagtail's DateColumn writes every value as time passed ("3 hours ago"), which says "Just now" of a meeting
    that is six hours ahead, and its date-times on the reader's clock. Here a date-time is absolute, on the place's
    clock: "2027年2月1日 14:00 JST". With `relative`, one in the past is written as the time passed since ("3時間前",
    for when a record changed); the absolute value, with the zone's name and the reader's own clock where it
    differs, is in the title (shown on hover) and the `datetime` attribute of either.
    """

    def __init__(self, name, *, relative=False, **kwargs):
        super().__init__(name, **kwargs)
        self.relative = relative

    def render_cell_html(self, instance, parent_context):
        content = self.render_value(instance, self.get_value(instance))
        return mark_safe(f"<td{_cell_class(self)}> {content} </td>")  # noqa: S308 - every value escaped by shown()

    def render_value(self, instance, value) -> str:
        if not value:
            return ""
        if not isinstance(value, datetime.datetime):
            return f'<time datetime="{shown(value.isoformat())}">{shown(local_time.date_text(value))}</time>'
        zone_name = local_time.zone_name_for(instance, self.accessor if isinstance(self.accessor, str) else None)
        local, _reader = local_time.on_clocks(value, zone_name)
        now = timezone.now()
        if self.relative and value <= now:
            text = local_time.time_passed(value, now)
        else:
            text = local_time.clock_text(local)
        return (
            f'<time datetime="{shown(local.isoformat())}"'
            f' title="{shown(local_time.place_time_title(value, zone_name))}">{shown(text)}</time>'
        )


class UpdatedColumn(LocalDateColumn):
    """When the record last changed, from its own `updated_at` (set by every save), as time passed since.

    Wagtail's UpdatedAtColumn reads the newest audit-log entry of each row with a correlated sub-query, which SQLite
    computes for every row a search matched before it sorts them: a common term over 300,000 engagements cost
    780 ms. The record's column costs nothing.
    """

    def __init__(self, **kwargs):
        super().__init__(
            "updated_at",
            label=kwargs.pop("label", _("Updated")),
            sort_key=kwargs.pop("sort_key", "updated_at"),
            relative=kwargs.pop("relative", True),
            **kwargs,
        )


# What `{{ value }}` does in a template rendered with a plain dict (Wagtail's cells are): localtime, localise,
# escape. Only the flags of this context are read.
_TEMPLATE_CONTEXT = Context(autoescape=True)


def shown(value) -> str:
    """`value` as `{{ value }}` prints it: escaped HTML.

    The cells are built by joining such pieces (format_html costs more than the templates' own work here); every
    value goes through this function, and the whole cell is marked safe once, at the end."""
    if type(value) is str:  # the common case; a str is neither localised nor converted to local time
        return html.escape(value)
    return str(render_value_in_context(value, _TEMPLATE_CONTEXT))


def _cell_class(column) -> str:
    return f' class="{shown(column.classname)}"' if column.classname else ""


def _icon(name, classname="icon") -> str:
    """wagtailadmin/shared/icon.html without a title or wrapper."""
    return _icon_markup(shown(name), shown(classname))


@functools.lru_cache(maxsize=256)
def _icon_markup(name: str, classname: str) -> str:
    return f'<svg class="icon icon-{name} {classname}" aria-hidden="true"><use href="#icon-{name}"></use></svg>'


class LeanColumnMixin:
    """Falls back to the template when a subclass names another one."""

    lean_template_name = None

    def render_cell_html(self, instance, parent_context):
        if self.cell_template_name != self.lean_template_name:
            return super().render_cell_html(instance, parent_context)
        return mark_safe(self.render_lean_cell(self.get_cell_context_data(instance, parent_context)))  # noqa: S308


class LeanColumn(LeanColumnMixin, Column):
    """wagtailadmin/tables/cell.html."""

    lean_template_name = "wagtailadmin/tables/cell.html"

    def render_lean_cell(self, context):
        value = context["value"]
        return f"<td{_cell_class(self)}> {'' if value is None else shown(value)} </td>"


class LeanNumberColumn(LeanColumnMixin, NumberColumn):
    lean_template_name = "wagtailadmin/tables/cell.html"
    render_lean_cell = LeanColumn.render_lean_cell


class LeanDateColumn(LeanColumnMixin, DateColumn):
    """wagtailadmin/tables/date_cell.html: wagtailadmin/shared/human_readable_date.html for any date."""

    lean_template_name = "wagtailadmin/tables/date_cell.html"

    def render_cell_html(self, instance, parent_context):
        if self.cell_template_name == self.lean_template_name:
            context = self.get_cell_context_data(instance, parent_context)
            value = context["value"]
            if not value or isinstance(value, datetime.date):  # anything else: Wagtail's tag decides what happens
                return mark_safe(self.render_lean_cell(context))  # noqa: S308
        return super(LeanColumnMixin, self).render_cell_html(instance, parent_context)

    def render_lean_cell(self, context):
        value = context["value"]
        if not value:
            return f"<td{_cell_class(self)}> </td>"
        tag = human_readable_date(value)
        local = template_localtime(value)  # the `date` filter's expects_localtime
        return (
            f'<td{_cell_class(self)}> <button type="button" class="w-human-readable-date" data-controller="w-tooltip"'
            f' data-w-tooltip-content-value="{shown(date(local, tag["tooltip_format"]))}"'
            f' data-w-tooltip-placement-value="{shown(tag["placement"])}">'
            f' <time class="w-human-readable-date__date" datetime="{shown(date(local, "c"))}">'
            f" {shown(capfirst(timesince_simple(tag['date'])))} </time> </button> </td>"
        )


class LeanBulkActionsCheckboxColumn(LeanColumnMixin, BulkActionsCheckboxColumn):
    """wagtailadmin/bulk_actions/listing_checkbox_cell.html, for anything but pages (which add a status)."""

    lean_template_name = "wagtailadmin/bulk_actions/listing_checkbox_cell.html"

    def render_cell_html(self, instance, parent_context):
        if self.obj_type == "page":
            return super(LeanColumnMixin, self).render_cell_html(instance, parent_context)
        return super().render_cell_html(instance, parent_context)

    def render_lean_cell(self, context):
        describedby = context["aria_describedby"]
        describedby = f' aria-describedby="{shown(describedby)}"' if describedby else ""
        return (
            '<td class="bulk-action-checkbox-cell"> <input type="checkbox"'
            f' data-object-id="{shown(quote(unlocalize(context["instance"].pk)))}" data-bulk-action-checkbox'
            f' class="bulk-action-checkbox" aria-label="{shown(gettext("Select"))}"{describedby} /> </td>'
        )


BUTTON_TEMPLATE = "wagtailadmin/shared/button.html"
DROPDOWN_TEMPLATE = "wagtailadmin/shared/button_with_dropdown.html"


def _is_plain_button(button) -> bool:
    return type(button) in (BaseButton, Button, ListingButton) and button.template_name == BUTTON_TEMPLATE


def _button_html(button) -> str:
    """wagtailadmin/shared/button.html."""
    icon = f"{_icon(button.icon_name)} " if button.icon_name else ""
    content = f"{icon}{shown(button.label)}"
    attrs = shown(button.base_attrs_string)
    if button.url:
        return f'<a href="{shown(button.url)}" class="{shown(button.classname)}" {attrs}> {content} </a>'
    return f'<button class="{shown(button.classname)}" {attrs}> {content} </button>'


def _dropdown_html(button, children) -> str:
    """wagtailadmin/shared/button_with_dropdown.html, through wagtailadmin/shared/dropdown/dropdown.html, with the
    variables BaseDropdownMenuButton.get_context_data gives it."""
    label = button.label
    toggle_class = classnames("w-dropdown__toggle", "" if label else "w-dropdown__toggle--icon", button.classname)
    aria_label = f' aria-label="{shown(button.aria_label)}"' if button.aria_label else ""
    toggle_label = f"{shown(label)} " if label else ""
    toggle_icon = _icon(button.icon_name or "arrow-down", "w-dropdown__toggle-icon")
    items = " ".join(_button_html(child) for child in children)
    return (
        f'<div data-controller="w-dropdown" class="w-dropdown" {shown(button.base_attrs_string)}>'
        f' <button type="button" class="{shown(toggle_class)}" data-w-dropdown-target="toggle"{aria_label}>'
        f" {toggle_label}{toggle_icon} </button>"
        f' <div data-w-dropdown-target="content" class="w-dropdown__content" hidden> {items} </div> </div>'
    )


def _list_button_html(button, context) -> str:
    """The markup between `<li>` and `</li>`: Wagtail's button templates start and end with whitespace."""
    if _is_plain_button(button):
        return f" {_button_html(button)} "
    if type(button) is ButtonWithDropdown and button.template_name == DROPDOWN_TEMPLATE:
        children = sorted(button.dropdown_buttons)
        if all(_is_plain_button(child) for child in children):
            return f" {_dropdown_html(button, children)} "
    # As `{% component button %}` in the title cell's template does.
    return str(conditional_escape(button.render_html(Context(context))))


class LeanTitleColumn(LeanColumnMixin, TitleColumn):
    """wagtailadmin/tables/title_cell.html with wagtailadmin/shared/buttons.html."""

    lean_template_name = "wagtailadmin/tables/title_cell.html"

    def render_lean_cell(self, context):
        title = shown(context["value"])
        if context["title_id"]:
            title = f'<span id="{shown(context["title_id"])}">{title}</span>'
        if context["link_url"]:
            title = f"<a{attributes(context['link_attrs'])}> {title} </a>"
        elif context["label_id"]:
            title = f'<label for="{shown(context["label_id"])}"> {title} </label>'
        actions = ""
        if buttons := context.get("buttons"):
            items = " ".join(f"<li>{_list_button_html(button, context)}</li>" for button in buttons if button.show)
            actions = f' <ul class="actions"> {items} </ul>'
        classname = f"{shown(self.classname)} " if self.classname else ""
        return f'<td class="{classname}title"> <div class="title-wrapper"> {title} </div>{actions} </td>'


LEAN_COLUMNS = {
    Column: LeanColumn,
    NumberColumn: LeanNumberColumn,
    DateColumn: LeanDateColumn,
    TitleColumn: LeanTitleColumn,
    BulkActionsCheckboxColumn: LeanBulkActionsCheckboxColumn,
}


def lean_column(column: BaseColumn) -> BaseColumn:
    """The lean counterpart of `column` with all its settings, or `column` itself when its class is not one written
    for here. A copy, since the columns of `list_display` are shared by every request of the listing."""
    lean_class = LEAN_COLUMNS.get(type(column))
    if lean_class is None:
        return column
    lean = copy.copy(column)
    lean.__class__ = lean_class
    lean.header = BaseColumn.Header(lean)
    return lean
