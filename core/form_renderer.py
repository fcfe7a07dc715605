"""The form renderer (settings.FORM_RENDERER): Django's, with the plainest widget templates written in Python.

Every text box, hidden field, check box, text area and Wagtail date picker of a form is a template include of
`input.html` and of `attrs.html`, with a loop over the attributes: 0.5-1 ms a widget. An edit form of repeated
rows (a delegation's members and itinerary: 150 widgets) spent 60-130 ms there. The markup below is the one the
templates write, character for character (tests/core/test_form_renderer.py renders every case both ways); any
other template, and any value the template would localise (a number or a date in a text area), goes to the
templates.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, escapejs
from django.utils.safestring import mark_safe

# The widget templates that are only `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "hidden",
        "number",
        "email",
        "url",
        "password",
        "search",
        "tel",
        "date",
        "datetime",
        "time",
        "checkbox",
        "color",
    )
)
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
# Wagtail's date pickers: the input, then the script that turns it into a picker.
WAGTAIL_PICKERS = {
    "wagtailadmin/widgets/date_input.html": "initDateChooser",
    "wagtailadmin/widgets/datetime_input.html": "initDateTimeChooser",
    "wagtailadmin/widgets/time_input.html": "initTimeChooser",
}


def attributes(attrs: dict) -> str:
    """django/forms/widgets/attrs.html (and Wagtail's shared/attrs.html, the same loop): each attribute in order,
    True bare, False left out, values as strings (`stringformat:'s'` keeps a safe string unescaped, as
    conditional_escape does). Marked safe, so it can also be an argument of format_html."""
    return mark_safe(  # noqa: S308 - every name and value escaped
        "".join(
            f" {conditional_escape(name)}" + ("" if value is True else f'="{conditional_escape(str(value))}"')
            for name, value in attrs.items()
            if value is not False
        )
    )


def render_input(widget: dict) -> str:
    value = widget["value"]
    shown_value = f' value="{conditional_escape(str(value))}"' if value is not None else ""
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{shown_value}{attributes(widget['attrs'])}>"
    )


def render_textarea(widget: dict) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{attributes(widget["attrs"])}>\n'
        f"{conditional_escape(value) if value else ''}</textarea>"
    )


def render_picker(widget: dict, initialiser: str) -> str:
    """Wagtail's date, date-time and time inputs: the input and its picker's script (the configuration is
    Wagtail's own JSON, written unescaped as the template's `|safe` does)."""
    element_id = escapejs(widget["attrs"].get("id", ""))
    # The input's two template files each end in a line break, kept before the script.
    return f'{render_input(widget)}\n\n<script>{initialiser}("{element_id}", {widget["config_json"]});</script>'


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None and isinstance(widget.get("attrs"), dict):
            if template_name in INPUT_TEMPLATES:
                return mark_safe(render_input(widget))  # noqa: S308 - every part escaped above
            if template_name in WAGTAIL_PICKERS and "config_json" in widget:
                return mark_safe(render_picker(widget, WAGTAIL_PICKERS[template_name]))  # noqa: S308 - as above
            if template_name == TEXTAREA_TEMPLATE and (widget["value"] is None or isinstance(widget["value"], str)):
                return mark_safe(render_textarea(widget))  # noqa: S308 - every part escaped above
        return super().render(template_name, context, request=request)
