"""'Export everything' reads one consistent snapshot of the database."""

import csv
import io
import json
import threading
import zipfile

import PIL.Image
import pytest
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from wagtail.images import get_image_model
from wagtail.models import Collection

from cms.services import set_up_public_site
from jobs import kinds
from jobs.kinds import export_everything
from jobs.models import Job
from jobs.runner import JobRun
from jobs.services import claim_job
from tests.factories.cms import news_page
from tests.factories.contacts import PersonEmailFactory, PersonFactory
from tests.factories.core import UserFactory


def png() -> bytes:
    buffer = io.BytesIO()
    PIL.Image.new("RGB", (4, 4), (10, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


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


@pytest.mark.django_db(transaction=True)
def test_page_bodies_are_exported_as_their_stored_blocks_without_rendering(settings, tmp_path):
    # Found by the fault load test: str() of a StreamField rendered it, and an image block tried to write a
    # rendition inside the read-only snapshot, failing the whole export.
    settings.MEDIA_ROOT = str(tmp_path)
    if not Collection.get_first_root_node():  # a transactional test starts from an emptied database
        Collection.add_root(name="Root")
    Image = get_image_model()
    image = Image.objects.create(title="Signing", file=ImageFile(io.BytesIO(png()), name="signing.png"))
    body = [
        {"type": "paragraph", "value": "<p>調印式</p>"},
        {"type": "image", "value": {"image": image.pk, "caption": "署名", "alt_text": "調印"}},
    ]
    page = news_page(index=set_up_public_site().by_language["ja"].news_index, body=body)

    result = export_everything(JobRun(claimed_export_job()))

    with default_storage.open(result["file"]) as handle, zipfile.ZipFile(handle) as archive:
        with archive.open("cms.NewsPage.csv") as raw:
            rows = {row["page_ptr_id"]: row for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig"))}
    exported = json.loads(rows[str(page.pk)]["body"])
    assert [(block["type"], block["value"]) for block in exported] == [(b["type"], b["value"]) for b in body]
    assert not image.renditions.exists()
