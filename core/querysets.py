"""Querysets every app with searchable records shares."""

from django.db import connections, models
from django.db.models import F, Func, Q

from core import sqlite_search
from core.text import SEARCH_MAX_TERMS, SEARCH_QUERY_MAX_LENGTH, search_terms


class SearchDocumentQuerySet(models.QuerySet):
    """Records with a normalised `search_document` (core.text): every typed term must occur, in any order.

    On SQLite a term of three characters or more is looked up in the model's trigram index (core.sqlite_search);
    otherwise, and on PostgreSQL (whose trigram index serves the LIKE itself), it is `search_document LIKE`."""

    def search(self, query: str):
        queryset = self
        for term in search_terms(query):
            indexed = sqlite_search.matching(self.model, term, self.db)
            queryset = queryset.filter(indexed if indexed is not None else Q(search_document__contains=term))
        return queryset


def search(queryset, query: str):
    """`queryset.search(query)` for searchable records; for a model without a search document (countries), the
    rows whose text columns contain every word of the query (as typed, bounded like core.text.search_terms)."""
    if hasattr(queryset, "search"):
        return queryset.search(query)
    columns = [
        field.name
        for field in queryset.model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    ]
    words = list(dict.fromkeys(query[:SEARCH_QUERY_MAX_LENGTH].split()))[:SEARCH_MAX_TERMS]
    for word in words:
        any_column = Q()
        for column in columns:
            any_column |= Q(**{f"{column}__icontains": word})
        queryset = queryset.filter(any_column)
    return queryset


class _NoIndex(Func):
    """SQLite's unary plus: the same value, but the planner no longer reads the column's index for the order."""

    template = "+%(expressions)s"


class _NoIndexPostgres(Func):
    """The same value plus nothing, which PostgreSQL does not fold away, so no index serves the order."""

    def __init__(self, expression, *, field):
        zero = "interval '0'" if isinstance(field, models.DateTimeField) else "0"
        super().__init__(expression, template=f"(%(expressions)s + {zero})", output_field=field)


def sorted_after_filtering(queryset, *, on_postgresql: bool = False):
    """On SQLite, sort the rows a search matched instead of walking the sort column's index.

    With `ORDER BY starts_at DESC LIMIT 25` SQLite walks the starts_at index and tests every row in date order
    until it has 25 matches: for a rare term over 300,000 engagements that visits them all (650-760 ms). With
    `ORDER BY +starts_at` it scans for the matches and sorts only those. PostgreSQL plans searches well itself:
    the queryset is returned as it is there, unless `on_postgresql` (for filters whose matches it misjudges, such
    as one person's engagements: it walked 184,000 engagements by date to find 26 of that person's, 630 ms).
    The queryset is returned as it is too when the order is not plain fields.
    """
    vendor = connections[queryset.db].vendor
    if vendor not in ("sqlite", "postgresql") or (vendor == "postgresql" and not on_postgresql):
        return queryset
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    if not ordering or not all(isinstance(item, str) and item.lstrip("-") != "?" for item in ordering):
        return queryset
    unindexed = []
    for item in ordering:
        name = item.lstrip("-")
        if vendor == "sqlite":
            expression = _NoIndex(F(name))
        else:
            expression = _NoIndexPostgres(F(name), field=queryset.model._meta.get_field(name))
        unindexed.append(expression.desc() if item.startswith("-") else expression.asc())
    return queryset.order_by(*unindexed)
