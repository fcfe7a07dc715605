"""Whether a task worker is alive, for load balancers and operators: /readyz/worker, and the live worker count that
/readyz shows in its queue check (registered with core.health in JobsConfig.ready()).

/readyz itself never fails for want of a worker: app processes must stay in the load balancer while the worker
restarts, and requests only enqueue. /readyz/worker is the probe for the worker's own supervisor and alerts.
"""

from django.db import DatabaseError

from jobs.selectors import live_worker_count, worker_state


def queue_workers_info(backend):
    if not type(backend).__module__.startswith("django_tasks_db"):
        return {}
    return {"workers": live_worker_count()}


def _describe(beacon, now):
    return {
        "id": beacon.worker_id,
        "host": beacon.host,
        "pid": beacon.pid,
        "queues": beacon.queue_names,
        "started_at": beacon.started_at.isoformat(),
        "last_seen_at": beacon.last_seen_at.isoformat(),
        "seconds_since_seen": round((now - beacon.last_seen_at).total_seconds(), 1),
        "current_task_id": beacon.current_task_id or None,
    }


def worker_readiness():
    """(ready, body): ready when a worker was seen within 3 heartbeats, or when the backend needs no worker."""
    try:
        state = worker_state()
    except DatabaseError as error:
        reason = f"the database did not answer: {type(error).__name__}: {error}".strip()[:300]
        return False, {"status": "unavailable", "reason": reason, "workers": []}
    window = state.window.total_seconds()
    body = {"status": "ok", "backend": state.backend, "seen_within_seconds": window}
    if not state.needs_worker:
        body.update(workers=[], note=f"the {state.backend} task backend runs no task worker; none is needed")
        return True, body
    body["workers"] = [_describe(beacon, state.now) for beacon in state.live]
    if state.ok:
        return True, body
    if state.last_seen_at is None:
        body.update(status="unavailable", reason="no task worker is running (start one: manage.py task_worker)")
        return False, body
    body.update(
        status="unavailable",
        reason=f"no task worker has been seen in the last {window:g} s",
        last_seen_at=state.last_seen_at.isoformat(),
        seconds_since_seen=round(state.unseen_for.total_seconds(), 1),
    )
    return False, body
