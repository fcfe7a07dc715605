"""'Export everything' reads one consistent snapshot of the database."""

import csv
import io
import threading
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.db import connection, transaction

from jobs import kinds
from jobs.kinds import export_everything
from jobs.models import Job
from jobs.runner import JobRun
from jobs.services import claim_job
from tests.factories.contacts import PersonEmailFactory, PersonFactory
from tests.factories.core import UserFactory


def exported_ids(archive, label):
    with archive.open(f"{label}.csv") as raw:
        return sorted(int(row["id"]) for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig")))


def claimed_export_job():
    job = Job.objects.create(kind="export_everything", owner=UserFactory(is_superuser=True))
    return claim_job(job_id=job.pk, task_id="test")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a second connection writing meanwhile needs PostgreSQL")
def test_export_everything_leaves_out_whole_a_write_committed_while_it_runs(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setattr(kinds, "EXPORT_PROGRESS_EVERY", 1)
    before = PersonEmailFactory()
    run = JobRun(claimed_export_job())
    report = run.report
    meanwhile = {}

    def colleague_adds_a_person_with_an_email():
        # Another session, its own connection: a person and their e-mail address, committed together.
        with transaction.atomic():
            meanwhile["email"] = PersonEmailFactory(person=PersonFactory())
        connection.close()

    def report_then_let_a_colleague_write(**changes):
        report(**changes)
        if "core.User" in str(changes.get("message")) and not meanwhile:
            writer = threading.Thread(target=colleague_adds_a_person_with_an_email)
            writer.start()
            writer.join()

    run.report = report_then_let_a_colleague_write
    result = export_everything(run)

    with default_storage.open(result["file"]) as handle, zipfile.ZipFile(handle) as archive:
        people = exported_ids(archive, "contacts.Person")
        emails = exported_ids(archive, "contacts.PersonEmail")
    new = meanwhile["email"]
    assert (people, emails) == ([before.person_id], [before.pk])
    assert (result["counts"]["contacts.Person"], result["counts"]["contacts.PersonEmail"]) == (1, 1)
    assert sorted(p.pk for p in type(new.person).objects.all()) == [before.person_id, new.person_id]
    job = Job.objects.get(pk=run.job.pk)
    assert (job.progress, job.total) == (result["rows"], result["rows"])


@pytest.mark.django_db(transaction=True)
def test_snapshot_reads_in_one_transaction_and_still_records_progress():
    run = JobRun(claimed_export_job())

    with run.snapshot():
        inside = connection.in_atomic_block
        run.report(total=10, progress=4, message="halfway")

    job = Job.objects.get(pk=run.job.pk)
    assert inside is True
    assert (job.progress, job.total, job.message) == (4, 10, "halfway")
