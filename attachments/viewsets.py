"""Staff workspace for attachments: every view reads through attachments_visible_to (relations.viewsets)."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.views import snippets as snippet_views

from core.viewsets import KizunaIndexView, UpdatedColumn
from relations.viewsets import VisibleInspectView, VisibleSnippetViewSet

from . import selectors
from .forms import AttachmentForm
from .models import Attachment


def download_url(attachment) -> str:
    return reverse("attachments_download", args=[attachment.pk])


PARENT_PARAMETERS = ("engagement", "delegation")


class AttachmentIndexView(KizunaIndexView):
    """?engagement=<id> or ?delegation=<id> lists the files of one record (the "Attachments" button on its row)."""

    related_records_shown = PARENT_PARAMETERS  # the "attached to" column

    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("engagement", "delegation", "created_by")
        for field in PARENT_PARAMETERS:
            value = self.request.GET.get(field, "")
            if value.isdigit():
                queryset = queryset.filter(**{f"{field}_id": int(value)})
        return queryset


class AttachmentCreateView(snippet_views.CreateView):
    def get_initial(self):
        # "Add attachment" on an engagement or a delegation names its parent; the form only accepts visible ones.
        initial = super().get_initial()
        for field in PARENT_PARAMETERS:
            value = self.request.GET.get(field, "")
            if value.isdigit():
                initial[field] = int(value)
        return initial

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class AttachmentInspectView(VisibleInspectView):
    def get_fields(self):
        return ["title", "file", "description", "engagement", "delegation", "confidentiality", "size", "created_by"]

    def get_file_display_value(self):
        return format_html('<a href="{}" download>{}</a>', download_url(self.object), self.object.filename)

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(HeaderButton(_("Download"), url=download_url(self.object), icon_name="download", priority=5))
        return buttons


class AttachmentViewSet(VisibleSnippetViewSet):
    model = Attachment
    visible_to = staticmethod(selectors.attachments_visible_to)
    url_namespace = "attachments"
    url_prefix = "attachments"
    icon = "doc-full"
    menu_label = _("Attachments")
    menu_order = 215
    add_to_admin_menu = True
    index_view_class = AttachmentIndexView
    add_view_class = AttachmentCreateView
    inspect_view_class = AttachmentInspectView
    list_display = [
        "title",
        Column("parent", label=_("Attached to")),
        Column("get_confidentiality_display", label=_("Confidentiality")),
        Column("filename", label=_("File")),
        UpdatedColumn(),
    ]
    list_filter = ["confidentiality"]
    list_export = ["title", "filename", "description", "engagement", "delegation", "confidentiality", "size"]
    export_filename = "attachments"
    ordering = ["-created_at", "-id"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("file"),
            FieldPanel("description"),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("engagement"), FieldPanel("delegation")])],
                heading=_("Attached to (one of)"),
            ),
            FieldPanel("confidentiality"),
        ],
        base_form_class=AttachmentForm,
    )
