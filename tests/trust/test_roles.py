import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from trust.roles import ROLE_NAMES, sync_roles


def codenames(group_name, app_label):
    return set(
        Permission.objects.filter(group__name=group_name, content_type__app_label=app_label).values_list(
            "codename", flat=True
        )
    )


def crm_codenames(app_label, prefixes=("",)):
    return {
        codename
        for codename in Permission.objects.filter(content_type__app_label=app_label).values_list("codename", flat=True)
        if codename.startswith(prefixes)
    }


@pytest.mark.django_db
def test_roles_exist_after_migrate():
    assert set(Group.objects.filter(name__in=ROLE_NAMES).values_list("name", flat=True)) == set(ROLE_NAMES)


@pytest.mark.django_db
@pytest.mark.parametrize("app_label", ["partners", "contacts"])
def test_roles_crm_permissions_per_group(app_label):
    assert codenames("Viewers", app_label) == crm_codenames(app_label, ("view_",))
    assert codenames("Staff", app_label) == crm_codenames(app_label, ("view_", "add_", "change_"))
    assert codenames("Managers", app_label) == crm_codenames(app_label)
    assert codenames("Editors", app_label) == set()
    assert codenames("Administrators", app_label) == crm_codenames(app_label)


@pytest.mark.django_db
def test_roles_confidential_and_audit_rights_only_for_managers_and_administrators():
    special = {"core.view_confidential", "core.view_personal_details", "trust.view_audit_log"}
    holders = {
        name: {
            f"{p.content_type.app_label}.{p.codename}"
            for p in Permission.objects.filter(group__name=name).select_related("content_type")
        }
        & special
        for name in ROLE_NAMES
    }
    assert holders == {
        "Viewers": set(),
        "Staff": set(),
        "Managers": special,
        "Editors": set(),
        "Administrators": special,
    }


@pytest.mark.django_db
def test_roles_every_role_may_enter_the_workspace(user_in_role):
    users = {name: user_in_role(name) for name in ROLE_NAMES}
    assert {name: user.has_perm("wagtailadmin.access_admin") for name, user in users.items()} == dict.fromkeys(
        ROLE_NAMES, True
    )


@pytest.mark.django_db
def test_roles_editors_get_pages_and_media_but_no_crm(user_in_role):
    editor = user_in_role("Editors")
    page_codenames = set(
        GroupPagePermission.objects.filter(group__name="Editors").values_list("permission__codename", flat=True)
    )
    collection_codenames = set(
        GroupCollectionPermission.objects.filter(group__name="Editors").values_list("permission__codename", flat=True)
    )
    assert page_codenames == {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}
    assert collection_codenames == {
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    }
    assert [editor.has_perm("partners.view_country"), editor.has_perm("contacts.view_person")] == [False, False]


@pytest.mark.django_db
def test_roles_sync_is_idempotent_and_repairs_drift():
    first = sync_roles()
    viewers = Group.objects.get(name="Viewers")
    viewers.permissions.add(Permission.objects.get(codename="delete_person"))
    Group.objects.filter(name="Staff").delete()

    call_command("sync_roles", stdout=open("/dev/null", "w"))

    assert sync_roles() == first
    assert "delete_person" not in codenames("Viewers", "contacts")
    assert Group.objects.filter(name="Staff").count() == 1
