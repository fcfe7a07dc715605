"""The attachment form: the file must be what its name says, and a file can only be attached to a record the
user may see (a hidden engagement cannot be chosen, nor guessed by posting its id: core.forms.KizunaAdminModelForm
narrows the engagement and delegation choices by their rules)."""

from django import forms

from core.forms import KizunaAdminModelForm
from trust.uploads import validate_document_content


class AttachmentForm(KizunaAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            # No link to the stored file: attachments are served only through the download view.
            self.fields["file"].widget = forms.FileInput()

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and hasattr(uploaded, "content_type"):  # a new upload, not the file already stored
            validate_document_content(uploaded)
        return uploaded
