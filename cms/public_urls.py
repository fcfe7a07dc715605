"""Wagtail's page-serving view behind the public page cache; included before wagtail.urls under the language
prefixes, so it takes the `wagtail_serve` routes while Wagtail's other public URLs stay as they are."""

from django.urls import re_path
from wagtail import views as wagtail_views
from wagtail.urls import serve_pattern

from .cache import cache_public_page

urlpatterns = [
    re_path(serve_pattern, cache_public_page(wagtail_views.serve), name="wagtail_serve"),
]
