"""Staff workspace forms: times typed as the clock on the wall of the place, personal details kept to planners."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.form_renderer import attributes
from core.forms import AssignableUsersFormMixin, KizunaAdminModelForm, show_chosen_without_fetching
from core.selectors import assignable_users
from core.widgets import quicken_selects

from . import time_zones
from .models import Event
from .selectors import may_see_member_needs
from .services import unique_slug

# Offered first in the time-zone box; any IANA zone is accepted.
COMMON_TIME_ZONES = (
    "Asia/Tokyo",
    "Asia/Ho_Chi_Minh",
    "Asia/Seoul",
    "Asia/Shanghai",
    "Asia/Taipei",
    "Asia/Hong_Kong",
    "Asia/Bangkok",
    "Asia/Jakarta",
    "Asia/Manila",
    "Asia/Kuala_Lumpur",
    "Asia/Singapore",
    "Asia/Yangon",
    "Asia/Kolkata",
    "Asia/Dhaka",
    "Asia/Ulaanbaatar",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "UTC",
)


class TimeZoneInput(forms.TextInput):
    """A text box with the common zones suggested (a datalist), so each row stays light in long inline lists."""

    template_name = "events/widgets/time_zone_input.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["suggestions"] = COMMON_TIME_ZONES
        context["widget"]["attrs"].setdefault("autocomplete", "off")
        return context

    def render(self, name, value, attrs=None, renderer=None):
        """The markup of `template_name`, written in Python (18 of these on a delegation's form; compared with
        the template in tests/events/test_forms.py)."""
        widget = self.get_context(name, value, attrs)["widget"]
        zones_id = f"{conditional_escape(widget['attrs'].get('id', ''))}-zones"
        shown_value = f' value="{conditional_escape(str(widget["value"]))}"' if widget["value"] is not None else ""
        options = "".join(f'<option value="{conditional_escape(zone)}">' for zone in widget["suggestions"])
        return mark_safe(  # noqa: S308 - every value escaped
            f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
            f'{shown_value} list="{zones_id}"{attributes(widget["attrs"])}>\n'
            f'<datalist id="{zones_id}">{options}</datalist>'
        )


class LocalTimeFormMixin:
    """Show and read `local_time_fields` as the wall-clock time of the record's own zone, not the viewer's.

    A planner in Tokyo types "09:30" for a meeting in Hanoi and means 09:30 in Hanoi; the database stores the
    instant (UTC). `zone_of_field` names the zone field each time field is read in.
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
            if value is not None and zone_name and not self.is_bound:
                # A naive value is displayed as it is: the wall clock of the place.
                self.initial[name] = time_zones.to_local(value, zone_name).replace(tzinfo=None)
        for name in ("time_zone", "end_time_zone"):
            if name in self.fields:
                self.fields[name].widget = TimeZoneInput()

    def clean(self):
        cleaned = super().clean()
        for name, zone_field in self.zone_of_field.items():
            value = cleaned.get(name)
            zone_name = cleaned.get(zone_field) or cleaned.get("time_zone")
            if not isinstance(value, datetime.datetime) or not zone_name:
                continue
            if zone_name not in time_zones.time_zone_names():
                continue  # the zone field reports its own error
            # The field made the typed value aware in the viewer's zone; take the typed clock time back out.
            typed = timezone.make_naive(value) if timezone.is_aware(value) else value
            cleaned[name] = time_zones.make_aware_in(typed, zone_name)
        return cleaned


class EventForm(AssignableUsersFormMixin, LocalTimeFormMixin, KizunaAdminModelForm):
    zone_of_field = {"starts_at": "time_zone", "ends_at": "time_zone"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Left empty, it is made from the title.")

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and not cleaned.get("slug"):
            day = cleaned.get("start_date") or (cleaned.get("starts_at") and cleaned["starts_at"].date())
            fallback = f"event-{day:%Y-%m-%d}" if day else "event"
            cleaned["slug"] = unique_slug(
                model=Event, text=cleaned.get("title", ""), fallback=fallback, exclude_pk=self.instance.pk
            )
            self.instance.slug = cleaned["slug"]
        return cleaned


class ItineraryItemForm(LocalTimeFormMixin, KizunaAdminModelForm):
    zone_of_field = {"starts_at": "time_zone", "ends_at": "end_time_zone"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("counterparts", "counterpart_organizations"):
            chosen = self.initial.get(name)  # the related rows, prefetched by DelegationForm
            if name in self.fields and chosen and hasattr(self.fields[name].widget, "known"):
                self.fields[name].widget.known = chosen
        quicken_selects(self)


class DelegationMemberForm(AssignableUsersFormMixin, KizunaAdminModelForm):
    """Dietary and access needs are removed from the form (not only hidden) for users who may not see them, so
    they are neither shown nor overwritten when such a user saves."""

    def __init__(self, *args, hide_personal_details=False, **kwargs):
        super().__init__(*args, **kwargs)
        if hide_personal_details:
            for name in ("dietary_needs", "access_needs"):
                self.fields.pop(name, None)
        show_chosen_without_fetching(self, "person", "organization")
        quicken_selects(self)


class DelegationForm(AssignableUsersFormMixin, KizunaAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = self.formsets.get("members")
        if members is not None:
            # Every row's chosen person, organization and user come with the rows, and the user box's choices are
            # fetched once for all rows: the page costs the same queries for two members as for twenty.
            members.queryset = members.queryset.select_related("person", "organization", "user")
            kept = [member.user_id for member in members.get_queryset() if member.user_id]
            members.form_kwargs = {**members.form_kwargs, "user_choices": list(assignable_users(keep=kept))}
        if members is not None and self.for_user is not None:
            hide = bool(self.instance.pk) and not may_see_member_needs(self.for_user, self.instance)
            members.form_kwargs = {**members.form_kwargs, "hide_personal_details": hide}
        itinerary = self.formsets.get("itinerary_items")
        if itinerary is not None:
            itinerary.queryset = itinerary.queryset.prefetch_related("counterparts", "counterpart_organizations")
