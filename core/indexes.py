"""Indexes the staff listings read (tests/core/test_listing_indexes.py checks that every filter and sortable column
of a growing listing has one)."""

from django.db import models


def listing_sorts(prefix: str, *fields: str) -> list[models.Index]:
    """An index per column a listing sorts by: (column, id), the order `KizunaIndexView.order_queryset` asks for
    (the id breaks ties), read forwards or backwards. A foreign key's column sorts by the related record's own
    order: the index lets the database walk the related records in that order and take each one's rows in turn.
    Named "<prefix>_<field>_sort"; it also serves a filter on the column."""
    indexes = []
    for field in fields:
        name = f"{prefix}_{field}_sort"
        if len(name) > 30:  # Django's limit for index names on every database
            raise ValueError(f"index name {name!r} is longer than 30 characters")
        indexes.append(models.Index(fields=[field, "id"], name=name))
    return indexes
