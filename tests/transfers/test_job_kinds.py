import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from contacts.models import Person
from contacts.resources import PersonResource
from jobs.models import Job
from tests.transfers.test_views import _upload, _user_with
from transfers.models import ImportRecord
from transfers.tables import read_table

FILE = "Family name (romanized),Given name (romanized),Nationality\nOno,Ken,JP\nSato,Yuki,JP\nSmith,John,Atlantis\n"


@pytest.fixture
def small_threshold(settings):
    settings.TRANSFERS_JOB_THRESHOLD_ROWS = 2


@pytest.fixture
def transfer_client(client, db):
    client.force_login(_user_with("import_records", "export_records"))
    return client


def test_big_import_runs_as_a_job_and_reports_its_result(
    transfer_client, directory, small_threshold, django_capture_on_commit_callbacks
):
    _upload(transfer_client, content=FILE)
    record = ImportRecord.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = transfer_client.post(reverse("transfers:confirm", args=[record.pk]), {"on_errors": "good_rows"})

    job = Job.objects.get()
    record.refresh_from_db()
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.status, job.result["counts"]) == (
        "transfers_import",
        "succeeded",
        {"new": 2, "update": 0, "skip": 0, "error": 1},
    )
    assert record.status == "partial"
    assert sorted(Person.objects.filter(nationality__code="JP").values_list("family_name_latin", flat=True)) == [
        "Ono",
        "Sato",
    ]


def test_import_job_that_fails_while_writing_leaves_nothing_behind(
    transfer_client, directory, small_threshold, django_capture_on_commit_callbacks, monkeypatch
):
    _upload(transfer_client, content=FILE)
    record = ImportRecord.objects.get()
    people_before = list(Person.objects.order_by("pk"))

    def posts_fail(self, rows):
        raise RuntimeError("the worker stopped")  # the people are inserted by now

    monkeypatch.setattr(PersonResource, "_write_posts", posts_fail)
    with django_capture_on_commit_callbacks(execute=True):
        transfer_client.post(reverse("transfers:confirm", args=[record.pk]), {"on_errors": "good_rows"})

    record.refresh_from_db()
    assert Job.objects.get().status == "failed"
    assert list(Person.objects.order_by("pk")) == people_before
    assert record.status == "previewed"


def test_small_import_is_done_in_the_request(transfer_client, directory, small_threshold):
    _upload(transfer_client, content="Family name (romanized),Given name (romanized)\nOno,Ken\n")
    record = ImportRecord.objects.get()

    transfer_client.post(reverse("transfers:confirm", args=[record.pk]), {"on_errors": "refuse"})

    record.refresh_from_db()
    assert (record.status, Job.objects.count()) == ("imported", 0)


def test_big_export_runs_as_a_job_with_a_file_to_download(
    transfer_client, directory, settings, django_capture_on_commit_callbacks
):
    settings.TRANSFERS_JOB_THRESHOLD_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        response = transfer_client.get(reverse("transfers:export"), {"resource": "people", "format": "csv"})

    job = Job.objects.get()
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert job.status == "succeeded"
    with default_storage.open(job.result["file"], "rb") as handle:
        table = read_table(handle.read())
    assert sorted(row[2] for row in table.rows) == sorted(Person.objects.values_list("family_name_latin", flat=True))


def test_import_job_whose_owner_was_deleted_before_it_ran_imports_nothing(
    transfer_client, directory, small_threshold, django_capture_on_commit_callbacks
):
    # The owner's visibility limits what the rows may update; a job left without an owner must not run unlimited.
    _upload(transfer_client, content=FILE)
    record = ImportRecord.objects.get()
    people_before = Person.objects.count()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        transfer_client.post(reverse("transfers:confirm", args=[record.pk]), {"on_errors": "good_rows"})
    Job.objects.get().owner.delete()
    for callback in callbacks:
        callback()

    job = Job.objects.get()
    assert job.status == "failed"
    assert job.error.startswith("PermissionError: ")
    assert Person.objects.count() == people_before
