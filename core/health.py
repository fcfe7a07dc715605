"""Readiness checks of the services a request needs: the database, the cache and the task queue.

Each check returns a `CheckResult`; none raises. They are deliberately cheap (one round trip each) because load
balancers call /readyz every few seconds on every app process.
"""

import logging
import time
import uuid
from dataclasses import dataclass, field

from django.core.cache import caches
from django.db import connections

CACHE_PROBE_KEY = "kizuna:readyz:probe"

logger = logging.getLogger("kizuna.health")

# Facts that apps to the right of core add to the queue check (core imports none of them): `provider(backend)`
# returns a dict merged into the check's info. They inform; they never fail the check.
_queue_info_providers = []


def register_queue_info(provider):
    if provider not in _queue_info_providers:
        _queue_info_providers.append(provider)
    return provider


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    detail: str = ""
    duration_ms: float = 0.0
    info: dict = field(default_factory=dict)

    def as_dict(self):
        payload = {"ok": self.ok, "duration_ms": self.duration_ms}
        if self.detail:
            payload["detail"] = self.detail
        payload.update(self.info)
        return payload


def _timed(probe):
    started = time.monotonic()
    try:
        info = probe() or {}
        ok, detail = True, ""
    except Exception as error:  # a readiness probe reports any failure instead of raising
        info, ok, detail = {}, False, f"{type(error).__name__}: {error}".strip()[:300]
    return CheckResult(ok=ok, detail=detail, duration_ms=round((time.monotonic() - started) * 1000, 1), info=info)


def check_database(alias="default"):
    def probe():
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    result = _timed(probe)
    if not result.ok:
        # A broken persistent connection must not poison the next request on this process.
        connections[alias].close_if_unusable_or_obsolete()
    return result


def check_cache(alias="default"):
    def probe():
        cache = caches[alias]
        token = uuid.uuid4().hex
        # One key per probe: every app process is probed concurrently and must not read another's value.
        key = f"{CACHE_PROBE_KEY}:{token}"
        cache.set(key, token, timeout=30)
        # A cache that swallows errors (django-redis with IGNORE_EXCEPTIONS) shows an outage as a failed round trip.
        returned = cache.get(key)
        cache.delete(key)
        if returned != token:
            raise ConnectionError("the cache did not return the value just written")

    return _timed(probe)


def check_queue(alias="default"):
    """The task queue is reachable; for the database queue, also how many tasks wait and for how long."""

    def probe():
        from django_tasks import task_backends

        backend = task_backends[alias]
        info = {"backend": type(backend).__name__}
        if type(backend).__module__.startswith("django_tasks_db"):
            from django.utils import timezone
            from django_tasks_db.models import DBTaskResult

            waiting = DBTaskResult.objects.ready().filter(backend_name=alias)
            oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
            info["waiting"] = waiting[:1000].count()
            info["oldest_waiting_seconds"] = round((timezone.now() - oldest).total_seconds(), 1) if oldest else 0
        for provider in _queue_info_providers:
            try:
                info.update(provider(backend))
            except Exception:
                logger.exception("queue information from %s failed", provider.__qualname__)
        return info

    return _timed(probe)


READINESS_CHECKS = {"database": check_database, "cache": check_cache, "queue": check_queue}


def run_readiness_checks():
    return {name: check() for name, check in READINESS_CHECKS.items()}
