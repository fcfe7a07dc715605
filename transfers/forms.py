from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .limits import count
from .registry import RESOURCES


def resource_choices():
    return [(name, resource.verbose_name) for name, resource in RESOURCES.items()]


class UploadForm(forms.Form):
    resource = forms.ChoiceField(label=_("Records"), choices=resource_choices)
    file = forms.FileField(label=_("File (CSV or XLSX)"))
    encoding = forms.ChoiceField(
        label=_("Encoding of a CSV file"),
        choices=[
            ("auto", _("Detect (UTF-8 with or without BOM, or Shift_JIS)")),
            ("utf-8", _("UTF-8")),
            ("cp932", _("Shift_JIS / CP932 (Japanese Excel)")),
        ],
        initial="auto",
    )
    existing = forms.ChoiceField(
        label=_("Records that already exist"),
        choices=[("update", _("Update existing records")), ("skip", _("Skip existing records"))],
        initial="update",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "At most %(size)s, %(rows)s rows below the heading row and %(columns)s columns."
        ) % {
            "size": filesizeformat(settings.TRANSFERS_MAX_UPLOAD_BYTES),
            "rows": count(settings.TRANSFERS_MAX_ROWS),
            "columns": count(settings.TRANSFERS_MAX_COLUMNS),
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.TRANSFERS_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s; split it into several files.")
                % {"limit": filesizeformat(settings.TRANSFERS_MAX_UPLOAD_BYTES)}
            )
        if not upload.name.lower().endswith((".csv", ".txt", ".tsv", ".xlsx")):
            raise forms.ValidationError(_("Upload a CSV or XLSX file."))
        return upload


class ConfirmForm(forms.Form):
    on_errors = forms.ChoiceField(
        label=_("If some rows have errors"),
        choices=[
            ("refuse", _("Refuse the whole file (nothing is imported)")),
            ("good_rows", _("Import the good rows and give me the bad rows back as a file")),
        ],
        initial="refuse",
        widget=forms.RadioSelect,
    )


class ExportForm(forms.Form):
    resource = forms.ChoiceField(label=_("Records"), choices=resource_choices)
    format = forms.ChoiceField(label=_("Format"), choices=[("csv", "CSV"), ("xlsx", "XLSX")], initial="csv")


class MergeForm(forms.Form):
    """One choice per conflicting field: keep the value of the kept person or take the other one."""

    def __init__(self, *args, conflicts, **kwargs):
        super().__init__(*args, **kwargs)
        for field, kept, dropped in conflicts:
            self.fields[field.name] = forms.ChoiceField(
                label=field.verbose_name,
                choices=[("keep", str(kept)), ("drop", str(dropped))],
                initial="keep",
                widget=forms.RadioSelect,
            )
