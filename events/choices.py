from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    SEMINAR = "seminar", _("Seminar")
    FESTIVAL = "festival", _("Festival")
    RECEPTION = "reception", _("Reception")
    NATIONAL_DAY_RECEPTION = "national_day_reception", _("National-day reception")
    EXCHANGE_PROGRAMME = "exchange_programme", _("Exchange programme")
    TRADE_FAIR = "trade_fair", _("Trade fair")
    CONFERENCE = "conference", _("Conference or forum")
    EXHIBITION = "exhibition", _("Exhibition")
    CULTURAL = "cultural", _("Cultural event")
    SPORTS = "sports", _("Sports exchange")
    OTHER = "other", _("Other")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


class DelegationDirection(models.TextChoices):
    OUTBOUND = "outbound", _("Outbound mission")
    INBOUND = "inbound", _("Inbound visit")


class DelegationStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    PLANNING = "planning", _("Planning")
    CONFIRMED = "confirmed", _("Confirmed")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class MemberRole(models.TextChoices):
    HEAD = "head", _("Head of delegation")
    MEMBER = "member", _("Member")
    INTERPRETER = "interpreter", _("Interpreter")
    ESCORT = "escort", _("Escort")
    PRESS = "press", _("Press")


class ItineraryKind(models.TextChoices):
    FLIGHT = "flight", _("Flight")
    TRANSFER = "transfer", _("Transfer")
    MEETING = "meeting", _("Meeting")
    COURTESY_CALL = "courtesy_call", _("Courtesy call")
    SITE_VISIT = "site_visit", _("Site visit")
    RECEPTION = "reception", _("Reception")
    SEMINAR = "seminar", _("Seminar")
    MEAL = "meal", _("Meal")
    PRESS = "press", _("Press event")
    FREE = "free", _("Free time")
    OTHER = "other", _("Other")


class GiftDirection(models.TextChoices):
    GIVEN = "given", _("Given")
    RECEIVED = "received", _("Received")


class TranslationLanguage(models.TextChoices):
    """The public site's languages besides Japanese, the language records are written in."""

    EN = "en", _("English")
    VI = "vi", _("Vietnamese")
    KO = "ko", _("Korean")
    ZH_HANS = "zh-hans", _("Chinese")
