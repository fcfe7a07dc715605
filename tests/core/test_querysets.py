"""core.querysets: searching over `search_document`, and sorting what a search matched."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from core.querysets import sorted_after_filtering
from relations.models import Engagement
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
