from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TrustConfig(AppConfig):
    name = "trust"
    verbose_name = _("Trust and security")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib import admin

        from core import listing_hooks
        from trust import audit, hardening, roles, sanitising, views

        # Permissions of apps migrated after this one exist only once every app has migrated, so the
        # role -> permission map is (re)applied after the whole migrate run, not in this app's migration.
        post_migrate.connect(roles.sync_roles_after_migrate, dispatch_uid="trust.sync_roles")
        audit.connect_signals()
        listing_hooks.register_readings(
            shown=audit.record_confidential_views_once_rendered, exported=audit.record_confidential_rows
        )
        sanitising.apply_field_policy()
        hardening.apply()
        admin.site.login = views.login_through_workspace
