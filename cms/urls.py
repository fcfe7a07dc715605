from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from .sitemaps import PublicSitemap

app_name = "cms"

urlpatterns = [
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PublicSitemap}}, name="sitemap"),
]
