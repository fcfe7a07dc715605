import csv
import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone, translation

from jobs.choices import JobStatus
from jobs.kinds import demo_steps
from jobs.models import Job
from tests.factories.core import UserFactory
from tests.factories.jobs import JobFactory, WorkerBeaconFactory

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


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JOBS_HEARTBEAT_SECONDS = 10


def _jobs_page(client, language="en", url=None):
    with translation.override(language):
        response = client.get(url or reverse("jobs:index"), headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.content.decode()


def test_jobs_page_warns_when_no_worker_has_been_seen_for_minutes(staff_client, database_queue):
    WorkerBeaconFactory(last_seen_at=timezone.now() - timedelta(minutes=10))

    content = _jobs_page(staff_client)

    assert 'data-worker-state="missing"' in content
    assert "No task worker has been seen for 10\xa0minutes: jobs will wait until one runs." in content
    assert "Start one with <code>python manage.py task_worker</code>" in content


def test_jobs_page_warns_in_japanese_when_no_worker_is_running(staff_client, database_queue):
    content = _jobs_page(staff_client, "ja")

    assert "タスクワーカーが動いていません。ワーカーが起動されるまでジョブは待機します。" in content


def test_jobs_page_warning_gives_the_command_to_superusers_only(client, plain_staff, database_queue):
    client.force_login(plain_staff("clerk"))

    content = _jobs_page(client)

    assert "No task worker is running: jobs will wait until one is started." in content
    assert "task_worker" not in content


def test_jobs_page_shows_live_workers_without_a_warning(staff_client, database_queue):
    WorkerBeaconFactory(worker_id="app1:4242:Zq8xY2ab", last_seen_at=timezone.now() - timedelta(seconds=5))
    WorkerBeaconFactory(worker_id="app2:77:deadbeef", last_seen_at=timezone.now() - timedelta(minutes=10))

    content = _jobs_page(staff_client)

    assert 'data-worker-state="missing"' not in content
    assert "1 task worker is running. <code>app1:4242:Zq8xY2ab</code>" in content
    assert "app2:77:deadbeef" not in content


def test_jobs_page_says_nothing_about_workers_when_tasks_run_inline(staff_client):
    WorkerBeaconFactory(last_seen_at=timezone.now() - timedelta(minutes=10))

    content = _jobs_page(staff_client)

    assert "data-worker-state" not in content


def test_queued_job_page_warns_that_no_worker_runs_it(staff_client, staff_user, database_queue):
    queued = JobFactory(owner=staff_user)
    finished = JobFactory(owner=staff_user, status=JobStatus.SUCCEEDED)

    waiting = _jobs_page(staff_client, url=reverse("jobs:detail", args=[queued.pk]))
    done = _jobs_page(staff_client, url=reverse("jobs:detail", args=[finished.pk]))

    assert "No task worker is running: jobs will wait until one is started." in waiting
    assert "data-worker-state" not in done


def test_jobs_listing_query_count_with_workers_does_not_grow_with_beacons(
    staff_client, database_queue, django_assert_max_num_queries
):
    WorkerBeaconFactory()
    staff_client.get(reverse("jobs:index"))
    with django_assert_max_num_queries(20) as one:
        staff_client.get(reverse("jobs:index"))
    WorkerBeaconFactory.create_batch(10)
    with django_assert_max_num_queries(20) as many:
        staff_client.get(reverse("jobs:index"))

    assert len(many.captured_queries) == len(one.captured_queries)


def test_export_everything_records_its_confidential_rows_and_each_download(
    staff_client, staff_user, django_capture_on_commit_callbacks
):
    from django.test import Client
    from wagtail.models import ModelLogEntry

    from core.choices import Confidentiality
    from tests.factories.relations import EngagementFactory
    from tests.trust.readings import reading_entries, readings

    secret = EngagementFactory(subject="Secret talks", confidentiality=Confidentiality.CONFIDENTIAL)
    internal = EngagementFactory(subject="Courtesy call", confidentiality=Confidentiality.INTERNAL)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("jobs:start_export"))
    job = Job.objects.get()
    colleague, colleague_client = UserFactory(is_superuser=True), Client()
    colleague_client.force_login(colleague)

    for reader in (staff_client, colleague_client):
        assert reader.get(reverse("jobs:download", args=[job.pk])).status_code == 200

    assert b"Secret talks" in _zip_members(job)["relations.Engagement.csv"]
    assert readings(secret, internal) == [(secret, staff_user.pk, "export")]
    assert reading_entries(secret)[0].data == {"surface": "export", "job": job.pk}
    assert job.result["confidential_rows"] == 1
    downloads = ModelLogEntry.objects.filter(action="kizuna_jobs.download").order_by("pk")
    assert [(entry.object_id, entry.user_id, entry.data) for entry in downloads] == [
        (str(job.pk), reader.pk, {"kind": "export_everything", "file": job.result["file"], "owner": staff_user.pk})
        for reader in (staff_user, colleague)
    ]
