from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from jobs.choices import JobStatus
from jobs.models import Job, WorkerBeacon
from jobs.runner import execute_job
from jobs.services import (
    JobLost,
    claim_job,
    prune_worker_beacons,
    reap_stale_jobs,
    report_progress,
    retire_worker_beacon,
    stamp_worker_beacon,
    start_job,
)
from tests.factories.core import UserFactory
from tests.factories.jobs import WorkerBeaconFactory
from tests.jobs.conftest import SimulatedWorkerDeath, chunk_usernames

pytestmark = pytest.mark.django_db


def _die_mid_chunk(job):
    """Runs the job on a 'worker' that is killed in the middle of a chunk, then lets its heartbeat go stale."""
    with pytest.raises(SimulatedWorkerDeath):
        execute_job(job_id=job.pk, task_id="task-1")
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))
    job.refresh_from_db()


def test_start_job_queues_and_runs_on_commit(chunked_kinds, django_capture_on_commit_callbacks):
    owner = UserFactory(is_superuser=True)

    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(kind="test_resumable", owner=owner, params={"chunks": 2})

    job.refresh_from_db()
    assert (job.status, job.progress, job.total, job.attempts) == (JobStatus.SUCCEEDED, 2, 2, 1)
    assert job.result == {"accounts": 6}
    assert job.run_token != ""
    assert chunk_usernames() == [f"chunk{i}-{n}" for i in range(2) for n in range(3)]
    assert list(ModelLogEntry.objects.filter(object_id=str(job.pk)).values_list("action", flat=True)) == [
        "kizuna_jobs.finish",
        "kizuna_jobs.start",
    ]


def test_start_job_refuses_unknown_kinds_and_unauthorised_owners(chunked_kinds):
    with pytest.raises(ValidationError):
        start_job(kind="no_such_kind", owner=None)
    with pytest.raises(PermissionDenied):
        start_job(kind="test_resumable", owner=UserFactory(is_superuser=False), params={"chunks": 1})

    assert Job.objects.count() == 0


def test_claim_job_runs_a_job_only_once():
    job = Job.objects.create(kind="test_resumable")

    first = claim_job(job_id=job.pk)
    second = claim_job(job_id=job.pk)

    assert first.status == JobStatus.RUNNING
    assert second is None


def test_resumable_job_resumes_from_its_checkpoint_after_worker_death(chunked_kinds):
    job = Job.objects.create(kind="test_resumable", params={"chunks": 4, "die_in_chunk": 2})
    _die_mid_chunk(job)
    # Chunks 0 and 1 committed; chunk 2 had created one account when the worker died and none of it remains.
    assert chunk_usernames() == [f"chunk{i}-{n}" for i in range(2) for n in range(3)]
    assert (job.status, job.progress, job.checkpoint) == (JobStatus.RUNNING, 2, {"next": 2})

    resumed, failed, requeued = reap_stale_jobs()
    job.refresh_from_db()
    assert ([j.pk for j in resumed], failed, requeued) == ([job.pk], [], [])
    assert (job.status, job.run_token) == (JobStatus.QUEUED, "")

    execute_job(job_id=job.pk, task_id="task-2")

    job.refresh_from_db()
    assert (job.status, job.progress, job.total, job.attempts) == (JobStatus.SUCCEEDED, 4, 4, 2)
    assert chunk_usernames() == [f"chunk{i}-{n}" for i in range(4) for n in range(3)]


def test_single_shot_job_fails_cleanly_after_worker_death(chunked_kinds):
    job = Job.objects.create(kind="test_single_shot", params={"chunks": 4, "die_in_chunk": 0})
    _die_mid_chunk(job)

    with translation.override("en"):
        resumed, failed, requeued = reap_stale_jobs()

    job.refresh_from_db()
    assert (resumed, [j.pk for j in failed], requeued) == ([], [job.pk], [])
    assert job.status == JobStatus.FAILED
    assert job.error == (
        "The worker running this job stopped. Nothing of the unfinished step was saved; start the job again."
    )
    assert job.finished_at is not None
    assert chunk_usernames() == []


def test_resumable_job_fails_after_its_last_attempt(chunked_kinds):
    job = Job.objects.create(kind="test_resumable", params={"chunks": 2}, attempts=3)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, run_token="dead", heartbeat_at=timezone.now() - timedelta(minutes=5)
    )

    resumed, failed, _requeued = reap_stale_jobs()

    assert (resumed, [j.pk for j in failed]) == ([], [job.pk])


def test_reaper_leaves_jobs_with_a_fresh_heartbeat_alone(chunked_kinds):
    job = Job.objects.create(kind="test_resumable", params={"chunks": 2})
    claim_job(job_id=job.pk)

    assert reap_stale_jobs() == ([], [], [])
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


def test_a_run_that_lost_its_job_can_no_longer_write(chunked_kinds):
    job = Job.objects.create(kind="test_resumable", params={"chunks": 2})
    old_run = claim_job(job_id=job.pk)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))
    reap_stale_jobs()

    with pytest.raises(JobLost):
        report_progress(job=old_run, progress=1)


def test_reaper_requeues_a_job_whose_task_never_started(chunked_kinds, django_capture_on_commit_callbacks):
    job = Job.objects.create(
        kind="test_resumable", params={"chunks": 1}, heartbeat_at=timezone.now() - timedelta(hours=1)
    )

    _resumed, _failed, requeued = reap_stale_jobs()

    job.refresh_from_db()
    assert [j.pk for j in requeued] == [job.pk]
    # With the immediate backend the re-enqueued task ran at once.
    assert job.status == JobStatus.SUCCEEDED


def test_job_that_raises_is_failed_with_the_error(chunked_kinds):
    job = Job.objects.create(kind="test_resumable", params={})

    execute_job(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, "KeyError: 'chunks'")


def test_reap_stale_jobs_command_reports_what_it_did(chunked_kinds):
    from io import StringIO

    from django.core.management import call_command

    job = Job.objects.create(kind="test_single_shot", params={"chunks": 1})
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, run_token="dead", heartbeat_at=timezone.now() - timedelta(minutes=5)
    )
    out = StringIO()

    call_command("reap_stale_jobs", "--stale-after", "60", stdout=out)

    assert (
        out.getvalue()
        == f"resumed [] failed [{job.pk}] requeued []; tasks requeued [] failed []; worker beacons pruned 0\n"
    )


WORKER_STARTED_AT = timezone.now()


def _stamp(worker_id="vm:812:k3Jd9aQz", current_task_id=""):
    stamp_worker_beacon(
        worker_id=worker_id,
        host="vm",
        pid=812,
        queue_names=["*"],
        started_at=WORKER_STARTED_AT,
        current_task_id=current_task_id,
    )
    return WorkerBeacon.objects.get(worker_id=worker_id)


def test_stamp_worker_beacon_registers_then_refreshes_the_same_row():
    first = _stamp()
    silent_since = timezone.now() - timedelta(seconds=20)
    WorkerBeacon.objects.filter(pk=first.pk).update(last_seen_at=silent_since)

    second = _stamp(current_task_id="0b4e5b1c-task")

    assert list(WorkerBeacon.objects.values_list("pk", "worker_id", "host", "pid", "queue_names")) == [
        (first.pk, "vm:812:k3Jd9aQz", "vm", 812, ["*"])
    ]
    assert (first.started_at, second.started_at) == (WORKER_STARTED_AT, WORKER_STARTED_AT)
    assert second.last_seen_at > silent_since + timedelta(seconds=19)
    assert second.current_task_id == "0b4e5b1c-task"


def test_stamp_worker_beacon_writes_a_pruned_beacon_again():
    beacon = _stamp()
    retire_worker_beacon(worker_id=beacon.worker_id)
    assert WorkerBeacon.objects.count() == 0

    again = _stamp()

    assert (again.worker_id, again.started_at) == (beacon.worker_id, beacon.started_at)


def test_retire_worker_beacon_deletes_only_that_worker():
    leaving, staying = WorkerBeaconFactory(), WorkerBeaconFactory()

    retire_worker_beacon(worker_id=leaving.worker_id)

    assert list(WorkerBeacon.objects.all()) == [staying]


def test_prune_worker_beacons_deletes_dead_workers_but_keeps_live_ones():
    now = timezone.now()
    live = WorkerBeaconFactory(last_seen_at=now - timedelta(seconds=5))
    WorkerBeaconFactory(last_seen_at=now - timedelta(minutes=3))
    WorkerBeaconFactory(last_seen_at=now - timedelta(hours=2))

    pruned = prune_worker_beacons(stale_after=timedelta(seconds=90), now=now)

    assert pruned == 2
    assert list(WorkerBeacon.objects.all()) == [live]


def test_prune_worker_beacons_keeps_the_last_seen_one_when_all_are_dead():
    now = timezone.now()
    last = WorkerBeaconFactory(last_seen_at=now - timedelta(minutes=3))
    WorkerBeaconFactory(last_seen_at=now - timedelta(hours=2))

    pruned = prune_worker_beacons(stale_after=timedelta(seconds=90), now=now)

    # Kept so that the workspace and /readyz/worker can say how long ago a worker last ran.
    assert pruned == 1
    assert list(WorkerBeacon.objects.all()) == [last]


def test_reap_stale_jobs_command_prunes_beacons_of_dead_workers():
    from io import StringIO

    from django.core.management import call_command

    live = WorkerBeaconFactory()
    WorkerBeaconFactory(last_seen_at=timezone.now() - timedelta(minutes=5))
    out = StringIO()

    call_command("reap_stale_jobs", "--stale-after", "60", stdout=out)

    assert out.getvalue() == "resumed [] failed [] requeued []; tasks requeued [] failed []; worker beacons pruned 1\n"
    assert list(WorkerBeacon.objects.all()) == [live]
