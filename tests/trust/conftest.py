import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from tests.factories.core import UserFactory
from trust import audit


@pytest.fixture(autouse=True)
def fresh_trust_state():
    """Throttle counters live in the cache and pending audit diffs in thread state: neither crosses tests."""
    cache.clear()
    audit.reset_state()
    yield
    cache.clear()


@pytest.fixture
def user_in_role(db):
    def make(role_name, **kwargs):
        user = UserFactory(**kwargs)
        user.groups.add(Group.objects.get(name=role_name))
        return user

    return make


@pytest.fixture
def viewer(user_in_role):
    return user_in_role("Viewers")


@pytest.fixture
def manager(user_in_role):
    return user_in_role("Managers")
