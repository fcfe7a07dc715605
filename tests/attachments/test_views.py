import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import ModelLogEntry

from attachments.models import Attachment
from core.choices import Confidentiality
from tests.factories.attachments import PDF, AttachmentFactory
from tests.factories.relations import EngagementFactory


def download(client, attachment):
    return client.get(reverse("attachments_download", args=[attachment.pk]))


@pytest.mark.django_db
def test_download_serves_the_file_as_an_attachment_with_safe_headers(client, user_in_role):
    staff = user_in_role("Staff")
    attachment = AttachmentFactory(title="議事録", confidentiality=Confidentiality.INTERNAL)
    client.force_login(staff)

    response = download(client, attachment)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="minutes.pdf"'
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_download_of_a_confidential_file_is_404_for_a_viewer_and_logged_for_its_author(client, user_in_role):
    author, viewer = user_in_role("Staff"), user_in_role("Viewers")
    attachment = AttachmentFactory(confidentiality=Confidentiality.CONFIDENTIAL, created_by=author)

    client.force_login(viewer)
    refused = download(client, attachment)
    client.force_login(author)
    served = download(client, attachment)

    assert (refused.status_code, served.status_code) == (404, 200)
    entries = ModelLogEntry.objects.filter(action="attachments.download")
    assert [(entry.user_id, entry.object_id) for entry in entries] == [(author.pk, str(attachment.pk))]


@pytest.mark.django_db
def test_download_requires_a_signed_in_staff_account(client):
    attachment = AttachmentFactory(confidentiality=Confidentiality.PUBLIC)

    response = download(client, attachment)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.django_db
def test_attachment_pages_never_show_the_stored_path(client, user_in_role):
    manager = user_in_role("Managers")
    attachment = AttachmentFactory()
    client.force_login(manager)

    pages = [
        client.get(reverse("attachments:list")),
        client.get(reverse("attachments:inspect", args=[attachment.pk])),
        client.get(reverse("attachments:edit", args=[attachment.pk])),
    ]

    assert [page.status_code for page in pages] == [200, 200, 200]
    for page in pages:
        html = page.content.decode()
        assert "private/attachments" not in html
        assert "/media/" not in html
    assert reverse("attachments_download", args=[attachment.pk]) in pages[1].content.decode()


def add_form_data(engagement, upload, **overrides):
    return {
        "title": "Programme",
        "file": upload,
        "description": "",
        "engagement": engagement.pk,
        "delegation": "",
        "confidentiality": Confidentiality.INTERNAL,
        **overrides,
    }


@pytest.mark.django_db
def test_add_attachment_records_author_size_and_audit_entry(client, user_in_role):
    staff = user_in_role("Staff")
    engagement = EngagementFactory(created_by=staff)
    client.force_login(staff)

    response = client.post(
        reverse("attachments:add"), add_form_data(engagement, SimpleUploadedFile("programme.pdf", PDF))
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.engagement, attachment.created_by, attachment.size) == (engagement, staff, len(PDF))
    assert attachment.file.name.startswith("private/attachments/")
    entry = ModelLogEntry.objects.get(action="wagtail.create", object_id=str(attachment.pk))
    assert entry.data["changes"]["title"] == {"before": None, "after": "Programme"}


@pytest.mark.django_db
def test_add_attachment_refuses_a_file_that_is_not_what_its_name_says(client, user_in_role):
    staff = user_in_role("Staff")
    client.force_login(staff)

    response = client.post(
        reverse("attachments:add"),
        add_form_data(EngagementFactory(), SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00executable")),
    )

    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert Attachment.objects.count() == 0


@pytest.mark.django_db
def test_add_attachment_cannot_attach_to_a_hidden_engagement(client, user_in_role):
    staff, other = user_in_role("Staff"), user_in_role("Staff")
    hidden = EngagementFactory(confidentiality=Confidentiality.CONFIDENTIAL, created_by=other)
    client.force_login(staff)

    response = client.post(reverse("attachments:add"), add_form_data(hidden, SimpleUploadedFile("a.pdf", PDF)))

    assert response.status_code == 200
    assert "engagement" in response.context["form"].errors
    assert Attachment.objects.count() == 0


@pytest.mark.django_db
def test_add_attachment_needs_exactly_one_parent(client, user_in_role):
    from tests.factories.events import DelegationFactory

    staff = user_in_role("Staff")
    client.force_login(staff)
    engagement, delegation = EngagementFactory(created_by=staff), DelegationFactory()

    response = client.post(
        reverse("attachments:add"),
        add_form_data(engagement, SimpleUploadedFile("a.pdf", PDF), delegation=delegation.pk),
    )

    assert response.status_code == 200
    assert Attachment.objects.count() == 0


@pytest.mark.django_db
def test_engagement_listing_links_to_its_attachments_and_the_filtered_listing_shows_only_them(client, user_in_role):
    staff = user_in_role("Staff")
    engagement = EngagementFactory(subject="Courtesy call")
    mine = AttachmentFactory(engagement=engagement, title="Programme")
    AttachmentFactory(title="Someone else's minutes")
    client.force_login(staff)

    listing = client.get(reverse("relations_engagements:list")).content.decode()
    filtered = client.get(reverse("attachments:list") + f"?engagement={engagement.pk}")

    assert f"{reverse('attachments:list')}?engagement={engagement.pk}" in listing
    assert f"{reverse('attachments:add')}?engagement={engagement.pk}" in listing
    assert list(filtered.context["object_list"]) == [mine]


@pytest.mark.django_db
def test_add_attachment_form_starts_with_the_parent_named_in_the_link(client, user_in_role):
    staff = user_in_role("Staff")
    engagement = EngagementFactory(created_by=staff)
    client.force_login(staff)

    response = client.get(reverse("attachments:add") + f"?engagement={engagement.pk}")

    assert response.context["form"].initial["engagement"] == engagement.pk
