"""The task worker process (`manage.py task_worker`): its beacon from start to exit, its heartbeat, and how it
outlives a database outage. Database faults are faked (the outside world); the worker, its queue and beacon are real.
"""

import logging
import os
import re
import signal
import socket
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from jobs import leases, worker
from jobs.models import TaskLease, WorkerBeacon
from jobs.worker import BeaconHeartbeat, BeaconWorker

pytestmark = pytest.mark.django_db(transaction=True)

WORKER_OPTIONS = ("--queue-name", "*", "--no-startup-delay", "--interval", "0")


@task()
def beacons_seen_by_the_task():
    return list(WorkerBeacon.objects.values_list("worker_id", flat=True))


@task()
def ask_the_worker_to_stop():
    os.kill(os.getpid(), signal.SIGTERM)  # what systemd sends on `systemctl stop`
    return "asked"


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JOBS_HEARTBEAT_SECONDS = 0  # no threads unless a test starts one
    yield
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def signal_handlers_restored():
    """The worker installs its own SIGTERM/SIGINT handlers; pytest gets its own back afterwards."""
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


def new_worker(worker_id="vm:812:k3Jd9aQz"):
    return BeaconWorker(
        queue_names=["*"],
        excluded_queue_names=[],
        worker_id=worker_id,
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
    )


def wait_for(condition, timeout=10.0):
    """Poll `condition` until it holds. On SQLite the test database is shared in memory, where a read that meets a
    write of the heartbeat thread fails at once with "database table is locked" instead of waiting: that read is
    asked again, like any other not-yet."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OperationalError as error:
            if "locked" not in str(error):
                raise
        time.sleep(0.02)
    return False


def test_task_worker_keeps_a_beacon_while_it_runs_and_deletes_it_at_the_end(database_queue):
    task_id = beacons_seen_by_the_task.enqueue().id

    call_command("task_worker", "--batch", *WORKER_OPTIONS)

    result = DBTaskResult.objects.get(id=task_id)
    [worker_id] = result.return_value
    assert result.status == TaskResultStatus.SUCCESSFUL
    # host:pid:random, and the same id django-tasks-db records on the task: an operator can follow one to the other.
    assert re.fullmatch(rf"{re.escape(socket.gethostname())}:{os.getpid()}:[A-Za-z0-9]{{8}}", worker_id)
    assert result.worker_ids == [worker_id]
    assert WorkerBeacon.objects.count() == 0


def test_task_worker_on_sigterm_finishes_the_running_task_takes_no_other_and_deletes_its_beacon(database_queue):
    stop = ask_the_worker_to_stop.enqueue().id
    untouched = beacons_seen_by_the_task.enqueue().id

    # --max-tasks only bounds the test if the stop request were ignored.
    call_command("task_worker", *WORKER_OPTIONS, "--max-tasks", "2")

    assert DBTaskResult.objects.get(id=stop).status == TaskResultStatus.SUCCESSFUL
    assert DBTaskResult.objects.get(id=untouched).status == TaskResultStatus.READY
    assert WorkerBeacon.objects.count() == 0


def test_task_worker_prunes_beacons_of_dead_workers_on_start(database_queue):
    from datetime import timedelta

    from tests.factories.jobs import WorkerBeaconFactory

    WorkerBeaconFactory(last_seen_at=timezone.now() - timedelta(hours=1))
    last_seen = WorkerBeaconFactory(last_seen_at=timezone.now() - timedelta(minutes=30))
    task_id = beacons_seen_by_the_task.enqueue().id

    call_command("task_worker", "--batch", *WORKER_OPTIONS)

    seen = DBTaskResult.objects.get(id=task_id).return_value
    assert len(seen) == 2
    assert seen[1] == last_seen.worker_id  # the worker itself first (seen last), then the one kept as history
    assert list(WorkerBeacon.objects.all()) == [last_seen]


def test_task_worker_refuses_to_reload(database_queue):
    with pytest.raises(CommandError, match="does not reload"):
        call_command("task_worker", "--reload", *WORKER_OPTIONS)


def test_beacon_heartbeat_stamps_the_beacon_with_the_running_task(database_queue):
    beacon_worker = new_worker()
    beacon_worker.stamp_beacon()
    silent_since = timezone.now()
    beacon_worker.current_task_id = "6f1c0f5e-4d1b-4c55-9a55-0d3b8f1e2a11"
    heartbeat = BeaconHeartbeat(beacon_worker, 0.05)

    heartbeat.start()
    try:
        stamped = wait_for(lambda: WorkerBeacon.objects.filter(current_task_id=beacon_worker.current_task_id).exists())
    finally:
        heartbeat.stop()  # never left beating into the next test

    beacon = WorkerBeacon.objects.get()
    assert stamped
    assert not heartbeat.is_alive()
    assert (beacon.worker_id, beacon.pid, beacon.queue_names) == ("vm:812:k3Jd9aQz", os.getpid(), ["*"])
    assert beacon.last_seen_at > silent_since


def test_beacon_heartbeat_logs_and_keeps_beating_through_a_database_outage(database_queue, monkeypatch, caplog):
    real_stamp = worker.stamp_worker_beacon
    outage = {"failures_left": 3}

    def database_restarting(**kwargs):
        if outage["failures_left"]:
            outage["failures_left"] -= 1
            raise OperationalError("server closed the connection unexpectedly")
        return real_stamp(**kwargs)

    monkeypatch.setattr(worker, "stamp_worker_beacon", database_restarting)
    heartbeat = BeaconHeartbeat(new_worker(), 0.05)

    with caplog.at_level(logging.WARNING, logger="kizuna.jobs"):
        heartbeat.start()
        try:
            back = wait_for(lambda: WorkerBeacon.objects.exists())
            alive_after_the_outage = heartbeat.is_alive()
        finally:
            heartbeat.stop()  # never left beating into the next test

    assert (back, alive_after_the_outage) == (True, True)
    assert [record.getMessage() for record in caplog.records] == [
        "worker vm:812:k3Jd9aQz beacon not stamped: server closed the connection unexpectedly"
    ] * 3


def test_task_worker_waits_out_a_database_outage_then_runs_the_queue(database_queue, monkeypatch, caplog):
    real_get_locked = DBTaskResultQuerySet.get_locked
    outage = {"failures_left": 2}

    def database_restarting(queryset):
        if outage["failures_left"]:
            outage["failures_left"] -= 1
            raise OperationalError("the database system is shutting down")
        return real_get_locked(queryset)

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", database_restarting)
    monkeypatch.setattr(worker, "OUTAGE_FIRST_PAUSE", 0.01)
    task_id = beacons_seen_by_the_task.enqueue().id

    with caplog.at_level(logging.WARNING, logger="kizuna.jobs"):
        call_command("task_worker", "--batch", *WORKER_OPTIONS)

    outage_logs = [record.getMessage() for record in caplog.records if "lost the database" in record.getMessage()]
    assert DBTaskResult.objects.get(id=task_id).status == TaskResultStatus.SUCCESSFUL
    assert len(outage_logs) == 2
    assert outage_logs[0].endswith("lost the database (the database system is shutting down); polling again in 0.01 s")
    assert WorkerBeacon.objects.count() == 0


def test_task_cut_short_by_an_outage_is_left_to_the_reaper(database_queue, settings, monkeypatch):
    settings.JOBS_HEARTBEAT_SECONDS = 1  # a real lease heartbeat thread
    real_save = DBTaskResult.save

    def outage_while_recording_the_outcome(self, *args, update_fields=None, **kwargs):
        if update_fields and "finished_at" in update_fields:
            raise OperationalError("terminating connection due to administrator command")
        return real_save(self, *args, update_fields=update_fields, **kwargs)

    monkeypatch.setattr(DBTaskResult, "save", outage_while_recording_the_outcome)
    monkeypatch.setattr(worker, "OUTAGE_FIRST_PAUSE", 0.01)
    task_id = beacons_seen_by_the_task.enqueue().id

    call_command("task_worker", "--batch", *WORKER_OPTIONS)

    # Neither success nor failure could be written: the task stays 'running' with a lease nobody renews any more,
    # so the reaper requeues or fails it once the lease is stale (tests/jobs/test_leases.py).
    assert DBTaskResult.objects.get(id=task_id).status == TaskResultStatus.RUNNING
    assert list(TaskLease.objects.values_list("task_id", flat=True)) == [str(task_id)]
    assert leases._current == {}
    assert [thread for thread in threading.enumerate() if thread.name.endswith("-lease")] == []


def _database_url(connection):
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return (
        f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
        f"/{settings['NAME']}"
    )


@pytest.fixture
def worker_process(database_queue, tmp_path):
    """`manage.py task_worker` as production runs it (production settings, 1 s heartbeat), on the test database."""
    import subprocess
    import sys
    from pathlib import Path

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a database it can share with the test: set DATABASE_URL (PostgreSQL)")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="test-only-worker-process-key-of-sufficient-length-and-entropy-1234567",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=_database_url(connection),
        DB_CONN_MAX_AGE="60",
        KIZUNA_BASE_URL="https://127.0.0.1",
        JOBS_HEARTBEAT_SECONDS="1",
        MEDIA_ROOT=str(tmp_path / "media"),
        PYTHONUNBUFFERED="1",
    )
    log = tmp_path / "worker.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "task_worker",
                "--queue-name",
                "*",
                "--interval",
                "0.2",
                "--no-startup-delay",
            ],
            cwd=Path(__file__).resolve().parents[2],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    process.log = log
    yield process
    if process.poll() is None:
        process.kill()
        process.wait(timeout=10)


def test_task_worker_process_beats_outlives_lost_connections_and_retires_on_sigterm(worker_process, client):
    from django.db import connection

    # A Django start on a busy two-core machine can take most of a minute.
    assert wait_for(lambda: WorkerBeacon.objects.filter(pid=worker_process.pid).exists(), timeout=90), (
        worker_process.log.read_text()
    )
    first_seen = WorkerBeacon.objects.get().last_seen_at
    assert wait_for(lambda: WorkerBeacon.objects.get().last_seen_at > first_seen, timeout=10)

    # What a PostgreSQL restart does to the worker's connections (the loop's and the heartbeat's).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    cut_at = timezone.now()
    task_id = beacons_seen_by_the_task.enqueue().id

    ran = wait_for(lambda: DBTaskResult.objects.get(id=task_id).status == TaskResultStatus.SUCCESSFUL, timeout=20)
    beating_again = wait_for(lambda: WorkerBeacon.objects.get().last_seen_at > cut_at, timeout=10)
    readiness = client.get("/readyz/worker")
    worker_process.send_signal(signal.SIGTERM)
    exit_code = worker_process.wait(timeout=20)

    beacon_id = DBTaskResult.objects.get(id=task_id).return_value
    assert (ran, beating_again) == (True, True), worker_process.log.read_text()
    assert readiness.status_code == 200
    assert [worker["id"] for worker in readiness.json()["workers"]] == beacon_id
    assert exit_code == 0
    assert WorkerBeacon.objects.count() == 0
    assert client.get("/readyz/worker").status_code == 503
