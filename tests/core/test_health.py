import logging

import pytest
from django.db import OperationalError, connections
from django.test import override_settings

from tests.caches import PRODUCTION_REDIS_SETTINGS, UNREACHABLE_REDIS_URL, production_redis_caches

UNREACHABLE_REDIS = production_redis_caches(UNREACHABLE_REDIS_URL)


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: pytest-django raises on any database access, which is the proof.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.mark.django_db
def test_readyz_reports_every_dependency_ok(client):
    response = client.get("/readyz")

    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert sorted(body["checks"]) == ["cache", "database", "queue"]
    assert [check["ok"] for check in body["checks"].values()] == [True, True, True]


@pytest.mark.django_db
def test_readyz_names_the_cache_when_redis_is_down(client):
    with override_settings(CACHES=UNREACHABLE_REDIS):
        response = client.get("/readyz")

    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "unavailable"
    assert body["failing"] == ["cache"]
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["queue"]["ok"] is True
    assert body["checks"]["cache"]["ok"] is False
    assert "did not return" in body["checks"]["cache"]["detail"]


@pytest.mark.django_db
def test_readyz_names_the_database_when_postgres_is_down(client, monkeypatch):
    # The outside world (a database server going away) is the one thing worth faking here.
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", refuse)

    response = client.get("/readyz")

    body = response.json()
    assert response.status_code == 503
    assert body["failing"] == ["database"]
    assert body["checks"]["database"]["detail"] == "OperationalError: connection refused"
    assert body["checks"]["cache"]["ok"] is True


@pytest.mark.django_db
def test_readyz_counts_waiting_tasks_on_the_database_queue(client):
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        priority=0,
        task_path="core.views.healthz",
        queue_name="default",
        backend_name="default",
    )
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        response = client.get("/readyz")

    queue = response.json()["checks"]["queue"]
    assert response.status_code == 200
    assert (queue["backend"], queue["waiting"]) == ("DatabaseBackend", 1)


@pytest.mark.django_db
def test_readyz_counts_live_workers_and_stays_ready_without_any(client):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories.jobs import WorkerBeaconFactory

    # Dead for five minutes: not counted. App processes must stay in the load balancer while the worker restarts.
    WorkerBeaconFactory(last_seen_at=timezone.now() - timedelta(minutes=5))
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        without = client.get("/readyz")
        WorkerBeaconFactory()
        WorkerBeaconFactory()
        with_two = client.get("/readyz")

    assert (without.status_code, without.json()["status"], without.json()["failing"]) == (200, "ok", [])
    assert without.json()["checks"]["queue"]["workers"] == 0
    assert (with_two.status_code, with_two.json()["checks"]["queue"]["workers"]) == (200, 2)


@pytest.mark.django_db
def test_readyz_queue_check_has_no_worker_count_when_tasks_run_inline(client):
    queue = client.get("/readyz").json()["checks"]["queue"]

    assert sorted(queue) == ["backend", "duration_ms", "ok"]


@pytest.mark.django_db
def test_readyz_queue_check_survives_a_failing_information_provider(client):
    from core import health

    def broken(backend):
        raise RuntimeError("a bug in an app's provider")

    health.register_queue_info(broken)
    try:
        response = client.get("/readyz")
    finally:
        health._queue_info_providers.remove(broken)

    assert (response.status_code, response.json()["checks"]["queue"]["ok"]) == (200, True)


def test_production_cache_turns_a_redis_outage_into_logged_misses(caplog):
    from django.core.cache import caches

    with override_settings(CACHES=UNREACHABLE_REDIS, **PRODUCTION_REDIS_SETTINGS):
        cache = caches["default"]
        with caplog.at_level(logging.ERROR, logger="kizuna.cache"):
            cache.set("key", "value")

            assert cache.get("key", "fallback") == "fallback"
            assert cache.get_many(["key"]) == {}
            assert not cache.add("key", "value")
            assert cache.delete_many(["key"]) is None

    assert [(record.name, record.exc_info[0].__name__) for record in caplog.records] == [
        ("kizuna.cache", "ConnectionInterrupted")
    ] * 5


def test_readyz_refuses_writes(client):
    response = client.post("/readyz")

    assert response.status_code == 405
