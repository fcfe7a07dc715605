"""What the audit log says was read: shared by the tests of every surface that records confidential readings."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import ModelLogEntry

from trust.audit import VIEW_CONFIDENTIAL


def reading_entries(record) -> list[ModelLogEntry]:
    """The "viewed" entries of `record`, oldest first."""
    return list(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=str(record.pk), action=VIEW_CONFIDENTIAL
        ).order_by("pk")
    )


def readings(*records) -> list[tuple]:
    """(record, reader id, surface) of every "viewed" entry on `records`, record by record, oldest first."""
    return [
        (record, entry.user_id, entry.data.get("surface")) for record in records for entry in reading_entries(record)
    ]
