from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from jobs.models import Job, WorkerBeacon

# A worker counts as alive while its beacon is younger than this many heartbeats: one late beat is not a death.
LIVE_WORKER_HEARTBEATS = 3


def jobs_visible_to(user):
    """Superusers see every job; other staff see the jobs they started."""
    jobs = Job.objects.select_related("owner")
    if not user.is_authenticated or not user.is_active:
        return jobs.none()
    if user.is_superuser:
        return jobs
    return jobs.filter(owner=user)


def task_backend_name(alias="default"):
    from django_tasks import task_backends

    return type(task_backends[alias]).__name__


def needs_task_worker(alias="default"):
    """Only the database queue needs a worker process; the immediate backend (tests, demo) runs tasks inline."""
    from django_tasks import task_backends

    return type(task_backends[alias]).__module__.startswith("django_tasks_db")


def live_worker_window():
    return timedelta(seconds=LIVE_WORKER_HEARTBEATS * (getattr(settings, "JOBS_HEARTBEAT_SECONDS", 10) or 10))


def live_worker_count(*, now=None):
    return WorkerBeacon.objects.seen_since((now or timezone.now()) - live_worker_window()).count()


@dataclass(frozen=True)
class WorkerState:
    """Whether jobs and tasks will run: the workers seen recently and, when there is none, when one last was."""

    needs_worker: bool
    backend: str
    window: timedelta
    now: datetime
    live: list = field(default_factory=list)
    last_seen_at: datetime | None = None

    @property
    def ok(self):
        return not self.needs_worker or bool(self.live)

    @property
    def unseen_for(self):
        return self.now - self.last_seen_at if self.last_seen_at else None

    @property
    def unseen_seconds(self):
        return int(self.unseen_for.total_seconds()) if self.last_seen_at else None


def worker_state(*, now=None, alias="default"):
    """One query: the beacons, live ones first. Beacons are few (the live workers plus the one seen last)."""
    now = now or timezone.now()
    window = live_worker_window()
    if not needs_task_worker(alias):
        return WorkerState(needs_worker=False, backend=task_backend_name(alias), window=window, now=now)
    beacons = list(WorkerBeacon.objects.all()[:100])
    return WorkerState(
        needs_worker=True,
        backend=task_backend_name(alias),
        window=window,
        now=now,
        live=[beacon for beacon in beacons if beacon.last_seen_at >= now - window],
        last_seen_at=beacons[0].last_seen_at if beacons else None,
    )
