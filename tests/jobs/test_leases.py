"""Tasks of the database queue whose worker died mid-task: requeued when safe to repeat, failed otherwise.

The first worker below is the real task code run the way `db_worker` runs it (claim, task_started, call) without
the worker's own `except BaseException`, because a SIGKILLed process runs no handler at all.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus, task_backends
from django_tasks.signals import task_started
from django_tasks_db.models import DBTaskResult

from jobs.models import TaskLease
from jobs.services import MAX_TASK_CLAIMS, reap_stale_tasks
from relations.models import DigestDelivery
from relations.tasks import send_follow_up_digest
from tests.factories.core import UserFactory
from tests.factories.relations import FollowUpFactory
from tests.jobs.conftest import SimulatedWorkerDeath

pytestmark = pytest.mark.django_db(transaction=True)
DIGEST = "relations.tasks.send_follow_up_digest"


class MailServerThenDeath(EmailBackend):
    """The mail server accepts the first digest; then the worker process dies (SIGKILL) before the next one."""

    def send_messages(self, messages):
        if mail.outbox:
            raise SimulatedWorkerDeath
        return super().send_messages(messages)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JOBS_HEARTBEAT_SECONDS = 0  # the lease keeps its first stamp: a dead worker renews nothing
    yield
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def run_until_killed(task_id, worker_id="doomed-worker"):
    db_result = DBTaskResult.objects.get(id=task_id)
    db_result.claim(worker_id)
    task_started.send(sender=type(task_backends["default"]), task_result=db_result.task_result)
    db_result.task.call()


def run_worker_once():
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--interval", "0", "--no-reload")


def after(minutes):
    return timezone.now() + timedelta(minutes=minutes)


def owners_with_due_follow_ups(count):
    owners = [UserFactory(email=f"owner{number}@pref.example.jp") for number in range(count)]
    for owner in owners:
        FollowUpFactory(owner=owner, due_on=timezone.localdate())
    return owners


def test_digest_killed_mid_task_is_requeued_and_reaches_every_owner_exactly_once(database_queue, settings):
    owners = owners_with_due_follow_ups(3)
    task_id = send_follow_up_digest.enqueue().id
    settings.EMAIL_BACKEND = "tests.jobs.test_leases.MailServerThenDeath"
    with pytest.raises(SimulatedWorkerDeath):
        run_until_killed(task_id)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    delivered_before_the_kill = DigestDelivery.objects.count()

    requeued, failed = reap_stale_tasks(stale_after=timedelta(seconds=90), now=after(2))
    run_worker_once()

    task = DBTaskResult.objects.get(id=task_id)
    assert delivered_before_the_kill == 1
    assert (requeued, failed) == ([str(task_id)], [])
    assert (task.status, len(task.worker_ids), task.return_value) == (
        TaskResultStatus.SUCCESSFUL,
        2,
        {"sent": 2, "already_sent": 0},
    )
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(o.email for o in owners)
    assert DigestDelivery.objects.count() == 3
    assert TaskLease.objects.count() == 0


def test_digest_message_id_is_the_same_for_a_repeated_send(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://kizuna.pref.example.jp"
    owner = owners_with_due_follow_ups(1)[0]
    send_follow_up_digest.enqueue()
    DigestDelivery.objects.all().delete()  # as if the worker died after the mail server took it, before commit
    send_follow_up_digest.enqueue()

    assert [message.extra_headers["Message-ID"] for message in mail.outbox] == [
        f"<follow-up-digest.{owner.pk}.{timezone.localdate():%Y%m%d}@kizuna.pref.example.jp>"
    ] * 2


def test_orphaned_task_not_safe_to_repeat_is_failed_not_requeued(database_queue, settings):
    settings.TASKS_REQUEUE_ON_WORKER_LOSS = []
    owners_with_due_follow_ups(2)
    task_id = send_follow_up_digest.enqueue().id
    settings.EMAIL_BACKEND = "tests.jobs.test_leases.MailServerThenDeath"
    with pytest.raises(SimulatedWorkerDeath):
        run_until_killed(task_id)

    requeued, failed = reap_stale_tasks(stale_after=timedelta(seconds=90), now=after(2))

    task = DBTaskResult.objects.get(id=task_id)
    assert (requeued, failed) == ([], [str(task_id)])
    assert (task.status, task.exception_class_path) == (TaskResultStatus.FAILED, "jobs.services.WorkerLost")
    assert TaskLease.objects.count() == 0


def test_task_with_a_fresh_lease_is_left_running(database_queue, settings):
    owners_with_due_follow_ups(2)
    task_id = send_follow_up_digest.enqueue().id
    settings.EMAIL_BACKEND = "tests.jobs.test_leases.MailServerThenDeath"
    with pytest.raises(SimulatedWorkerDeath):
        run_until_killed(task_id)

    # Its worker is alive (it stamped the lease just now), only slow: nobody may take the task from it.
    TaskLease.objects.filter(task_id=str(task_id)).update(heartbeat_at=after(2))
    outcome = reap_stale_tasks(stale_after=timedelta(seconds=90), now=after(2))

    assert outcome == ([], [])
    assert DBTaskResult.objects.get(id=task_id).status == TaskResultStatus.RUNNING


def test_task_that_killed_its_workers_too_often_is_failed(database_queue, settings):
    owners_with_due_follow_ups(2)
    task_id = send_follow_up_digest.enqueue().id
    settings.EMAIL_BACKEND = "tests.jobs.test_leases.MailServerThenDeath"
    with pytest.raises(SimulatedWorkerDeath):
        run_until_killed(task_id)
    # Two earlier claims ended the same way (a task that kills its worker, say by exhausting its memory).
    DBTaskResult.objects.filter(id=task_id).update(worker_ids=[f"doomed-{n}" for n in range(MAX_TASK_CLAIMS)])

    requeued, failed = reap_stale_tasks(stale_after=timedelta(seconds=90), now=after(2))

    assert (requeued, failed) == ([], [str(task_id)])


def test_worker_drops_the_lease_of_a_finished_task(database_queue, settings):
    settings.JOBS_HEARTBEAT_SECONDS = 1  # a real heartbeat thread, stopped when the task finishes
    owners_with_due_follow_ups(1)
    task_id = send_follow_up_digest.enqueue().id

    run_worker_once()

    assert DBTaskResult.objects.get(id=task_id).status == TaskResultStatus.SUCCESSFUL
    assert TaskLease.objects.count() == 0
    assert len(mail.outbox) == 1


def test_reaper_leaves_the_immediate_backend_alone():
    assert reap_stale_tasks(now=after(60)) == ([], [])
