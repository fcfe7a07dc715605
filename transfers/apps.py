from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "transfers"
    verbose_name = _("Import and export")

    def ready(self):
        from core import listing_hooks

        from . import (
            job_kinds,  # noqa: F401  (registers the import and export job kinds)
            listing_exports,
        )

        listing_hooks.register_exports(
            running=listing_exports.running_export,
            threshold_rows=listing_exports.job_threshold_rows,
            start=listing_exports.start_listing_export,
        )
