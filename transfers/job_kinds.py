"""Imports and exports too big for a request run on the task worker as jobs (docs/operations/long-jobs.md).

An import job is one chunk: the whole file and the job's checkpoint commit in one transaction, so a worker that
dies leaves nothing half-applied (the reaper marks the job failed and the file can be confirmed again from its
preview). An export job writes its file to storage only once complete.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.registry import register_job_kind
from trust import audit

from .listing_exports import LISTING_EXPORT_JOB, write_listing_export
from .models import ImportRecord


def may_import(user) -> bool:
    return bool(user and user.is_active and user.has_perm("transfers.import_records"))


def may_export(user) -> bool:
    return bool(user and user.is_active and user.has_perm("transfers.export_records"))


@register_job_kind("transfers_import", label=gettext_lazy("Import a file"), resumable=False, can_start=may_import)
def import_records(run):
    from .services import confirm_import

    if run.job.owner is None:
        # What the rows may touch is decided by the owner's visibility: without an owner nobody would be checked.
        raise PermissionError(_("The account that started this import no longer exists: nothing was imported."))
    record = ImportRecord.objects.get(pk=run.params["record"])
    rows = record.created_count + record.updated_count + record.skipped_count + record.error_count
    run.report(total=1, progress=0, message=_("Importing %(rows)s rows of %(file)s") % {"rows": rows,
               "file": record.file_name})  # fmt: skip
    with run.chunk(checkpoint={"done": True}, progress=1, message=_("Imported")):
        result = confirm_import(record=record, user=run.job.owner, good_rows_only=run.params["good_rows_only"])
    record.refresh_from_db()
    return {"record": record.pk, "status": record.status, "counts": result.counts}


@register_job_kind("transfers_export", label=gettext_lazy("Export records"), resumable=False, can_start=may_export)
def export_records(run):
    from .selectors import exportable_records
    from .services import export_file

    name, file_format = run.params["resource"], run.params["format"]
    with translation.override(run.params.get("language") or None):
        queryset = exportable_records(run.job.owner, name)
        run.report(total=1, progress=0, message=_("Exporting %(count)s records") % {"count": queryset.count()})
        content = export_file(resource_name=name, file_format=file_format, queryset=queryset)
    owner = run.job.owner
    audit.record_export(owner, model=queryset.model, export_format=file_format, query=f"resource={name}")
    audit.record_confidential_rows(owner, queryset, surface="export")
    stamp = timezone.localdate().strftime("%Y%m%d")
    path = default_storage.save(f"exports/job-{run.job.pk}/kizuna-{name}-{stamp}.{file_format}", ContentFile(content))
    return {"file": path, "bytes": len(content)}


@register_job_kind(LISTING_EXPORT_JOB, label=gettext_lazy("Export a listing"), resumable=True, can_start=may_export)
def export_listing(run):
    """Resumable by starting over: the run writes nothing until its file is complete (transfers.listing_exports)."""
    return write_listing_export(run)
