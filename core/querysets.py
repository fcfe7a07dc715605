"""Querysets every app with searchable records shares."""

from django.db import models

from core.text import search_terms


class SearchDocumentQuerySet(models.QuerySet):
    """Records with a normalised `search_document` (core.text): every typed term must occur, in any order."""

    def search(self, query: str):
        queryset = self
        for term in search_terms(query):
            queryset = queryset.filter(search_document__contains=term)
        return queryset
