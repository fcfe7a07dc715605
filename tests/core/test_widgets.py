"""Our Select must write exactly what Django's select templates write."""

import re

import pytest
from django import forms
from django.utils import translation

from core.time_zones import suggested_time_zones
from core.widgets import Select as QuickSelect
from core.widgets import SelectMultiple as QuickSelectMultiple
from core.widgets import TimeZoneSelect

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


def _groups(html: str) -> list[tuple[str, list[str]]]:
    return [
        (label, re.findall(r'<option value="([^"]*)"', options))
        for label, options in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', html)
    ]


def test_a_time_zone_select_suggests_home_the_countrys_and_common_zones_and_fetches_every_zone():
    with translation.override("ja"):
        html = TimeZoneSelect(countries=["VN"]).render("time_zone", "Asia/Ho_Chi_Minh", attrs={"id": "id_time_zone"})

    [(label, suggested)] = _groups(html)
    assert label == "よく使うタイムゾーン"
    assert suggested == list(suggested_time_zones(countries=["VN"]))
    assert suggested[:3] == ["Asia/Tokyo", "Asia/Ho_Chi_Minh", "Asia/Seoul"]
    assert re.findall(r'<option value="([^"]*)" selected>', html) == ["Asia/Ho_Chi_Minh"]
    assert html.startswith(
        '<select name="time_zone" data-controller="w-locale" data-kz-time-zones="/admin/time-zones/"'
        ' data-kz-all-label="すべてのタイムゾーン" class="kz-time-zone-select" id="id_time_zone">'
        '<optgroup label="よく使うタイムゾーン"><option value="Asia/Tokyo">Asia/Tokyo</option>'
    )
    assert TimeZoneSelect().media.render_js() == ['<script src="/static/core/time_zones.js"></script>']


def test_a_time_zone_select_marks_only_its_own_value_and_may_be_left_empty():
    widget = TimeZoneSelect(empty_label="Same as the start")

    oslo = widget.render("end_time_zone", "Europe/Oslo")
    empty = widget.render("end_time_zone", "")
    alias = widget.render("end_time_zone", "Japan")
    tokyo = widget.render("end_time_zone", "Asia/Tokyo")

    assert re.findall(r'<option value="([^"]*)" selected>', oslo) == ["Europe/Oslo"]
    assert re.findall(r'<option value="([^"]*)" selected>', empty) == []
    assert empty.count('<option value="">Same as the start</option><optgroup') == 1
    assert re.findall(r'<option value="([^"]*)" selected>', alias) == ["Japan"]
    assert re.findall(r'<option value="([^"]*)" selected>', tokyo) == ["Asia/Tokyo"]
