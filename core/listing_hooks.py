"""What apps to the right of core do when a staff listing, search or chooser is shown or exported.

`core.viewsets` is the base of every listing, so it may not import `trust` (which records the confidential rows a
user read) or `transfers` (which moves big exports to the task worker). Those apps register their functions here
in their AppConfig.ready(), as `jobs` registers its queue facts with `core.health`. Until they have, a listing
fails loudly instead of silently recording nothing: a gap in the audit trail must not pass unnoticed.
"""

from django.core.exceptions import ImproperlyConfigured


class _NotRegistered:
    def __init__(self, what: str, app: str):
        self.what, self.app = what, app

    def __call__(self, *args, **kwargs):
        raise ImproperlyConfigured(f"No {self.what} is registered: is `{self.app}` in INSTALLED_APPS?")


# trust: (request, response, records or a callable giving them, *, surface, details=None) -> None, recording once
# the response is rendered; and (user, queryset, *, surface) -> None for the rows of an export.
record_rows_shown = _NotRegistered("recorder of confidential rows shown", "trust")
record_rows_exported = _NotRegistered("recorder of confidential rows exported", "trust")
# transfers: the export job running this request (or None); the row count above which an export is a job; and
# (request=, listing=, export_format=, rows=) -> the job started.
running_export = _NotRegistered("export job lookup", "transfers")
export_job_threshold_rows = _NotRegistered("export job threshold", "transfers")
start_export_job = _NotRegistered("export job starter", "transfers")


def register_readings(*, shown, exported) -> None:
    global record_rows_shown, record_rows_exported
    record_rows_shown, record_rows_exported = shown, exported


def register_exports(*, running, threshold_rows, start) -> None:
    global running_export, export_job_threshold_rows, start_export_job
    running_export, export_job_threshold_rows, start_export_job = running, threshold_rows, start
