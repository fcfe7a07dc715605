import pytest
from django.contrib.auth import get_user_model

from jobs.registry import job_kinds, register_job_kind


class SimulatedWorkerDeath(BaseException):
    """Stands for SIGKILL: not an Exception, so nothing in the runner handles it, like a process that vanished."""


def _chunked_accounts(run):
    """A real chunked job: each chunk creates a few accounts and commits with its checkpoint."""
    chunks = run.params["chunks"]
    per_chunk = run.params.get("per_chunk", 3)
    die_in_chunk = run.params.get("die_in_chunk")
    start = run.checkpoint.get("next", 0)
    run.report(total=chunks, progress=start)
    for index in range(start, chunks):
        with run.chunk(checkpoint={"next": index + 1}, progress=index + 1):
            for number in range(per_chunk):
                get_user_model().objects.create(username=f"chunk{index}-{number}")
                if index == die_in_chunk and number == 1 and run.job.attempts == 1:
                    raise SimulatedWorkerDeath
    return {"accounts": chunks * per_chunk}


@pytest.fixture
def chunked_kinds():
    register_job_kind("test_resumable", label="Resumable test job", resumable=True)(_chunked_accounts)
    register_job_kind("test_single_shot", label="Single-shot test job", resumable=False)(_chunked_accounts)
    yield
    job_kinds.pop("test_resumable")
    job_kinds.pop("test_single_shot")


def chunk_usernames():
    return sorted(get_user_model().objects.filter(username__startswith="chunk").values_list("username", flat=True))


@pytest.fixture
def plain_staff():
    """A staff member who can use the workspace but is not a superuser."""
    from django.contrib.auth.models import Permission

    from tests.factories.core import UserFactory

    def make(username):
        user = UserFactory(username=username, is_superuser=False)
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        return user

    return make
