"""Roles are Wagtail groups. This module is the one place that says which role holds which permission.

The map is written with app labels and codename prefixes rather than a frozen list, so models that other
apps add later fall into the right roles when `sync_roles` runs again (it runs after every `migrate`).
"""

from dataclasses import dataclass, field

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext_lazy as _

# The CRM proper. The public site (cms, Wagtail pages, images, documents) is the editors' domain.
CRM_APPS = ("partners", "contacts", "relations", "events", "attachments")
PUBLIC_SITE_APPS = ("cms", "wagtailredirects", "wagtailforms", "wagtailsearchpromotions")
READ = ("view_",)
WRITE = ("view_", "add_", "change_")
ACCESS_ADMIN = ("wagtailadmin", "access_admin")


@dataclass(frozen=True)
class Role:
    name: str
    label: str
    apps: dict = field(default_factory=dict)  # app label -> codename prefixes ("" means every permission)
    extra: tuple = ()  # (app_label, codename) pairs
    page_permissions: tuple = ()  # Wagtail page permissions on the root page
    collection_permissions: tuple = ()  # Wagtail image/document permissions on the root collection
    everything: bool = False


ROLES = (
    Role(
        name="Viewers",
        label=_("Viewer: reads the CRM"),
        apps=dict.fromkeys(CRM_APPS, READ),
        extra=(ACCESS_ADMIN,),
    ),
    Role(
        name="Staff",
        label=_("Staff: creates and edits the office's CRM work"),
        apps=dict.fromkeys(CRM_APPS, WRITE),
        extra=(ACCESS_ADMIN,),
        collection_permissions=(
            ("wagtaildocs", "add_document"),
            ("wagtaildocs", "choose_document"),
        ),
    ),
    Role(
        name="Managers",
        label=_("Manager: everything in the CRM, including exports, imports, merges and confidential records"),
        # transfers holds the export, import and merge permissions (e.g. transfers.export_records).
        apps={**dict.fromkeys(CRM_APPS, ("",)), "transfers": ("",)},
        extra=(
            ACCESS_ADMIN,
            ("core", "view_confidential"),
            ("core", "view_personal_details"),
            ("trust", "view_audit_log"),
            ("trust", "unlock_sign_in"),
        ),
        collection_permissions=(
            ("wagtaildocs", "add_document"),
            ("wagtaildocs", "change_document"),
            ("wagtaildocs", "choose_document"),
        ),
    ),
    Role(
        name="Editors",
        label=_("Editor: the public site only (pages, images, documents)"),
        apps=dict.fromkeys(PUBLIC_SITE_APPS, ("",)),
        extra=(ACCESS_ADMIN,),
        page_permissions=("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
        collection_permissions=(
            ("wagtailimages", "add_image"),
            ("wagtailimages", "change_image"),
            ("wagtailimages", "choose_image"),
            ("wagtaildocs", "add_document"),
            ("wagtaildocs", "change_document"),
            ("wagtaildocs", "choose_document"),
        ),
    ),
    Role(
        name="Administrators",
        label=_("Administrator: every permission, including users and roles"),
        everything=True,
        page_permissions=("add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"),
        collection_permissions=(
            ("wagtailimages", "add_image"),
            ("wagtailimages", "change_image"),
            ("wagtailimages", "choose_image"),
            ("wagtaildocs", "add_document"),
            ("wagtaildocs", "change_document"),
            ("wagtaildocs", "choose_document"),
        ),
    ),
)
ROLE_NAMES = tuple(role.name for role in ROLES)


def _permissions_for(role, Permission):
    if role.everything:
        return list(Permission.objects.all())
    wanted = []
    candidates = Permission.objects.select_related("content_type").filter(
        content_type__app_label__in=[*role.apps, *(app for app, _codename in role.extra)]
    )
    for permission in candidates:
        app_label = permission.content_type.app_label
        prefixes = role.apps.get(app_label, ())
        if any(permission.codename.startswith(prefix) for prefix in prefixes) or (
            (app_label, permission.codename) in role.extra
        ):
            wanted.append(permission)
    return wanted


def sync_roles(*, apps=global_apps, using=DEFAULT_DB_ALIAS):
    """Create the role groups and set their permissions to exactly the map above. Idempotent.

    Works with the real app registry and with a migration's historical one. Returns {role name: permission count}.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    counts = {}
    for role in ROLES:
        group, _created = Group.objects.using(using).get_or_create(name=role.name)
        permissions = _permissions_for(role, Permission.objects.db_manager(using).model)
        group.permissions.set(permissions)
        _sync_tree_permissions(role, group, apps=apps, using=using)
        counts[role.name] = len(permissions)
    return counts


def _sync_tree_permissions(role, group, *, apps, using):
    """Wagtail grants pages and collections per tree node; roles get them on the root of each tree."""
    Permission = apps.get_model("auth", "Permission")
    try:
        Page = apps.get_model("wagtailcore", "Page")
        Collection = apps.get_model("wagtailcore", "Collection")
        GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
        GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    except LookupError:
        return
    root_page = Page.objects.using(using).filter(depth=1).first()
    if root_page is not None:
        wanted = Permission.objects.using(using).filter(
            content_type__app_label="wagtailcore", codename__in=role.page_permissions
        )
        GroupPagePermission.objects.using(using).filter(group=group).exclude(permission__in=wanted).delete()
        for permission in wanted:
            GroupPagePermission.objects.using(using).get_or_create(group=group, page=root_page, permission=permission)
    root_collection = Collection.objects.using(using).filter(depth=1).first()
    if root_collection is not None:
        wanted = [
            permission
            for app_label, codename in role.collection_permissions
            for permission in Permission.objects.using(using).filter(
                content_type__app_label=app_label, codename=codename
            )
        ]
        GroupCollectionPermission.objects.using(using).filter(group=group).exclude(permission__in=wanted).delete()
        for permission in wanted:
            GroupCollectionPermission.objects.using(using).get_or_create(
                group=group, collection=root_collection, permission=permission
            )


def sync_roles_after_migrate(sender, app_config=None, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    # post_migrate fires once per app; permissions of every app exist only when the last one has fired.
    last = [config for config in global_apps.get_app_configs() if config.models_module is not None][-1]
    if app_config is None or app_config.label != last.label:
        return
    sync_roles(apps=global_apps, using=using)
