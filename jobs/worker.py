"""The task worker process (`manage.py task_worker`): django-tasks-db's own worker loop, plus a beacon that says the
process is alive and patience with database outages.

The beacon (jobs.WorkerBeacon) is written on start, stamped from a thread with its own database connection every
JOBS_HEARTBEAT_SECONDS, and deleted on a clean exit (SIGTERM, SIGINT, --batch or --max-tasks done). /readyz/worker
and the staff workspace read it. A database that goes away (PostgreSQL restarting) makes the heartbeat log and
try again on its next beat, and the worker loop wait and poll again, instead of ending the process.
"""

import logging
import os
import socket
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from jobs.leases import abandon_leases
from jobs.services import DEFAULT_STALE_AFTER, prune_worker_beacons, retire_worker_beacon, stamp_worker_beacon

logger = logging.getLogger("kizuna.jobs")

# Pauses between polls while the database is unreachable: soon at first, then no more often than every 5 s.
OUTAGE_FIRST_PAUSE, OUTAGE_LONGEST_PAUSE = 0.5, 5.0


def new_worker_id():
    """host:pid:random, at most 64 characters (django-tasks-db's limit): an operator can find the process."""
    suffix = f":{os.getpid()}:{get_random_string(8)}"
    return socket.gethostname()[: 64 - len(suffix)] + suffix


class BeaconHeartbeat(threading.Thread):
    def __init__(self, worker, interval):
        super().__init__(name=f"worker-{worker.worker_id}-beacon", daemon=True)
        self.worker, self.interval = worker, interval
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(self.interval):
                try:
                    self.worker.stamp_beacon()
                except Exception:  # a heartbeat that died would report a working worker as dead
                    logger.exception("worker %s beacon heartbeat failed", self.worker.worker_id)
        finally:
            connections.close_all()

    def stop(self):
        self.stopped.set()
        self.join(timeout=self.interval + 5)


class BeaconWorker(Worker):
    """django-tasks-db's Worker, unchanged in how it claims and runs tasks."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.host, self.pid = socket.gethostname(), os.getpid()
        self.started_at = timezone.now()
        self.current_task_id = ""

    def stamp_beacon(self):
        """Never raises a database error: a worker must outlive a database restart, and its beacon with it."""
        try:
            stamp_worker_beacon(
                worker_id=self.worker_id,
                host=self.host,
                pid=self.pid,
                queue_names=self.queue_names,
                started_at=self.started_at,
                current_task_id=self.current_task_id,
            )
            return True
        except DatabaseError as error:
            logger.warning("worker %s beacon not stamped: %s", self.worker_id, error)
            # Only this thread's connection: the worker loop may be using its own at this very moment.
            connections["default"].close()
            return False

    def run_task(self, db_task_result):
        self.current_task_id = str(db_task_result.id)
        try:
            super().run_task(db_task_result)
        finally:
            self.current_task_id = ""

    def run(self):
        pause = OUTAGE_FIRST_PAUSE
        while True:
            polling_since = time.monotonic()
            try:
                return super().run()
            except (OperationalError, InterfaceError) as error:
                if not self.running:  # asked to stop: nothing left to wait for
                    return None
                if time.monotonic() - polling_since > OUTAGE_LONGEST_PAUSE:
                    pause = OUTAGE_FIRST_PAUSE  # the database had come back since the last outage: a new one
                # A task interrupted by the outage stays 'running' in the queue; the reaper decides its fate once
                # its lease goes stale, so this process must stop renewing that lease.
                abandon_leases()
                logger.warning("worker %s lost the database (%s); polling again in %s s", self.worker_id, error, pause)
                connections["default"].close()
                time.sleep(pause)
                pause = min(pause * 2, OUTAGE_LONGEST_PAUSE)


@contextmanager
def beacon_kept_fresh(worker):
    """For the worker's whole run: its beacon is written now, stamped meanwhile and deleted at the end."""
    interval = getattr(settings, "JOBS_HEARTBEAT_SECONDS", 10)
    heartbeat = None
    try:
        try:
            pruned = prune_worker_beacons(stale_after=DEFAULT_STALE_AFTER)
            if pruned:
                logger.info("pruned %s beacons of task workers that died", pruned)
        except DatabaseError as error:
            logger.warning("stale worker beacons not pruned: %s", error)
            connections["default"].close()
        worker.stamp_beacon()
        if interval:
            heartbeat = BeaconHeartbeat(worker, interval)
            heartbeat.start()
        yield worker
    finally:
        # The heartbeat stops first, or its next beat would write the row again.
        if heartbeat is not None:
            heartbeat.stop()
        try:
            retire_worker_beacon(worker_id=worker.worker_id)
        except DatabaseError as error:  # the row goes stale and the reaper prunes it
            logger.warning("worker %s beacon not deleted: %s", worker.worker_id, error)
