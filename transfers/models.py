from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed, not imported")
    IMPORTED = "imported", _("Imported")
    PARTIAL = "partial", _("Good rows imported, bad rows returned")
    REFUSED = "refused", _("Refused: the file has errors")


class ImportRecord(models.Model):
    """One uploaded file: what it was, who sent it, what the preview said and what was written."""

    resource = models.CharField(_("records"), max_length=40)
    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    content = models.BinaryField(_("uploaded file"), editable=False)
    skip_existing = models.BooleanField(_("skip existing records"), default=False)
    good_rows_only = models.BooleanField(_("import the good rows and return the bad ones"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    created_count = models.PositiveIntegerField(_("new"), default=0)
    # The number of records an import updated (更新), not when something was updated (更新日時).
    updated_count = models.PositiveIntegerField(pgettext_lazy("import result", "updated"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    preview = models.JSONField(_("preview"), default=dict, editable=False)
    rejected_content = models.BinaryField(_("rows returned to fix"), null=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="import_records",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("import_records", _("Can import records from spreadsheets")),
            ("export_records", _("Can export records to spreadsheets")),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_pending(self) -> bool:
        return self.status == ImportStatus.PREVIEWED
