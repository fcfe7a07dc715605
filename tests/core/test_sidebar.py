"""The admin sidebar kept per reader (core.sidebar): the same JSON as Wagtail's, rebuilt when what it shows changes."""

import json
import re
from pathlib import Path

import pytest
import wagtail.admin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.users.models import UserProfile

from core import sidebar
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db

SIDEBAR = re.compile(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', re.S)


def _sidebar(client, url=None) -> str:
    response = client.get(url or reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return SIDEBAR.search(response.content.decode()).group(1)


def _menu_names(props: str) -> set[str]:
    """The names of every menu item in the sidebar's JSON (telepath-packed: each item's first argument)."""
    names = set()

    def walk(node):
        if isinstance(node, dict):
            if node.get("_type", "").startswith("wagtail.sidebar.") and node.get("_args"):
                first = node["_args"][0]
                if isinstance(first, dict) and isinstance(first.get("name"), str):
                    names.add(first["name"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props))
    return names


def _counting_builds(monkeypatch) -> list:
    built = []
    original = sidebar.wagtail_sidebar_props

    def counting(context):
        built.append(context["request"].user.pk)
        return original(context)

    monkeypatch.setattr(sidebar, "wagtail_sidebar_props", counting)
    return built


def test_our_admin_base_template_is_wagtails_with_only_the_sidebar_tag_replaced():
    wagtails = (Path(wagtail.admin.__file__).parent / "templates/wagtailadmin/base.html").read_text()
    ours = (Path(__file__).resolve().parents[2] / "templates/wagtailadmin/base.html").read_text()
    ours_lines = [line for line in ours.splitlines() if not line.startswith("{# Wagtail's wagtailadmin/base.html")]

    expected = wagtails.replace(
        "{% load wagtailadmin_tags wagtailcore_tags i18n %}",
        "{% load wagtailadmin_tags wagtailcore_tags i18n kizuna_admin %}",
    ).replace("{% sidebar_props %}", "{% cached_sidebar_props %}")
    assert ours_lines == expected.splitlines()


def test_a_reader_gets_wagtails_sidebar_built_once_for_all_their_pages(client, monkeypatch):
    user = UserFactory(is_superuser=True)
    client.force_login(user)
    built = _counting_builds(monkeypatch)

    first = _sidebar(client)
    again = _sidebar(client, reverse("relations_my_follow_ups"))

    assert built == [user.pk]
    assert again == first
    assert {"explorer", "users", "jobs"} <= _menu_names(first)


def test_each_reader_and_language_has_their_own_sidebar(client, monkeypatch):
    admin, staff = UserFactory(is_superuser=True), UserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    built = _counting_builds(monkeypatch)

    client.force_login(admin)
    admins = _sidebar(client)
    client.force_login(staff)
    staffs = _sidebar(client)
    UserProfile.get_for_user(staff).__class__.objects.filter(user=staff).update(preferred_language="en")
    staffs_in_english = _sidebar(client)

    assert built == [admin.pk, staff.pk, staff.pk]
    assert "users" in _menu_names(admins)
    assert "users" not in _menu_names(staffs)
    assert staffs_in_english != staffs


def test_a_permission_granted_shows_in_the_next_page_sidebar(client):
    staff = UserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    before = _menu_names(_sidebar(client))
    group = Group.objects.create(name="User managers")
    group.permissions.add(Permission.objects.get(codename="change_user", content_type__app_label="core"))

    staff.groups.add(group)
    after = _menu_names(_sidebar(client))

    assert "users" not in before
    assert "users" in after


def test_a_dismissed_help_item_is_a_new_sidebar(client, monkeypatch):
    user = UserFactory(is_superuser=True)
    client.force_login(user)
    built = _counting_builds(monkeypatch)
    _sidebar(client)

    profile = UserProfile.get_for_user(user)
    profile.dismissibles = {"help": True}
    profile.save()
    _sidebar(client)

    assert built == [user.pk, user.pk]
