"""The "Import news" view of the staff workspace: the same import as `manage.py import_news`."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies.pages import PagePermissionPolicy

from .forms import NewsImportForm
from .news_import import ImageLibrary, ImportReport, NewsFile, import_news, news_index_for_language

MAX_IMAGE_BYTES = 10 * 1024 * 1024


class NewsImportView(WagtailAdminTemplateMixin, FormView):
    form_class = NewsImportForm
    template_name = "cms/admin/news_import.html"
    page_title = gettext_lazy("Import news")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not PagePermissionPolicy().user_has_permission(request.user, "add"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        index = news_index_for_language(form.cleaned_data["language"])
        if index is None:
            form.add_error("language", _("This language has no news index yet."))
            return self.form_invalid(form)
        permissions = index.permissions_for_user(self.request.user)
        if not permissions.can_add_subpage():
            raise PermissionDenied
        images = ImageLibrary(
            uploaded={
                upload.name: upload.read() for upload in form.cleaned_data["images"] if upload.size <= MAX_IMAGE_BYTES
            }
        )
        news_files, reports = [], []
        for upload in form.cleaned_data["files"]:
            try:
                news_files.append(NewsFile(name=upload.name, text=upload.read().decode("utf-8")))
            except UnicodeDecodeError:
                reports.append(ImportReport(name=upload.name, action="failed", reason=_("The file is not UTF-8 text.")))
        reports += import_news(
            news_files=news_files,
            index=index,
            images=images,
            user=self.request.user,
            dry_run=form.cleaned_data["dry_run"],
            allow_publish=permissions.can_publish_subpage(),
        )
        failed = sum(report.failed for report in reports)
        if failed:
            messages.warning(
                self.request,
                _("%(failed)s of %(total)s files could not be imported.") % {"failed": failed, "total": len(reports)},
            )
        else:
            messages.success(self.request, _("%(total)s files processed.") % {"total": len(reports)})
        return self.render_to_response(
            self.get_context_data(
                form=self.form_class(initial={"language": form.cleaned_data["language"]}),
                reports=reports,
                dry_run=form.cleaned_data["dry_run"],
                can_publish=permissions.can_publish_subpage(),
            )
        )
