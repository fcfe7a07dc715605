from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import views
from .viewsets import AttachmentViewSet

register_snippet(AttachmentViewSet)


@hooks.register("register_admin_urls")
def register_attachment_urls():
    return [path("attachments/<int:pk>/download/", views.download, name="attachments_download")]


@hooks.register("register_log_actions")
def register_attachment_log_actions(actions):
    actions.register_action("attachments.download", _("Download"), _("Attachment downloaded"))
