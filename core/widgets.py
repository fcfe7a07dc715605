"""Form widgets of our own."""

from django import forms
from django.utils.html import format_html, format_html_join

from core.form_renderer import attributes


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
