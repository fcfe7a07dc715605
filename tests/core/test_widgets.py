"""Our Select must write exactly what Django's select templates write."""

import re

import pytest
from django import forms

from core.widgets import Select as QuickSelect
from core.widgets import SelectMultiple as QuickSelectMultiple

CHOICES = [
    ("", "---------"),
    ("jp", "日本"),
    ("Asia", [("vn", "Viet Nam"), ("kr", 'Korea "Republic of" <ROK> & co')]),
    (7, "seven"),
]


@pytest.mark.parametrize(
    ("quick", "django", "value", "attrs"),
    [
        (QuickSelect, forms.Select, "kr", {"id": "id_country", "aria-describedby": "help"}),
        (QuickSelect, forms.Select, None, {"required": True, "disabled": False}),
        (QuickSelect, forms.Select, 7, None),
        (QuickSelectMultiple, forms.SelectMultiple, ["jp", "vn"], {"id": "id_countries"}),
    ],
)
def test_quick_select_writes_the_markup_of_djangos_templates(quick, django, value, attrs):
    expected = django(choices=CHOICES).render("country", value, attrs=attrs)

    written = quick(choices=CHOICES).render("country", value, attrs=attrs)

    assert written == re.sub(r">\s+<", "><", expected)
    assert written.count(" selected>") == (len(value) if isinstance(value, list) else 1)


def test_quicken_selects_swaps_plain_selects_only_and_keeps_their_choices_and_markup():
    from core.widgets import quicken_selects

    class TripForm(forms.Form):
        kind = forms.ChoiceField(choices=[("flight", "Flight"), ("meeting", "Meeting")])
        places = forms.MultipleChoiceField(choices=[("a", "A")])
        title = forms.CharField()

    plain = TripForm(initial={"kind": "meeting"})
    quick = TripForm(initial={"kind": "meeting"})
    quicken_selects(quick)

    assert type(quick.fields["kind"].widget) is QuickSelect
    assert type(quick.fields["places"].widget) is forms.SelectMultiple
    assert str(quick["kind"]) == re.sub(r">\s+<", "><", str(plain["kind"]))
    assert str(quick["title"]) == str(plain["title"])
