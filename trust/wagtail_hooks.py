from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from trust import audit, views
from trust.bulk_actions import VisibleDeleteBulkAction

LOG_ACTIONS = {
    "trust.login": (_("Sign in"), _("Signed in")),
    "trust.login_failed": (_("Failed sign-in"), _("A sign-in failed for this account")),
    "trust.logout": (_("Sign out"), _("Signed out")),
    "trust.export": (_("Export"), _("Exported a listing")),
    "trust.two_factor_enabled": (_("Two-factor on"), _("Turned on two-factor authentication")),
    "trust.two_factor_disabled": (_("Two-factor off"), _("Turned off two-factor authentication")),
    "trust.restore": (_("Restore"), _("Restored the database from a backup")),
    "trust.sign_in_unlocked": (_("Sign-in unlocked"), _("Unlocked sign-in after failed attempts")),
}


@hooks.register("register_log_actions")
def register_trust_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


class EditWithChangesFormatter(LogFormatter):
    """Wagtail's "Edited", followed by the fields before and after (trust.audit), in every history view."""

    label = _("Edit")
    message = _("Edited")

    def format_message(self, log_entry):
        changes = audit.describe_changes(log_entry)
        return f"{self.message} — {changes}" if changes else str(self.message)


class ViewConfidentialFormatter(LogFormatter):
    """Wagtail's message for a reading, followed by where it happened (timeline, dashboard, calendar feed...)."""

    label = _("View confidential record")
    message = _("Viewed a confidential record")

    def format_message(self, log_entry):
        surface = audit.describe_surface(log_entry)
        return f"{self.message} ({surface})" if surface else str(self.message)


@hooks.register("register_log_actions")
def register_view_confidential_action(actions):
    actions.register_action(audit.VIEW_CONFIDENTIAL)(ViewConfidentialFormatter)


# After Wagtail's own registration (order 0), so this formatter is the one used for edits.
@hooks.register("register_log_actions", order=100)
def show_field_changes_in_history(actions):
    actions.choices = [choice for choice in actions.choices if choice[0] != "wagtail.edit"]
    actions.register_action("wagtail.edit")(EditWithChangesFormatter)


# After Wagtail's own snippet bulk delete (order 0), so CRM records are bulk-deleted through their selectors.
hooks.register("register_bulk_action", VisibleDeleteBulkAction, order=100)


@hooks.register("register_admin_urls")
def register_trust_urls():
    return [
        path("account/two-factor/", views.two_factor, name="trust_two_factor"),
        path("sign-in-locks/", views.sign_in_locks, name="trust_sign_in_locks"),
    ]


class SignInLocksMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.UNLOCK_PERMISSION)


@hooks.register("register_settings_menu_item")
def sign_in_locks_menu_item():
    return SignInLocksMenuItem(
        _("Locked sign-ins"), reverse("trust_sign_in_locks"), name="sign-in-locks", icon_name="lock", order=710
    )


@hooks.register("register_account_menu_item")
def two_factor_account_menu_item(request):
    return {
        "url": reverse("trust_two_factor"),
        "label": _("Two-factor authentication"),
        "help_text": _("Ask for a code from your phone at sign-in, on top of the password."),
    }


@hooks.register("construct_reports_menu")
def hide_site_history_without_audit_permission(request, menu_items):
    if not request.user.has_perm("trust.view_audit_log"):
        menu_items[:] = [item for item in menu_items if item.name != "site-history"]
