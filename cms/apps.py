from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Public site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from events.feeds import register_event_page_urls

        from . import signals
        from .selectors import event_page_urls

        signals.connect()
        # The feeds' URL property points at the event's public page; events may not import cms, so cms registers.
        register_event_page_urls(event_page_urls)
