"""LeanRowPanel writes Wagtail's field markup itself: it must stay the markup Wagtail's templates write."""

import re

import pytest
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from core.panels import LeanRowPanel
from events.forms import ItineraryItemForm
from events.models import ItineraryItem

pytestmark = pytest.mark.django_db

PANELS = [FieldRowPanel([FieldPanel("kind"), FieldPanel("title")]), FieldPanel("location"), FieldPanel("notes")]


def _render(panel_class, data=None, rf=None, user=None):
    panel = panel_class(PANELS).bind_to_model(ItineraryItem)
    options = panel.get_form_options()
    form_class = type(
        "RowForm",
        (ItineraryItemForm,),
        {"Meta": type("Meta", (), {"model": ItineraryItem, "fields": options["fields"]})},
    )
    form = form_class(data=data, prefix="itinerary_items-0")
    if data is not None:
        form.is_valid()
    request = rf.get("/")
    request.user = user
    return panel.get_bound_panel(instance=ItineraryItem(), request=request, form=form, prefix="row").render_html()


def _normalised(html: str) -> str:
    html = re.sub(r'<button class="w-field__comment-button.*?</button>', "", html, flags=re.S)
    html = html.replace(" w-field--commentable", "")
    html = re.sub(r'\s(id|aria-describedby)="[^"]*"', "", html)  # panel prefixes differ by one level
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r'\s+"', '"', html)  # Wagtail's templates leave a space before some closing quotes
    return re.sub(r"\s*([<>])\s*", r"\1", html)


@pytest.mark.parametrize("data", [None, {"itinerary_items-0-kind": "meeting", "itinerary_items-0-title": ""}])
def test_lean_rows_write_the_markup_of_wagtails_templates(rf, admin_user, data):
    wagtail = _render(MultiFieldPanel, data, rf, admin_user)
    lean = _render(LeanRowPanel, data, rf, admin_user)

    assert _normalised(lean) == _normalised(wagtail)
    assert ('class="error-message"' in lean) == (data is not None)
    assert lean.count('<span class="w-required-mark">*</span>') == wagtail.count(
        '<span class="w-required-mark">*</span>'
    )
