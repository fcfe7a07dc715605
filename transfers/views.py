"""Thin staff views: permission -> selector/form -> service -> response."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contacts.models import Person
from jobs.services import start_job
from trust import audit

from .duplicates import find_duplicate_organizations, find_duplicate_people
from .forms import ConfirmForm, ExportForm, MergeForm, UploadForm
from .importing import ERROR, NEW, SKIP, STATUSES, UPDATE
from .listing_exports import job_threshold_rows
from .registry import RESOURCES
from .selectors import exportable_records, import_records_visible_to
from .services import confirm_import, export_file, merge_conflicts, merge_people, preview_import
from .tables import TableError, content_type

IMPORT_PERMISSION = "transfers.import_records"
EXPORT_PERMISSION = "transfers.export_records"
MERGE_PERMISSIONS = ("contacts.change_person", "contacts.delete_person")
PREVIEW_PAGE_SIZE = 200

# What a previewed row would do, as the counts above the rows name it.
ROW_RESULTS = {
    NEW: gettext_lazy("New"),
    UPDATE: gettext_lazy("Update"),
    SKIP: gettext_lazy("Skip"),
    ERROR: gettext_lazy("Error"),
}


def _require(request, *permissions):
    if not request.user.has_perms(permissions):
        raise PermissionDenied


def may_use_transfers(user) -> bool:
    return user.has_perm(IMPORT_PERMISSION) or user.has_perm(EXPORT_PERMISSION)


def index(request):
    if not may_use_transfers(request.user):
        raise PermissionDenied
    can_import = request.user.has_perm(IMPORT_PERMISSION)
    upload_form = UploadForm()
    if request.method == "POST":
        _require(request, IMPORT_PERMISSION)
        upload_form = UploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            upload = upload_form.cleaned_data["file"]
            try:
                record = preview_import(
                    user=request.user,
                    resource_name=upload_form.cleaned_data["resource"],
                    file_name=upload.name,
                    content=upload.read(),
                    encoding=upload_form.cleaned_data["encoding"],
                    skip_existing=upload_form.cleaned_data["existing"] == "skip",
                )
            except TableError as error:
                upload_form.add_error("file", str(error))
            else:
                return redirect("transfers:preview", record.pk)
    return TemplateResponse(
        request,
        "transfers/index.html",
        {
            "upload_form": upload_form if can_import else None,
            "export_form": ExportForm() if request.user.has_perm(EXPORT_PERMISSION) else None,
            "records": import_records_visible_to(request.user).select_related("user")[:50],
            "resources": RESOURCES,
        },
    )


def preview(request, pk):
    _require(request, IMPORT_PERMISSION)
    record = get_object_or_404(import_records_visible_to(request.user), pk=pk)
    summary = record.preview or {}
    rows = summary.get("rows", [])
    status = request.GET.get("status")
    if status in STATUSES:
        rows = [row for row in rows if row["status"] == status]
    page = Paginator(rows, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    resource = RESOURCES.get(record.resource)
    return TemplateResponse(
        request,
        "transfers/preview.html",
        {
            "record": record,
            "resource_label": resource.verbose_name if resource else record.resource,
            "counts": summary.get("counts", {}),
            "file_errors": summary.get("file_errors", []),
            "ignored_headers": summary.get("ignored_headers", []),
            "page": page,
            "status": status,
            "statuses": [(value, ROW_RESULTS[value]) for value in STATUSES],
            "confirm_form": ConfirmForm() if record.is_pending else None,
            "has_errors": bool(summary.get("file_errors")) or summary.get("counts", {}).get(ERROR, 0) > 0,
        },
    )


@require_POST
def confirm(request, pk):
    _require(request, IMPORT_PERMISSION)
    record = get_object_or_404(import_records_visible_to(request.user), pk=pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return redirect("transfers:preview", record.pk)
    good_rows_only = form.cleaned_data["on_errors"] == "good_rows"
    rows = record.created_count + record.updated_count + record.skipped_count + record.error_count
    if record.is_pending and rows > job_threshold_rows():
        job = start_job(
            kind="transfers_import", owner=request.user, params={"record": record.pk, "good_rows_only": good_rows_only}
        )
        messages.success(request, _("The import runs on the job worker. This page shows its progress."))
        return redirect("jobs:detail", pk=job.pk)
    try:
        result = confirm_import(record=record, user=request.user, good_rows_only=good_rows_only)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("transfers:preview", record.pk)
    except TableError as error:  # read again at confirmation: the limits may have changed, the server be slower
        messages.error(request, str(error))
        return redirect("transfers:preview", record.pk)
    counts = result.counts
    if result.written:
        messages.success(
            request,
            _("Imported: %(new)s new, %(update)s updated, %(skip)s skipped, %(error)s rows returned to fix.") % counts,
        )
    else:
        messages.error(request, _("The file was refused: %(error)s rows have errors. Nothing was imported.") % counts)
    return redirect("transfers:preview", record.pk)


def rejected_rows(request, pk):
    _require(request, IMPORT_PERMISSION)
    record = get_object_or_404(import_records_visible_to(request.user), pk=pk, rejected_content__isnull=False)
    stem = record.file_name.rsplit(".", 1)[0]
    response = HttpResponse(bytes(record.rejected_content), content_type=content_type(record.file_format))
    response["Content-Disposition"] = f'attachment; filename="{_ascii(stem)}-to-fix.{record.file_format}"'
    return response


def export(request):
    _require(request, EXPORT_PERMISSION)
    form = ExportForm(request.GET)
    if not form.is_valid():
        return redirect("transfers:index")
    name, file_format = form.cleaned_data["resource"], form.cleaned_data["format"]
    queryset = exportable_records(request.user, name)
    if queryset.count() > job_threshold_rows():
        params = {"resource": name, "format": file_format, "language": get_language()}
        job = start_job(kind="transfers_export", owner=request.user, params=params)
        messages.success(request, _("The export runs on the job worker. Download the file from this page."))
        return redirect("jobs:detail", pk=job.pk)
    content = export_file(resource_name=name, file_format=file_format, queryset=queryset)
    audit.record_export(request.user, model=queryset.model, export_format=file_format, query=request.GET.urlencode())
    audit.record_confidential_rows(request.user, queryset, surface="export")
    response = HttpResponse(content, content_type=content_type(file_format))
    filename = f"kizuna-{name}-{timezone.localdate():%Y%m%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _ascii(text: str) -> str:
    return "".join(char if char.isascii() and (char.isalnum() or char in "-_") else "_" for char in text) or "import"


def duplicates(request):
    _require(request, *MERGE_PERMISSIONS)
    return TemplateResponse(
        request,
        "transfers/duplicates.html",
        {"people_groups": find_duplicate_people(), "organization_groups": find_duplicate_organizations()},
    )


def merge(request, keep_pk, drop_pk):
    _require(request, *MERGE_PERMISSIONS)
    keep = get_object_or_404(Person, pk=keep_pk)
    drop = get_object_or_404(Person, pk=drop_pk)
    conflicts = merge_conflicts(keep=keep, drop=drop)
    form = MergeForm(request.POST or None, conflicts=conflicts)
    if request.method == "POST" and form.is_valid():
        try:
            merge_people(keep=keep, drop=drop, field_choices=form.cleaned_data, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("“%(dropped)s” was merged into “%(kept)s”.") % {"dropped": drop, "kept": keep})
            return redirect(reverse("transfers:duplicates"))
    return TemplateResponse(
        request,
        "transfers/merge.html",
        {"keep": keep, "drop": drop, "form": form, "swap_url": reverse("transfers:merge", args=[drop.pk, keep.pk])},
    )
