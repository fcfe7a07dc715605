"""Forms of the core app, and the base every workspace form is built on.

`KizunaAdminModelForm` is the form of every snippet viewset (core.viewsets.KizunaSnippetViewSet refuses another) and
of their inline rows: each of its choice fields offers and accepts only the records the form's user may see (the
model's rule, core.visibility), and each inline list holds only this record's rows.
"""

import datetime
import zoneinfo

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.account import NameEmailForm
from wagtail.admin.forms.models import WagtailAdminModelFormMetaclass

from core.models import CalendarFeedToken
from core.selectors import assignable_users
from core.time_zones import is_time_zone
from core.visibility import restrict_to_visible
from core.widgets import TimeZoneSelect

# What a posted value that is no key at all (text, a number beyond 64 bits) raises when looked up: a chooser draws
# it as "nothing chosen", as it draws a record outside the field's choices.
_KEY_ERRORS = (ValueError, TypeError, OverflowError, ValidationError)


def restrict_choices_to_visible(form, user):
    """Narrow every model choice of `form` (a select, a chooser, an autocomplete, a filter's choice) to the records
    `user` may see.

    A record hidden from the user is neither offered nor accepted: posting its id gets the field's "Select a valid
    choice" error, the same as an id that does not exist, so the answer tells nothing about hidden records. With no
    user (a form built outside a request) nothing is offered of a model with a rule.
    """
    for field in form.fields.values():
        if not isinstance(field, forms.ModelChoiceField):  # ModelMultipleChoiceField is one too
            continue
        visible = restrict_to_visible(field.queryset, user)
        if visible is not field.queryset:
            field.queryset = visible
            _draw_chosen_from(field)


def _draw_chosen_from(field):
    """Wagtail's chooser widgets look the chosen id up in the whole table to draw its title, even when the form is
    shown again after refusing that id: they look it up among the field's choices instead."""
    widget = field.widget
    if not hasattr(widget, "get_instance"):
        return
    queryset = field.queryset

    def get_instance(value):
        if value is None or isinstance(value, queryset.model):
            return value  # the record the form was given by the server, not a posted id
        try:
            return queryset.get(pk=value)
        except (queryset.model.DoesNotExist, *_KEY_ERRORS):
            return None

    widget.get_instance = get_instance


class KizunaChildFormSet(BaseChildFormSet):
    """The rows of an inline list (Wagtail's InlinePanel): only this record's rows that the user may see, and a
    posted row id that is not one of them is refused.

    modelcluster (like Django) looks each posted row id up among the record's rows, and when it is not there builds
    a new row from the posted fields: posting another record's row id used to copy it into this record silently.
    The id is now checked against this record's rows only ("Select a valid choice", the same for a row of another
    record and for an id that does not exist) and the list says why it cannot be saved.
    """

    unknown_row_message = _(
        "One of these rows is no longer part of this record: it may have been removed in the meantime. "
        "Reload the page and make your changes again."
    )

    @property
    def for_user(self):
        return self.form_kwargs.get("for_user")

    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            rows = super().get_queryset()
            # An unsaved record's rows live in memory (a FakeQuerySet): the ones this form itself is building.
            self._queryset = restrict_to_visible(rows, self.for_user) if isinstance(rows, QuerySet) else rows
        return self._queryset

    @cached_property
    def row_keys(self) -> list:
        return [row.pk for row in self.get_queryset() if row.pk is not None]

    def add_fields(self, form, index):
        super().add_fields(form, index)
        key = form.fields.get(self.model._meta.pk.name)
        if isinstance(key, forms.ModelChoiceField):
            key.queryset = key.queryset.filter(pk__in=self.row_keys)

    def clean(self):
        super().clean()
        key = self.model._meta.pk.name
        for form in self.initial_forms:
            if self.can_delete and self._should_delete_form(form):
                continue  # removing a row that is not there changes nothing
            if form.instance._state.adding and form.data.get(form.add_prefix(key)) not in (None, ""):
                raise ValidationError(self.unknown_row_message, code="unknown_row")


class KizunaAdminModelFormMetaclass(WagtailAdminModelFormMetaclass):
    """Inline lists of a KizunaAdminModelForm are KizunaChildFormSets whose rows are KizunaAdminModelForms (unless
    the panel names a row form of its own, itself a KizunaAdminModelForm) and receive the form's user."""

    @classmethod
    def child_form(cls):
        return KizunaAdminModelForm

    def __new__(cls, name, bases, attrs):
        meta = attrs.get("Meta")
        declared = getattr(meta, "formsets", None)
        if isinstance(declared, list | tuple):
            declared = dict.fromkeys(declared)
        if isinstance(declared, dict):
            meta.formsets = {
                relation: {
                    "formset": KizunaChildFormSet,
                    **(options or {}),
                    "inherit_kwargs": sorted({"for_user", *((options or {}).get("inherit_kwargs") or ())}),
                }
                for relation, options in declared.items()
            }
        return super().__new__(cls, name, bases, attrs)


class KizunaAdminModelForm(WagtailAdminModelForm, metaclass=KizunaAdminModelFormMetaclass):
    """The base of every workspace form: see the module's docstring."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        restrict_choices_to_visible(self, self.for_user)


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


class LocalTimeFormMixin:
    """Show and read the date-times of `zone_of_field` as the wall clock of the record's own zone, not the
    viewer's; its time-zone fields are TimeZoneSelects that offer the zones of the record's countries first.

    A planner in Tokyo types "09:30" for a meeting in Hanoi and means 09:30 in Hanoi; the database stores the
    instant (UTC). `zone_of_field` names the zone field each date-time field is read in.
    """

    zone_of_field: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, zone_field in self.zone_of_field.items():
            if name not in self.fields:
                continue
            self.fields[name].help_text = _("Local time of the place (see the time zone).")
            value = getattr(self.instance, name, None)
            zone_name = getattr(self.instance, zone_field, None) or getattr(self.instance, "time_zone", None)
            if value is not None and zone_name and is_time_zone(zone_name) and not self.is_bound:
                # A naive value is displayed as it is: the wall clock of the place.
                self.initial[name] = value.astimezone(zoneinfo.ZoneInfo(zone_name)).replace(tzinfo=None)
        countries = self.time_zone_countries()
        for name in ("time_zone", "end_time_zone"):
            if name in self.fields:
                field = self.fields[name]
                empty_label = None if field.required else _("Same as the start")
                field.widget = TimeZoneSelect(countries=countries, empty_label=empty_label)

    def time_zone_countries(self) -> list[str]:
        """The ISO codes of the record's countries (an engagement's, an event's), whose zones are offered first."""
        if self.instance.pk is None or not hasattr(self.instance, "countries"):
            return []
        return sorted(self.instance.countries.values_list("code", flat=True))

    def clean(self):
        cleaned = super().clean()
        for name, zone_field in self.zone_of_field.items():
            value = cleaned.get(name)
            zone_name = cleaned.get(zone_field) or cleaned.get("time_zone")
            if not isinstance(value, datetime.datetime) or not zone_name or not is_time_zone(zone_name):
                continue  # the zone field reports its own error
            # The field made the typed value aware in the viewer's zone; take the typed clock time back out.
            typed = timezone.make_naive(value) if timezone.is_aware(value) else value
            cleaned[name] = typed.replace(tzinfo=zoneinfo.ZoneInfo(zone_name))
        return cleaned


class AccountNamesForm(NameEmailForm):
    """Wagtail's name and email on the account page, with the names optional: colleagues are shown by their
    display name, and one form holds every panel, so required names used to stop a user from changing the
    language (or anything else) of their account until they typed them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].required = False
