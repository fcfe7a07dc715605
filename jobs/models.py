from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jobs.choices import JobStatus


class JobQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=JobStatus.active())


class Job(models.Model):
    """A long piece of work run by the task worker (import, export, seeding), with progress a person can watch.

    Work is done in chunks; each chunk commits together with `checkpoint`, so a job stopped at any point is either
    resumed from its last checkpoint or failed with nothing of the unfinished chunk applied. `run_token` fences a
    run: a worker that lost its claim (the reaper gave the job to another) can no longer write progress or commit.
    """

    kind = models.CharField(_("kind"), max_length=64)
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveIntegerField(_("progress"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0, help_text=_("0 while the size is not yet known."))
    message = models.CharField(_("message"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        related_name="jobs",
        # A job is history: it outlives the account that started it.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    checkpoint = models.JSONField(_("checkpoint"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    run_token = models.CharField(_("run token"), max_length=32, blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="jobs_status_heartbeat_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=JobStatus.values), name="jobs_job_status_valid"),
            models.CheckConstraint(
                condition=Q(total=0) | Q(progress__lte=F("total")), name="jobs_job_progress_within_total"
            ),
            models.CheckConstraint(
                condition=~Q(status=JobStatus.RUNNING) | ~Q(run_token=""), name="jobs_job_running_has_token"
            ),
        ]

    def __str__(self):
        return f"{self.kind_label} #{self.pk}"

    @property
    def kind_label(self):
        from jobs.registry import job_kinds

        kind = job_kinds.get(self.kind)
        return kind.label if kind else self.kind

    @property
    def percent(self):
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.progress * 100 / self.total))

    @property
    def is_active(self):
        return self.status in JobStatus.active()


class TaskLease(models.Model):
    """The task worker's hold on one running task of the database queue, renewed by a heartbeat while it runs.

    django-tasks-db marks a task 'running' when a worker claims it and never looks at it again: a worker killed
    mid-task leaves it 'running' forever. The lease is how the reaper tells a live task from an orphaned one.
    """

    task_id = models.CharField(_("task id"), max_length=64, unique=True)
    heartbeat_at = models.DateTimeField(_("last heartbeat"))

    class Meta:
        verbose_name = _("task lease")
        verbose_name_plural = _("task leases")

    def __str__(self):
        return self.task_id


class WorkerBeaconQuerySet(models.QuerySet):
    def seen_since(self, moment):
        return self.filter(last_seen_at__gte=moment)


class WorkerBeacon(models.Model):
    """One running `manage.py task_worker` process, as its heartbeat thread last described it.

    The worker writes its row on start, stamps `last_seen_at` every JOBS_HEARTBEAT_SECONDS and deletes the row when
    it stops cleanly; a row that stopped being stamped belongs to a worker that died (SIGKILL, lost machine).
    """

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    queue_names = models.JSONField(_("queues"), default=list)
    started_at = models.DateTimeField(_("started at"))
    last_seen_at = models.DateTimeField(_("last seen at"))
    current_task_id = models.CharField(_("current task id"), max_length=64, blank=True)

    objects = WorkerBeaconQuerySet.as_manager()

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")
        ordering = ["-last_seen_at", "worker_id"]

    def __str__(self):
        return self.worker_id
