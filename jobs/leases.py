"""Leases on running tasks of the database queue: taken when the worker starts a task, renewed by a heartbeat
thread while it runs, dropped when it finishes. Connected to django-tasks' task_started/task_finished signals in
JobsConfig.ready(), so django-tasks-db's worker loop needs no change.
"""

import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone

from jobs.models import TaskLease

logger = logging.getLogger("kizuna.jobs")

_current = {}  # task id -> its heartbeat thread; a worker process runs one task at a time


def _from_database_queue(sender):
    backend = sender if isinstance(sender, type) else type(sender)
    return backend.__module__.startswith("django_tasks_db")


class LeaseHeartbeat(threading.Thread):
    def __init__(self, task_id, interval):
        super().__init__(name=f"task-{task_id}-lease", daemon=True)
        self.task_id, self.interval = task_id, interval
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(self.interval):
                try:
                    TaskLease.objects.filter(task_id=self.task_id).update(heartbeat_at=timezone.now())
                except DatabaseError as error:  # PostgreSQL restarting: the next beat reconnects
                    logger.warning("task %s lease heartbeat failed: %s", self.task_id, error)
                    connections.close_all()
        finally:
            connections.close_all()

    def stop(self):
        self.stopped.set()
        self.join(timeout=self.interval + 5)


def take_lease(sender, task_result, **kwargs):
    if not _from_database_queue(sender):
        return
    task_id = str(task_result.id)
    TaskLease.objects.update_or_create(task_id=task_id, defaults={"heartbeat_at": timezone.now()})
    interval = getattr(settings, "JOBS_HEARTBEAT_SECONDS", 10)
    if interval:
        thread = LeaseHeartbeat(task_id, interval)
        _current[task_id] = thread
        thread.start()


def drop_lease(sender, task_result, **kwargs):
    if not _from_database_queue(sender):
        return
    task_id = str(task_result.id)
    thread = _current.pop(task_id, None)
    if thread is not None:
        thread.stop()
    try:
        TaskLease.objects.filter(task_id=task_id).delete()
    except DatabaseError as error:  # a leftover lease only delays nothing: the reaper ignores finished tasks
        logger.warning("task %s lease not dropped: %s", task_id, error)


def abandon_leases():
    """The worker lost track of its task (the database went away mid-task, so neither success nor failure could be
    recorded): stop renewing its lease, so that the reaper requeues or fails the task once the lease is stale.
    """
    for task_id in list(_current):
        _current.pop(task_id).stop()
