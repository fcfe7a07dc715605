"""Staff workspace views of jobs (the listing, one job with live progress, its status as JSON, its download) and the
task worker's readiness probe."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from wagtail.log_actions import log

from jobs import services
from jobs.choices import JobStatus
from jobs.forms import SeedDemoForm
from jobs.health import worker_readiness
from jobs.registry import job_kinds
from jobs.selectors import jobs_visible_to, worker_state

LISTING_SIZE = 50


def _can_start(user, kind):
    return job_kinds[kind].can_start(user)


def index(request):
    jobs = list(jobs_visible_to(request.user)[:LISTING_SIZE])
    return TemplateResponse(
        request,
        "jobs/index.html",
        {
            "jobs": jobs,
            "any_active": any(job.is_active for job in jobs),
            "can_export": _can_start(request.user, "export_everything"),
            "can_seed": _can_start(request.user, "seed_demo"),
            "seed_form": SeedDemoForm(),
            "worker_state": worker_state(),
        },
    )


def detail(request, pk):
    job = get_object_or_404(jobs_visible_to(request.user), pk=pk)
    return TemplateResponse(
        request,
        "jobs/detail.html",
        {"job": job, "worker_state": worker_state() if job.is_active else None},
    )


def status(request, pk):
    job = get_object_or_404(jobs_visible_to(request.user), pk=pk)
    return JsonResponse(
        {
            "id": job.pk,
            "kind": job.kind,
            "status": job.status,
            "status_label": job.get_status_display(),
            "progress": job.progress,
            "total": job.total,
            "percent": job.percent,
            "message": job.message,
            "error": job.error,
            "active": job.is_active,
            "has_file": bool(job.status == JobStatus.SUCCEEDED and job.result.get("file")),
        }
    )


def download(request, pk):
    job = get_object_or_404(jobs_visible_to(request.user), pk=pk)
    name = job.result.get("file") if job.status == JobStatus.SUCCEEDED else None
    if not name or not default_storage.exists(name):
        raise Http404(_("This job has no file to download."))
    # The file leaves the building with whoever downloads it (the owner, or a superuser): the audit says who.
    log(job, "kizuna_jobs.download", user=request.user, data={"kind": job.kind, "file": name, "owner": job.owner_id})
    return FileResponse(default_storage.open(name, "rb"), as_attachment=True, filename=name.rsplit("/", 1)[-1])


@require_POST
def start_export(request):
    job = services.start_job(kind="export_everything", owner=request.user)
    messages.success(request, _("Export started. This page shows its progress."))
    return redirect("jobs:detail", pk=job.pk)


@require_POST
def start_seed(request):
    form = SeedDemoForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("scale", [])))
        return redirect("jobs:index")
    if not _can_start(request.user, "seed_demo"):
        raise PermissionDenied
    job = services.start_job(kind="seed_demo", owner=request.user, params={"scale": form.cleaned_data["scale"]})
    messages.success(request, _("Seeding started. This page shows its progress."))
    return redirect("jobs:detail", pk=job.pk)


@never_cache
@require_safe
def readyz_worker(request):
    """No login (like /readyz): 200 listing the live task workers, 503 with the reason when none was seen lately."""
    ready, body = worker_readiness()
    return JsonResponse(body, status=200 if ready else 503)
