"""Autocomplete for relations that can be very large (50,000 people): only the chosen options are rendered."""

from django import forms
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.form_renderer import attributes


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
        context["widget"]["no_match"] = _("No match")
        return context

    def render(self, name, value, attrs=None, renderer=None):
        """The markup of `template_name`, written in Python: a delegation's form holds 26 of these, and the
        template (with its attribute and option loops) cost about 1 ms each. tests/relations/test_widgets.py
        renders both and compares them."""
        widget = self.get_context(name, value, attrs)["widget"]
        chosen = [
            (conditional_escape(str(option["value"])), conditional_escape(option["label"]))
            for _group, options, _index in widget["optgroups"]
            for option in options
        ]
        remove = conditional_escape(gettext("Remove"))
        placeholder = conditional_escape(widget["placeholder"])
        source_url = conditional_escape(widget["source_url"])
        no_match = conditional_escape(widget["no_match"])
        options = "".join(f'<option value="{value}" selected>{label}</option>' for value, label in chosen)
        items = "".join(
            f'<li data-value="{value}"><span>{label}</span> <button type="button" class="kz-autocomplete__remove"'
            f' aria-label="{remove} {label}">×</button></li>'
            for value, label in chosen
        )
        return mark_safe(  # noqa: S308 - every value escaped above
            f'<div class="kz-autocomplete" data-kz-autocomplete data-source-url="{source_url}"'
            f' data-no-match="{no_match}">\n'
            f'  <select name="{conditional_escape(widget["name"])}" multiple hidden{attributes(widget["attrs"])}>'
            f"{options}</select>\n"
            f'  <ul class="kz-autocomplete__chosen" aria-live="polite">{items}</ul>\n'
            f'  <input type="search" class="kz-autocomplete__input" placeholder="{placeholder}" autocomplete="off"'
            f' aria-label="{placeholder}" data-for="{conditional_escape(widget["attrs"].get("id", ""))}">\n'
            '  <ul class="kz-autocomplete__results" role="listbox" hidden></ul>\n'
            "</div>"
        )
