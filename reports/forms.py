from django import forms
from django.utils.translation import gettext_lazy as _

from core.fiscal import FiscalYear

from .selectors import MAX_YEARS, available_fiscal_years


class CouncilReportForm(forms.Form):
    first_year = forms.TypedChoiceField(label=_("From fiscal year"), coerce=int)
    last_year = forms.TypedChoiceField(label=_("To fiscal year"), coerce=int)

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(fiscal_year.year, fiscal_year.label()) for fiscal_year in available_fiscal_years(today)]
        self.fields["first_year"].choices = choices
        self.fields["last_year"].choices = choices

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first is not None and last is not None:
            if last < first:
                raise forms.ValidationError(_("The last fiscal year cannot be before the first."))
            if last - first + 1 > MAX_YEARS:
                raise forms.ValidationError(_("A report covers at most %(count)s fiscal years.") % {"count": MAX_YEARS})
        return cleaned

    @property
    def fiscal_years(self) -> tuple[FiscalYear, FiscalYear]:
        return FiscalYear(self.cleaned_data["first_year"]), FiscalYear(self.cleaned_data["last_year"])
