"""Wagtail's document and image listings, able to combine a search with the usage-count filter.

Upstream, the usage filter is an annotation (`usage_count`) that the search backend is asked to translate into a
search filter, which it cannot: `?q=x&usage_count_min=1` answers 500 (django-modelsearch cannot filter search
results on an annotation). Here the search runs on the listing's records without the annotation, and its matches
then narrow the annotated, filtered query set. Ordering by relevance is lost only for that combination.
"""

from django.urls import path
from wagtail.documents.views.documents import IndexView as DocumentIndexView
from wagtail.images.views.images import IndexView as ImageIndexView


class UsageFilterSearchMixin:
    def search_queryset(self, queryset):
        if not (self.is_searching and self.needs_usage_count_subquery):
            return super().search_queryset(queryset)
        # Matches among all records; the listing's own query set (permissions, filters) then keeps its rows.
        matches = super().search_queryset(queryset.model._default_manager.all())
        return queryset.filter(pk__in=[match.pk for match in matches])


class DocumentListing(UsageFilterSearchMixin, DocumentIndexView):
    pass


class ImageListing(UsageFilterSearchMixin, ImageIndexView):
    pass


def urls() -> list:
    """The listings' URLs, registered ahead of Wagtail's own, which they shadow (same paths, same templates)."""
    return [
        path("documents/", DocumentListing.as_view(), name="kizuna_documents_index"),
        path("documents/results/", DocumentListing.as_view(results_only=True), name="kizuna_documents_results"),
        path("images/", ImageListing.as_view(), name="kizuna_images_index"),
        path("images/results/", ImageListing.as_view(results_only=True), name="kizuna_images_results"),
    ]
