import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from wagtail.documents import get_document_model

from tests.factories.core import UserFactory
from trust.uploads import validate_document_content

GOOD = {
    "minutes.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    "list.xlsx": b"PK\x03\x04\x14\x00\x06\x00",
    "notes.txt": "議事録\n".encode(),
    "names.csv": "名前,国\n山田,日本\n".encode("cp932"),
}
BAD = {
    "invoice.pdf": b"MZ\x90\x00\x03\x00\x00\x00",  # a Windows executable named .pdf
    "list.xlsx": b"<html><script>alert(1)</script>",
    "notes.txt": b"\x00\x01\x02binary\x00",
    "page.html": b"<html></html>",
    "drawing.svg": b"<svg onload=alert(1)>",
}


@pytest.mark.parametrize("name", GOOD)
def test_uploads_accept_files_that_are_what_they_say(name):
    validate_document_content(SimpleUploadedFile(name, GOOD[name]))


@pytest.mark.parametrize("name", BAD)
def test_uploads_refuse_mismatched_or_unlisted_types(name):
    with pytest.raises(ValidationError):
        validate_document_content(SimpleUploadedFile(name, BAD[name]))


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=10)
def test_uploads_refuse_oversized_files_with_a_clear_message():
    with pytest.raises(ValidationError) as raised:
        validate_document_content(SimpleUploadedFile("notes.txt", b"x" * 11))

    assert raised.value.code == "file_too_large"


@pytest.mark.django_db
def test_uploads_document_form_refuses_fake_pdf_and_saves_nothing(client):
    client.force_login(UserFactory(is_superuser=True))
    Document = get_document_model()

    response = client.post(
        reverse("wagtaildocs:add"),
        {"title": "invoice", "file": SimpleUploadedFile("invoice.pdf", BAD["invoice.pdf"]), "collection": 1},
    )

    assert response.status_code == 200
    assert Document.objects.count() == 0


@pytest.mark.django_db
def test_uploads_documents_are_served_as_attachments_with_nosniff(client, settings, tmp_path):
    # Served from the file system as in production (the test settings' in-memory storage has no real files).
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    Document = get_document_model()
    document = Document.objects.create(title="minutes", file=SimpleUploadedFile("minutes.pdf", GOOD["minutes.pdf"]))

    response = client.get(document.url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
