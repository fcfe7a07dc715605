"""The export page goes through each model's visibility selector: a confidential record never leaves."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from core.choices import Confidentiality
from tests.factories.core import UserFactory
from tests.factories.relations import EngagementFactory

pytestmark = pytest.mark.django_db


def exporter(*codenames):
    user = UserFactory()
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "export_records", *codenames]))
    return user


def export_engagements(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("transfers:export"), {"resource": "engagements", "format": "csv"})
    assert response.status_code == 200
    return response.content.decode("utf-8-sig")


def test_export_leaves_out_confidential_records_the_user_may_not_see(client):
    EngagementFactory(subject="Ordinary courtesy call")
    EngagementFactory(subject="Secret investment talks", confidentiality=Confidentiality.CONFIDENTIAL)

    content = export_engagements(client, exporter())

    assert "Ordinary courtesy call" in content
    assert "Secret investment talks" not in content


def test_export_includes_confidential_records_for_cleared_users(client):
    EngagementFactory(subject="Secret investment talks", confidentiality=Confidentiality.CONFIDENTIAL)

    content = export_engagements(client, exporter("view_confidential"))

    assert "Secret investment talks" in content


def test_export_includes_a_confidential_record_for_its_author(client):
    author = exporter()
    EngagementFactory(
        subject="Secret investment talks", confidentiality=Confidentiality.CONFIDENTIAL, created_by=author
    )

    assert "Secret investment talks" in export_engagements(client, author)
