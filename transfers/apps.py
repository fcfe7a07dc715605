from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "transfers"
    verbose_name = _("Import and export")

    def ready(self):
        from . import job_kinds  # noqa: F401  (registers the import and export job kinds)
