"""Wagtail's admin sidebar, kept per reader: the same JSON on every staff page, built once rather than per request.

Every admin page carries the sidebar's menu as JSON (`{% sidebar_props %}`, about 12 KB): asking each menu item
whether this user may see it (two queries for the pages menu) and packing them all for the client took 10-15 ms a
page, the same for the user's every page. What it depends on is in the key: the user (name, avatar, superuser and
active flags, the help items they dismissed), the language and the URL prefix; and a version that any change of
permissions moves on (user and group permissions, group membership, page and collection permissions: `connect`), or
of the page tree (the pages menu opens at the user's explorable root). Only the menu's shape is kept: each page's
own permission checks still decide what a user may open, so a menu a few minutes behind a change (another process
with a local-memory cache, until SIDEBAR_CACHE_SECONDS pass) shows a link, never a record.
"""

import hashlib
import json

from django.core.cache import cache
from django.utils.translation import get_language
from wagtail.admin.templatetags.wagtailadmin_tags import avatar_url
from wagtail.admin.templatetags.wagtailadmin_tags import sidebar_props as wagtail_sidebar_props

from core import versions

SIDEBAR_CACHE_SECONDS = 300
_VERSION_KEY = "admin-sidebar:version"


def forget_sidebars(**kwargs) -> None:
    """Every kept sidebar is stale: permissions changed somewhere."""
    versions.move_on(_VERSION_KEY)


def _key(request) -> str:
    user = request.user
    profile = getattr(user, "wagtail_userprofile", None)
    reader = [
        user.pk,
        user.get_username(),
        getattr(user, "first_name", ""),
        user.is_superuser,
        user.is_active,
        avatar_url(user, size=50),
        getattr(profile, "dismissibles", None) or {},
        get_language(),
        request.META.get("SCRIPT_NAME", ""),
    ]
    digest = hashlib.sha256(json.dumps(reader, sort_keys=True, default=str).encode()).hexdigest()
    return f"admin-sidebar:{versions.current(_VERSION_KEY)}:{digest}"


def sidebar_props(context) -> str:
    """`{% sidebar_props %}` of Wagtail, read from the cache when this reader's sidebar is there."""
    request = context["request"]
    if not getattr(request.user, "is_authenticated", False):
        return wagtail_sidebar_props(context)
    key = _key(request)
    props = cache.get(key)
    if props is None:
        props = wagtail_sidebar_props(context)
        cache.set(key, props, SIDEBAR_CACHE_SECONDS)
    return props


def connect() -> None:
    """Move the version on whenever what decides a menu item's visibility changes."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page
    from wagtail.signals import post_page_move

    user_model = get_user_model()
    for through in (user_model.groups.through, user_model.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(forget_sidebars, sender=through, dispatch_uid=f"sidebar-{through._meta.label}")
    for model in (Group, Permission, GroupPagePermission, GroupCollectionPermission):
        post_save.connect(forget_sidebars, sender=model, dispatch_uid=f"sidebar-saved-{model._meta.label}")
        post_delete.connect(forget_sidebars, sender=model, dispatch_uid=f"sidebar-deleted-{model._meta.label}")
    # The pages menu opens at the user's explorable root page, found from the page tree.
    post_page_move.connect(forget_sidebars, dispatch_uid="sidebar-page-moved")
    post_delete.connect(forget_sidebars, sender=Page, dispatch_uid="sidebar-page-deleted")
