"""A job's page in a real browser: its inline script runs under the workspace's nonce policy."""

import pytest
from django.test import Client
from django.urls import reverse

from jobs.choices import JobStatus
from jobs.models import Job
from tests.factories.core import UserFactory
from tests.factories.jobs import JobFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_job_page_follows_progress_with_a_nonced_script_and_no_policy_violation(live_server, page):
    staff = UserFactory(is_superuser=True)
    job = JobFactory(owner=staff, status=JobStatus.RUNNING, run_token="t", progress=1, total=4, message="1 of 4")
    client = Client()
    client.force_login(staff)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    console = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.set_default_timeout(30_000)

    response = page.goto(f"{live_server.url}{reverse('jobs:detail', args=[job.pk])}")
    Job.objects.filter(pk=job.pk).update(progress=3, message="3 of 4")
    # Only the page's own inline script fetches the status and writes it into the page.
    page.locator("[data-job-message]", has_text="3 of 4").wait_for()

    assert "'nonce-" in response.headers["content-security-policy"]
    assert page.locator("[data-job-counts]").inner_text() == "(3 / 4)"
    assert [line for line in console if "Content Security Policy" in line] == []
