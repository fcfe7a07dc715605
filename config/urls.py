from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.cache import never_cache
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from cms.i18n import public_i18n_patterns
from core.views import AccountView

urlpatterns = [
    # Django's own admin is kept for superusers repairing data; staff work in the Wagtail workspace.
    path("django-admin/", admin.site.urls),
    # Wagtail's account page with the names optional (core.views.AccountView), behind the same gate as the rest.
    path("admin/account/", never_cache(require_admin_access(AccountView.as_view())), name="wagtailadmin_account"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    # Language-neutral endpoints of each app (feeds, health checks, downloads).
    path("", include("core.urls")),
    path("", include("jobs.probe_urls")),
    path("", include("events.urls")),
    path("", include("cms.urls")),
]

# A database or cache outage answers 503 (retry) rather than 500 (bug), wherever it surfaced.
handler500 = "core.views.server_error"

if settings.DEBUG:
    from django.urls import re_path
    from django.views.static import serve

    # Attachments (media/private/) are served only through their permission-checked view, in development too.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?!private/)(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# Public pages live under a language prefix (/ja/, /en/, /vi/, /ko/, /zh/): the site is multilingual by construction.
# The HTML of public pages is cached for anonymous visitors (cms/cache.py).
urlpatterns += public_i18n_patterns(
    path("", include("cms.public_urls")),
    path("", include(wagtail_urls)),
)
