import pytest
from django.contrib.auth.models import Group

from tests.factories.core import UserFactory


@pytest.fixture
def user_in_role(db):
    def make(role_name, **kwargs):
        user = UserFactory(**kwargs)
        user.groups.add(Group.objects.get(name=role_name))
        return user

    return make
