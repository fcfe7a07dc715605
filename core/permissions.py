"""The two cross-cutting permissions every app's visibility selector consults.

Each model's `*_visible_to(user)` selector decides what a user sees; these functions only answer
"does this user hold the office-wide right?" so that the rule is written once.
"""


def may_see_confidential(user) -> bool:
    """True for users allowed to see every confidential record (not only their own or those they attend)."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm("core.view_confidential"))


def may_see_personal_details(user) -> bool:
    """True for users allowed to see private phones, dietary and access needs of people."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm("core.view_personal_details"))


def is_office_staff(user) -> bool:
    """True for active accounts that may use the staff workspace; the directory is open to all of them."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return bool(user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
