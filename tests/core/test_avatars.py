"""core.avatars: no staff page asks Gravatar for a picture; a user is shown by their upload or their initials."""

import io
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.admin.templatetags.wagtailadmin_tags import avatar_url
from wagtail.users.models import UserProfile

from core.avatars import initials
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def _picture() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "#1d4f91").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("display_name", "first_name", "username", "expected"),
    [
        ("Demo administrator", "", "admin", "DA"),
        ("佐藤 花子", "", "sato", "佐"),
        ("Nguyễn Văn An", "", "an", "NV"),
        ("", "Emily", "emily", "E"),
        ("", "", "kim", "K"),
        ("김민준", "", "minjun", "김"),
    ],
)
def test_initials_are_the_first_letters_of_a_latin_name_or_the_first_character(
    display_name, first_name, username, expected
):
    user = UserFactory(display_name=display_name, first_name=first_name, username=username)

    assert initials(user) == expected


def test_a_user_without_a_picture_is_drawn_with_their_initials_in_our_own_page():
    user = UserFactory(display_name="Demo administrator")

    url = avatar_url(user, size=50)

    assert url.startswith("data:image/svg+xml,")
    assert ">DA</text></svg>" in unquote(url)


def test_a_user_who_uploaded_a_picture_is_shown_with_it():
    user = UserFactory()
    profile = UserProfile.get_for_user(user)
    profile.avatar = SimpleUploadedFile("me.png", _picture(), content_type="image/png")
    profile.save()

    assert avatar_url(user, size=50) == profile.avatar.url


def test_no_staff_page_names_gravatar(client):
    user = UserFactory(is_superuser=True, display_name="佐藤 花子")
    client.force_login(user)
    pages = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_account"),
        reverse("relations_engagements:list"),
        reverse("wagtailusers_users:index"),
    ]

    contents = {page: client.get(page).content.decode() for page in pages}

    assert {page: "gravatar.com" in content for page, content in contents.items()} == dict.fromkeys(pages, False)
    assert "data:image/svg+xml," in contents[reverse("wagtailadmin_home")]
