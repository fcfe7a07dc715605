"""Reads of the core app."""

from core.models import CalendarFeedToken


def calendar_token_for_secret(secret: str) -> CalendarFeedToken | None:
    """The active token whose secret this is, with its user and profile (for the language), or None when the secret
    is unknown, revoked, or its user deactivated."""
    if not secret or len(secret) > 100:
        return None
    return (
        CalendarFeedToken.objects.active()
        .select_related("user", "user__wagtail_userprofile")
        .filter(token_hash=CalendarFeedToken.hash_secret(secret), user__is_active=True)
        .first()
    )


def active_calendar_token(user) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.active().filter(user=user).first()
