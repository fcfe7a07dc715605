"""The autocomplete writes its template's markup in Python: it must stay the markup the template writes."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation

from contacts.models import Person
from relations.widgets import AutocompleteSelectMultiple
from tests.factories.relations import PersonFactory

pytestmark = pytest.mark.django_db


def _template(widget, name, value, attrs):
    return DjangoTemplates().render(widget.template_name, widget.get_context(name, value, attrs))


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("chosen", [0, 1, 3])
def test_autocomplete_is_written_as_its_template_writes_it(language, chosen):
    people = [PersonFactory(family_name_latin=f'O"Brien <{n}>', given_name_latin="Seán & co") for n in range(chosen)]
    field = forms.ModelMultipleChoiceField(
        queryset=Person.objects.all(), widget=AutocompleteSelectMultiple(source="people")
    )
    widget = field.widget
    value = [person.pk for person in people]

    with translation.override(language):
        ours = widget.render("people", value, attrs={"id": "id_people", "data-x": True})
        template = _template(widget, "people", value, {"id": "id_people", "data-x": True})

    assert ours == template
    assert ours.count("<option") == chosen


@pytest.mark.parametrize(("language", "said"), [("ja", "該当なし"), ("en", "No match")])
def test_autocomplete_carries_what_it_says_when_nothing_matches_in_the_readers_language(language, said):
    widget = AutocompleteSelectMultiple(source="people")
    widget.choices = forms.ModelMultipleChoiceField(queryset=Person.objects.all()).choices

    with translation.override(language):
        html = widget.render("people", [], attrs={"id": "id_people"})

    assert re.findall(r'data-no-match="([^"]*)"', html) == [said]
