import pytest
from django.core.cache import cache

from cms.services import set_up_public_site


@pytest.fixture
def site_tree(db):
    return set_up_public_site()


@pytest.fixture
def ja(site_tree):
    return site_tree.by_language["ja"]


@pytest.fixture
def vi(site_tree):
    return site_tree.by_language["vi"]


@pytest.fixture
def count_page_queries(client):
    """Queries of one uncached anonymous request for `url` (asserting it succeeds)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url: str) -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    return count
