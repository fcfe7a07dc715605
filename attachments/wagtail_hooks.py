from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet

from core.record_pages import RECORD_SECTIONS_HOOK

from . import record_pages, views
from .viewsets import AttachmentViewSet

register_snippet(AttachmentViewSet)


@hooks.register("register_admin_urls")
def register_attachment_urls():
    return [path("attachments/<int:pk>/download/", views.download, name="attachments_download")]


@hooks.register("register_log_actions")
def register_attachment_log_actions(actions):
    actions.register_action("attachments.download", _("Download"), _("Attachment downloaded"))


@hooks.register(RECORD_SECTIONS_HOOK)
def add_attachments_section(request, record):
    return record_pages.attachments_section(request, record)


@hooks.register("register_snippet_listing_buttons")
def attachments_listing_button(snippet, user, next_url=None):
    parameter = record_pages.PARENTS.get(type(snippet))
    if parameter:
        yield ListingButton(
            _("Attachments"),
            f"{reverse('attachments:list')}?{parameter}={snippet.pk}",
            icon_name="doc-full",
            priority=17,
        )
        if user.has_perm("attachments.add_attachment"):
            yield ListingButton(
                _("Add attachment"),
                f"{reverse('attachments:add')}?{parameter}={snippet.pk}",
                icon_name="plus",
                priority=18,
            )
