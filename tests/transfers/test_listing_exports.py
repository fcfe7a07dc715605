"""A listing export above the job threshold is written by the task worker, running the same listing view."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from core.choices import Confidentiality
from jobs.models import Job
from jobs.services import start_job
from tests.factories.core import UserFactory
from tests.factories.relations import EngagementFactory
from transfers.listing_exports import LISTING_EXPORT_JOB, start_listing_export
from trust.audit import VIEW_CONFIDENTIAL

pytestmark = pytest.mark.django_db

LISTING = reverse("relations_engagements:list")
# Filtered, searched and sorted: the job must reproduce all three.
QUERY = "kind=meeting&q=talks&ordering=subject"


def _exporter(*codenames):
    user = UserFactory()
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_engagement", "export_records", *codenames])
    )
    return user


@pytest.fixture
def engagements():
    return [
        EngagementFactory(subject="Trade talks", kind="meeting"),
        EngagementFactory(subject="Aid talks", kind="meeting", location="Hanoi"),
        EngagementFactory(subject="Secret talks", kind="meeting", confidentiality=Confidentiality.CONFIDENTIAL),
        EngagementFactory(subject="Reception talks", kind="reception"),
        EngagementFactory(subject="Courtesy call", kind="meeting"),
    ]


def _export(client, export_format, query=QUERY):
    return client.get(f"{LISTING}?{query}&export={export_format}", HTTP_ACCEPT_LANGUAGE="en")


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _export_through_job(client, export_format, capture, query=QUERY):
    with capture(execute=True):
        response = _export(client, export_format, query)
    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("jobs:detail", args=[job.pk])
    return job


def _download(client, job):
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    return response, _content(response)


def _cells(content: bytes):
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_export_over_the_threshold_redirects_to_a_job_and_writes_no_file_in_the_request(client, engagements, settings):
    settings.TRANSFERS_JOB_THRESHOLD_ROWS = 2
    user = _exporter("view_confidential")
    client.force_login(user)

    response = _export(client, "csv")  # the task is enqueued on commit, which the test never reaches

    job = Job.objects.get()
    assert (response.status_code, response.url) == (302, reverse("jobs:detail", args=[job.pk]))
    assert (job.kind, job.status, job.owner, job.total, job.result) == (LISTING_EXPORT_JOB, "queued", user, 3, {})
    assert job.params == {
        "listing": "relations_engagements:list",
        "query": f"{QUERY}&export=csv",
        "format": "csv",
        "language": "en",
        "rows": 3,
    }
    page = client.get(response.url)
    assert [str(message) for message in page.context["messages"]] == [
        "The export has 3 rows: it is being prepared. Download it from this page when it is ready."
    ]
    assert not ModelLogEntry.objects.filter(action__in=["trust.export", VIEW_CONFIDENTIAL]).exists()


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_job_file_is_the_synchronous_export_of_the_same_listing(
    client, engagements, settings, django_capture_on_commit_callbacks, export_format
):
    client.force_login(_exporter("view_confidential"))
    with translation.override("en"):  # a streamed CSV is written after the view returned, in the request's language
        synchronous = _content(_export(client, export_format))
    settings.TRANSFERS_JOB_THRESHOLD_ROWS = 2

    job = _export_through_job(client, export_format, django_capture_on_commit_callbacks)
    response, content = _download(client, job)

    job.refresh_from_db()
    if export_format == "csv":
        assert content.startswith("\ufeff".encode())
        assert content == synchronous
    else:
        assert _cells(content) == _cells(synchronous)
        assert [row[1] for row in _cells(content)] == ["Subject", "Aid talks", "Secret talks", "Trade talks"]
    stamp = timezone.localdate().strftime("%Y%m%d")
    assert (job.status, job.progress, job.total, job.result["rows"]) == ("succeeded", 3, 3, 3)
    assert response["Content-Disposition"] == f'attachment; filename="engagements-{stamp}.{export_format}"'


def test_job_writes_in_the_language_of_the_request(client, engagements, settings, django_capture_on_commit_callbacks):
    client.force_login(_exporter())
    synchronous = _content(client.get(f"{LISTING}?export=csv", HTTP_ACCEPT_LANGUAGE="ja"))
    settings.TRANSFERS_JOB_THRESHOLD_ROWS = 2

    with django_capture_on_commit_callbacks(execute=True):
        client.get(f"{LISTING}?export=csv", HTTP_ACCEPT_LANGUAGE="ja")

    job = Job.objects.get()
    headings = _download(client, job)[1].decode("utf-8-sig").splitlines()[0]
    assert (job.params["language"], headings) == ("ja", synchronous.decode("utf-8-sig").splitlines()[0])
    assert headings.startswith("カレンダーUID,件名,")


def test_job_leaves_out_confidential_rows_the_owner_may_not_see(
    client, engagements, settings, django_capture_on_commit_callbacks
):
    settings.TRANSFERS_JOB_THRESHOLD_ROWS = 1
    client.force_login(_exporter())

    job = _export_through_job(client, "xlsx", django_capture_on_commit_callbacks)

    assert [row[1] for row in _cells(_download(client, job)[1])] == ["Subject", "Aid talks", "Trade talks"]
    assert not ModelLogEntry.objects.filter(action=VIEW_CONFIDENTIAL).exists()


def test_job_records_the_export_and_each_confidential_row_once(
    client, engagements, settings, django_capture_on_commit_callbacks
):
    settings.TRANSFERS_JOB_THRESHOLD_ROWS = 2
    user = _exporter("view_confidential")
    client.force_login(user)

    job = _export_through_job(client, "csv", django_capture_on_commit_callbacks)
    _download(client, job)

    entries = ModelLogEntry.objects.filter(action__in=["trust.export", VIEW_CONFIDENTIAL, "kizuna_jobs.download"])
    assert sorted((entry.action, entry.object_id, entry.user_id, entry.data) for entry in entries) == [
        ("kizuna_jobs.download", str(job.pk), user.pk, {"kind": LISTING_EXPORT_JOB, "file": job.result["file"],
                                                        "owner": user.pk}),
        ("trust.export", str(user.pk), user.pk, {"model": "relations.Engagement", "format": "csv",
                                                 "query": f"{QUERY}&export=csv"}),
        (VIEW_CONFIDENTIAL, str(engagements[2].pk), user.pk, {"surface": "export", "job": job.pk}),
    ]  # fmt: skip


def test_synchronous_export_records_the_same_entries(client, engagements):
    user = _exporter("view_confidential")
    client.force_login(user)

    _content(_export(client, "csv"))

    entries = ModelLogEntry.objects.filter(action__in=["trust.export", VIEW_CONFIDENTIAL])
    assert sorted((entry.action, entry.object_id, entry.user_id, entry.data) for entry in entries) == [
        ("trust.export", str(user.pk), user.pk, {"model": "relations.Engagement", "format": "csv",
                                                 "query": f"{QUERY}&export=csv"}),
        (VIEW_CONFIDENTIAL, str(engagements[2].pk), user.pk, {"surface": "export"}),
    ]  # fmt: skip


def test_export_under_the_threshold_stays_in_the_request(client, engagements, settings):
    settings.TRANSFERS_JOB_THRESHOLD_ROWS = 3
    client.force_login(_exporter("view_confidential"))

    response = _export(client, "csv")

    assert (response.status_code, response.streaming, Job.objects.count()) == (200, True, 0)
    assert response["Content-Disposition"] == 'attachment; filename="engagements.csv"'


@pytest.mark.parametrize("threshold", [0, 5])
def test_export_without_the_export_permission_starts_neither(client, engagements, settings, threshold):
    settings.TRANSFERS_JOB_THRESHOLD_ROWS = threshold
    user = UserFactory()
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_engagement"]))
    client.force_login(user)

    response = _export(client, "csv")

    assert (response.status_code, response.url, Job.objects.count()) == (302, "/admin/", 0)
    request = RequestFactory().get(f"{LISTING}?export=csv")
    request.user = user
    with pytest.raises(PermissionDenied):
        start_listing_export(request=request, listing="relations_engagements:list", export_format="csv", rows=9)


def test_job_fails_when_its_owner_lost_the_export_permission(client, engagements, django_capture_on_commit_callbacks):
    user = _exporter()
    request = RequestFactory().get(f"{LISTING}?export=csv")
    request.user = user
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start_listing_export(request=request, listing="relations_engagements:list", export_format="csv", rows=4)
    user.user_permissions.remove(Permission.objects.get(codename="export_records"))
    del user._perm_cache, user._user_perm_cache

    for callback in callbacks:
        callback()

    job.refresh_from_db()
    assert (job.status, job.result) == ("failed", {})
    assert not ModelLogEntry.objects.filter(action__in=["trust.export", VIEW_CONFIDENTIAL]).exists()


def test_job_refuses_a_listing_that_is_not_a_staff_listing(db, django_capture_on_commit_callbacks):
    user = _exporter()
    params = {"listing": "jobs:index", "query": "export=csv", "format": "csv", "language": "en", "rows": 3}

    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(kind=LISTING_EXPORT_JOB, owner=user, params=params)

    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "ImproperlyConfigured: jobs:index is not a staff listing")


@pytest.mark.parametrize("rows", [1, 30])
def test_redirecting_request_costs_the_same_queries_for_few_and_many_rows(
    client, settings, django_assert_max_num_queries, rows
):
    settings.TRANSFERS_JOB_THRESHOLD_ROWS = 0
    EngagementFactory.create_batch(rows, subject="Trade talks", kind="meeting")
    client.force_login(_exporter())
    client.get(reverse("wagtailadmin_home"))

    with django_assert_max_num_queries(12):
        response = _export(client, "csv")

    assert (response.status_code, Job.objects.get().total) == (302, rows)


def test_redirect_message_is_translated(client, engagements, settings):
    settings.TRANSFERS_JOB_THRESHOLD_ROWS = 2
    client.force_login(_exporter())

    response = client.get(f"{LISTING}?export=csv", HTTP_ACCEPT_LANGUAGE="ja", follow=True)

    assert [str(message) for message in response.context["messages"]] == [
        "エクスポートは4行あります。準備ができ次第、このページからダウンロードしてください。"
    ]


def _exportable_listings():
    from wagtail.snippets.models import get_snippet_models

    from core.viewsets import KizunaSnippetViewSet

    return sorted(
        model.snippet_viewset.get_url_name("list")
        for model in get_snippet_models()
        if isinstance(getattr(model, "snippet_viewset", None), KizunaSnippetViewSet)
        and model.snippet_viewset.list_export
    )


@pytest.mark.parametrize("listing", _exportable_listings())
def test_every_listing_exports_the_same_file_through_a_job(
    client, settings, django_capture_on_commit_callbacks, listing
):
    client.force_login(UserFactory(is_superuser=True))
    path = reverse(listing)
    with translation.override("en"):
        synchronous = _content(client.get(f"{path}?export=csv", HTTP_ACCEPT_LANGUAGE="en"))
    settings.TRANSFERS_JOB_THRESHOLD_ROWS = -1  # even an empty listing goes to the worker

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"{path}?export=csv", HTTP_ACCEPT_LANGUAGE="en")

    job = Job.objects.get()
    assert (response.status_code, job.status, job.error) == (302, "succeeded", "")
    assert _download(client, job)[1] == synchronous


def test_job_whose_owner_was_deleted_fails_and_writes_nothing(client, engagements, django_capture_on_commit_callbacks):
    user = _exporter("view_confidential")
    request = RequestFactory().get(f"{LISTING}?export=csv")
    request.user = user
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start_listing_export(request=request, listing="relations_engagements:list", export_format="csv", rows=4)
    user.delete()

    for callback in callbacks:
        callback()

    job.refresh_from_db()
    assert (job.status, job.result, job.error) == (
        "failed",
        {},
        "PermissionDenied: このエクスポートを始めたアカウントはもう存在しないため、何もエクスポートしていません。",
    )  # the worker speaks the site's language (LANGUAGE_CODE "ja")
    assert not ModelLogEntry.objects.filter(action__in=["trust.export", VIEW_CONFIDENTIAL]).exists()
