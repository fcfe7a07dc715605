"""A staff listing's CSV/XLSX export too big for a request: the listing view starts a job, and the job runs that very
view for the job's owner on the task worker, so the file holds exactly the rows and columns the person would have
downloaded (same filters, search, ordering, visibility selector and export columns).

The worker's request carries a `ListingExportRun` as an attribute (never a GET parameter, which anyone could send):
it tells the view to stream instead of starting another job, counts the rows written for the progress bar, and
collects the confidential rows for the audit, written once the file is stored.
"""

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.files import File
from django.core.files.storage import default_storage
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jobs.services import start_job
from trust import audit

# Above this many rows an import, an export from Import and export, or a listing export runs on the task worker.
DEFAULT_JOB_THRESHOLD_ROWS = 2000
LISTING_EXPORT_JOB = "listing_export"
EXPORT_FORMATS = ("csv", "xlsx")
PROGRESS_EVERY = 500
# The request attribute by which a listing view knows it runs inside its export job.
REQUEST_ATTRIBUTE = "kizuna_listing_export"


def job_threshold_rows() -> int:
    return getattr(settings, "TRANSFERS_JOB_THRESHOLD_ROWS", DEFAULT_JOB_THRESHOLD_ROWS)


def running_export(request):
    """The ListingExportRun of the job this request runs in, or None for a person's own request."""
    return getattr(request, REQUEST_ATTRIBUTE, None)


def start_listing_export(*, request, listing: str, export_format: str, rows: int):
    """Starts the job that writes `request`'s listing export (`listing` is the listing's URL name, e.g.
    "relations_engagements:list"). Raises PermissionDenied when the user may not export."""
    params = {
        "listing": listing,
        "query": request.GET.urlencode(),
        "format": export_format,
        "language": get_language(),
        "rows": rows,
    }
    message = _("Exporting %(count)s rows") % {"count": rows}
    return start_job(kind=LISTING_EXPORT_JOB, owner=request.user, params=params, total=rows, message=message)


class ListingExportRun:
    """What the listing view, running in the job, tells the job: rows written, the file's name, what it read."""

    def __init__(self, run):
        self.run = run
        self.rows_written = 0
        self.filename = None
        self.model = None
        self.confidential_rows = []

    def exporting(self, view, queryset):
        """Called by the view as the export begins. Reads (does not record) the confidential rows of `queryset`."""
        self.filename = view.get_filename()
        self.model = queryset.model
        self.confidential_rows = audit.read_confidential_rows(queryset)

    def row_written(self):
        self.rows_written += 1
        if self.rows_written % PROGRESS_EVERY == 0:
            self.run.report(progress=self.rows_written)


def _host() -> str:
    """A host the site answers to, for any part of the view that builds an absolute URL."""
    hosts = [host for host in settings.ALLOWED_HOSTS if host and host[0] not in ".*"]
    return hosts[0] if hosts else "localhost"


def _listing_view(listing: str):
    from core.viewsets import KizunaIndexView

    path = reverse(listing)
    match = resolve(path)
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not issubclass(view_class, KizunaIndexView):
        raise ImproperlyConfigured(f"{listing} is not a staff listing")
    return path, match


def write_listing_export(run) -> dict:
    """The job: runs the listing view for the owner, streams its file to local disk, stores it only once complete,
    then records the export and each confidential row it carries. Read-only until then, so a resumed run starts
    over and a run that dies leaves neither half a file nor a reading recorded."""
    params, owner = run.params, run.job.owner
    if owner is None:
        # The rows are those the owner may see: without an owner nobody's visibility would apply.
        raise PermissionDenied(_("The account that started this export no longer exists: nothing was exported."))
    export_format = params["format"]
    if export_format not in EXPORT_FORMATS:
        raise ValueError(f"Unknown export format: {export_format}")
    path, match = _listing_view(params["listing"])
    query = params["query"]
    request = RequestFactory().get(f"{path}?{query}" if query else path, HTTP_HOST=_host())
    request.user = owner
    # The admin answers a refusal with a message and a redirect; the message needs somewhere to go.
    request._messages = CookieStorage(request)
    request.resolver_match = match
    export = ListingExportRun(run)
    setattr(request, REQUEST_ATTRIBUTE, export)
    run.report(total=params.get("rows") or None, progress=0)
    with tempfile.TemporaryDirectory(prefix="kizuna-listing-export-") as folder:
        file_path = Path(folder) / f"export.{export_format}"
        with translation.override(params.get("language") or None):
            # As django.middleware.locale.LocaleMiddleware would set it (filters name countries in this language).
            request.LANGUAGE_CODE = translation.get_language()
            response = match.func(request, *match.args, **match.kwargs)
            if response.status_code != 200 or export.model is None:
                # The owner lost the export permission or access to the listing since starting the job.
                raise PermissionDenied(_("You may no longer export this listing."))
            # Not response.close(): that sends request_finished, which closes this worker's database connection.
            with file_path.open("wb") as handle:
                for chunk in response.streaming_content if response.streaming else [response.content]:
                    handle.write(chunk)
        stamp = timezone.localdate().strftime("%Y%m%d")
        with file_path.open("rb") as handle:
            name = default_storage.save(
                f"exports/job-{run.job.pk}/{export.filename}-{stamp}.{export_format}", File(handle)
            )
    audit.record_export(owner, model=export.model, export_format=export_format, query=query)
    audit.record_read_rows(owner, export.confidential_rows, surface="export", details={"job": run.job.pk})
    return {"file": name, "rows": export.rows_written, "confidential_rows": len(export.confidential_rows)}
