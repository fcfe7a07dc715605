import pytest
from django.contrib.auth.models import Permission

from tests.factories.core import UserFactory


@pytest.fixture
def viewer(db):
    """A staff user with access to the admin but no right to see others' confidential records."""
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
    for codename in (
        "view_engagement",
        "change_engagement",
        "add_engagement",
        "delete_engagement",
        "view_followup",
        "change_followup",
        "view_tie",
        "change_tie",
        "delete_followup",
    ):
        user.user_permissions.add(Permission.objects.get(codename=codename, content_type__app_label="relations"))
    return user


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def confidential_reader(viewer):
    viewer.user_permissions.add(Permission.objects.get(codename="view_confidential"))
    return type(viewer).objects.get(pk=viewer.pk)
