"""Attachments on record pages (core.record_pages): the files of an engagement or a delegation, each opening its
own page (with its download), read through attachments_visible_to."""

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.record_pages import Row, Section, confidentiality_badges, record_url
from events.models import Delegation
from relations.models import Engagement

from . import selectors

# The parents an attachment hangs on, and the name of the field (and query parameter) that names each.
PARENTS = {Engagement: "engagement", Delegation: "delegation"}
# A record's files are few; past this many the section points to the filtered listing.
ATTACHMENTS_SHOWN = 10


def attachments_section(request, record) -> list[Section]:
    field = PARENTS.get(type(record))
    if field is None:
        return []
    rows = list(selectors.attachments_of(request.user, record).order_by("-created_at", "-id")[: ATTACHMENTS_SHOWN + 1])
    may_add = request.user.has_perm("attachments.add_attachment")
    return [
        Section(
            key="attachments",
            title=str(_("Attachments")),
            rows=[
                Row(
                    label=attachment.title,
                    url=record_url(attachment),
                    when=attachment.created_at,
                    details=(attachment.filename, filesizeformat(attachment.size), str(attachment.created_by or "")),
                    excerpt=attachment.description,
                    badges=confidentiality_badges(attachment),
                    record=attachment,
                )
                for attachment in rows[:ATTACHMENTS_SHOWN]
            ],
            empty_text=str(_("No files attached.")),
            more_url=f"{reverse('attachments:list')}?{field}={record.pk}" if len(rows) > ATTACHMENTS_SHOWN else "",
            more_label=str(_("All attachments")),
            add_url=f"{reverse('attachments:add')}?{field}={record.pk}" if may_add else "",
            add_label=str(_("Add attachment")),
            order=80,
        )
    ]
