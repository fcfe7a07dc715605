"""events.forms: a widget that writes its template's markup in Python must write what the template writes."""

import pytest
from django.forms.renderers import DjangoTemplates

from events.forms import TimeZoneInput


@pytest.mark.parametrize("value", [None, "", "Asia/Tokyo", 'Bad "zone" <x>'])
def test_time_zone_input_is_written_as_its_template_writes_it(value):
    widget = TimeZoneInput(attrs={"class": "zone"})
    template = DjangoTemplates().render(widget.template_name, widget.get_context("zone", value, {"id": "id_zone"}))

    assert widget.render("zone", value, attrs={"id": "id_zone"}) == template
