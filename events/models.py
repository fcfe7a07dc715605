import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from core.choices import Confidentiality
from core.indexes import listing_sorts
from core.querysets import SearchDocumentQuerySet
from core.text import build_search_document, normalize_for_search, search_terms

from . import time_zones
from .choices import (
    DelegationDirection,
    DelegationStatus,
    EventKind,
    EventStatus,
    GiftDirection,
    ItineraryKind,
    MemberRole,
    TranslationLanguage,
)


class CalendarItem(models.Model):
    """What a calendar subscriber needs to follow a record across edits (RFC 5545 UID, SEQUENCE, LAST-MODIFIED).

    `uid` is opaque and never changes; `sequence` is bumped by the services whenever a field listed in
    `SUBSCRIBER_FIELDS` changes, so clients replace their copy instead of keeping a stale one.
    """

    SUBSCRIBER_FIELDS: tuple[str, ...] = ()

    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("revision sequence"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def subscriber_fingerprint(self) -> tuple:
        """The values a calendar subscriber sees; a change means a new SEQUENCE."""
        return tuple(getattr(self, name) for name in self.SUBSCRIBER_FIELDS)


class EventQuerySet(SearchDocumentQuerySet):
    def public(self):
        """Listed on the public site and in the public calendar (cancelled ones included, flagged by status)."""
        return self.filter(confidentiality=Confidentiality.PUBLIC, is_published=True)

    def upcoming(self, now=None):
        """Not yet over: running now or starting later."""
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "id")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-id")

    def in_year(self, year: int):
        return self.filter(start_date__year=year)

    def with_related(self):
        """Everything a listing, the public site or a feed shows, in a bounded number of queries."""
        return (
            self.select_related("image")
            .with_translations()
            .prefetch_related("countries", "regions", "missions", "organizations")
        )

    def with_translations(self):
        """Each event's translations prefetched into a list of its own (`prefetched_translations`, read by
        `Event.in_language`): prefetched into the ParentalKey's manager, each of 5,000 events in a feed built a
        manager and a queryset for its rows (450 ms of a 900 ms public feed)."""
        return self.prefetch_related(Prefetch("translations", to_attr="prefetched_translations"))


@dataclass(slots=True)
class EventText:
    """An event's text in one language. `is_fallback` is True when the Japanese original stands in."""

    language: str
    title: str
    description: str
    venue: str
    is_fallback: bool


class Event(CalendarItem, ClusterableModel):
    """An international event: a seminar, a festival, an embassy's national-day reception.

    `title`, `description` and `venue` are written in Japanese, the office's language; `translations` hold the
    public site's other languages. Times are aware; `time_zone` is the IANA zone of the place. All-day events
    keep their dates in `start_date`/`end_date` (inclusive) and `starts_at`/`ends_at` are derived as local
    midnights (`ends_at` exclusive); timed events derive the local dates from their times, so every event
    sorts and filters on the same columns.
    """

    SUBSCRIBER_FIELDS = (
        "title",
        "description",
        "kind",
        "status",
        "confidentiality",
        "is_published",
        "all_day",
        "starts_at",
        "ends_at",
        "start_date",
        "end_date",
        "time_zone",
        "venue",
        "address",
        "city",
        "latitude",
        "longitude",
        "organizer",
        "registration_url",
    )

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("Used in the public site's address of this event.")
    )
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices, default=EventKind.SEMINAR)
    status = models.CharField(_("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.PLANNED)
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=20,
        choices=Confidentiality.choices,
        default=Confidentiality.INTERNAL,
        help_text=_("Only public events can appear on the public site and in the public calendar."),
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Show this public event on the public site and in the public calendar."),
    )
    all_day = models.BooleanField(_("all day"), default=False)
    starts_at = models.DateTimeField(_("starts at"), blank=True, help_text=_("Local time of the place."))
    ends_at = models.DateTimeField(_("ends at"), blank=True, help_text=_("Local time of the place."))
    start_date = models.DateField(_("start date"), blank=True, help_text=_("For all-day events."))
    end_date = models.DateField(_("end date"), blank=True, help_text=_("For all-day events: the last day (inclusive)."))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=time_zones.DEFAULT_TIME_ZONE,
        validators=[time_zones.validate_time_zone],
        help_text=_("IANA time zone of the place, e.g. Asia/Tokyo, Asia/Ho_Chi_Minh."),
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    organizer = models.CharField(_("organizer"), max_length=255, blank=True)
    measure = models.ForeignKey(
        "relations.Measure",
        verbose_name=_("strategy measure"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    registration_url = models.URLField(_("registration link"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    countries = models.ManyToManyField(
        "partners.Country", verbose_name=_("countries"), related_name="events", blank=True
    )
    regions = models.ManyToManyField(
        "partners.PartnerRegion", verbose_name=_("partner regions"), related_name="events", blank=True
    )
    missions = models.ManyToManyField(
        "partners.Mission", verbose_name=_("diplomatic missions"), related_name="events", blank=True
    )
    organizations = models.ManyToManyField(
        "partners.Organization", verbose_name=_("organizations"), related_name="events", blank=True
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff in charge"),
        related_name="events_in_charge",
        blank=True,
        help_text=_("They can see the event even when it is confidential."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="events_created",
    )
    search_document = models.TextField(editable=False, default="")

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["confidentiality", "is_published", "ends_at"], name="event_public_upcoming"),
            models.Index(fields=["starts_at", "id"], name="event_starts"),
            models.Index(fields=["kind", "starts_at"], name="event_kind_starts"),
            models.Index(fields=["status", "starts_at"], name="event_status_starts"),
            *listing_sorts("event", "title", "is_published", "updated_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="event_end_date_after_start_date",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(confidentiality=Confidentiality.PUBLIC),
                name="event_published_only_if_public",
                violation_error_message=_("Only public events can be published."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.sync_schedule()
        self.search_document = build_search_document(*self.searchable_texts())
        super().save(*args, **kwargs)

    # Schedule -----------------------------------------------------------------------------------------

    def sync_schedule(self) -> None:
        """Derive the other half of the schedule (see the class docstring). Called by save() and bulk writers."""
        if self.all_day:
            if self.start_date is None:
                return
            if self.end_date is None or self.end_date < self.start_date:
                self.end_date = self.start_date
            self.starts_at = time_zones.local_midnight(self.start_date, self.time_zone)
            self.ends_at = time_zones.local_midnight(self.end_date + datetime.timedelta(days=1), self.time_zone)
            return
        if self.starts_at is None:
            return
        if self.ends_at is None:
            self.ends_at = self.starts_at
        self.start_date = time_zones.to_local(self.starts_at, self.time_zone).date()
        local_end = time_zones.to_local(self.ends_at, self.time_zone)
        # An event that ends at midnight ends on the previous day.
        if local_end.time() == datetime.time.min and self.ends_at > self.starts_at:
            local_end -= datetime.timedelta(microseconds=1)
        self.end_date = local_end.date()

    def clean(self):
        errors = {}
        if self.all_day and self.start_date is None:
            errors["start_date"] = _("An all-day event needs a start date.")
        if not self.all_day:
            if self.starts_at is None:
                errors["starts_at"] = _("Enter when the event starts, or mark it as all day.")
            if self.ends_at is None:
                errors["ends_at"] = _("Enter when the event ends.")
        if errors:
            raise ValidationError(errors)
        if self.time_zone not in time_zones.time_zone_names():
            return  # clean_fields() reports the zone; the schedule cannot be derived without it.
        self.sync_schedule()
        if self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The event cannot end before it starts.")})

    def searchable_texts(self) -> tuple[str, ...]:
        return (self.title, self.venue, self.city, self.organizer)

    @property
    def is_public(self) -> bool:
        return self.confidentiality == Confidentiality.PUBLIC and self.is_published

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def local_starts_at(self):
        return time_zones.to_local(self.starts_at, self.time_zone)

    @property
    def local_ends_at(self):
        return time_zones.to_local(self.ends_at, self.time_zone)

    @property
    def local_time_label(self) -> str:
        """'2026-09-02 18:00-20:00 JST (Asia/Tokyo)', or the dates of an all-day event."""
        if self.all_day:
            if self.end_date and self.end_date != self.start_date:
                return f"{self.start_date:%Y-%m-%d} – {self.end_date:%Y-%m-%d} ({self.time_zone})"
            return f"{self.start_date:%Y-%m-%d} ({self.time_zone})"
        return time_zones.format_local_range(self.starts_at, self.ends_at, self.time_zone)

    # Languages ----------------------------------------------------------------------------------------

    def in_language(self, language: str | None = None) -> "EventText":
        """The event's text in `language` (default: the active one), saying when it falls back to Japanese.

        Uses the translations prefetched by EventQuerySet.with_translations (`prefetched_translations`) when
        present, so listings stay at a fixed number of queries.
        """
        wanted = language or get_language() or settings.LANGUAGE_CODE
        codes = translation_codes(wanted)
        translation = None
        if codes:
            translations = getattr(self, "prefetched_translations", None)
            translation = next(
                (
                    translation
                    for translation in (self.translations.all() if translations is None else translations)
                    if translation.language in codes and translation.title
                ),
                None,
            )
        return event_text(self, translation, language=wanted)


def translation_codes(language: str) -> list[str]:
    """The stored translation languages that serve `language` ("zh" -> ["zh-hans"]); none for Japanese."""
    wanted = _base_language(language)
    return [code for code in TranslationLanguage.values if _base_language(code) == wanted]


def event_text(event, translation, *, language: str) -> EventText:
    """The text of `event` (anything with `title`, `description` and `venue`: an Event or a feed's row) in
    `language`: `translation`'s (a translation into it with a title) when given, else the Japanese original."""
    if translation is not None:
        return EventText(
            language=translation.language,
            title=translation.title,
            description=translation.description or "",
            venue=translation.venue or event.venue,
            is_fallback=False,
        )
    original = settings.LANGUAGE_CODE
    return EventText(
        language=original,
        title=event.title,
        description=event.description,
        venue=event.venue,
        is_fallback=_base_language(language) != _base_language(original),
    )


def _base_language(code: str) -> str:
    """'zh-hans' and 'zh' both mean Chinese to a visitor; 'en-us' is English."""
    return (code or "").lower().replace("_", "-").split("-")[0]


class EventTranslation(models.Model):
    """The event's title, description and venue in one of the public site's other languages."""

    event = ParentalKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=TranslationLanguage.choices,
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "language"], name="event_translation_one_per_language"),
        ]

    def __str__(self):
        return f"{self.get_language_display()}: {self.title}"


# Delegations ----------------------------------------------------------------------------------------------


class DelegationQuerySet(SearchDocumentQuerySet):
    def public(self):
        """Announced public delegations: what the public calendar shows (cancelled ones flagged by status)."""
        return self.filter(
            confidentiality=Confidentiality.PUBLIC,
            status__in=[
                DelegationStatus.CONFIRMED,
                DelegationStatus.UNDER_WAY,
                DelegationStatus.DONE,
                DelegationStatus.CANCELLED,
            ],
            start_date__isnull=False,
        )

    def upcoming(self, today=None):
        """Dated delegations not over yet (by their last day), soonest first."""
        day = today or timezone.localdate()
        return self.filter(start_date__isnull=False, end_date__gte=day).order_by("start_date", "id")

    def with_related(self):
        return self.select_related("lead", "measure", "measure__strategy").prefetch_related(
            "countries", "regions", "missions", "organizations"
        )


class Delegation(CalendarItem, ClusterableModel):
    """An outbound mission (the governor's delegation to Viet Nam) or an inbound visit (an ambassador's study tour).

    Dates are the local dates of the trip (`end_date` inclusive); each itinerary item carries its own time zone.
    """

    SUBSCRIBER_FIELDS = (
        "title",
        "purpose",
        "direction",
        "status",
        "confidentiality",
        "start_date",
        "end_date",
        "destination",
    )

    title = models.CharField(_("title"), max_length=255, help_text=_("e.g. Governor's delegation to Viet Nam."))
    direction = models.CharField(
        _("direction"), max_length=20, choices=DelegationDirection.choices, default=DelegationDirection.OUTBOUND
    )
    purpose = models.TextField(_("purpose"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DelegationStatus.choices, default=DelegationStatus.PLANNING
    )
    start_date = models.DateField(_("first day"), null=True, blank=True)
    end_date = models.DateField(_("last day"), null=True, blank=True)
    destination = models.CharField(
        _("destination"), max_length=255, blank=True, help_text=_("Cities visited, or the places in the prefecture.")
    )
    countries = models.ManyToManyField(
        "partners.Country", verbose_name=_("countries"), related_name="delegations", blank=True
    )
    regions = models.ManyToManyField(
        "partners.PartnerRegion", verbose_name=_("partner regions"), related_name="delegations", blank=True
    )
    missions = models.ManyToManyField(
        "partners.Mission", verbose_name=_("diplomatic missions"), related_name="delegations", blank=True
    )
    organizations = models.ManyToManyField(
        "partners.Organization", verbose_name=_("organizations"), related_name="delegations", blank=True
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations_led",
        help_text=_("The staff member who plans the visit."),
    )
    budget_notes = models.TextField(_("budget notes"), blank=True)
    measure = models.ForeignKey(
        "relations.Measure",
        verbose_name=_("strategy measure"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
    )
    confidentiality = models.CharField(
        _("confidentiality"), max_length=20, choices=Confidentiality.choices, default=Confidentiality.INTERNAL
    )
    visit_report = models.TextField(
        _("visit report"), blank=True, help_text=_("What happened, written after the visit.")
    )
    follow_ups = models.ManyToManyField(
        "relations.FollowUp",
        verbose_name=_("follow-ups"),
        related_name="delegations",
        blank=True,
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="delegations_created",
    )
    search_document = models.TextField(editable=False, default="")

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-start_date", "-id"]
        indexes = [
            models.Index(fields=["start_date", "id"], name="delegation_starts"),
            models.Index(fields=["confidentiality", "status", "end_date"], name="delegation_public_upcoming"),
            models.Index(fields=["direction", "status"], name="delegation_direction_status"),
            models.Index(fields=["status", "start_date"], name="delegation_status_starts"),
            *listing_sorts("delegation", "title", "lead", "updated_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="delegation_ends_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.start_date and not self.end_date:
            self.end_date = self.start_date
        self.search_document = build_search_document(*self.searchable_texts())
        super().save(*args, **kwargs)

    def searchable_texts(self) -> tuple[str, ...]:
        return (self.title, self.destination)

    @property
    def dates_label(self) -> str:
        if not self.start_date:
            return ""
        if self.end_date and self.end_date != self.start_date:
            return f"{self.start_date:%Y-%m-%d} – {self.end_date:%Y-%m-%d}"
        return f"{self.start_date:%Y-%m-%d}"


class DelegationMember(models.Model):
    """Someone on the delegation: a staff user, a person (a counterpart, a guest) or an organization (a company)."""

    delegation = ParentalKey(Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegation_memberships",
    )
    person = models.ForeignKey(
        "contacts.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegation_memberships",
    )
    organization = models.ForeignKey(
        "partners.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegation_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    dietary_needs = models.CharField(_("dietary needs"), max_length=255, blank=True)
    access_needs = models.CharField(_("access needs"), max_length=255, blank=True)
    notes = models.CharField(_("notes"), max_length=255, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    PERSONAL_FIELDS = ("dietary_needs", "access_needs")

    class Meta:
        verbose_name = _("delegation member")
        verbose_name_plural = _("delegation members")
        ordering = ["sort_order", "id"]
        indexes = [models.Index(fields=["user", "delegation"], name="delegation_member_user")]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, person__isnull=True, organization__isnull=True)
                | Q(user__isnull=True, person__isnull=False, organization__isnull=True)
                | Q(user__isnull=True, person__isnull=True, organization__isnull=False),
                name="delegation_member_is_exactly_one",
                violation_error_message=_("A member is a staff user, a person or an organization: choose exactly one."),
            ),
        ]

    def __str__(self):
        return f"{self.member} ({self.get_role_display()})"

    @property
    def member(self):
        return self.user or self.person or self.organization


class ItineraryItem(ClusterableModel):
    """One entry of a delegation's programme, timed in the local zone of the place where it happens.

    Items sort by the instant they start (aware datetimes), so a morning in Seoul (UTC+9) correctly comes
    before the same wall-clock morning in Hanoi (UTC+7).
    """

    delegation = ParentalKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="itinerary_items"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ItineraryKind.choices, default=ItineraryKind.MEETING)
    title = models.CharField(_("title"), max_length=255)
    starts_at = models.DateTimeField(_("starts at"), help_text=_("Local time of the place."))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True, help_text=_("Local time of the place."))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=time_zones.DEFAULT_TIME_ZONE,
        validators=[time_zones.validate_time_zone],
        help_text=_("IANA time zone of the place, e.g. Asia/Ho_Chi_Minh, Asia/Seoul."),
    )
    end_time_zone = models.CharField(
        _("time zone at the end"),
        max_length=64,
        blank=True,
        validators=[time_zones.validate_time_zone],
        help_text=_("For flights: the zone of arrival. Leave empty when the item ends where it starts."),
    )
    location = models.CharField(_("location"), max_length=255, blank=True)
    counterparts = ParentalManyToManyField(
        "contacts.Person", verbose_name=_("counterparts"), related_name="itinerary_items", blank=True
    )
    counterpart_organizations = ParentalManyToManyField(
        "partners.Organization",
        verbose_name=_("counterpart organizations"),
        related_name="itinerary_items",
        blank=True,
    )
    notes = models.TextField(_("notes"), blank=True)
    engagement = models.OneToOneField(
        "relations.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="itinerary_item",
        help_text=_("The logged meeting this item became."),
    )

    class Meta:
        verbose_name = _("itinerary item")
        verbose_name_plural = _("itinerary items")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["delegation", "starts_at"], name="itinerary_delegation_starts")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="itinerary_item_ends_after_start",
                violation_error_message=_("An item cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.local_time_label} {self.title}"

    @property
    def local_starts_at(self):
        return time_zones.to_local(self.starts_at, self.time_zone)

    @property
    def arrival_time_zone(self) -> str:
        return self.end_time_zone or self.time_zone

    def time_zone_for(self, field_name: str | None) -> str:
        """The zone each date-time is shown in (core.local_time): a flight ends where it lands."""
        return self.arrival_time_zone if field_name == "ends_at" else self.time_zone

    @property
    def local_ends_at(self):
        return time_zones.to_local(self.ends_at, self.arrival_time_zone)

    @property
    def local_date(self) -> datetime.date:
        return self.local_starts_at.date()

    @property
    def local_time_label(self) -> str:
        """'2030-05-12 09:30-10:30 +07 (Asia/Ho_Chi_Minh)'; a flight ends in the zone it lands in."""
        if self.end_time_zone and self.end_time_zone != self.time_zone and self.ends_at:
            start = time_zones.format_local_range(self.starts_at, None, self.time_zone)
            end = time_zones.format_local_range(self.ends_at, None, self.end_time_zone)
            return f"{start} → {end}"
        return time_zones.format_local_range(self.starts_at, self.ends_at, self.time_zone)

    @property
    def can_become_engagement(self) -> bool:
        return self.kind in ENGAGEMENT_KINDS

    def has_happened(self, now=None) -> bool:
        return (self.ends_at or self.starts_at) <= (now or timezone.now())


# Itinerary kinds that are contacts with counterparts, and the engagement kind each becomes.
ENGAGEMENT_KINDS = {
    ItineraryKind.MEETING: "meeting",
    ItineraryKind.COURTESY_CALL: "courtesy_call",
    ItineraryKind.SITE_VISIT: "site_visit",
    ItineraryKind.RECEPTION: "reception",
    ItineraryKind.SEMINAR: "seminar",
    ItineraryKind.MEAL: "meeting",
}


# Gifts -----------------------------------------------------------------------------------------------------


class GiftQuerySet(models.QuerySet):
    def search(self, query: str):
        queryset = self
        for term in search_terms(query):
            queryset = queryset.filter(item_key__contains=term)
        return queryset


class Gift(models.Model):
    """A gift given or received, for protocol memory ("what did we give last time?") and ethics reporting."""

    direction = models.CharField(_("direction"), max_length=20, choices=GiftDirection.choices)
    given_on = models.DateField(_("date"))
    item = models.CharField(_("item"), max_length=255, help_text=_("e.g. Mashiko-ware vase."))
    description = models.TextField(_("description"), blank=True)
    value_yen = models.PositiveIntegerField(_("value (yen)"), null=True, blank=True)
    person = models.ForeignKey(
        "contacts.Person",
        verbose_name=_("counterpart person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gifts",
    )
    organization = models.ForeignKey(
        "partners.Organization",
        verbose_name=_("counterpart organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gifts",
    )
    mission = models.ForeignKey(
        "partners.Mission",
        verbose_name=_("counterpart mission"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gifts",
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gifts",
    )
    engagement = models.ForeignKey(
        "relations.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gifts",
    )
    reported_on = models.DateField(
        _("reported on"), null=True, blank=True, help_text=_("When the gift was reported under the ethics rules.")
    )
    confidentiality = models.CharField(
        _("confidentiality"), max_length=20, choices=Confidentiality.choices, default=Confidentiality.INTERNAL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="gifts_created",
    )
    item_key = models.CharField(max_length=255, editable=False, default="", db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = GiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")
        ordering = ["-given_on", "-id"]
        indexes = [
            models.Index(fields=["person", "direction"], name="gift_person"),
            models.Index(fields=["organization", "direction"], name="gift_organization"),
            models.Index(fields=["mission", "direction"], name="gift_mission"),
            models.Index(fields=["direction", "value_yen"], name="gift_direction_value"),
            models.Index(fields=["confidentiality", "given_on"], name="gift_confidentiality_given"),
            *listing_sorts("gift", "item", "given_on", "value_yen"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organization__isnull=False) | Q(mission__isnull=False),
                name="gift_has_a_counterpart",
                violation_error_message=_("Choose the person, organization or mission the gift went to or came from."),
            ),
        ]

    def __str__(self):
        return f"{self.given_on:%Y-%m-%d} {self.item}"

    def save(self, *args, **kwargs):
        self.item_key = normalize_for_search(self.item)[:255]
        super().save(*args, **kwargs)

    @property
    def counterpart(self):
        return self.person or self.organization or self.mission

    @property
    def ethics_report_label(self) -> str:
        if not self.needs_ethics_report:
            return ""
        if self.reported_on:
            return _("Reported on %(date)s") % {"date": f"{self.reported_on:%Y-%m-%d}"}
        return _("To report")

    @property
    def needs_ethics_report(self) -> bool:
        """Received gifts above KIZUNA_GIFT_REPORT_THRESHOLD_YEN must be reported (public ethics rules)."""
        return (
            self.direction == GiftDirection.RECEIVED
            and self.value_yen is not None
            and self.value_yen > gift_report_threshold_yen()
        )


def gift_report_threshold_yen() -> int:
    return int(getattr(settings, "KIZUNA_GIFT_REPORT_THRESHOLD_YEN", 5000))
