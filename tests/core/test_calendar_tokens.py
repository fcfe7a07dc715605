import datetime
import hashlib

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from core.models import CalendarFeedToken
from core.selectors import active_calendar_token, calendar_token_for_secret
from core.services import (
    issue_calendar_token,
    record_calendar_token_use,
    revoke_calendar_token,
    update_calendar_preferences,
)
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def logged_actions(token) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(object_id=str(token.pk), content_type__model="calendarfeedtoken")
        .order_by("timestamp", "id")
        .values_list("action", flat=True)
    )


def test_issue_calendar_token_stores_only_the_hash_of_the_secret():
    user = UserFactory()

    token, secret = issue_calendar_token(user=user)

    assert len(secret) == 43
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in repr(CalendarFeedToken.objects.filter(pk=token.pk).values().get())
    assert calendar_token_for_secret(secret) == token
    assert logged_actions(token) == ["kizuna.calendar_token.issue"]


def test_issue_calendar_token_again_revokes_the_old_one_and_keeps_preferences():
    user = UserFactory()
    old, old_secret = issue_calendar_token(user=user, show_confidential_details=True)

    new, new_secret = issue_calendar_token(user=user)

    old.refresh_from_db()
    assert (old.is_active, new.is_active) == (False, True)
    assert (calendar_token_for_secret(old_secret), calendar_token_for_secret(new_secret)) == (None, new)
    assert (new.show_confidential_details, new.include_all_visible_delegations) == (True, False)
    assert new_secret != old_secret
    assert logged_actions(old) == ["kizuna.calendar_token.issue", "kizuna.calendar_token.revoke"]
    assert logged_actions(new) == ["kizuna.calendar_token.regenerate"]


def test_calendar_feed_token_one_active_per_user_is_a_database_rule():
    user = UserFactory()
    issue_calendar_token(user=user)

    with pytest.raises(IntegrityError):
        CalendarFeedToken.objects.create(user=user, token_hash="0" * 64)


def test_revoke_calendar_token_kills_the_secret():
    user = UserFactory()
    token, secret = issue_calendar_token(user=user)

    assert revoke_calendar_token(user=user) is True
    assert revoke_calendar_token(user=user) is False

    assert (calendar_token_for_secret(secret), active_calendar_token(user)) == (None, None)
    assert logged_actions(token) == ["kizuna.calendar_token.issue", "kizuna.calendar_token.revoke"]


def test_calendar_token_for_secret_is_none_for_a_deactivated_user():
    user = UserFactory()
    _token, secret = issue_calendar_token(user=user)

    user.is_active = False
    user.save()

    assert calendar_token_for_secret(secret) is None


@pytest.mark.parametrize("secret", ["", "x" * 43, "y" * 5000])
def test_calendar_token_for_secret_unknown_or_absurd_is_none(secret):
    issue_calendar_token(user=UserFactory())

    assert calendar_token_for_secret(secret) is None


def test_update_calendar_preferences_logs_the_changed_fields_only():
    user = UserFactory()
    token, _secret = issue_calendar_token(user=user)

    update_calendar_preferences(user=user, include_all_visible_delegations=True, show_confidential_details=False)
    update_calendar_preferences(user=user, include_all_visible_delegations=True, show_confidential_details=False)

    token.refresh_from_db()
    entry = ModelLogEntry.objects.get(action="kizuna.calendar_token.preferences")
    assert (token.include_all_visible_delegations, token.show_confidential_details) == (True, False)
    assert entry.data == {"changes": {"include_all_visible_delegations": {"before": False, "after": True}}}


def test_update_calendar_preferences_without_token_is_an_error():
    with pytest.raises(CalendarFeedToken.DoesNotExist):
        update_calendar_preferences(
            user=UserFactory(), include_all_visible_delegations=True, show_confidential_details=True
        )


def test_record_calendar_token_use_writes_at_most_once_an_hour(django_assert_num_queries):
    token, _secret = issue_calendar_token(user=UserFactory())
    now = timezone.now()

    with django_assert_num_queries(1):
        record_calendar_token_use(token=token, now=now)
    with django_assert_num_queries(0):
        record_calendar_token_use(token=token, now=now + datetime.timedelta(minutes=59))
    with django_assert_num_queries(1):
        record_calendar_token_use(token=token, now=now + datetime.timedelta(minutes=61))

    token.refresh_from_db()
    assert token.last_used_at == now + datetime.timedelta(minutes=61)


# The staff workspace page ---------------------------------------------------------------------------------------

PAGE = "/admin/calendar-feed/"


def workspace_user():
    """An ordinary staff member: may use the workspace, holds no special permission."""
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
    return user


def test_calendar_feed_page_requires_login(client):
    response = client.get(PAGE)

    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/admin/calendar-feed/")


def test_calendar_feed_page_without_token_offers_to_create_one_in_japanese(client):
    user = workspace_user()
    client.force_login(user)

    response = client.get(PAGE)

    content = response.content.decode()
    assert response.status_code == 200
    assert "カレンダーのアドレスを作成" in content
    assert "/calendar/u/" not in content
    assert "no-store" in response["Cache-Control"]


def test_calendar_feed_issue_shows_the_address_once(client):
    user = workspace_user()
    client.force_login(user)

    issued = client.post(PAGE + "issue/")
    later = client.get(PAGE)

    token = active_calendar_token(user)
    content = issued.content.decode()
    secret = content.split("webcal://testserver/calendar/u/", 1)[1].split(".ics", 1)[0]
    assert issued.status_code == 200
    assert calendar_token_for_secret(secret) == token
    assert f"http://testserver/calendar/u/{secret}.ics" in content
    assert "no-store" in issued["Cache-Control"]
    assert secret not in later.content.decode()
    assert "/calendar/u/" not in later.content.decode()


def test_calendar_feed_revoke_and_preferences_from_the_page(client):
    user = workspace_user()
    client.force_login(user)
    _token, secret = issue_calendar_token(user=user)

    saved = client.post(PAGE + "preferences/", {"show_confidential_details": "on"})
    token = active_calendar_token(user)
    revoked = client.post(PAGE + "revoke/")

    assert (saved.status_code, saved["Location"]) == (302, PAGE)
    assert (token.show_confidential_details, token.include_all_visible_delegations) == (True, False)
    assert (revoked.status_code, revoked["Location"]) == (302, PAGE)
    assert (active_calendar_token(user), calendar_token_for_secret(secret)) == (None, None)


def test_calendar_feed_actions_refuse_get(client):
    client.force_login(workspace_user())

    assert [client.get(PAGE + action).status_code for action in ("issue/", "revoke/", "preferences/")] == [
        405,
        405,
        405,
    ]
    assert CalendarFeedToken.objects.count() == 0
