"""core.form_renderer writes the plainest widgets itself: the markup must stay, character for character, the one
Django's templates write."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe
from wagtail.admin.widgets import AdminAutoHeightTextInput, AdminDateInput, AdminDateTimeInput, AdminTimeInput

from core.form_renderer import INPUT_TEMPLATES, FormRenderer

VALUES = [None, "", "plain", 'quotes " and <tags> & ampersands', mark_safe("<b>safe</b>"), 0, 12345, 1.5]
ATTRS = [
    {},
    {"id": "id_x", "class": "w-field", "required": True, "disabled": False, "maxlength": 255},
    {"placeholder": 'Say "hi" <now>', "data-value": mark_safe("<i>")},
]
WIDGETS = [
    forms.TextInput,
    forms.HiddenInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.PasswordInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.CheckboxInput,
    forms.Textarea,
    AdminAutoHeightTextInput,
    AdminDateInput,
    AdminDateTimeInput,
    AdminTimeInput,
]


def test_the_project_renders_forms_with_it():
    assert isinstance(get_default_renderer(), FormRenderer)


@pytest.mark.parametrize("widget_class", WIDGETS)
@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("value", VALUES)
def test_each_widget_is_written_as_djangos_templates_write_it(widget_class, attrs, value):
    widget = widget_class(attrs=dict(attrs))
    if widget_class is forms.CheckboxInput and value is not None:
        value = bool(value)

    ours = widget.render("field", value, attrs={"id": "id_field"}, renderer=FormRenderer())
    djangos = widget.render("field", value, attrs={"id": "id_field"}, renderer=DjangoTemplates())

    assert ours == djangos


@pytest.mark.parametrize(
    ("widget_class", "value"),
    [
        (AdminDateInput, datetime.date(2026, 11, 23)),
        (AdminDateTimeInput, datetime.datetime(2026, 11, 23, 9, 30, tzinfo=datetime.UTC)),
        (AdminTimeInput, datetime.time(9, 30)),
        (AdminDateInput, "2026-11-23"),
    ],
)
def test_wagtails_pickers_hold_their_values_and_scripts_as_the_templates_write_them(widget_class, value):
    widget = widget_class(attrs={"class": "picker"})

    ours = widget.render("when", value, attrs={"id": "id_when</script>"}, renderer=FormRenderer())
    djangos = widget.render("when", value, attrs={"id": "id_when</script>"}, renderer=DjangoTemplates())

    assert ours == djangos
    assert "<script>init" in ours


def test_a_textarea_holding_a_date_is_left_to_the_template_which_localises_it(monkeypatch):
    rendered = []
    monkeypatch.setattr(DjangoTemplates, "render", lambda self, name, context, request=None: rendered.append(name))

    FormRenderer().render(
        "django/forms/widgets/textarea.html",
        {"widget": {"name": "day", "value": datetime.date(2026, 1, 2), "attrs": {}}},
    )
    FormRenderer().render(
        next(iter(INPUT_TEMPLATES)), {"widget": {"name": "x", "type": "text", "value": None, "attrs": {}}}
    )

    assert rendered == ["django/forms/widgets/textarea.html"]


def test_other_templates_are_djangos():
    form = forms.Form()
    form.fields["choice"] = forms.ChoiceField(choices=[("a", "A & B")], widget=forms.RadioSelect)

    assert form.as_div() == form.render(renderer=DjangoTemplates())
