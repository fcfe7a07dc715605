import base64
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.core import UserFactory
from trust import totp
from trust.models import TwoFactorDevice
from trust.views import PENDING_SECRET_SESSION_KEY

RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()


@pytest.mark.parametrize(
    ("unix_time", "expected"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_totp_matches_rfc_6238_sha1_vectors(unix_time, expected):
    key = base64.b32decode(RFC_SECRET)

    assert totp.hotp(key, totp.time_step(unix_time), digits=8, digest=hashlib.sha1) == expected


def test_totp_hotp_matches_rfc_4226_vectors():
    key = b"12345678901234567890"
    expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]

    assert [totp.hotp(key, counter) for counter in range(10)] == expected


def test_totp_accepts_one_step_of_drift_and_no_more():
    secret = totp.new_secret()
    now = 1_700_000_000
    step = totp.time_step(now)

    results = [
        totp.matching_step(secret, totp.totp(secret, at=now + offset), at=now) for offset in (-60, -30, 0, 30, 60)
    ]

    assert results == [None, step - 1, step, step + 1, None]


def test_totp_refuses_replayed_and_malformed_codes():
    secret = totp.new_secret()
    now = 1_700_000_000
    code = totp.totp(secret, at=now)

    assert totp.matching_step(secret, code, at=now, after_step=totp.time_step(now)) is None
    assert [totp.matching_step(secret, bad, at=now) for bad in ("", "12345", "abcdef", "1234567", None)] == [None] * 5


def test_totp_provisioning_uri_and_secret_shape():
    secret = totp.new_secret()

    assert len(secret) == 32
    assert len(base64.b32decode(secret)) == 20
    assert totp.provisioning_uri(secret, account="tanaka", issuer="Kizuna") == (
        f"otpauth://totp/Kizuna%3Atanaka?secret={secret}&issuer=Kizuna&algorithm=SHA1&digits=6&period=30"
    )


def login(client, username, otp_code=""):
    return client.post(
        "/admin/login/",
        {"username": username, "password": "correct horse battery staple", "otp_code": otp_code},
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.mark.django_db
def test_totp_login_requires_code_once_enrolled(client):
    user = UserFactory(username="sato")
    secret = totp.new_secret()
    TwoFactorDevice.objects.create(user=user, secret=secret, confirmed_at=timezone.now())

    without = login(client, "sato")
    wrong = login(client, "sato", "000000" if totp.totp(secret) != "000000" else "111111")
    right = login(client, "sato", totp.totp(secret))

    assert [without.status_code, wrong.status_code, right.status_code] == [200, 200, 302]
    assert "enter the code from your authenticator app" in without.content.decode()
    assert "The authentication code is not valid" in wrong.content.decode()
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_totp_login_refuses_the_same_code_twice(client):
    user = UserFactory(username="sato")
    secret = totp.new_secret()
    TwoFactorDevice.objects.create(user=user, secret=secret, confirmed_at=timezone.now())
    code = totp.totp(secret)
    assert login(client, "sato", code).status_code == 302
    client.logout()

    replay = login(client, "sato", code)

    assert replay.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_totp_unconfirmed_device_is_not_enforced(client):
    user = UserFactory(username="sato")
    TwoFactorDevice.objects.create(user=user, secret=totp.new_secret())

    assert login(client, "sato").status_code == 302


@pytest.mark.django_db
def test_totp_enrolment_shows_secret_and_confirms_with_a_code(client, user_in_role):
    user = user_in_role("Staff", username="sato")
    client.force_login(user)
    url = reverse("trust_two_factor")

    page = client.get(url)
    secret = client.session[PENDING_SECRET_SESSION_KEY]
    bad = client.post(url, {"code": "12"})
    good = client.post(url, {"code": totp.totp(secret)})

    assert page.status_code == 200
    assert totp.grouped(secret) in page.content.decode()
    assert bad.status_code == 200
    assert good.status_code == 302
    device = TwoFactorDevice.objects.get(user=user)
    assert [device.secret, device.is_confirmed] == [secret, True]
    assert PENDING_SECRET_SESSION_KEY not in client.session


@pytest.mark.django_db
def test_totp_turning_off_needs_a_current_code(client, user_in_role):
    user = user_in_role("Staff", username="sato")
    secret = totp.new_secret()
    TwoFactorDevice.objects.create(user=user, secret=secret, confirmed_at=timezone.now())
    client.force_login(user)
    url = reverse("trust_two_factor")

    refused = client.post(url, {"code": "abcdef"})
    assert TwoFactorDevice.objects.filter(user=user).count() == 1
    accepted = client.post(url, {"code": totp.totp(secret)})

    assert [refused.status_code, accepted.status_code] == [200, 302]
    assert TwoFactorDevice.objects.filter(user=user).count() == 0
