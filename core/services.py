"""Writes of the core app with meaning beyond a plain save."""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from core.models import CalendarFeedToken

# 32 random bytes (256 bits), stored as CalendarFeedToken.hash_secret.
CALENDAR_TOKEN_BYTES = 32
# last_used_at is bookkeeping for the user, not an audit trail: write it at most this often per token.
LAST_USED_PRECISION = datetime.timedelta(hours=1)


@transaction.atomic
def issue_calendar_token(
    *,
    user,
    include_all_visible_delegations: bool | None = None,
    show_confidential_details: bool | None = None,
) -> tuple[CalendarFeedToken, str]:
    """Create the user's calendar-feed token and return it with its secret, which is stored nowhere.

    Revokes the user's active token first (regenerating keeps its preferences unless given). Audit-logged.
    """
    previous = CalendarFeedToken.objects.select_for_update().active().filter(user=user).first()
    if previous is not None:
        _revoke(previous, user=user)
    secret = secrets.token_urlsafe(CALENDAR_TOKEN_BYTES)
    token = CalendarFeedToken.objects.create(
        user=user,
        token_hash=CalendarFeedToken.hash_secret(secret),
        include_all_visible_delegations=(
            include_all_visible_delegations
            if include_all_visible_delegations is not None
            else bool(previous and previous.include_all_visible_delegations)
        ),
        show_confidential_details=(
            show_confidential_details
            if show_confidential_details is not None
            else bool(previous and previous.show_confidential_details)
        ),
    )
    log(
        instance=token,
        action="kizuna.calendar_token.regenerate" if previous else "kizuna.calendar_token.issue",
        user=user,
    )
    return token, secret


@transaction.atomic
def revoke_calendar_token(*, user) -> bool:
    """Revoke the user's active token, if any; its address stops working at once. Audit-logged."""
    token = CalendarFeedToken.objects.select_for_update().active().filter(user=user).first()
    if token is None:
        return False
    _revoke(token, user=user)
    return True


def _revoke(token: CalendarFeedToken, *, user) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    log(instance=token, action="kizuna.calendar_token.revoke", user=user)


@transaction.atomic
def update_calendar_preferences(
    *, user, include_all_visible_delegations: bool, show_confidential_details: bool
) -> CalendarFeedToken:
    """Change what the user's active feed shows. Raises CalendarFeedToken.DoesNotExist without one. Audit-logged."""
    token = CalendarFeedToken.objects.select_for_update().active().get(user=user)
    changes = {
        name: {"before": getattr(token, name), "after": value}
        for name, value in (
            ("include_all_visible_delegations", include_all_visible_delegations),
            ("show_confidential_details", show_confidential_details),
        )
        if getattr(token, name) != value
    }
    if changes:
        token.include_all_visible_delegations = include_all_visible_delegations
        token.show_confidential_details = show_confidential_details
        token.save(update_fields=["include_all_visible_delegations", "show_confidential_details", "updated_at"])
        log(instance=token, action="kizuna.calendar_token.preferences", user=user, data={"changes": changes})
    return token


def record_calendar_token_use(*, token: CalendarFeedToken, now: datetime.datetime) -> None:
    """Note that a calendar app fetched the feed, at most once per LAST_USED_PRECISION (one cheap UPDATE).

    Not audit-logged: calendar apps poll every hour. Does not touch updated_at, which feeds use as a validator.
    """
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_PRECISION:
        return
    CalendarFeedToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
