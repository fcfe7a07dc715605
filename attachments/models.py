import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.choices import Confidentiality
from core.indexes import listing_sorts
from core.querysets import SearchDocumentQuerySet
from core.text import build_search_document

# Stored under this prefix of the media storage and never given a URL: attachments are only served by
# attachments.views.download, after the visibility selector. A web server that serves MEDIA_ROOT directly must
# refuse this prefix (docs/operations/security.md).
PRIVATE_PREFIX = "private/attachments"


def attachment_upload_to(instance, filename: str) -> str:
    # A random folder per file: the stored path can be neither guessed nor enumerated.
    return f"{PRIVATE_PREFIX}/{uuid.uuid4().hex}/{os.path.basename(filename)}"


class Attachment(models.Model):
    """A file (minutes, a programme, a briefing note) attached to one engagement or one delegation.

    Visible only when both its own confidentiality and its parent allow it (attachments.selectors).
    """

    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=500)
    description = models.TextField(_("description"), blank=True)
    engagement = models.ForeignKey(
        "relations.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    delegation = models.ForeignKey(
        "events.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    confidentiality = models.CharField(
        _("confidentiality"), max_length=20, choices=Confidentiality.choices, default=Confidentiality.INTERNAL
    )
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="created_attachments",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    search_document = models.TextField(editable=False, default="")

    objects = SearchDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["confidentiality", "created_at"], name="attachment_confidentiality"),
            *listing_sorts("attachment", "title", "updated_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(engagement__isnull=False, delegation__isnull=True)
                | Q(engagement__isnull=True, delegation__isnull=False),
                name="attachment_has_one_parent",
                violation_error_message=_("Attach the file to one engagement or one delegation."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_document = build_search_document(self.title, self.description, self.filename)
        if self.file and getattr(self.file, "_committed", True) is False:
            self.size = self.file.size
        super().save(*args, **kwargs)

    @property
    def filename(self) -> str:
        return os.path.basename(self.file.name or "")

    @property
    def parent(self):
        return self.engagement or self.delegation
