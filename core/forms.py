"""Forms of the core app."""

from django import forms
from django.contrib.auth import get_user_model

from core.models import CalendarFeedToken
from core.selectors import assignable_users


class AssignableUsersFormMixin:
    """Every user picker of the form (owner, lead, staff attending, ...) offers `assignable_users`, keeping the
    users already chosen on the record.

    Rows of an inline formset pass `user_choices` (the users, fetched once for all rows with every row's chosen
    user kept), so twenty members cost one query for their user boxes, not twenty.
    """

    def __init__(self, *args, user_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        user_model = get_user_model()
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model is user_model:
                chosen = self.initial.get(name)
                keep = chosen if isinstance(chosen, list | tuple) else [chosen]
                field.queryset = assignable_users(keep=keep)
                if user_choices is not None and not isinstance(field, forms.ModelMultipleChoiceField):
                    empty = [("", field.empty_label)] if field.empty_label is not None else []
                    field.choices = [*empty, *((user.pk, field.label_from_instance(user)) for user in user_choices)]


def show_chosen_without_fetching(form, *names):
    """Chooser widgets fetch the chosen record by id to draw it; hand them the one the form's instance already
    holds (fetched with select_related by the formset), one query fewer per field and row."""
    for name in names:
        field = form.fields.get(name)
        related = getattr(form.instance, name, None) if form.instance.pk and field is not None else None
        if related is None or not hasattr(field.widget, "get_instance"):
            continue
        fetch = field.widget.get_instance
        field.widget.get_instance = lambda value, related=related, fetch=fetch: (
            related if str(value) == str(related.pk) else fetch(value)
        )


class CalendarFeedPreferencesForm(forms.ModelForm):
    class Meta:
        model = CalendarFeedToken
        fields = ["include_all_visible_delegations", "show_confidential_details"]
