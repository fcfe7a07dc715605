from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Kizuna core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from core import sidebar, sqlite_search

        # Sent for each app once every migration of the run has been applied: core's is enough for every table.
        post_migrate.connect(sqlite_search.ensure_indexes_after_migrate, sender=self)
        sidebar.connect()
