"""core.querysets: searching over `search_document`, and sorting what a search matched."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from contacts.models import Person
from core.querysets import sorted_after_filtering
from relations.models import Engagement
from tests.factories.contacts import PersonFactory
from tests.factories.relations import EngagementFactory

pytestmark = pytest.mark.django_db


def test_a_search_sorted_after_filtering_gives_the_same_rows_in_the_same_order():
    start = timezone.now() - datetime.timedelta(days=30)
    for day in (3, 1, 2, 1):
        EngagementFactory(subject=f"Courtesy call {day}", starts_at=start + datetime.timedelta(days=day))
    EngagementFactory(subject="Investment seminar")
    searched = Engagement.objects.order_by("-starts_at", "-id").search("courtesy")

    assert list(sorted_after_filtering(searched)) == list(searched)
    assert len(list(searched)) == 4


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the unary plus is SQLite's")
def test_on_sqlite_the_order_no_longer_walks_the_sort_columns_index():
    sql = str(sorted_after_filtering(Engagement.objects.order_by("-starts_at", "-id").search("x")).query)

    assert 'ORDER BY +"relations_engagement"."starts_at" DESC, +"relations_engagement"."id" DESC' in sql


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL keeps its own plan")
def test_on_postgresql_the_queryset_is_left_as_it_is():
    searched = Engagement.objects.order_by("-starts_at").search("x")

    assert sorted_after_filtering(searched) is searched


def test_random_or_expression_orders_are_left_as_they_are():
    random_order = Engagement.objects.order_by("?")

    assert sorted_after_filtering(random_order) is random_order


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's form of the same")
def test_on_postgresql_when_asked_the_order_adds_nothing_the_planner_can_fold_away():
    sql = str(sorted_after_filtering(Engagement.objects.order_by("-starts_at", "-id"), on_postgresql=True).query)

    order = sql.split("ORDER BY ")[1]
    assert order == (
        '("relations_engagement"."starts_at" + interval \'0\') DESC, ("relations_engagement"."id" + 0) DESC'
    )


def test_asked_for_postgresql_too_the_rows_come_in_the_same_order():
    start = timezone.now() - datetime.timedelta(days=30)
    for day in (3, 1, 2, 1):
        EngagementFactory(starts_at=start + datetime.timedelta(days=day))
    ordered = Engagement.objects.order_by("-starts_at", "-id")

    assert list(sorted_after_filtering(ordered, on_postgresql=True)) == list(ordered)


@pytest.mark.parametrize("hidden", ["\u200b", "\u2060", "\u00ad", "\u200d", "\ufeff"])
def test_characters_that_show_nothing_do_not_defeat_search(hidden):
    disguised = PersonFactory(
        family_name_latin=f"Tan{hidden}aka", given_name_latin="Ta\u200bro", family_name="田\u200b中"
    )
    plain = PersonFactory(family_name_latin="Tanaka", given_name_latin="Taro", family_name="田中")
    PersonFactory(family_name_latin="Yamada", given_name_latin="Hanako")
    both = sorted([disguised.pk, plain.pk])

    # Three characters or more (SQLite's trigram index), fewer (LIKE), and the hidden character typed in the query.
    found = {
        query: sorted(Person.objects.search(query).values_list("pk", flat=True))
        for query in ("tanaka", "taro", "田中", f"ta{hidden}naka", f"田{hidden}中")
    }

    assert found == dict.fromkeys(found, both)


def test_a_search_with_a_nul_or_a_huge_query_answers_without_a_database_error():
    PersonFactory(family_name_latin="Tanaka", given_name_latin="Taro")

    assert list(Person.objects.search("tan\x00aka").values_list("family_name_latin", flat=True)) == ["Tanaka"]
    assert list(Person.objects.search("tanaka " + "zz " * 50_000)) == []
