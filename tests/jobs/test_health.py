"""/readyz/worker: whether a task worker is alive, for the worker's supervisor, alerts and operators."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from jobs.models import WorkerBeacon
from tests.factories.jobs import WorkerBeaconFactory

pytestmark = pytest.mark.django_db

NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JOBS_HEARTBEAT_SECONDS = 10


def test_readyz_worker_is_ok_without_a_worker_when_tasks_run_inline(client):
    response = client.get("/readyz/worker")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "backend": "ImmediateBackend",
        "seen_within_seconds": 30.0,
        "workers": [],
        "note": "the ImmediateBackend task backend runs no task worker; none is needed",
    }
    assert response["Cache-Control"] == NEVER_CACHE


def test_readyz_worker_lists_the_workers_seen_lately(client, database_queue):
    now = timezone.now()
    beacon = WorkerBeaconFactory(
        worker_id="app1:4242:Zq8xY2ab",
        host="app1",
        pid=4242,
        queue_names=["default", "exports"],
        started_at=now - timedelta(hours=1),
        last_seen_at=now - timedelta(seconds=4),
        current_task_id="6f1c0f5e-4d1b-4c55-9a55-0d3b8f1e2a11",
    )
    WorkerBeaconFactory(worker_id="app2:77:deadbeef", last_seen_at=now - timedelta(minutes=5))

    response = client.get("/readyz/worker")

    body = response.json()
    assert response.status_code == 200
    assert 4 <= body["workers"][0]["seconds_since_seen"] < 10
    assert body == {
        "status": "ok",
        "backend": "DatabaseBackend",
        "seen_within_seconds": 30.0,
        "workers": [
            {
                "id": "app1:4242:Zq8xY2ab",
                "host": "app1",
                "pid": 4242,
                "queues": ["default", "exports"],
                "started_at": beacon.started_at.isoformat(),
                "last_seen_at": beacon.last_seen_at.isoformat(),
                "seconds_since_seen": body["workers"][0]["seconds_since_seen"],
                "current_task_id": "6f1c0f5e-4d1b-4c55-9a55-0d3b8f1e2a11",
            }
        ],
    }


def test_readyz_worker_is_unavailable_when_no_worker_is_running(client, database_queue):
    response = client.get("/readyz/worker")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "backend": "DatabaseBackend",
        "seen_within_seconds": 30.0,
        "workers": [],
        "reason": "no task worker is running (start one: manage.py task_worker)",
    }


def test_readyz_worker_is_unavailable_when_the_last_worker_went_silent(client, database_queue, settings):
    settings.JOBS_HEARTBEAT_SECONDS = 1  # seen within 3 s
    last_seen = timezone.now() - timedelta(seconds=300)
    WorkerBeaconFactory(last_seen_at=last_seen)

    response = client.get("/readyz/worker")

    body = response.json()
    assert response.status_code == 503
    assert 300 <= body["seconds_since_seen"] < 310
    assert body == {
        "status": "unavailable",
        "backend": "DatabaseBackend",
        "seen_within_seconds": 3.0,
        "workers": [],
        "reason": "no task worker has been seen in the last 3 s",
        "last_seen_at": last_seen.isoformat(),
        "seconds_since_seen": body["seconds_since_seen"],
    }


def test_readyz_worker_names_the_database_when_it_does_not_answer(client, database_queue, monkeypatch):
    # The outside world (the database server going away) is the one thing worth faking here.
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(WorkerBeacon.objects, "all", refuse)

    response = client.get("/readyz/worker")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "reason": "the database did not answer: OperationalError: connection refused",
        "workers": [],
    }


def test_readyz_worker_refuses_writes(client):
    response = client.post("/readyz/worker")

    assert response.status_code == 405
