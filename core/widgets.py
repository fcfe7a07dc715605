"""Form widgets of our own."""

import functools

from django import forms
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from core.form_renderer import attributes
from core.time_zones import suggested_time_zones


class Select(forms.Select):
    """Django's <select>, written in Python (imported as QuickSelect where it is used). It keeps Django's class
    name so that Wagtail gives its field the same CSS class (`w-field--select`).

    Django renders every option through two templates (the option and its attributes): a country filter has 250
    options, and a listing with two of them spent 120 ms of its 250 ms there at size L. The markup is the one
    Django's templates write, without the line breaks between options (tests/core/test_widgets.py compares them).
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((str(option["value"]), attributes(option["attrs"]), option["label"]) for option in options),
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered) if group_name else rendered
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            attributes(widget["attrs"]),
            format_html_join("", "{}", ((group,) for group in groups)),
        )


class SelectMultiple(Select, forms.SelectMultiple):
    """Django's <select multiple>, written in Python."""


def quicken_selects(form: forms.BaseForm) -> None:
    """Give every plain single <select> of `form` our Select widget (same attributes, same choices): for
    forms repeated many times on one page, such as a delegation's rows."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            widget = Select(attrs=field.widget.attrs)
            widget.choices = field.widget.choices
            widget.is_required = field.widget.is_required
            field.widget = widget


class TimeZoneSelect(forms.Widget):
    """A <select> of IANA time zones (core.time_zones): first the suggested ones (the home zone, the zones of the
    place's `countries`, the common ones, the chosen one), then every zone; with `empty_label`, first an empty
    choice so labelled. A person finds a zone by typing its first letters, as in any <select>; on first focus
    Wagtail's `w-locale` controller (the one of its account page) adds each zone's name in the reader's language:
    "Asia/Tokyo: JST (日本標準時)".

    Every zone (some 420) is added in the browser (core/static/core/time_zones.js) from one list a page fetches
    once (core.views.time_zones), rather than written into each select: a delegation's form holds two of these
    for each itinerary row, 25 kB each when written out. The suggested options are written once for each
    language and list of suggestions and kept: only the chosen zone's `selected` is added for each field.
    """

    class Media:
        js = ["core/time_zones.js"]

    def __init__(self, attrs=None, *, countries=(), empty_label=None):
        super().__init__({"class": "kz-time-zone-select", **(attrs or {})})
        self.countries = tuple(countries)
        self.empty_label = empty_label

    def format_value(self, value):
        return "" if value is None else str(value)

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        options = _suggested_options(
            get_language() or "",
            suggested_time_zones(countries=self.countries, value=value),
            None if self.empty_label is None else str(self.empty_label),
        )
        if value:
            chosen = str(format_html('<option value="{}">', value))
            options = options.replace(chosen, f"{chosen[:-1]} selected>", 1)
        final_attrs = {
            "data-controller": "w-locale",
            "data-kz-time-zones": reverse("core_time_zones"),
            "data-kz-all-label": gettext("All time zones"),
            **self.build_attrs(self.attrs, attrs),
        }
        return format_html('<select name="{}"{}>{}</select>', name, attributes(final_attrs), mark_safe(options))  # noqa: S308


@functools.lru_cache(maxsize=64)
def _suggested_options(language: str, suggested: tuple[str, ...], empty_label: str | None) -> str:
    with translation.override(language or None):
        empty = format_html('<option value="">{}</option>', empty_label) if empty_label is not None else ""
        return empty + format_html(
            '<optgroup label="{}">{}</optgroup>',
            gettext("Suggested time zones"),
            format_html_join("", '<option value="{}">{}</option>', ((zone, zone) for zone in suggested)),
        )
