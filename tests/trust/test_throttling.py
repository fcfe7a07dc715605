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


@pytest.mark.django_db
@override_settings(TRUST_LOGIN_FAILURE_LIMIT=100, TRUST_LOGIN_ACCOUNT_FAILURE_LIMIT=4)
def test_one_account_tried_from_many_addresses_is_locked_everywhere(client):
    UserFactory(username="governor")
    for number in range(4):
        attempt(client, "governor", "wrong", address=f"198.51.100.{number}")

    response = attempt(client, "governor", "correct horse battery staple", address="203.0.113.99")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    with translation.override("en"):
        assert "locked after too many failed sign-in attempts from several places" in response.content.decode()


@pytest.mark.django_db
@override_settings(TRUST_LOGIN_FAILURE_LIMIT=100, TRUST_LOGIN_ACCOUNT_FAILURE_LIMIT=4)
def test_the_account_wide_count_does_not_reset_when_the_owner_signs_in(client):
    UserFactory(username="governor")
    for number in range(3):
        attempt(client, "governor", "wrong", address=f"198.51.100.{number}")
    assert attempt(client, "governor", "correct horse battery staple", address="203.0.113.99").status_code == 302
    client.logout()

    attempt(client, "governor", "wrong", address="198.51.100.50")

    assert attempt(client, "governor", "correct horse battery staple", address="203.0.113.99").status_code == 200


@pytest.mark.django_db
@override_settings(TRUST_LOGIN_FAILURE_LIMIT=2, TRUST_LOGIN_ACCOUNT_FAILURE_LIMIT=3)
def test_a_manager_sees_and_lifts_every_lock_of_an_account(client):
    from django.contrib.auth.models import Group
    from wagtail.models import ModelLogEntry

    locked = UserFactory(username="suzuki", display_name="鈴木 花子")
    for address in ("198.51.100.1", "198.51.100.1", "198.51.100.2"):
        attempt(client, "suzuki", "wrong", address=address)
    manager = UserFactory(username="manager")
    manager.groups.add(Group.objects.get(name="Managers"))
    client.force_login(manager)

    page = client.get(reverse("trust_sign_in_locks"), HTTP_ACCEPT_LANGUAGE="en")
    unlocked = client.post(reverse("trust_sign_in_locks"), {"username": "suzuki"})
    client.logout()

    assert page.status_code == 200
    assert "鈴木 花子 (suzuki)" in page.content.decode()
    assert unlocked.status_code == 302
    assert ModelLogEntry.objects.filter(action="trust.sign_in_unlocked", object_id=str(locked.pk)).exists()
    # Both the account-wide lock and the lock of the address that failed twice are gone.
    assert attempt(client, "suzuki", "correct horse battery staple", address="198.51.100.1").status_code == 302


@pytest.mark.django_db
@override_settings(TRUST_LOGIN_FAILURE_LIMIT=100, TRUST_LOGIN_ACCOUNT_FAILURE_LIMIT=2)
def test_only_a_user_with_the_unlock_permission_may_see_or_lift_locks(client, user_in_role):
    for _ in range(2):
        attempt(client, "victim", "wrong")
    client.force_login(user_in_role("Staff", username="clerk"))

    page = client.get(reverse("trust_sign_in_locks"))
    lifted = client.post(reverse("trust_sign_in_locks"), {"username": "victim"})
    menu = client.get(reverse("wagtailadmin_home"))

    # Wagtail answers a refused workspace page with a redirect home and a message.
    assert (page.status_code, page["Location"]) == (302, reverse("wagtailadmin_home"))
    assert (lifted.status_code, lifted["Location"]) == (302, reverse("wagtailadmin_home"))
    assert reverse("trust_sign_in_locks") not in menu.content.decode()
    from trust.throttling import is_account_locked

    assert is_account_locked("victim")


@pytest.mark.django_db
@override_settings(TRUST_LOGIN_FAILURE_LIMIT=3)
def test_throttling_counts_in_redis_and_refuses_an_uncounted_failure_while_redis_is_down(client, redis_cache):
    UserFactory(username="tanaka")
    failures = [attempt(client, "tanaka", "wrong").status_code for _ in range(3)]
    locked = attempt(client, "tanaka", "correct horse battery staple")
    redis_cache.stop()

    uncounted = attempt(client, "tanaka", "wrong", address="198.51.100.20")
    signed_in = attempt(client, "tanaka", "correct horse battery staple", address="198.51.100.20")

    assert failures == [200, 200, 200]
    with translation.override("en"):
        assert "Too many failed sign-in attempts" in locked.content.decode()
    # The counters are out of reach: a failure is refused as an outage rather than let through uncounted; a
    # right password still signs in (the locks cannot be read, and sessions are kept in the database).
    assert (uncounted.status_code, uncounted["Retry-After"]) == (503, "5")
    assert (signed_in.status_code, signed_in["Location"]) == (302, reverse("wagtailadmin_home"))
