from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        if isinstance(data, list | tuple):
            return [single_clean(item, initial) for item in data]
        return [single_clean(data, initial)] if data else []


class NewsImportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the articles"), choices=settings.LANGUAGES)
    files = MultipleFileField(
        label=_("Markdown files"),
        help_text=_("One or more .md files with YAML front matter (title, slug, description, use, created_at)."),
        validators=[FileExtensionValidator(["md", "markdown"])],
        widget=MultipleFileInput(attrs={"accept": ".md,.markdown,text/markdown"}),
    )
    images = MultipleFileField(
        label=_("Images"),
        required=False,
        help_text=_("The images the articles refer to (thumbnail and inline images), matched by file name."),
        widget=MultipleFileInput(attrs={"accept": "image/*"}),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run"), required=False, help_text=_("Only report what would happen; nothing is saved.")
    )
