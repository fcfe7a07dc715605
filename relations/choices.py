from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TieKind(models.TextChoices):
    SISTER = "sister", _("Sister region or city")
    FRIENDSHIP = "friendship", _("Friendship")
    ECONOMIC_COOPERATION = "economic_cooperation", _("Economic cooperation")
    MEMORANDUM = "memorandum", _("Memorandum of understanding")
    EXCHANGE = "exchange", _("Exchange and cooperation")
    OTHER = "other", _("Other")


class TieStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    # A live tie (活動中), not an active user account (Wagtail's 有効).
    ACTIVE = "active", pgettext_lazy("tie status", "Active")
    DORMANT = "dormant", _("Dormant")
    ENDED = "ended", _("Ended")


class InstrumentKind(models.TextChoices):
    LETTER_OF_INTENT = "letter_of_intent", _("Letter of intent")
    MEMORANDUM = "memorandum", _("Memorandum")
    AGREEMENT = "agreement", _("Agreement")
    FRIENDSHIP_AGREEMENT = "friendship_agreement", _("Friendship agreement")
    SISTER_AGREEMENT = "sister_agreement", _("Sister-region agreement")
    JOINT_DECLARATION = "joint_declaration", _("Joint declaration")
    RENEWAL = "renewal", _("Renewal")
    OTHER = "other", _("Other")


class Recurrence(models.TextChoices):
    ONCE = "once", _("Once")
    YEARLY = "yearly", _("Every year")
    EVERY_TWO_YEARS = "every_two_years", _("Every two years")


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class EngagementKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    COURTESY_CALL = "courtesy_call", _("Courtesy call")
    PHONE_CALL = "phone_call", _("Phone call")
    VIDEO_CALL = "video_call", _("Video call")
    RECEPTION = "reception", _("Reception")
    SEMINAR = "seminar", _("Seminar")
    EMAIL = "email", _("E-mail exchange")
    SITE_VISIT = "site_visit", _("Site visit")
    CONFERENCE = "conference", _("Conference")
    SIGNING = "signing", _("Signing ceremony")
    OTHER = "other", _("Other")


class EngagementStatus(models.TextChoices):
    """Maps to iCalendar STATUS: TENTATIVE, CONFIRMED, CANCELLED."""

    TENTATIVE = "tentative", _("Tentative")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
