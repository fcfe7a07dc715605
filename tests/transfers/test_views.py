import re
import time
import tracemalloc

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from contacts.models import Person
from tests.factories.core import UserFactory
from tests.transfers import workbooks
from transfers.models import ImportRecord
from transfers.tables import read_table

MIXED = "Family name (romanized),Given name (romanized),Nationality\nNguyen,Van An,VN\nSmith,John,Atlantis\n"


def _user_with(*codenames):
    user = UserFactory()
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def importer_client(client, db):
    client.force_login(_user_with("import_records"))
    return client


def _upload(client, content=MIXED, name="people.csv", existing="update"):
    return client.post(
        reverse("transfers:index"),
        {
            "resource": "people",
            "file": SimpleUploadedFile(name, content.encode("utf-8")),
            "encoding": "auto",
            "existing": existing,
        },
    )


def test_upload_shows_preview_and_writes_nothing(importer_client, directory):
    response = _upload(importer_client)

    record = ImportRecord.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("transfers:preview", args=[record.pk])
    page = importer_client.get(response.url)
    assert page.status_code == 200
    assert [(row["number"], row["status"]) for row in page.context["page"]] == [(2, "new"), (3, "error")]
    # The workspace speaks Japanese by default, messages included.
    assert "不明な国「Atlantis」です" in page.content.decode()
    assert list(Person.objects.order_by("id").values_list("family_name_latin", flat=True)) == ["Pham", "Yamada"]


def test_preview_offers_each_row_result_by_its_name_in_the_users_language(importer_client, directory):
    response = _upload(importer_client)

    page = importer_client.get(response.url).content.decode()

    # The workspace speaks Japanese by default: 新規 · 更新 · スキップ · エラー, never "new · update · skip · error".
    assert re.findall(r'<a href="\?status=(\w+)">([^<]*)</a>', page) == [
        ("new", "新規"),
        ("update", "更新"),
        ("skip", "スキップ"),
        ("error", "エラー"),
    ]


def test_confirm_refuses_whole_file_by_default(importer_client, directory):
    _upload(importer_client)
    record = ImportRecord.objects.get()

    importer_client.post(reverse("transfers:confirm", args=[record.pk]), {"on_errors": "refuse"})

    record.refresh_from_db()
    assert (record.status, record.created_count, record.error_count) == ("refused", 1, 1)
    assert not Person.objects.filter(family_name_latin="Nguyen").exists()
    entry = ModelLogEntry.objects.get(action="transfers.import")
    assert (entry.object_id, entry.data["status"], entry.data["file_name"]) == (str(record.pk), "refused", "people.csv")


def test_confirm_with_good_rows_imports_them_and_offers_bad_rows(importer_client, directory):
    _upload(importer_client)
    record = ImportRecord.objects.get()

    importer_client.post(reverse("transfers:confirm", args=[record.pk]), {"on_errors": "good_rows"})
    response = importer_client.get(reverse("transfers:rejected_rows", args=[record.pk]))

    record.refresh_from_db()
    assert record.status == "partial"
    assert Person.objects.filter(family_name_latin="Nguyen").count() == 1
    rejected = read_table(response.content)
    assert [row[:3] for row in rejected.rows] == [["Smith", "John", "Atlantis"]]
    assert response["Content-Disposition"] == 'attachment; filename="people-to-fix.csv"'


def test_confirm_twice_imports_once(importer_client, directory):
    _upload(importer_client, content="Family name (romanized),Given name (romanized)\nOno,Ken\n")
    record = ImportRecord.objects.get()

    importer_client.post(reverse("transfers:confirm", args=[record.pk]), {"on_errors": "refuse"})
    importer_client.post(reverse("transfers:confirm", args=[record.pk]), {"on_errors": "refuse"})

    assert Person.objects.filter(family_name_latin="Ono").count() == 1


def test_import_needs_the_import_permission(client, directory):
    client.force_login(_user_with("export_records"))

    response = _upload(client)

    # Wagtail answers a PermissionDenied in the workspace with a redirect to the dashboard.
    assert (response.status_code, response.url, ImportRecord.objects.count()) == (302, "/admin/", 0)


def test_history_of_another_user_is_visible_only_to_importers(client, directory):
    other = ImportRecord.objects.create(resource="people", file_name="secret.csv", file_format="csv", content=b"x")
    client.force_login(_user_with("export_records"))

    response = client.get(reverse("transfers:preview", args=[other.pk]))

    assert (response.status_code, response.url) == (302, "/admin/")


def test_export_needs_the_export_permission(client, directory):
    client.force_login(_user_with("import_records"))

    response = client.get(reverse("transfers:export"), {"resource": "people", "format": "csv"})

    assert (response.status_code, response.url) == (302, "/admin/")


def test_export_downloads_every_record(client, directory, django_assert_max_num_queries):
    client.force_login(_user_with("export_records"))

    # Posts load their bodies with one query per kind (mission, organization, region); the audit entry is one INSERT.
    with translation.override("en"), django_assert_max_num_queries(15):
        response = client.get(
            reverse("transfers:export"), {"resource": "people", "format": "csv"}, HTTP_ACCEPT_LANGUAGE="en"
        )

    assert response.status_code == 200
    assert [row[2] for row in read_table(response.content).rows] == ["Pham", "Yamada"]


def test_workspace_needs_a_transfer_permission(client, directory):
    client.force_login(_user_with())

    response = client.get(reverse("transfers:index"))

    assert (response.status_code, response.url) == (302, "/admin/")


def test_listing_export_is_refused_without_the_export_permission(client, db):
    client.force_login(_user_with("view_engagement", "change_engagement"))

    listing = client.get(reverse("relations_engagements:list"))
    export = client.get(reverse("relations_engagements:list") + "?export=csv")

    assert listing.status_code == 200
    assert "?export=csv" not in listing.content.decode()
    assert (export.status_code, export.url) == (302, "/admin/")


def test_listing_export_is_allowed_with_the_export_permission(client, db):
    client.force_login(_user_with("view_engagement", "change_engagement", "export_records"))

    export = client.get(reverse("relations_engagements:list") + "?export=csv")

    assert export.status_code == 200


def _upload_file(client, content: bytes, name: str):
    return client.post(
        reverse("transfers:index"),
        {"resource": "people", "file": SimpleUploadedFile(name, content), "encoding": "auto", "existing": "update"},
    )


def _refused_on_the_page(client, content: bytes, name: str) -> list[str]:
    """Post the file; it must be refused on the form within seconds and a few megabytes, nothing recorded."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        response = _upload_file(client, content, name)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (response.status_code, ImportRecord.objects.count()) == (200, 0)
    assert time.monotonic() - started < 5
    assert peak < 30 * 1024 * 1024
    return response.context["upload_form"].errors["file"]


def test_upload_of_a_sheet_declaring_every_cell_is_refused_on_the_page(importer_client, directory):
    errors = _refused_on_the_page(importer_client, workbooks.dimension_bomb(), "people.xlsx")

    assert errors == [
        "見出し行の下の行が 20,000 行（1 回のインポートの上限）を超えています。"
        "それぞれに見出し行を付けて、複数のファイルに分けてください。"
    ]


def test_upload_of_a_sheet_inflating_to_a_gibibyte_is_refused_on_the_page(importer_client, directory):
    errors = _refused_on_the_page(importer_client, workbooks.deflate_bomb(), "people.xlsx")

    assert errors == [
        "このブックは展開すると 50.0\xa0MB（1 回のインポートの上限）を超えます。"
        "複数のファイルに分けるか、CSV で保存してください。"
    ]


def test_upload_of_a_csv_cell_longer_than_the_csv_modules_limit_is_refused_on_the_page(importer_client, directory):
    content = f"{MIXED}Sato,Hanako,{'x' * 131_073}\n".encode()

    errors = _refused_on_the_page(importer_client, content, "people.csv")

    assert errors == ["4 行目に 100,000 文字（1 つのセルの上限）を超えるセルがあります。短くしてください。"]


def test_confirm_of_a_file_now_over_a_limit_is_refused_with_the_message(importer_client, directory, settings):
    _upload(importer_client)
    record = ImportRecord.objects.get()
    settings.TRANSFERS_MAX_ROWS = 1

    response = importer_client.post(reverse("transfers:confirm", args=[record.pk]), {"on_errors": "good_rows"})

    record.refresh_from_db()
    assert (response.status_code, response.url) == (302, reverse("transfers:preview", args=[record.pk]))
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "見出し行の下の行が 1 行（1 回のインポートの上限）を超えています。"
        "それぞれに見出し行を付けて、複数のファイルに分けてください。"
    ]
    assert (record.status, Person.objects.filter(family_name_latin="Nguyen").exists()) == ("previewed", False)
