import datetime
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.widgets import AdminDateInput, AdminTimeInput

from contacts.models import Person
from core.choices import Confidentiality
from core.forms import AssignableUsersFormMixin, KizunaAdminModelForm, LocalTimeFormMixin, restrict_choices_to_visible
from core.selectors import assignable_users
from core.widgets import TimeZoneSelect
from partners.models import Country, Mission, Organization, PartnerRegion

from .choices import EngagementKind
from .models import Measure, validate_time_zone
from .services import FollowUpDraft
from .widgets import AutocompleteSelectMultiple


class PersonMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class LogMeetingForm(forms.Form):
    """One screen to record a meeting: when, who, what, and the promises to follow up (a formset beside it)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=EngagementKind.choices, initial=EngagementKind.MEETING)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    date = forms.DateField(label=_("Date"), widget=AdminDateInput)
    # In context: Wagtail's own "From" and "To" are a redirect's (リダイレクト元, リダイレクト先).
    start_time = forms.TimeField(label=pgettext_lazy("time", "From"), widget=AdminTimeInput)
    end_time = forms.TimeField(label=pgettext_lazy("time", "To"), required=False, widget=AdminTimeInput)
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        initial="Asia/Tokyo",
        validators=[validate_time_zone],
        help_text=_("Of the place where it happened, e.g. Asia/Tokyo or Asia/Ho_Chi_Minh."),
        widget=TimeZoneSelect,
    )
    location = forms.CharField(label=_("Location"), max_length=300, required=False)
    people = PersonMultipleChoiceField(
        label=_("People met"),
        queryset=Person.objects.all(),
        required=False,
        widget=AutocompleteSelectMultiple(source="people"),
    )
    staff = forms.ModelMultipleChoiceField(
        label=_("Staff attending"),
        queryset=assignable_users(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    missions = forms.ModelMultipleChoiceField(
        label=_("Missions"),
        queryset=Mission.objects.all(),
        required=False,
        widget=AutocompleteSelectMultiple(source="missions"),
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Partner regions"),
        queryset=PartnerRegion.objects.all(),
        required=False,
        widget=AutocompleteSelectMultiple(source="regions"),
    )
    organizations = forms.ModelMultipleChoiceField(
        label=_("Organizations"),
        queryset=Organization.objects.all(),
        required=False,
        widget=AutocompleteSelectMultiple(source="organizations"),
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"),
        queryset=Country.objects.all(),
        required=False,
        widget=AutocompleteSelectMultiple(source="countries"),
    )
    measure = forms.ModelChoiceField(
        label=_("Measure"), queryset=Measure.objects.select_related("strategy"), required=False
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    outcomes = forms.CharField(label=_("Outcomes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    tags = forms.CharField(label=_("Tags"), required=False, max_length=500, help_text=_("Separate tags with commas."))
    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"), choices=Confidentiality.choices, initial=Confidentiality.INTERNAL
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = assignable_users()
        restrict_choices_to_visible(self, user)
        if user is not None and not self.is_bound:
            self.initial.setdefault("staff", [user.pk])

    def clean_tags(self):
        return [tag.strip() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]

    def clean(self):
        cleaned = super().clean()
        day, start, end, zone = (cleaned.get(name) for name in ("date", "start_time", "end_time", "time_zone"))
        if day and start and zone and not self.has_error("time_zone"):
            tz = zoneinfo.ZoneInfo(zone)
            cleaned["starts_at"] = datetime.datetime.combine(day, start, tzinfo=tz)
            cleaned["ends_at"] = datetime.datetime.combine(day, end, tzinfo=tz) if end else None
            if end and end < start:
                self.add_error("end_time", _("The meeting cannot end before it starts."))
        if not any(cleaned.get(name) for name in ("people", "missions", "regions", "organizations", "countries")):
            raise forms.ValidationError(
                _("Name at least one counterpart: a person, mission, partner region, organization or country.")
            )
        return cleaned

    def engagement_data(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "subject": data["subject"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "time_zone": data["time_zone"],
            "location": data["location"],
            "summary": data["summary"],
            "outcomes": data["outcomes"],
            "measure": data["measure"],
            "confidentiality": data["confidentiality"],
            "people": list(data["people"]),
            "staff": list(data["staff"]),
            "missions": list(data["missions"]),
            "regions": list(data["regions"]),
            "organizations": list(data["organizations"]),
            "countries": list(data["countries"]),
            "tags": data["tags"],
        }


class FollowUpDraftForm(forms.Form):
    title = forms.CharField(label=_("Follow-up"), max_length=300, required=False)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=assignable_users(), required=False)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=AdminDateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = assignable_users()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("title"):
            if not cleaned.get("owner"):
                self.add_error("owner", _("Who will do it?"))
            if not cleaned.get("due_on"):
                self.add_error("due_on", _("By when?"))
        elif cleaned.get("owner") and cleaned.get("due_on"):
            self.add_error("title", _("What is to be done?"))
        return cleaned

    def draft(self) -> FollowUpDraft | None:
        data = getattr(self, "cleaned_data", {})
        if not data.get("title"):
            return None
        return FollowUpDraft(title=data["title"], owner=data["owner"], due_on=data["due_on"])


FollowUpDraftFormSet = forms.formset_factory(FollowUpDraftForm, extra=2, max_num=20, validate_max=True)


class CompleteFollowUpForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class EngagementForm(AssignableUsersFormMixin, LocalTimeFormMixin, KizunaAdminModelForm):
    """The engagement edit form (the add form is the log-a-meeting screen)."""

    zone_of_field = {"starts_at": "time_zone", "ends_at": "time_zone"}


class FollowUpForm(AssignableUsersFormMixin, KizunaAdminModelForm):
    pass
