import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tests.factories.core import UserFactory

LOGIN_URL = "/admin/login/"


def attempt(client, username, password, address="203.0.113.7"):
    return client.post(
        LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en"
    )


@pytest.mark.django_db
@override_settings(TRUST_LOGIN_FAILURE_LIMIT=3)
def test_throttling_locks_account_after_failures_even_with_right_password(client):
    UserFactory(username="tanaka")
    responses = [attempt(client, "tanaka", "wrong") for _ in range(3)]

    locked = attempt(client, "tanaka", "correct horse battery staple")

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert locked.status_code == 200
    assert "_auth_user_id" not in client.session
    with translation.override("en"):
        assert "Too many failed sign-in attempts" in locked.content.decode()
        assert "try again in 15 minutes" in locked.content.decode()


@pytest.mark.django_db
@override_settings(TRUST_LOGIN_FAILURE_LIMIT=3)
def test_throttling_is_per_username_and_address(client):
    UserFactory(username="tanaka")
    for _ in range(3):
        attempt(client, "tanaka", "wrong", address="203.0.113.7")

    from_elsewhere = attempt(client, "tanaka", "correct horse battery staple", address="198.51.100.20")

    assert from_elsewhere.status_code == 302
    assert from_elsewhere["Location"] == reverse("wagtailadmin_home")


@pytest.mark.django_db
@override_settings(TRUST_LOGIN_FAILURE_LIMIT=3)
def test_throttling_success_resets_the_counter(client):
    UserFactory(username="tanaka")
    attempt(client, "tanaka", "wrong")
    attempt(client, "tanaka", "wrong")
    assert attempt(client, "tanaka", "correct horse battery staple").status_code == 302
    client.logout()

    results = [attempt(client, "tanaka", "wrong").status_code for _ in range(2)]
    last = attempt(client, "tanaka", "correct horse battery staple")

    assert results == [200, 200]
    assert last.status_code == 302


@pytest.mark.django_db
@override_settings(TRUST_LOGIN_FAILURE_LIMIT=100, TRUST_LOGIN_ADDRESS_FAILURE_LIMIT=4)
def test_throttling_limits_password_spraying_from_one_address(client):
    UserFactory(username="victim")
    for number in range(4):
        attempt(client, f"someone{number}", "Summer2026!")

    response = attempt(client, "victim", "correct horse battery staple")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@override_settings(TRUST_LOGIN_FAILURE_LIMIT=2)
def test_throttling_applies_to_django_admin_login(client):
    response = client.get("/django-admin/login/?next=/django-admin/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/django-admin/"
