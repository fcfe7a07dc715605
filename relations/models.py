import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.documents import get_document_model_string

from core.choices import Confidentiality
from core.fiscal import FiscalYear
from core.indexes import listing_sorts
from core.querysets import SearchDocumentQuerySet
from core.querysets import search as search_records
from core.text import build_search_document
from partners.models import Country, Organization, PartnerRegion

from .choices import (
    CommitmentStatus,
    EngagementKind,
    EngagementStatus,
    FollowUpStatus,
    InstrumentKind,
    Recurrence,
    TieKind,
    TieStatus,
)

FISCAL_YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not an IANA time zone, e.g. Asia/Tokyo or Asia/Ho_Chi_Minh."),
            code="invalid_time_zone",
            params={"value": value},
        )


def _in_language(ja: str, en: str, vi: str = "") -> str:
    language = get_language() or ""
    if language.startswith("ja"):
        return ja or en
    if language.startswith("vi"):
        return vi or en or ja
    return en or ja


# ---------------------------------------------------------------------------------------------------------------
# The strategy framework


class BasicStrategy(models.Model):
    """One of the basic strategies of the prefecture's international strategy (e.g. 2026-2030)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200, blank=True)
    first_fiscal_year = models.PositiveSmallIntegerField(
        _("first fiscal year"), validators=FISCAL_YEAR_VALIDATORS, default=2026
    )
    last_fiscal_year = models.PositiveSmallIntegerField(
        _("last fiscal year"), validators=FISCAL_YEAR_VALIDATORS, default=2030
    )

    class Meta:
        verbose_name = _("basic strategy")
        verbose_name_plural = _("basic strategies")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_fiscal_year__gte=models.F("first_fiscal_year")),
                name="basic_strategy_period_in_order",
                violation_error_message=_("The last fiscal year cannot be before the first."),
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        return _in_language(self.name_ja, self.name_en, self.name_vi)


class MeasureManager(models.Manager):
    """A measure is named with its strategy's number (`code`): the strategy comes in the same query, so a filter,
    a select or a listing of measures is one query, not one per measure."""

    def get_queryset(self):
        return super().get_queryset().select_related("strategy")


class Measure(models.Model):
    """A measure (施策) under a basic strategy; engagements, ties, delegations and events serve one."""

    strategy = models.ForeignKey(
        BasicStrategy, verbose_name=_("basic strategy"), on_delete=models.PROTECT, related_name="measures"
    )
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("Within its basic strategy."))
    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200, blank=True)
    description_ja = models.TextField(_("objectives and main actions (Japanese)"), blank=True)
    description_en = models.TextField(_("objectives and main actions (English)"), blank=True)
    description_vi = models.TextField(_("objectives and main actions (Vietnamese)"), blank=True)

    objects = MeasureManager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["strategy__number", "number"]
        constraints = [models.UniqueConstraint(fields=["strategy", "number"], name="measure_number_unique")]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def code(self) -> str:
        return f"{self.strategy.number}-{self.number}"

    @property
    def name(self) -> str:
        return _in_language(self.name_ja, self.name_en, self.name_vi)

    @property
    def description(self) -> str:
        return _in_language(self.description_ja, self.description_en, self.description_vi)


class FiscalYearTarget(models.Model):
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=FISCAL_YEAR_VALIDATORS, help_text=_("April to March; 2026 is 令和8年度.")
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        abstract = True

    @property
    def fiscal_year_label(self) -> str:
        # An edit form re-rendered after a refused year (e.g. 40 digits) still names the record by what was typed.
        try:
            return FiscalYear(self.fiscal_year).label()
        except (OverflowError, ValueError, TypeError):
            return str(self.fiscal_year)


class TargetCountry(FiscalYearTarget):
    """A country the prefecture targets in a fiscal year (optionally for one measure)."""

    country = models.ForeignKey(
        "partners.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="strategy_targets"
    )

    class Meta:
        verbose_name = _("target country")
        verbose_name_plural = _("target countries")
        ordering = ["-fiscal_year", "country__name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "country", "measure"], name="target_country_unique_per_measure"
            ),
            models.UniqueConstraint(
                fields=["fiscal_year", "country"],
                condition=Q(measure__isnull=True),
                name="target_country_unique_without_measure",
            ),
        ]
        indexes = [models.Index(fields=["fiscal_year", "country"])]

    def __str__(self):
        return f"{self.fiscal_year_label} {self.country}"


class TargetRegion(FiscalYearTarget):
    """A partner region the prefecture targets in a fiscal year (optionally for one measure)."""

    region = models.ForeignKey(
        "partners.PartnerRegion",
        verbose_name=_("partner region"),
        on_delete=models.PROTECT,
        related_name="strategy_targets",
    )

    class Meta:
        verbose_name = _("target region")
        verbose_name_plural = _("target regions")
        ordering = ["-fiscal_year", "region__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "region", "measure"], name="target_region_unique_per_measure"
            ),
            models.UniqueConstraint(
                fields=["fiscal_year", "region"],
                condition=Q(measure__isnull=True),
                name="target_region_unique_without_measure",
            ),
        ]
        indexes = [models.Index(fields=["fiscal_year", "region"])]

    def __str__(self):
        return f"{self.fiscal_year_label} {self.region}"


# ---------------------------------------------------------------------------------------------------------------
# Ties and their instruments


class TieQuerySet(models.QuerySet):
    def search(self, query: str):
        """Ties whose partner region, partner country (or country of the partner region) or municipality matches
        `query` as that record's own listing search does: a tie has no name of its own to search."""
        countries = search_records(Country.objects.all(), query).values("pk")
        return self.filter(
            Q(partner_region__in=PartnerRegion.objects.search(query).values("pk"))
            | Q(local_party__in=Organization.objects.search(query).values("pk"))
            | Q(country__in=countries)
            | Q(partner_region__country__in=countries)
        )


class Tie(ClusterableModel):
    """A partnership between the prefecture (or a municipality in it) and a partner region or a country."""

    local_party = models.ForeignKey(
        "partners.Organization",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ties",
        help_text=_("Leave empty when the prefecture itself is the party."),
    )
    partner_region = models.ForeignKey(
        "partners.PartnerRegion",
        verbose_name=_("partner region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ties",
    )
    country = models.ForeignKey(
        "partners.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ties",
        help_text=_("For a tie with a whole country; leave empty when the partner is a region."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=TieKind.choices, default=TieKind.FRIENDSHIP)
    status = models.CharField(_("status"), max_length=20, choices=TieStatus.choices, default=TieStatus.ACTIVE)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.PROTECT, null=True, blank=True, related_name="ties"
    )
    notes = models.TextField(_("notes"), blank=True)
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
        related_name="created_ties",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TieQuerySet.as_manager()

    class Meta:
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
        ordering = ["-established_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(partner_region__isnull=False, country__isnull=True)
                | Q(partner_region__isnull=True, country__isnull=False),
                name="tie_has_one_partner",
                violation_error_message=_("Choose either a partner region or a country."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(ended_on__gte=models.F("established_on")),
                name="tie_ends_after_it_starts",
                violation_error_message=_("The end date cannot be before the date established."),
            ),
        ]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self):
        return _("%(local)s – %(partner)s (%(kind)s)") % {
            "local": self.local_party_name,
            "partner": self.partner,
            "kind": self.get_kind_display(),
        }

    @property
    def partner(self):
        return self.partner_region or self.country

    @property
    def partner_country_id(self):
        return self.partner_region.country_id if self.partner_region_id else self.country_id

    @property
    def local_party_name(self) -> str:
        return str(self.local_party) if self.local_party_id else str(_("the prefecture"))


class TieInstrument(ClusterableModel):
    """A dated document in a tie's history: memorandum, agreement, joint declaration, ..."""

    tie = ParentalKey(Tie, verbose_name=_("tie"), on_delete=models.CASCADE, related_name="instruments")
    kind = models.CharField(_("kind"), max_length=30, choices=InstrumentKind.choices, default=InstrumentKind.AGREEMENT)
    title = models.CharField(_("title"), max_length=300)
    signed_on = models.DateField(_("signed on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    signatories = ParentalManyToManyField(
        "contacts.Person", verbose_name=_("signatories"), blank=True, related_name="signed_instruments"
    )
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["signed_on", "id"]
        indexes = [models.Index(fields=["tie", "signed_on"])]

    def __str__(self):
        return f"{self.title} ({self.signed_on:%Y-%m-%d})"


class Commitment(models.Model):
    """A promise made in an instrument ("hold an investment seminar every year"), tracked to done."""

    instrument = models.ForeignKey(
        TieInstrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="commitments"
    )
    text = models.TextField(_("commitment"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    recurrence = models.CharField(_("recurrence"), max_length=20, choices=Recurrence.choices, default=Recurrence.ONCE)
    status = models.CharField(
        _("status"), max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=CommitmentStatus.DONE, done_on__isnull=False) | ~Q(status=CommitmentStatus.DONE),
                name="commitment_done_has_date",
                violation_error_message=_("A commitment marked done needs the date it was done."),
            )
        ]

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"


# ---------------------------------------------------------------------------------------------------------------
# Engagements and follow-ups


class TaggedEngagement(TaggedItemBase):
    content_object = models.ForeignKey("Engagement", on_delete=models.CASCADE, related_name="tagged_items")


class Engagement(models.Model):
    """A contact with a counterpart, logged by staff: a meeting, a call, a reception, ..."""

    # Calendar feeds (RFC 5545): the UID never changes; SEQUENCE grows with each subscriber-visible change.
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    kind = models.CharField(_("kind"), max_length=30, choices=EngagementKind.choices, default=EngagementKind.MEETING)
    status = models.CharField(
        _("status"), max_length=20, choices=EngagementStatus.choices, default=EngagementStatus.CONFIRMED
    )
    subject = models.CharField(_("subject"), max_length=300)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Asia/Tokyo",
        validators=[validate_time_zone],
        help_text=_("The IANA time zone of the place, e.g. Asia/Tokyo, Asia/Ho_Chi_Minh."),
    )
    location = models.CharField(_("location"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    people = models.ManyToManyField(
        "contacts.Person", verbose_name=_("people met"), blank=True, related_name="engagements"
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff attending"), blank=True, related_name="attended_engagements"
    )
    missions = models.ManyToManyField(
        "partners.Mission", verbose_name=_("missions"), blank=True, related_name="engagements"
    )
    regions = models.ManyToManyField(
        "partners.PartnerRegion", verbose_name=_("partner regions"), blank=True, related_name="engagements"
    )
    organizations = models.ManyToManyField(
        "partners.Organization", verbose_name=_("organizations"), blank=True, related_name="engagements"
    )
    countries = models.ManyToManyField(
        "partners.Country", verbose_name=_("countries"), blank=True, related_name="engagements"
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("measure"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagements",
    )
    tags = TaggableManager(verbose_name=_("tags"), through=TaggedEngagement, blank=True)
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
        related_name="created_engagements",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    search_document = models.TextField(editable=False, default="")

    objects = SearchDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["starts_at"]),
            models.Index(fields=["confidentiality", "starts_at"]),
            # The listing's kind and status filters: counted and paged from these, not by reading 300,000 rows.
            models.Index(fields=["kind", "starts_at"], name="engagement_kind_starts"),
            models.Index(fields=["status", "starts_at"], name="engagement_status_starts"),
            *listing_sorts("engagement", "subject", "location", "updated_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="engagement_ends_after_it_starts",
                violation_error_message=_("The end cannot be before the start."),
            )
        ]

    def __str__(self):
        return self.subject

    def save(self, *args, **kwargs):
        self.search_document = build_search_document(*self.searchable_texts())
        super().save(*args, **kwargs)

    @property
    def local_starts_at(self):
        return self.starts_at.astimezone(zoneinfo.ZoneInfo(self.time_zone))

    @property
    def local_ends_at(self):
        return self.ends_at.astimezone(zoneinfo.ZoneInfo(self.time_zone)) if self.ends_at else None

    def searchable_texts(self) -> tuple[str, ...]:
        return (self.subject, self.location)


class FollowUp(models.Model):
    """Something promised or to be done after an engagement or for a tie's commitment, owned by one staff user."""

    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    engagement = models.ForeignKey(
        Engagement,
        verbose_name=_("engagement"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    title = models.CharField(_("what"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.TextField(_("note on completion"), blank=True)
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
        related_name="created_follow_ups",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        indexes = [
            # The listing's order: its first page is read from the index, not sorted out of every follow-up joined
            # with its engagement.
            models.Index(fields=["due_on", "id"], name="followup_due_order"),
            models.Index(fields=["owner", "status", "due_on"]),
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["confidentiality", "due_on"], name="followup_confidentiality_due"),
            *listing_sorts("followup", "title", "owner", "updated_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(engagement__isnull=True) | Q(commitment__isnull=True),
                name="follow_up_has_at_most_one_origin",
                violation_error_message=_("A follow-up comes from an engagement or from a commitment, not both."),
            ),
            models.CheckConstraint(
                condition=Q(status=FollowUpStatus.DONE, done_on__isnull=False) | ~Q(status=FollowUpStatus.DONE),
                name="follow_up_done_has_date",
                violation_error_message=_("A follow-up marked done needs the date it was done."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def shown_engagement(self) -> "Engagement | None":
        """The engagement, when the reader may see it; None otherwise, and for a follow-up read without
        `relations.selectors.with_engagement_visibility` (so a forgotten annotation hides, never reveals)."""
        return self.engagement if self.engagement_id and getattr(self, "engagement_visible", False) else None

    @property
    def hides_engagement(self) -> bool:
        """Comes from an engagement the reader may not see: named as HIDDEN_ENGAGEMENT_LABEL, without a link."""
        return bool(self.engagement_id) and self.shown_engagement is None

    @property
    def shown_engagement_label(self) -> str:
        """The engagement as a listing or an export names it: its subject, the placeholder, or nothing."""
        if self.shown_engagement is not None:
            return str(self.shown_engagement)
        return str(HIDDEN_ENGAGEMENT_LABEL) if self.engagement_id else ""


# A follow-up's engagement the reader may not see does not exist for them: no subject, date or link.
HIDDEN_ENGAGEMENT_LABEL = _("(Confidential engagement)")


class DigestDelivery(models.Model):
    """One follow-up digest e-mail sent to a user on a day; the unique pair makes re-runs send nothing new."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="digest_deliveries"
    )
    sent_on = models.DateField(_("sent on"))
    overdue_count = models.PositiveIntegerField(_("overdue"), default=0)
    due_soon_count = models.PositiveIntegerField(_("due soon"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up digest delivery")
        verbose_name_plural = _("follow-up digest deliveries")
        ordering = ["-sent_on", "user_id"]
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"], name="digest_delivery_once_per_day")]

    def __str__(self):
        return f"{self.user} {self.sent_on:%Y-%m-%d}"


class PartnerEngagementDates(models.Model):
    """When a mission or partner region was last and will next be engaged, kept by relations.signals.

    Derived data for the dashboard's cold-relationships panel, which would otherwise read every engagement of
    the last months. Non-confidential and confidential engagements are kept apart (cancelled ones not at all):
    the panel shows confidential dates only to users who may see those engagements, checked engagement by
    engagement. Each pair splits at `computed_at`: `last_*` is the latest start at or before it, `next_*` the
    earliest start after it (each later start is a PartnerUpcomingEngagement), so the latest start before a later
    moment is `last_*` until `next_*` has passed, and then the latest PartnerUpcomingEngagement begun by then.
    Never shown or exported; a partner without engagements has no row.
    """

    mission = models.OneToOneField(
        "partners.Mission",
        verbose_name=_("mission"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="engagement_dates",
    )
    region = models.OneToOneField(
        "partners.PartnerRegion",
        verbose_name=_("partner region"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="engagement_dates",
    )
    computed_at = models.DateTimeField(_("computed at"))
    last_started_at = models.DateTimeField(_("last non-confidential engagement"), null=True, blank=True)
    next_starts_at = models.DateTimeField(_("next non-confidential engagement"), null=True, blank=True)
    last_confidential_started_at = models.DateTimeField(_("last confidential engagement"), null=True, blank=True)
    next_confidential_starts_at = models.DateTimeField(_("next confidential engagement"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner engagement dates")
        verbose_name_plural = _("partner engagement dates")
        constraints = [
            models.CheckConstraint(
                condition=Q(mission__isnull=False, region__isnull=True) | Q(mission__isnull=True, region__isnull=False),
                name="partner_engagement_dates_one_partner",
            )
        ]

    def __str__(self):
        return str(self.mission_id or self.region_id)


class PartnerUpcomingEngagement(models.Model):
    """The start of an engagement of a mission or partner region that had not begun when the partner's
    PartnerEngagementDates were computed: once it has passed, the latest start is read here, not from every
    engagement of the partner. Rewritten with the dates (relations.services.refresh_partner_engagement_dates)."""

    mission = models.ForeignKey(
        "partners.Mission",
        verbose_name=_("mission"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="upcoming_engagements",
    )
    region = models.ForeignKey(
        "partners.PartnerRegion",
        verbose_name=_("partner region"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="upcoming_engagements",
    )
    starts_at = models.DateTimeField(_("starts at"))
    is_confidential = models.BooleanField(_("confidential"), default=False)

    class Meta:
        verbose_name = _("upcoming partner engagement")
        verbose_name_plural = _("upcoming partner engagements")
        indexes = [
            models.Index(fields=["mission", "is_confidential", "starts_at"], name="upcoming_engagement_mission"),
            models.Index(fields=["region", "is_confidential", "starts_at"], name="upcoming_engagement_region"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(mission__isnull=False, region__isnull=True) | Q(mission__isnull=True, region__isnull=False),
                name="upcoming_partner_engagement_one_partner",
            )
        ]

    def __str__(self):
        return f"{self.mission_id or self.region_id} {self.starts_at:%Y-%m-%d %H:%M}"
