import csv
import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation

from jobs.choices import JobStatus
from jobs.kinds import demo_steps
from jobs.models import Job
from tests.factories.core import UserFactory
from tests.factories.jobs import JobFactory

pytestmark = pytest.mark.django_db


def _zip_members(job):
    with default_storage.open(job.result["file"], "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
        return {name: archive.read(name) for name in archive.namelist()}


def test_export_everything_runs_with_progress_and_offers_the_file(
    staff_client, staff_user, django_capture_on_commit_callbacks
):
    UserFactory(username="yamada", display_name="山田 太郎")

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("jobs:start_export"))

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.status, job.owner, job.progress, job.total) == (JobStatus.SUCCEEDED, staff_user, job.total, job.total)
    members = _zip_members(job)
    users_csv = members["core.User.csv"]
    assert users_csv.startswith(b"\xef\xbb\xbf")  # Excel in Japan needs the byte-order mark
    rows = list(csv.DictReader(io.StringIO(users_csv.decode("utf-8-sig"))))
    assert sorted(row["username"] for row in rows) == sorted([staff_user.username, "yamada"])
    assert "password" not in rows[0]
    assert job.result["counts"]["core.User"] == 2
    assert job.result["rows"] == sum(job.result["counts"].values()) == job.total

    download = staff_client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="kizuna-export-')


def test_export_is_only_for_superusers(client, plain_staff):
    client.force_login(plain_staff("clerk"))

    response = client.post(reverse("jobs:start_export"))

    # Wagtail answers PermissionDenied in the workspace with a redirect to the dashboard and a message.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert Job.objects.count() == 0


def test_seed_demo_job_runs_every_demo_app_in_order(staff_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("jobs:start_seed"), {"scale": "1"})

    job = Job.objects.get()
    expected = [app for app, _module in demo_steps()]
    assert (job.status, job.progress, job.total) == (JobStatus.SUCCEEDED, len(expected), len(expected))
    assert job.result == {"scale": 1, "apps": expected}
    assert job.checkpoint == ({"done": expected} if expected else {})


def test_seed_demo_rejects_a_scale_out_of_range(staff_client):
    response = staff_client.post(reverse("jobs:start_seed"), {"scale": "0"}, follow=True)

    assert Job.objects.count() == 0
    assert response.status_code == 200


def test_jobs_listing_shows_progress_of_visible_jobs_only(client, plain_staff):
    owner = plain_staff("owner")
    JobFactory(owner=owner, status=JobStatus.RUNNING, run_token="t", progress=3, total=4, message="Working")
    JobFactory(owner=UserFactory(username="someone-else"), message="Secret export")
    client.force_login(owner)

    with translation.override("en"):
        response = client.get(reverse("jobs:index"), headers={"Accept-Language": "en"})

    content = response.content.decode()
    assert response.status_code == 200
    assert [job.owner for job in response.context["jobs"]] == [owner]
    assert 'value="75"' in content
    assert "Working" in content
    assert "Secret export" not in content


def test_jobs_listing_query_count_does_not_grow_with_rows(staff_client, staff_user, django_assert_max_num_queries):
    JobFactory(owner=staff_user)
    staff_client.get(reverse("jobs:index"))  # warm caches (site, locale) so the two counts compare like for like
    with django_assert_max_num_queries(20) as one:
        staff_client.get(reverse("jobs:index"))
    JobFactory.create_batch(20, owner=staff_user)
    with django_assert_max_num_queries(20) as many:
        staff_client.get(reverse("jobs:index"))

    assert len(many.captured_queries) == len(one.captured_queries)


def test_job_status_json_for_the_owner_and_404_for_others(client, plain_staff):
    owner = plain_staff("owner")
    job = JobFactory(owner=owner, status=JobStatus.RUNNING, run_token="t", progress=1, total=4, message="1 of 4")
    client.force_login(owner)

    body = client.get(reverse("jobs:status", args=[job.pk])).json()

    assert body == {
        "id": job.pk,
        "kind": "export_everything",
        "status": "running",
        "status_label": body["status_label"],
        "progress": 1,
        "total": 4,
        "percent": 25,
        "message": "1 of 4",
        "error": "",
        "active": True,
        "has_file": False,
    }
    client.force_login(plain_staff("other"))
    for name in ("jobs:status", "jobs:detail", "jobs:download"):
        response = client.get(reverse(name, args=[job.pk]), follow=True)
        assert response.status_code == 404


def test_job_detail_page_shows_progress_in_japanese(staff_client, staff_user):
    job = JobFactory(owner=staff_user, status=JobStatus.RUNNING, run_token="t", progress=2, total=4)

    with translation.override("ja"):
        response = staff_client.get(reverse("jobs:detail", args=[job.pk]), headers={"Accept-Language": "ja"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "すべてをエクスポート" in content
    assert "実行中" in content
    assert 'value="50"' in content
