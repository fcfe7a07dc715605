import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from core.choices import Confidentiality
from relations.models import Engagement
from tests.factories.relations import EngagementFactory


def bulk_delete_url(*records):
    url = reverse("wagtail_bulk_action", args=["relations", "engagement", "delete"])
    return url + "?" + "&".join(f"id={record.pk}" for record in records)


@pytest.fixture
def deleter(user_in_role):
    """Staff who may delete engagements but not see every confidential record."""
    user = user_in_role("Staff")
    user.user_permissions.add(Permission.objects.get(codename="delete_engagement"))
    return user


@pytest.mark.django_db
def test_bulk_delete_of_a_hidden_record_is_404_and_deletes_nothing(client, deleter):
    hidden = EngagementFactory(confidentiality=Confidentiality.CONFIDENTIAL)
    client.force_login(deleter)

    shown = client.get(bulk_delete_url(hidden))
    posted = client.post(bulk_delete_url(hidden))

    assert (shown.status_code, posted.status_code) == (404, 404)
    assert list(Engagement.objects.all()) == [hidden]


@pytest.mark.django_db
def test_bulk_delete_acts_only_on_visible_records(client, deleter):
    hidden = EngagementFactory(confidentiality=Confidentiality.CONFIDENTIAL, subject="Hidden")
    visible = EngagementFactory(confidentiality=Confidentiality.INTERNAL, subject="Visible")
    client.force_login(deleter)

    page = client.get(bulk_delete_url(hidden, visible))
    client.post(bulk_delete_url(hidden, visible))

    assert "Hidden" not in page.content.decode()
    assert list(Engagement.objects.all()) == [hidden]
