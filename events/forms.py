"""Staff workspace forms: times typed as the clock on the wall of the place (core.forms.LocalTimeFormMixin),
personal details kept to planners."""

from django.utils.translation import gettext_lazy as _

from core.forms import (
    AssignableUsersFormMixin,
    KizunaAdminModelForm,
    LocalTimeFormMixin,
    show_chosen_without_fetching,
)
from core.selectors import assignable_users
from core.widgets import quicken_selects

from .models import Event
from .selectors import may_see_member_needs
from .services import unique_slug


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
