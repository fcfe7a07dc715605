"""Forms of the core app."""

from django import forms

from core.models import CalendarFeedToken


class CalendarFeedPreferencesForm(forms.ModelForm):
    class Meta:
        model = CalendarFeedToken
        fields = ["include_all_visible_delegations", "show_confidential_details"]
