import pytest
from django.core.files.base import ContentFile
from django.urls import resolve
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex

from core.library_views import DocumentListing, ImageListing


@pytest.mark.parametrize(("path", "view"), [("/admin/documents/", DocumentListing), ("/admin/images/", ImageListing)])
def test_the_library_listings_resolve_to_ours(path, view):
    assert resolve(path).func.view_class is view
    assert resolve(f"{path}results/").func.view_class is view


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/documents/", "/admin/images/", "/admin/documents/results/"])
def test_a_search_combined_with_the_usage_filter_answers(staff_client, path):
    response = staff_client.get(path, {"q": "協定", "usage_count_min": 1})

    assert response.status_code == 200


@pytest.mark.django_db
def test_the_usage_filter_keeps_only_used_matches_of_the_search(staff_client):
    Document = get_document_model()
    used = Document.objects.create(title="Sister city agreement 2024", file=ContentFile(b"x", name="used.txt"))
    unused = Document.objects.create(title="Sister city agreement draft", file=ContentFile(b"x", name="unused.txt"))
    other = Document.objects.create(title="Minutes", file=ContentFile(b"x", name="other.txt"))
    home = Page.get_first_root_node()  # what refers to the documents does not matter to the count
    for document in (used, other):
        ReferenceIndex.objects.create(
            content_type=ReferenceIndex._get_base_content_type(home),
            base_content_type=ReferenceIndex._get_base_content_type(home),
            object_id=str(home.pk),
            to_content_type=ReferenceIndex._get_base_content_type(document),
            to_object_id=str(document.pk),
            model_path="body",
            content_path="body",
            content_path_hash=ReferenceIndex._get_content_path_hash(f"body.{document.pk}"),
        )

    response = staff_client.get("/admin/documents/", {"q": "agreement", "usage_count_min": 1})

    titles = [document.title for document in response.context["documents"]]
    assert titles == ["Sister city agreement 2024"]
    assert unused.title not in titles
