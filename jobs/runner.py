"""Runs one job on the task worker: claim it, keep a heartbeat, run its kind, record success or failure."""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections, transaction

from jobs.choices import JobStatus
from jobs.models import Job
from jobs.registry import job_kinds
from jobs.services import JobLost, beat, claim_job, fail_job, finish_job, report_progress

logger = logging.getLogger("kizuna.jobs")


class JobRun:
    """What a job kind's `run` function gets: its parameters, its last checkpoint, and ways to report and commit."""

    def __init__(self, job):
        self.job = job
        self._progress_writer = None  # inside snapshot() on PostgreSQL: a thread with its own connection
        self._deferred = None  # inside snapshot() elsewhere: the latest report, written when the snapshot ends

    @property
    def params(self):
        return self.job.params

    @property
    def checkpoint(self):
        return self.job.checkpoint

    def report(self, *, progress=None, total=None, message=None, checkpoint=None):
        """Progress for the person watching. Outside a chunk it is visible at once."""
        known_total = total if total is not None else self.job.total
        if progress is not None and known_total:
            # Rows may be added while a job counts them; the bar stops at full rather than breaking its constraint.
            progress = min(progress, known_total)
        changes = {"progress": progress, "total": total, "message": message, "checkpoint": checkpoint}
        if self._progress_writer is not None:
            self._progress_writer.submit(report_progress, job=self.job, **changes).result()
        elif self._deferred is not None:
            self._deferred.update({key: value for key, value in changes.items() if value is not None})
        else:
            report_progress(job=self.job, **changes)

    @contextmanager
    def snapshot(self):
        """Reads inside see the database as it was at one instant, whatever commits meanwhile ("export everything"
        must not show half of a write made while it runs).

        PostgreSQL: one REPEATABLE READ, READ ONLY transaction; progress goes through a thread with its own
        connection, so the bar still moves. Other databases (SQLite, the demo): one transaction, and progress
        reported inside is written when it ends (a write inside would hold SQLite's only write lock meanwhile).
        A job run inside a request's transaction (the immediate backend of the demo) reads within that one.
        """
        connection = connections["default"]
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                self._progress_writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"job-{self.job.pk}")
            else:
                self._deferred = {}
            try:
                yield
            finally:
                writer, deferred = self._progress_writer, self._deferred
                self._progress_writer = self._deferred = None
                if writer is not None:
                    writer.submit(connections.close_all).result()
                    writer.shutdown()
        if deferred:
            report_progress(job=self.job, **deferred)

    @contextmanager
    def chunk(self, *, checkpoint, progress=None, message=None):
        """One all-or-nothing step: its writes and the new checkpoint commit together, or neither does.

        The job row is locked for the step, so the reaper (which skips locked rows) never hands a live run's job to
        another worker mid-step; a run that already lost the job raises JobLost before doing anything.
        """
        with transaction.atomic():
            owned = (
                Job.objects.select_for_update()
                .filter(pk=self.job.pk, status=JobStatus.RUNNING, run_token=self.job.run_token)
                .exists()
            )
            if not owned:
                raise JobLost(self.job.pk)
            yield
            self.report(progress=progress, message=message, checkpoint=checkpoint)


class Heartbeat(threading.Thread):
    """Writes the job's heartbeat every few seconds from its own database connection while the job works."""

    def __init__(self, *, job_id, run_token, interval):
        super().__init__(name=f"job-{job_id}-heartbeat", daemon=True)
        self.job_id, self.run_token, self.interval = job_id, run_token, interval
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(self.interval):
                try:
                    if not beat(job_id=self.job_id, run_token=self.run_token):
                        return
                except DatabaseError as error:  # the database restarting: the next beat will reconnect
                    logger.warning("job %s heartbeat failed: %s", self.job_id, error)
                    connections.close_all()
        finally:
            connections.close_all()

    def stop(self):
        self.stopped.set()
        self.join(timeout=self.interval + 5)


@contextmanager
def heartbeat(job):
    interval = getattr(settings, "JOBS_HEARTBEAT_SECONDS", 10)
    if not interval or _runs_in_the_callers_process():
        yield
        return
    thread = Heartbeat(job_id=job.pk, run_token=job.run_token, interval=interval)
    thread.start()
    try:
        yield
    finally:
        thread.stop()


def _runs_in_the_callers_process():
    """With the immediate backend (demo, tests) the job runs inside the request that started it: no heartbeat."""
    from django_tasks import task_backends

    return type(task_backends["default"]).__module__.startswith("django_tasks.backends")


def execute_job(*, job_id, task_id=""):
    job = claim_job(job_id=job_id, task_id=task_id)
    if job is None:
        logger.info("job %s is not queued any more; nothing to do", job_id, extra={"job_id": job_id})
        return None
    kind = job_kinds.get(job.kind)
    if kind is None:
        fail_job(job=job, error=f"Unknown kind of job: {job.kind}", run_token=job.run_token)
        return None
    with heartbeat(job):
        try:
            result = kind.run(JobRun(job))
            finish_job(job=job, result=result)
        except JobLost:
            logger.warning("job %s was handed to another run; this run stops", job_id, extra={"job_id": job_id})
            return None
        except (OperationalError, InterfaceError) as error:
            # The database went away (restart, failover): the open chunk rolled back with its connection. The job
            # keeps its checkpoint; with the heartbeat stopped, the reaper resumes (or fails) it once it is back.
            logger.warning("job %s lost the database: %s", job_id, error, extra={"job_id": job_id})
            connections["default"].close()
            return None
        except Exception as error:
            logger.exception("job %s failed", job_id, extra={"job_id": job_id, "kind": job.kind})
            fail_job(job=job, error=f"{type(error).__name__}: {error}", run_token=job.run_token)
            return None
    return job.pk
