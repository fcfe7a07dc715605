import pytest
from django.contrib.auth.models import Group

from tests.factories.core import UserFactory
from trust import audit


@pytest.fixture(autouse=True)
def fresh_trust_state():
    """Pending audit diffs live in thread state and must not cross tests (the cache, with the throttle counters,
    is emptied for every test by tests/conftest.py)."""
    audit.reset_state()


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
