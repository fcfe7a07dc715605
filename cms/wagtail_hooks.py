from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy

from .cache import mark_cacheable
from .views import NewsImportView

# Next to the import/export group (240) of the staff menu.
NEWS_IMPORT_MENU_ORDER = 241


@hooks.register("before_serve_page")
def allow_caching_of_unrestricted_pages(page, request, serve_args, serve_kwargs):
    if not page.get_view_restrictions().exists():
        mark_cacheable(request)


@hooks.register("register_admin_urls")
def register_news_import_url():
    return [path("news-import/", NewsImportView.as_view(), name="cms_news_import")]


class NewsImportMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_permission(request.user, "add")


@hooks.register("register_admin_menu_item")
def register_news_import_menu_item():
    return NewsImportMenuItem(
        _("Import news"), reverse("cms_news_import"), icon_name="upload", order=NEWS_IMPORT_MENU_ORDER
    )
