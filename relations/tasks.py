"""Work that can run on a django-tasks worker (TASKS setting)."""

from django_tasks import task

from .services import send_follow_up_digests


@task()
def send_follow_up_digest() -> dict:
    """The daily follow-up digest; safe to enqueue more than once a day."""
    result = send_follow_up_digests()
    return {"sent": result.sent, "already_sent": result.already_sent}
