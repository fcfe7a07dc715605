"""On SQLite, searches over `search_document` read an FTS5 trigram index (core.sqlite_search)."""

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Q

from core import sqlite_search
from core.querysets import SearchDocumentQuerySet
from core.text import search_terms
from relations.models import Engagement
from tests.factories.relations import EngagementFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 indexes are SQLite's"),
]


def like(term: str) -> set[int]:
    return set(Engagement.objects.filter(search_document__contains=term).values_list("pk", flat=True))


def searched(query: str) -> set[int]:
    return set(Engagement.objects.search(query).values_list("pk", flat=True))


def test_every_searchable_model_has_an_index():
    searchable = {
        model._meta.label
        for model in apps.get_models()
        if isinstance(model._default_manager.all(), SearchDocumentQuerySet)
    }

    assert searchable == set(sqlite_search.INDEXED)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master")
        names = {row[0] for row in cursor.fetchall()}
    for index in sqlite_search.INDEXED.values():
        assert index in names
        assert {sqlite_search._trigger_name(index, event) for event in sqlite_search.TRIGGERS} <= names


def test_a_term_of_three_characters_or_more_reads_the_index_and_a_shorter_one_the_table():
    assert "relations_engagement_search_fts VIRTUAL TABLE INDEX" in Engagement.objects.search("courtesy").explain()
    assert "search_fts" not in Engagement.objects.search("山田").explain()


@pytest.mark.parametrize(
    "query",
    [
        "courtesy",
        "COURTESY call",  # folded like the documents; every term must occur
        "nguyễn",  # diacritics folded: "nguyen"
        "ベトナム",  # katakana folded to hiragana
        "山田",  # two characters: the LIKE
        "abcd",  # the characters must be adjacent: "abc bcd" does not contain it
        '"quoted"',
        "50%",
        "a_b",
        "ｔｏｃｈｉｇｉ",
    ],
)
def test_the_index_finds_exactly_what_the_like_finds(query):
    subjects = [
        "Courtesy call on the ambassador",
        "Courtesy visit",
        "Nguyễn Văn An meets the governor",
        "ベトナム大使館 表敬訪問",
        "山田太郎と面談",
        "abc bcd",
        'The "quoted" seminar',
        "50% more exports",
        "a_b test",
        "Tochigi fair",
        "unrelated",
    ]
    for subject in subjects:
        EngagementFactory(subject=subject)
    expected = set(Engagement.objects.values_list("pk", flat=True))
    for term in search_terms(query):
        expected &= like(term)

    assert searched(query) == expected
    assert expected or query == "abcd"


def test_the_index_follows_inserts_updates_and_deletes():
    engagement = EngagementFactory(subject="Seminar in Hanoi")
    other = EngagementFactory(subject="Seminar in Hanoi")
    assert searched("hanoi") == {engagement.pk, other.pk}

    engagement.subject = "Seminar in Da Nang"
    engagement.save()
    assert searched("hanoi") == {other.pk}
    assert searched("nang") == {engagement.pk}

    Engagement.objects.filter(pk=other.pk).update(search_document="renamed")
    assert searched("hanoi") == set()
    assert searched("renamed") == {other.pk}

    other.delete()
    assert searched("renamed") == set()
    assert searched("seminar") == {engagement.pk}


def test_a_missing_trigger_is_recreated_and_the_index_rebuilt():
    """Django rebuilds a SQLite table to alter it and the triggers die with the old table: after migrate the
    index is made whole again."""
    engagement = EngagementFactory(subject="Investment seminar")
    index = sqlite_search.INDEXED["relations.Engagement"]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {sqlite_search._trigger_name(index, 'update')}")
    Engagement.objects.filter(pk=engagement.pk).update(search_document="export promotion")
    assert searched("promotion") == set()  # stale: written while the trigger was missing

    assert sqlite_search.ensure_indexes() == [index]

    assert searched("promotion") == {engagement.pk}
    assert searched("seminar") == set()
    assert sqlite_search.ensure_indexes() == []  # whole: nothing to do


def test_the_index_is_not_used_where_it_cannot_answer():
    assert sqlite_search.matching(Engagement, "ab", "default") is None
    assert isinstance(sqlite_search.matching(Engagement, "abc", "default"), Q)
