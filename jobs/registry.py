"""The kinds of job the worker knows how to run. Apps register theirs with `register_job_kind` in AppConfig.ready()."""

from collections.abc import Callable
from dataclasses import dataclass


def superusers_only(user) -> bool:
    return bool(user and user.is_active and user.is_superuser)


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str
    run: Callable
    # Resumable kinds commit their work in chunks together with a checkpoint, so a restarted run continues where
    # the dead one stopped. Other kinds are failed cleanly when their worker dies and must be started again.
    resumable: bool
    can_start: Callable = superusers_only
    max_attempts: int = 3


job_kinds: dict[str, JobKind] = {}


def register_job_kind(name, *, label, resumable, can_start=superusers_only, max_attempts=3):
    """Decorator: `run(job_run)` does the work of one kind and returns the job's result (a JSON-able dict).

    `run` reports progress with `job_run.report(...)` and, for resumable kinds, commits each chunk of work inside
    `with job_run.chunk(...)`, which stores the checkpoint in the same transaction as the chunk.
    """

    def decorator(run):
        job_kinds[name] = JobKind(
            name=name, label=label, run=run, resumable=resumable, can_start=can_start, max_attempts=max_attempts
        )
        return run

    return decorator
