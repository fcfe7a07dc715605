"""Autocomplete for relations that can be very large (50,000 people): only the chosen options are rendered."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AutocompleteSelectMultiple(forms.SelectMultiple):
    """A hidden multiple select holding the chosen rows, and a search box that asks the server for matches."""

    template_name = "relations/widgets/autocomplete.html"

    class Media:
        js = ["relations/autocomplete.js"]
        css = {"all": ["relations/relations.css"]}

    def __init__(self, *, source: str, attrs=None):
        super().__init__(attrs)
        self.source = source

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.source = self.source
        return copy

    # The chosen rows when the form already holds them (prefetched by a formset): drawn without a query.
    known = ()

    def optgroups(self, name, value, attrs=None):
        wanted = [str(item) for item in value if str(item).isdigit() and len(str(item)) <= 18]
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None or not wanted:
            return []
        label = getattr(self.choices.field, "label_from_instance", str)
        known = {str(row.pk): row for row in self.known}
        rows = [known[pk] for pk in wanted] if set(wanted) <= set(known) else queryset.filter(pk__in=wanted)
        return [
            (None, [self.create_option(name, row.pk, label(row), True, index, attrs=attrs)], index)
            for index, row in enumerate(rows)
        ]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["source_url"] = reverse("relations_autocomplete", args=[self.source])
        context["widget"]["placeholder"] = _("Type a name to search")
        return context
