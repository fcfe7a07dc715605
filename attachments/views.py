"""Attachments reach a browser only through this view: permission -> selector -> file."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from wagtail.log_actions import log

from .selectors import attachments_visible_to


def download(request, pk: int):
    """The file as a download (never rendered inside our origin), after the visibility selector; every download
    is in the audit trail, so the reading of a confidential file is too."""
    attachment = get_object_or_404(attachments_visible_to(request.user), pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    log(attachment, "attachments.download", user=request.user, data={"file": attachment.filename})
    response = FileResponse(handle, as_attachment=True, filename=attachment.filename)
    response["Content-Type"] = "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
