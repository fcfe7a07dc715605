"""core.views.AccountView: Wagtail's account page, whose names are optional and whose zones a browser accepts."""

import re

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from core.time_zones import offered_time_zones
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nameless(client):
    """A colleague known by their display name, who never typed a first or a last name."""
    user = UserFactory(
        display_name="佐藤 花子", first_name="", last_name="", email="sato@pref.example.jp", is_superuser=True
    )
    client.force_login(user)
    return user


def _settings(**changes) -> dict:
    data = {
        "name_email-first_name": "",
        "name_email-last_name": "",
        "name_email-email": "sato@pref.example.jp",
        "locale-preferred_language": "",
        "locale-current_time_zone": "",
        "theme-theme": "system",
        "theme-contrast": "system",
        "theme-density": "default",
        "theme-keyboard_shortcuts": "on",
    }
    data.update(changes)
    return data


def test_the_account_page_offers_only_zones_a_browser_knows(client, nameless):
    response = client.get(reverse("wagtailadmin_account"))

    content = response.content.decode()
    select = re.search(r'<select name="locale-current_time_zone".*?</select>', content, re.S).group(0)
    zones = re.findall(r'<option value="([^"]*)"', select)
    assert response.status_code == 200
    assert (zones[0], "Asia/Tokyo" in zones, "localtime" in zones, "posixrules" in zones) == ("", True, False, False)


def test_a_user_without_names_switches_the_workspace_to_english(client, nameless):
    response = client.post(reverse("wagtailadmin_account"), _settings(**{"locale-preferred_language": "en"}))

    page = client.get(reverse("wagtailadmin_account"))
    assert (response.status_code, response.url) == (302, reverse("wagtailadmin_account"))
    assert UserProfile.get_for_user(nameless).preferred_language == "en"
    assert '<html lang="en"' in page.content.decode()
    assert "Your account settings have been changed successfully!" in page.content.decode()


def test_names_still_save_when_typed_and_the_email_is_still_required(client, nameless):
    saved = client.post(
        reverse("wagtailadmin_account"),
        _settings(**{"name_email-first_name": "Hanako", "name_email-last_name": "Sato"}),
    )
    refused = client.post(reverse("wagtailadmin_account"), _settings(**{"name_email-email": ""}))

    nameless.refresh_from_db()
    assert saved.status_code == 302
    assert (nameless.first_name, nameless.last_name, nameless.email) == ("Hanako", "Sato", "sato@pref.example.jp")
    assert refused.status_code == 200
    name_panel = next(iter(refused.context["panels_by_tab"].values()))[0]
    errors = name_panel.get_form().errors.as_data()
    assert {field: [error.code for error in errors[field]] for field in errors} == {"email": ["required"]}


def test_the_account_page_is_for_signed_in_staff_only(client):
    response = client.get(reverse("wagtailadmin_account"))

    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("wagtailadmin_login"))


def test_every_offered_zone_is_served_to_signed_in_staff_only(client, nameless):
    zones = client.get(reverse("core_time_zones")).json()["zones"]
    client.logout()
    anonymous = client.get(reverse("core_time_zones"))

    assert zones == list(offered_time_zones())
    assert (anonymous.status_code, anonymous.url.split("?")[0]) == (302, reverse("wagtailadmin_login"))
