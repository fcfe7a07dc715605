"""Searches over `search_document` read a trigram index on PostgreSQL (core/migrations/0004)."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from contacts.models import Person
from relations.models import Engagement
from tests.factories.relations import EngagementFactory, PersonFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram indexes are PostgreSQL's"),
]

SEARCHABLE = importlib.import_module("core.migrations.0004_search_trigram_indexes").SEARCHABLE


def plan(queryset) -> str:
    """The plan with sequential and plain index scans switched off: a test table is tiny, so the question is
    whether the trigram index CAN serve the search (a bitmap scan needs an index that matches the condition;
    otherwise the planner may walk the ordering's index, depending on the statistics of the moment)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
        return queryset.order_by().explain()


def test_every_searchable_model_has_its_trigram_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, indexdef FROM pg_indexes WHERE indexname LIKE '%%_search_trgm'")
        indexes = dict(cursor.fetchall())

    for label, _name in SEARCHABLE:
        table = apps.get_model(label)._meta.db_table
        assert "gin_trgm_ops" in indexes[table]
        assert "search_document" in indexes[table]


@pytest.mark.parametrize(
    ("model", "factory", "term"), [(Engagement, EngagementFactory, "courtesy"), (Person, PersonFactory, "nguyen")]
)
def test_a_search_of_three_characters_or_more_reads_the_index(model, factory, term):
    factory()

    explained = plan(model.objects.search(term))

    assert f"{model._meta.db_table}_search_trgm" in explained
