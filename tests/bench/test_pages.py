"""A tiny run of the page benchmark, so `make bench` cannot rot as pages are added or renamed."""

import pytest
from wagtail.snippets.models import get_snippet_models

from bench.pages import discover_pages, measure
from tests.factories.events import DelegationFactory, EventFactory
from tests.factories.relations import EngagementFactory, PersonFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_bench_measures_every_listing_and_feed_with_the_expected_status(staff_user):
    PostFactory(person=PersonFactory())
    EngagementFactory()
    DelegationFactory()
    EventFactory()

    results = measure(discover_pages(staff_user), user=staff_user, repeats=1, warmup=0)

    names = [result.name for result in results]
    unexpected = [(result.name, result.status) for result in results if "(expected" in result.name]
    assert unexpected == []
    listed_models = {
        model._meta.label_lower for model in get_snippet_models() if getattr(model, "snippet_viewset", None)
    }
    assert {f"{label} list" for label in listed_models} <= set(names)
    assert {"dashboard", "public feed", "public feed 304", "private feed", "private feed 304"} <= set(names)
    assert all(result.queries > 0 and result.median_ms > 0 for result in results if "304" not in result.name)


def test_bench_counts_queries_after_the_connection_logged_thousands(staff_user):
    from django.db import connection

    dashboard = [page for page in discover_pages(staff_user) if page.name == "dashboard"]
    connection.queries_log.extend({"sql": "SELECT 1", "time": "0.000"} for _ in range(connection.queries_limit))

    (result,) = measure(dashboard, user=staff_user, repeats=1, warmup=0)

    assert result.queries > 0


def test_public_pages_are_measured_from_the_page_cache_and_without_it(staff_user):
    from wagtail.models import Page as WagtailPage

    home = WagtailPage.objects.live().filter(depth=2).first()
    public = [page for page in discover_pages(staff_user) if page.url == home.url]

    cached, uncached = measure(public, user=staff_user, repeats=2, warmup=1)

    assert (cached.name, uncached.name) == (f"{public[0].name}", f"{public[0].name} (uncached)")
    assert (cached.status, uncached.status) == (200, 200)
    assert cached.queries == 0  # served whole from the cache after the warm-up
    assert uncached.queries > 0  # rendered again for every request


def test_the_calibration_times_a_fixed_rendering():
    from bench.pages import calibration_ms

    assert calibration_ms(repeats=3) > 0
