"""Reads of the core app."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from core.models import CalendarFeedToken


def assignable_users(*, keep=()):
    """The accounts staff may pick as an owner, a lead or attending staff: active ones, plus any in `keep` (the
    ones already chosen, so a record keeps showing a colleague who has left until someone picks another).

    Never every account ever made: an installation that has run for years holds thousands of retired accounts,
    and a select with all of them made one listing take 25 seconds in the load test.
    """
    kept = [getattr(user, "pk", user) for user in keep if user]
    return get_user_model().objects.filter(Q(is_active=True) | Q(pk__in=kept)).order_by("display_name", "username")


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
