"""Writes on jobs: start, claim, report progress, finish, fail, reap (every job state change is fenced by run_token);
the task workers' beacons: stamp, retire, prune."""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from jobs.choices import JobStatus
from jobs.models import Job, TaskLease, WorkerBeacon
from jobs.registry import job_kinds

logger = logging.getLogger("kizuna.jobs")

# A running job whose worker has not written a heartbeat for this long is taken to be dead.
DEFAULT_STALE_AFTER = timedelta(seconds=90)
# A task run this many times (each claim by a worker that then died) is failed instead of being queued again.
MAX_TASK_CLAIMS = 3
# A queued job whose task has not started for this long is enqueued again (the claim makes duplicates harmless).
DEFAULT_REQUEUE_AFTER = timedelta(minutes=15)


class JobLost(Exception):
    """This run no longer owns the job (the reaper handed it to another run); its unfinished chunk must roll back."""


def _enqueue(job_id):
    from jobs.tasks import run_job

    run_job.enqueue(job_id)


@transaction.atomic
def start_job(*, kind, owner, params=None, total=0, message=""):
    """Records a queued job and enqueues it on the task worker once the transaction commits.

    Raises ValidationError for an unknown kind and PermissionDenied when `owner` may not start it.
    """
    job_kind = job_kinds.get(kind)
    if job_kind is None:
        raise ValidationError(_("Unknown kind of job: %(kind)s") % {"kind": kind}, code="unknown_kind")
    if owner is not None and not job_kind.can_start(owner):
        raise PermissionDenied(_("You may not start this kind of job."))
    job = Job.objects.create(
        kind=kind,
        owner=owner,
        params=params or {},
        total=total,
        message=message or _("Waiting for the task worker"),
        heartbeat_at=timezone.now(),
    )
    log(instance=job, action="kizuna_jobs.start", user=owner, data={"kind": kind, "params": job.params})
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def claim_job(*, job_id, task_id=""):
    """Moves a queued job to running under a fresh run token; None if it is not queued (done, or run elsewhere)."""
    token = uuid.uuid4().hex
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        run_token=token,
        task_id=task_id,
        attempts=F("attempts") + 1,
        started_at=now,
        heartbeat_at=now,
        error="",
    )
    if not claimed:
        return None
    return Job.objects.get(pk=job_id)


def report_progress(*, job, progress=None, total=None, message=None, checkpoint=None):
    """Stores progress (and a checkpoint) for the run holding `job.run_token`; raises JobLost if it lost the job.

    Inside a transaction the update commits or rolls back with the chunk of work it describes.
    """
    changes = {"heartbeat_at": timezone.now()}
    if progress is not None:
        changes["progress"] = progress
    if total is not None:
        changes["total"] = total
    if message is not None:
        changes["message"] = str(message)[:255]
    if checkpoint is not None:
        changes["checkpoint"] = checkpoint
    updated = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, run_token=job.run_token).update(**changes)
    if not updated:
        raise JobLost(job.pk)
    for field, value in changes.items():
        setattr(job, field, value)


def beat(*, job_id, run_token):
    """Heartbeat only (from the runner's heartbeat thread). False when the run no longer owns the job."""
    return bool(
        Job.objects.filter(pk=job_id, status=JobStatus.RUNNING, run_token=run_token).update(heartbeat_at=timezone.now())
    )


@transaction.atomic
def finish_job(*, job, result, message=""):
    updated = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, run_token=job.run_token).update(
        status=JobStatus.SUCCEEDED,
        result=result or {},
        progress=F("total"),
        message=str(message or _("Finished"))[:255],
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    if not updated:
        raise JobLost(job.pk)
    job.refresh_from_db()
    log(instance=job, action="kizuna_jobs.finish", user=None, data={"result": job.result})


@transaction.atomic
def fail_job(*, job, error, run_token=None):
    """Marks the job failed. With `run_token`, only if that run still owns it (a lost run must not fail the new one)."""
    jobs = Job.objects.filter(pk=job.pk, status__in=JobStatus.active())
    if run_token is not None:
        jobs = jobs.filter(run_token=run_token)
    updated = jobs.update(
        status=JobStatus.FAILED,
        error=str(error),
        message=_("Failed"),
        finished_at=timezone.now(),
        run_token="",
    )
    if updated:
        job.refresh_from_db()
        log(instance=job, action="kizuna_jobs.fail", user=None, data={"error": str(error)[:1000]})
    return bool(updated)


def _mark_task_result_failed(task_id):
    """The dead worker's row in the database queue stays 'running' forever unless someone closes it."""
    if not task_id or not _uses_database_queue():
        return
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now()
    )


def reap_stale_jobs(*, stale_after=DEFAULT_STALE_AFTER, requeue_after=DEFAULT_REQUEUE_AFTER, now=None):
    """Jobs whose worker died: resumable ones are queued again from their checkpoint (up to max_attempts), the
    others are failed. Queued jobs whose task never started are enqueued again. Returns (resumed, failed, requeued).
    """
    now = now or timezone.now()
    resumed, failed, requeued = [], [], []
    stale_ids = list(
        Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=now - stale_after).values_list("pk", flat=True)
    )
    for job_id in stale_ids:
        with transaction.atomic():
            job = (
                Job.objects.select_for_update(skip_locked=True)
                .filter(pk=job_id, status=JobStatus.RUNNING, heartbeat_at__lt=now - stale_after)
                .first()
            )
            if job is None:
                continue
            _mark_task_result_failed(job.task_id)
            kind = job_kinds.get(job.kind)
            if kind is not None and kind.resumable and job.attempts < kind.max_attempts:
                job.status = JobStatus.QUEUED
                job.run_token = ""
                job.heartbeat_at = now
                job.message = _("The worker stopped; resuming from the last checkpoint")
                job.save(update_fields=["status", "run_token", "heartbeat_at", "message"])
                log(instance=job, action="kizuna_jobs.resume", user=None, data={"attempts": job.attempts})
                transaction.on_commit(lambda job_id=job.pk: _enqueue(job_id))
                resumed.append(job)
            else:
                fail_job(
                    job=job,
                    error=_(
                        "The worker running this job stopped. Nothing of the unfinished step was saved; "
                        "start the job again."
                    ),
                )
                failed.append(job)
    stuck = Job.objects.filter(status=JobStatus.QUEUED, heartbeat_at__lt=now - requeue_after)
    for job in stuck:
        Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(heartbeat_at=now)
        _enqueue(job.pk)
        requeued.append(job)
    for job in resumed + failed + requeued:
        logger.warning("reaped job %s (%s)", job.pk, job.status, extra={"job_id": job.pk, "kind": job.kind})
    return resumed, failed, requeued


def _uses_database_queue(alias="default"):
    from django_tasks import task_backends

    return type(task_backends[alias]).__module__.startswith("django_tasks_db")


def reap_stale_tasks(*, stale_after=DEFAULT_STALE_AFTER, now=None):
    """Tasks of the database queue left 'running' by a dead worker (no lease heartbeat for `stale_after`, or no
    lease at all that long after the claim): those listed in TASKS_REQUEUE_ON_WORKER_LOSS go back to the queue (up
    to MAX_TASK_CLAIMS claims), the others are marked failed. Returns (requeued, failed) task ids.
    """
    if not _uses_database_queue():
        return [], []
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - stale_after
    leases = dict(TaskLease.objects.values_list("task_id", "heartbeat_at"))
    candidates = [
        task_id
        for task_id, started_at in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).values_list(
            "id", "started_at"
        )
        if (leases.get(str(task_id)) or started_at or now) < cutoff
    ]
    retry_safe = set(getattr(settings, "TASKS_REQUEUE_ON_WORKER_LOSS", ()))
    requeued, failed = [], []
    for task_id in candidates:
        with transaction.atomic():
            task = (
                DBTaskResult.objects.select_for_update(skip_locked=True)
                .filter(id=task_id, status=TaskResultStatus.RUNNING)
                .first()
            )
            lease = TaskLease.objects.filter(task_id=str(task_id)).first()
            if task is None or (lease is not None and lease.heartbeat_at >= cutoff):
                continue  # finished, taken by another reaper, or its worker beat again meanwhile
            if task.task_path in retry_safe and len(task.worker_ids) < MAX_TASK_CLAIMS:
                task.status, task.started_at = TaskResultStatus.READY, None
                task.save(update_fields=["status", "started_at"])
                requeued.append(str(task_id))
            else:
                task.status, task.finished_at = TaskResultStatus.FAILED, now
                task.exception_class_path = "jobs.services.WorkerLost"
                task.traceback = "The task worker stopped while running this task; it was not run again."
                task.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                failed.append(str(task_id))
            TaskLease.objects.filter(task_id=str(task_id)).delete()
    for task_id in requeued:
        logger.warning("task %s requeued: its worker died mid-task", task_id, extra={"task_id": task_id})
    for task_id in failed:
        logger.warning("task %s failed: its worker died mid-task", task_id, extra={"task_id": task_id})
    return requeued, failed


def stamp_worker_beacon(*, worker_id, host, pid, queue_names, started_at, current_task_id=""):
    """Marks the worker seen now. Writes the row again if it is missing: the worker started while the database was
    down, or its beacon was pruned while a database outage kept it from beating.
    """
    now = timezone.now()
    seen = WorkerBeacon.objects.filter(worker_id=worker_id).update(last_seen_at=now, current_task_id=current_task_id)
    if not seen:
        WorkerBeacon.objects.update_or_create(
            worker_id=worker_id,
            defaults={
                "host": host[:255],
                "pid": pid,
                "queue_names": list(queue_names),
                "started_at": started_at,
                "last_seen_at": now,
                "current_task_id": current_task_id,
            },
        )


def retire_worker_beacon(*, worker_id):
    """The worker stops cleanly: it is gone at once rather than after its beacon goes stale."""
    WorkerBeacon.objects.filter(worker_id=worker_id).delete()


def prune_worker_beacons(*, stale_after=DEFAULT_STALE_AFTER, now=None):
    """Deletes the beacons of workers not seen for `stale_after` (they died without cleaning up), except the one
    seen last, which tells the staff workspace and /readyz/worker how long ago a worker last ran. Returns the count.
    """
    now = now or timezone.now()
    last_seen = WorkerBeacon.objects.order_by("-last_seen_at").values_list("pk", flat=True).first()
    deleted, _by_model = WorkerBeacon.objects.filter(last_seen_at__lt=now - stale_after).exclude(pk=last_seen).delete()
    return deleted
