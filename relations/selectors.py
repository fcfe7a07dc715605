"""Reads for relations. Every listing, chooser, dashboard panel, timeline and export starts from a
`*_visible_to(user)` selector below: they are the only place that decides who sees what.

Rule: public and internal records are visible to every active signed-in staff user; confidential records only
to their author, the staff listed on them, and users who may see every confidential record.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from contacts.models import Person, Post
from core.choices import Confidentiality
from core.fiscal import FiscalYear
from core.permissions import is_office_staff, may_see_confidential
from core.querysets import sorted_after_filtering
from partners.models import Country, Mission, Organization, PartnerRegion

from .choices import EngagementStatus, FollowUpStatus, TieStatus
from .models import (
    BasicStrategy,
    Commitment,
    DigestDelivery,
    Engagement,
    FollowUp,
    Measure,
    PartnerUpcomingEngagement,
    TargetCountry,
    TargetRegion,
    Tie,
    TieInstrument,
)

DEFAULT_COLD_AFTER_MONTHS = 6
NEVER = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
DEFAULT_DUE_SOON_DAYS = 7


# ---------------------------------------------------------------------------------------------------------------
# Visibility: one selector per model


def engagements_visible_to(user) -> QuerySet[Engagement]:
    queryset = Engagement.objects.all()
    if not is_office_staff(user):
        return queryset.none()
    if may_see_confidential(user):
        return queryset
    attends = Engagement.staff.through.objects.filter(engagement_id=OuterRef("pk"), user_id=user.pk)
    return queryset.filter(~Q(confidentiality=Confidentiality.CONFIDENTIAL) | Q(created_by=user) | Exists(attends))


def follow_ups_visible_to(user) -> QuerySet[FollowUp]:
    """Confidential follow-ups: their author, their owner, the staff who attended the engagement they come from.

    Each row says whether `user` may see its engagement (`with_engagement_visibility`): an owner may see a
    follow-up of a confidential engagement they may not see, and must not learn that engagement from it."""
    queryset = with_engagement_visibility(FollowUp.objects.all(), user)
    if not is_office_staff(user):
        return queryset.none()
    if may_see_confidential(user):
        return queryset
    attends = Engagement.staff.through.objects.filter(engagement_id=OuterRef("engagement_id"), user_id=user.pk)
    return queryset.filter(
        ~Q(confidentiality=Confidentiality.CONFIDENTIAL) | Q(created_by=user) | Q(owner=user) | Exists(attends)
    )


def with_engagement_visibility(follow_ups: QuerySet[FollowUp], user) -> QuerySet[FollowUp]:
    """`follow_ups` annotated with `engagement_visible`: whether `engagements_visible_to(user)` holds the
    follow-up's engagement. Read through `FollowUp.shown_engagement`, which names the engagement only then; every
    surface naming a follow-up's engagement (listings, exports, dashboard, e-mail) reads it so, in the same query.
    """
    if may_see_confidential(user):
        return follow_ups.annotate(engagement_visible=Value(True))
    visible = engagements_visible_to(user).filter(pk=OuterRef("engagement_id"))
    return follow_ups.annotate(engagement_visible=Exists(visible))


def ties_visible_to(user) -> QuerySet[Tie]:
    queryset = Tie.objects.all()
    if not is_office_staff(user):
        return queryset.none()
    if may_see_confidential(user):
        return queryset
    return queryset.filter(~Q(confidentiality=Confidentiality.CONFIDENTIAL) | Q(created_by=user))


def instruments_visible_to(user) -> QuerySet[TieInstrument]:
    """An instrument is visible exactly when its tie is."""
    return TieInstrument.objects.filter(tie__in=ties_visible_to(user))


def commitments_visible_to(user) -> QuerySet[Commitment]:
    return Commitment.objects.filter(instrument__tie__in=ties_visible_to(user))


def strategies_visible_to(user) -> QuerySet[BasicStrategy]:
    return BasicStrategy.objects.all() if is_office_staff(user) else BasicStrategy.objects.none()


def measures_visible_to(user) -> QuerySet[Measure]:
    queryset = Measure.objects.select_related("strategy")
    return queryset if is_office_staff(user) else queryset.none()


def target_countries_visible_to(user) -> QuerySet[TargetCountry]:
    queryset = TargetCountry.objects.select_related("country", "measure__strategy")
    return queryset if is_office_staff(user) else queryset.none()


def target_regions_visible_to(user) -> QuerySet[TargetRegion]:
    queryset = TargetRegion.objects.select_related("region", "measure__strategy")
    return queryset if is_office_staff(user) else queryset.none()


def digest_deliveries_visible_to(user) -> QuerySet[DigestDelivery]:
    if not is_office_staff(user):
        return DigestDelivery.objects.none()
    if user.is_superuser:
        return DigestDelivery.objects.all()
    return DigestDelivery.objects.filter(user=user)


# ---------------------------------------------------------------------------------------------------------------
# Follow-ups and engagements for one user


def due_soon_days() -> int:
    return getattr(settings, "KIZUNA_DUE_SOON_DAYS", DEFAULT_DUE_SOON_DAYS)


def open_follow_ups_of(user) -> QuerySet[FollowUp]:
    return (
        follow_ups_visible_to(user)
        .filter(owner=user, status=FollowUpStatus.OPEN)
        .select_related("engagement", "commitment__instrument")
        .order_by("due_on", "id")
    )


def overdue_follow_ups(user, *, today: datetime.date | None = None) -> QuerySet[FollowUp]:
    """Open follow-ups past their due date that `user` may see (all owners)."""
    today = today or timezone.localdate()
    return (
        follow_ups_visible_to(user)
        .filter(status=FollowUpStatus.OPEN, due_on__lt=today)
        .select_related("owner", "engagement")
        .order_by("due_on", "id")
    )


def overdue_and_due_soon_of(user, *, today: datetime.date | None = None) -> tuple[list[FollowUp], list[FollowUp]]:
    """The user's own open follow-ups split into (overdue, due within KIZUNA_DUE_SOON_DAYS), in one query."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=due_soon_days())
    rows = list(open_follow_ups_of(user).filter(due_on__lte=horizon))
    return [row for row in rows if row.due_on < today], [row for row in rows if row.due_on >= today]


def upcoming_engagements(user, *, now: datetime.datetime | None = None, days: int = 30) -> QuerySet[Engagement]:
    now = now or timezone.now()
    return (
        engagements_visible_to(user)
        .filter(starts_at__gte=now, starts_at__lt=now + datetime.timedelta(days=days))
        .exclude(status=EngagementStatus.CANCELLED)
        .order_by("starts_at", "id")
    )


@dataclass
class WeekMeetings:
    today: list[Engagement]
    later: list[Engagement]  # the rest of the seven days from today


def meetings_of_week(user, *, today: datetime.date | None = None, limit: int = 12) -> WeekMeetings:
    """Meetings (not cancelled) from today's start to six days ahead, on the reader's clock; the reader's own
    (among the engagement's staff) first in each group, then by start. One query; `limit` rows at most."""
    today = today or timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=7), datetime.time.min))
    tomorrow = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min))
    mine = Engagement.staff.through.objects.filter(engagement=OuterRef("pk"), user=user.pk)
    rows = list(
        engagements_visible_to(user)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status=EngagementStatus.CANCELLED)
        .annotate(
            is_mine=Exists(mine), is_today=ExpressionWrapper(Q(starts_at__lt=tomorrow), output_field=BooleanField())
        )
        .order_by("-is_today", "-is_mine", "starts_at", "id")[:limit]
    )
    return WeekMeetings(today=[row for row in rows if row.is_today], later=[row for row in rows if not row.is_today])


# ---------------------------------------------------------------------------------------------------------------
# Relationships going cold


def months_before(day: datetime.date, months: int) -> datetime.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def cold_after_months() -> int:
    return getattr(settings, "KIZUNA_COLD_AFTER_MONTHS", DEFAULT_COLD_AFTER_MONTHS)


@dataclass(frozen=True)
class ColdRelationship:
    partner: Mission | PartnerRegion
    last_engaged_at: datetime.datetime | None


def _stored_latest_start(link: str, confidential: bool, now: datetime.datetime):
    """The partner's latest non-confidential (or confidential) start at or before `now`, read from its
    PartnerEngagementDates and, for what was still to come when they were computed and has begun since, from its
    PartnerUpcomingEngagement rows; NEVER for a partner without engagements. Dates computed a moment after `now`
    (by a server whose clock is ahead) are taken as they are: at worst an engagement starting in that moment
    counts as begun."""
    dates = "engagement_dates__"
    last = Coalesce(dates + ("last_confidential_started_at" if confidential else "last_started_at"), NEVER)
    upcoming = dates + ("next_confidential_starts_at" if confidential else "next_starts_at")
    begun_since = Subquery(
        PartnerUpcomingEngagement.objects.filter(
            **{"mission" if link == "missions" else "region": OuterRef("pk")},
            is_confidential=confidential,
            starts_at__lte=now,
        )
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    return Case(
        When(Q(**{upcoming + "__isnull": True}) | Q(**{upcoming + "__gt": now}), then=last),
        default=Greatest(last, Coalesce(begun_since, NEVER), output_field=DateTimeField()),
        output_field=DateTimeField(),
    )


def _latest_start_of(engagements: QuerySet, link: str, now: datetime.datetime) -> Subquery:
    """The latest start at or before `now` among `engagements` of the partner, asked of the engagements."""
    return Subquery(
        engagements.filter(**{link: OuterRef("pk")}, starts_at__lte=now)
        .order_by()
        .values(link)
        .annotate(latest=Max("starts_at"))
        .values("latest"),
        output_field=DateTimeField(),
    )


def cold_relationships(
    user,
    *,
    today: datetime.date | None = None,
    months: int | None = None,
    limit: int = 20,
    now: datetime.datetime | None = None,
) -> tuple[list[ColdRelationship], int]:
    """Missions and partner regions that matter and have had no engagement `user` may see in `months` months.

    A mission matters when its country has a live tie (with the country or one of its regions) or is a target
    country this fiscal year; a region matters when it has a live tie, is a target region, or lies in a target
    country. Returns (the coldest `limit`, never-engaged first, and the total count), in four queries.

    The latest engagement `user` may see is read from PartnerEngagementDates and PartnerUpcomingEngagement
    (relations.signals keeps them), not from the engagements (at 300,000 engagements that took seconds). The
    non-confidential dates count for every staff user, the confidential ones directly only for users who may see
    every confidential record. For anyone else the stored confidential date only says whether some confidential
    engagement is later than the latest non-confidential one; where it is, the engagements after that start are
    asked through `engagements_visible_to(user)`. So a confidential engagement never warms a partner, nor shows
    its date, for someone who may not see it.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    months = cold_after_months() if months is None else months
    cutoff = timezone.make_aware(datetime.datetime.combine(months_before(today, months), datetime.time.min))
    fiscal_year = FiscalYear.containing(today).year
    live_ties = Tie.objects.exclude(status__in=[TieStatus.ENDED, TieStatus.PROPOSED])
    target_countries = TargetCountry.objects.filter(fiscal_year=fiscal_year).values("country_id")
    tied_countries = live_ties.filter(country__isnull=False).values("country_id")
    countries_of_tied_regions = live_ties.filter(partner_region__isnull=False).values("partner_region__country_id")
    missions = Mission.objects.filter(
        Q(country_id__in=target_countries)
        | Q(country_id__in=tied_countries)
        | Q(country_id__in=countries_of_tied_regions)
    )
    regions = PartnerRegion.objects.filter(
        Q(pk__in=live_ties.filter(partner_region__isnull=False).values("partner_region_id"))
        | Q(pk__in=TargetRegion.objects.filter(fiscal_year=fiscal_year).values("region_id"))
        | Q(country_id__in=target_countries)
    )
    visible = engagements_visible_to(user).exclude(status=EngagementStatus.CANCELLED)
    never = Value(NEVER, output_field=DateTimeField())

    def latest_visible_start(link: str):
        """(annotations it needs, the latest start of an engagement of the partner that `user` may see or NEVER)"""
        if not is_office_staff(user):
            return {}, never
        shared = _stored_latest_start(link, False, now)
        confidential = _stored_latest_start(link, True, now)
        if not may_see_confidential(user):
            # The stored confidential date covers engagements this user may not see: it only says whether one of
            # them is later than the latest non-confidential start. Where it is, the engagements this user may see
            # are looked for from that start on (the engagements' index on confidentiality and start: a few rows),
            # never among all of a busy partner's engagements.
            seen = visible.filter(confidentiality=Confidentiality.CONFIDENTIAL, starts_at__gt=OuterRef("shared"))
            confidential = Case(
                When(Q(stored_confidential__lte=F("shared")), then=never),
                default=Coalesce(
                    _latest_start_of(seen, link, now),
                    never,
                ),
                output_field=DateTimeField(),
            )
            aliases = {"shared": shared, "stored_confidential": _stored_latest_start(link, True, now)}
            return aliases, Greatest(F("shared"), confidential, output_field=DateTimeField())
        return {}, Greatest(shared, confidential, output_field=DateTimeField())

    coldest, total = [], 0
    for queryset, link in ((missions, "missions"), (regions, "regions")):
        aliases, latest = latest_visible_start(link)
        rows = list(
            queryset.alias(**aliases)
            .annotate(latest=latest)
            .filter(latest__lt=cutoff)
            .annotate(cold_count=Window(Count("pk")))
            .only("name", "name_ja", "country")  # what the panel shows: the window keeps every cold row until sorted
            # Not select_related: joined into this query, the country made PostgreSQL loop over every cold partner.
            .prefetch_related("country")
            .order_by("latest", "name", "pk")[:limit]
        )
        total += rows[0].cold_count if rows else 0
        coldest.extend(
            ColdRelationship(partner=row, last_engaged_at=None if row.latest == NEVER else row.latest) for row in rows
        )
    coldest.sort(key=lambda item: (item.last_engaged_at or NEVER, str(item.partner.name)))
    return coldest[:limit], total


# ---------------------------------------------------------------------------------------------------------------
# Anniversaries


@dataclass(frozen=True)
class Anniversary:
    day: datetime.date
    years: int
    tie: Tie
    instrument: TieInstrument | None = None

    @property
    def fiscal_year(self) -> FiscalYear:
        return FiscalYear.containing(self.day)


def anniversary_on(origin: datetime.date, year: int) -> datetime.date:
    """The anniversary of `origin` in `year`; 29 February falls on 28 February in common years."""
    try:
        return origin.replace(year=year)
    except ValueError:
        return origin.replace(year=year, day=28)


def milestones_between(origin: datetime.date, start: datetime.date, end: datetime.date, every: int = 5):
    """(day, years) of each `every`-year milestone of `origin` from `start` to `end` inclusive."""
    for year in range(start.year, end.year + 1):
        years = year - origin.year
        if years > 0 and years % every == 0:
            day = anniversary_on(origin, year)
            if start <= day <= end:
                yield day, years


def anniversary_window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """From today to the end of the next fiscal year: at least 12 months, and always a whole fiscal year ahead
    so that next year's budget can provide for the celebrations."""
    return today, FiscalYear(FiscalYear.containing(today).year + 1).end


def upcoming_anniversaries(user, *, today: datetime.date | None = None, end: datetime.date | None = None):
    """5-year milestones of the establishment of each visible live tie and of each of its instruments."""
    start, default_end = anniversary_window(today or timezone.localdate())
    end = end or default_end
    ties = (
        ties_visible_to(user)
        .exclude(status=TieStatus.ENDED)
        .select_related("partner_region", "country", "local_party")
        .prefetch_related("instruments")
    )
    return anniversaries_of(ties, start, end)


def anniversaries_of(ties, start: datetime.date, end: datetime.date) -> list[Anniversary]:
    """5-year milestones from `start` to `end` of the establishment of each of `ties` and of each of their
    instruments (prefetched), soonest first."""
    found = []
    for tie in ties:
        if tie.established_on:
            found += [Anniversary(day, years, tie) for day, years in milestones_between(tie.established_on, start, end)]
        for instrument in tie.instruments.all():
            found += [
                Anniversary(day, years, tie, instrument)
                for day, years in milestones_between(instrument.signed_on, start, end)
            ]
    found.sort(key=lambda item: (item.day, item.tie.pk, item.instrument.pk if item.instrument else 0))
    return found


# ---------------------------------------------------------------------------------------------------------------
# Heads of mission to watch


def heads_of_mission_to_watch(
    user, *, today: datetime.date | None = None, long_years: int = 3, recent_days: int = 90, limit: int = 10
) -> tuple[list[Post], list[Post]]:
    """(the `limit` longest postings of `long_years`+ years, longest first; the `limit` postings begun in the last
    `recent_days` days, newest first), current heads of mission only.

    Each list is its own query, limited by the database and read from the partial index of heads by start
    (`post_heads_by_start`): at size L finding the current heads walked 45,000 posts by date (40 ms)."""
    if not is_office_staff(user):
        return [], []
    today = today or timezone.localdate()
    long_since = anniversary_on(today, today.year - long_years)
    recent_since = today - datetime.timedelta(days=recent_days)
    current = (
        Post.objects.current(on=today)
        .heads_of_mission()
        .select_related("person", "mission__country", "predecessor__person")
    )
    long = current.filter(start_date__lte=long_since).order_by("start_date", "id")[:limit]
    recent = current.filter(start_date__gte=recent_since).order_by("-start_date", "-id")[:limit]
    return list(long), list(recent)


def heads_of_mission_leaving(
    user, *, today: datetime.date | None = None, days: int = 90, limit: int = 10
) -> list[Post]:
    """Heads of mission whose posting ends within `days` days either side of today (leaving soon, or just left),
    soonest first; office staff only, as `heads_of_mission_to_watch`. One query."""
    if not is_office_staff(user):
        return []
    today = today or timezone.localdate()
    window = datetime.timedelta(days=days)
    return list(
        Post.objects.heads_of_mission()
        .filter(end_date__range=(today - window, today + window))
        .select_related("person", "mission__country")
        .order_by("end_date", "id")[:limit]
    )


# ---------------------------------------------------------------------------------------------------------------
# Timelines


@dataclass
class TimelineEntry:
    when: datetime.datetime
    kind: str
    item: object
    extra: dict = field(default_factory=dict)


# The timeline counts its entries up to this many; a longer history reads "more than 1,000 entries".
TIMELINE_COUNT_LIMIT = 1000
# Each source reads every row up to the page asked for: paging deeper than this (10,000 entries) is refused.
TIMELINE_MAX_PAGE = 400
# A record's newest engagements (a timeline's, a briefing's last meetings) are first looked for among this many
# newest engagements of all, walked by date with one index look-up each; only a record found fewer times there has
# its older engagements sorted.
RECENT_ENGAGEMENTS = 2000


@dataclass(frozen=True)
class TimelinePage:
    entries: list[TimelineEntry]
    page: int
    per_page: int
    total: int
    total_is_exact: bool
    has_more: bool

    @property
    def last_page(self) -> int | None:
        """The number of the last page, when the total is exact."""
        return max(1, -(-self.total // self.per_page)) if self.total_is_exact else None


def _at_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# How engagements link to each kind of record a timeline is about (a country's links are `_country_link_sets`):
# Engagement's many-to-many field.
_ENGAGEMENT_LINKS = {Person: "people", Mission: "missions", PartnerRegion: "regions", Organization: "organizations"}


def _engagement_link(record) -> str:
    for kind, link in _ENGAGEMENT_LINKS.items():
        if isinstance(record, kind):
            return link
    raise TypeError(f"No timeline for {type(record).__name__}")


def _engagement_filter(record) -> Q:
    if isinstance(record, Country):
        # One key set per kind of link, not one join of all four links with OR across them: PostgreSQL could
        # only scan and de-duplicate every engagement for that (1.8 s for a busy country at size L).
        direct, *through_partners = (Q(pk__in=links.values("engagement_id")) for links in _country_link_sets(record))
        for links in through_partners:
            direct |= links
        return direct
    return Q(**{_engagement_link(record): record})  # a join of the link table, one row per engagement


def _country_link_sets(country: Country, **of) -> tuple[QuerySet, ...]:
    """The link rows of engagements to `country`, one query set per kind of link: directly, through one of its
    missions, its partner regions, its organizations (`of` narrows each, e.g. to one engagement)."""
    return (
        Engagement.countries.through.objects.filter(country=country, **of),
        Engagement.missions.through.objects.filter(mission__country=country, **of),
        Engagement.regions.through.objects.filter(partnerregion__country=country, **of),
        Engagement.organizations.through.objects.filter(organization__country=country, **of),
    )


def _country_links(country: Country, engagement: str | None = None) -> QuerySet:
    """The links of engagements to `country`: directly, or through one of its missions, partner regions or
    organizations, as one UNION ALL (an engagement linked twice appears twice); with `engagement` (the name of
    an outer reference) only that engagement's links, which each database then asks row by row with the links'
    indexes (as four EXISTS joined by OR, PostgreSQL hashed every link of the country first)."""
    of = {"engagement_id": OuterRef(engagement)} if engagement else {}
    direct, *through_partners = _country_link_sets(country, **of)
    return direct.values("engagement_id").union(
        *(links.values("engagement_id") for links in through_partners), all=True
    )


def _tie_filter(record) -> Q | None:
    if isinstance(record, PartnerRegion):
        return Q(partner_region=record)
    if isinstance(record, Organization):
        return Q(local_party=record)
    if isinstance(record, Country):
        return Q(country=record) | Q(partner_region__country=record)
    if isinstance(record, Mission):
        return Q(country_id=record.country_id) | Q(partner_region__country_id=record.country_id)
    return None


def _post_filter(record) -> Q:
    if isinstance(record, Person):
        return Q(person=record)
    if isinstance(record, Mission):
        return Q(mission=record)
    if isinstance(record, PartnerRegion):
        return Q(region=record)
    if isinstance(record, Organization):
        return Q(organization=record)
    return Q(mission__country=record, is_head_of_mission=True)


def _linked(record, engagement: str) -> Exists:
    """Whether the engagement named by the outer reference `engagement` is linked to `record` (a person or a
    partner; a country's links are `_country_links`): one index look-up of that engagement's link."""
    field = Engagement._meta.get_field(_engagement_link(record))
    links = field.remote_field.through.objects.filter(**{field.m2m_reverse_field_name(): record})
    return Exists(links.filter(engagement_id=OuterRef(engagement)))


def recent_cutoff() -> datetime.datetime:
    """The start of the RECENT_ENGAGEMENTS-th newest engagement of all (read from the start index alone), or NEVER
    while there are fewer: engagements starting at or after it are the recent ones."""
    starts = Engagement.objects.order_by("-starts_at").values_list("starts_at", flat=True)
    return next(iter(starts[RECENT_ENGAGEMENTS - 1 : RECENT_ENGAGEMENTS]), NEVER)


def _newest(parts: list[QuerySet], limit: int, rows: QuerySet) -> list:
    """The first `limit` records of `parts` taken in turn (each ordered, each older than the one before; a part
    is asked only while those before it found fewer), read from `rows` (its related rows joined or prefetched).

    Their keys are found first and the records read by key: sorting a busy country's 37,000 engagements (or
    their follow-ups) with every column and joined row to keep 26 took 180 ms each on SQLite at size L; the keys
    alone sort in a fraction of that. `parts` apply the visibility; `rows` only reads what they allowed."""
    keys = []
    for part in parts:
        if len(keys) >= limit:
            break
        keys.extend(part.values_list("pk", flat=True)[: limit - len(keys)])
    found = rows.in_bulk(keys)
    return [found[key] for key in keys if key in found]


def _count_engagements(user, record, engagements: QuerySet, of_record: QuerySet, busy_country: bool) -> int:
    """How many engagements of `record` `user` may see, up to TIMELINE_COUNT_LIMIT + 1 (`engagements` and
    `of_record` are both all of them: as the timeline reads them, and as a plain filter).

    A busy country's engagements are counted by the walk on SQLite (8,000 rows to find 1,001: 10 ms). On
    PostgreSQL the walk took 110 ms and the plain filter hashed all 51,000 of the country's links (57 ms): there
    the engagements linked to the country directly (one link row each) are counted first, by their index, and
    settle it when they pass the limit; the plain filter counts the others."""
    limit = TIMELINE_COUNT_LIMIT + 1
    if busy_country and connections[of_record.db].vendor == "postgresql":
        direct = engagements_visible_to(user).filter(countries=record).order_by()[:limit].count()
        return direct if direct == limit else of_record.order_by()[:limit].count()
    return engagements.order_by()[:limit].count()


def timeline(user, record, *, page: int = 1, per_page: int = 25) -> TimelinePage:
    """The history of `record` (person, mission, partner region, organization or country), newest first.

    Merges engagements, ties, instruments, follow-ups and post changes. Each source is read once, limited to
    the rows needed up to this page, so the query count does not grow with the history's length. The total is
    counted up to TIMELINE_COUNT_LIMIT: counting all 37,000 engagements of a busy country (and their follow-ups)
    took most of the page's time at size L, and "more than 1,000" tells the reader as much.
    Pages beyond the counted ones still open while there are entries (`has_more`).
    """
    page = max(1, min(page, TIMELINE_MAX_PAGE))
    needed = page * per_page
    # One row beyond the page from each source tells whether an older page exists.
    read = needed + 1
    # Each filter matches an engagement at most once (one link row per engagement and record, or a key set), so
    # no DISTINCT.
    of_record = engagements_visible_to(user).filter(_engagement_filter(record))
    # COUNT(*) over a LIMIT: stops reading once the limit is passed.
    busy_country = (
        isinstance(record, Country)
        and _country_links(record)[: TIMELINE_COUNT_LIMIT + 1].count() > TIMELINE_COUNT_LIMIT
    )
    if busy_country:
        # A busy country (at size L a sixth of all engagements link to Viet Nam): its newest are found by walking
        # all engagements (and follow-ups) newest first, each asked whether it reaches the country, a few index
        # look-ups a row. Sorting its engagements (or finding its follow-ups among them) would build the set of
        # every one of them, three times. A quiet country keeps the sort: a walk would visit every engagement to
        # find its few. (Which one it is, its links tell: up to 1,001 of them read by their indexes.)
        engagements = (
            engagements_visible_to(user).filter(Exists(_country_links(record, "pk"))).order_by("-starts_at", "-id")
        )
        follow_ups = (
            follow_ups_visible_to(user)
            .filter(Exists(_country_links(record, "engagement_id")), engagement_visible=True)
            .order_by("-due_on", "-id")
        )
    else:
        # Sorted, not walked by date: a person's or a partner's older engagements are a small share of all, often
        # far back in time, and a walk by date would visit most engagements to find them.
        engagements = sorted_after_filtering(of_record.order_by("-starts_at", "-id"), on_postgresql=True)
        follow_ups = (
            follow_ups_visible_to(user).filter(engagement_id__in=of_record.values("pk")).order_by("-due_on", "-id")
        )
    counted = _count_engagements(user, record, engagements, of_record, busy_country)
    if isinstance(record, Country):
        # A busy country's walk is newest first already; a quiet country's few engagements are sorted (walking
        # the recent ones would ask four link tables of 2,000 engagements).
        newest_engagements = [engagements]
    else:
        # First the record's engagements among the newest RECENT_ENGAGEMENTS of all, walked by date, each asked
        # whether it is the record's (an index look-up): a busy partner's newest are there, so its thousands of
        # engagements are never sorted (docs/adr/0008). The bound is a date read first, so each database knows
        # how few rows the walk visits (as a subquery PostgreSQL guessed a third of all and started parallel
        # workers). The sorted older ones are asked only when the walk found too few.
        cutoff = recent_cutoff()
        recent = (
            engagements_visible_to(user)
            .filter(_linked(record, "pk"), starts_at__gte=cutoff)
            .order_by("-starts_at", "-id")
        )
        newest_engagements = [recent] if cutoff == NEVER else [recent, engagements.filter(starts_at__lt=cutoff)]
    tie_q = _tie_filter(record)
    if isinstance(record, Person):
        ties = ties_visible_to(user).none()
        instruments = (
            instruments_visible_to(user)
            .filter(pk__in=TieInstrument.signatories.through.objects.filter(person=record).values("tieinstrument_id"))
            .select_related("tie__partner_region", "tie__country", "tie__local_party")
        )
    elif tie_q is not None:
        ties = ties_visible_to(user).filter(tie_q, established_on__isnull=False)
        instruments = instruments_visible_to(user).filter(tie__in=ties_visible_to(user).filter(tie_q))
        ties = ties.select_related("partner_region", "country", "local_party")
        instruments = instruments.select_related("tie__partner_region", "tie__country", "tie__local_party")
    else:
        ties = ties_visible_to(user).none()
        instruments = instruments_visible_to(user).none()
    posts = Post.objects.filter(_post_filter(record)) if is_office_staff(user) else Post.objects.none()
    post_starts = posts.filter(start_date__isnull=False).select_related("person", "mission", "organization", "region")
    post_ends = posts.filter(end_date__isnull=False).select_related("person", "mission", "organization", "region")

    entries = [
        *(
            TimelineEntry(e.starts_at, "engagement", e)
            for e in _newest(
                newest_engagements,
                read,
                Engagement.objects.prefetch_related("people").select_related("measure__strategy"),
            )
        ),
        *(
            TimelineEntry(_at_midnight(f.due_on), "follow_up", f)
            for f in _newest(
                [follow_ups],
                read,
                with_engagement_visibility(FollowUp.objects.all(), user).select_related("owner", "engagement"),
            )
        ),
        *(TimelineEntry(_at_midnight(t.established_on), "tie", t) for t in ties.order_by("-established_on")[:read]),
        *(
            TimelineEntry(_at_midnight(i.signed_on), "instrument", i)
            for i in instruments.order_by("-signed_on", "-id")[:read]
        ),
        *(
            TimelineEntry(_at_midnight(p.start_date), "post_start", p)
            for p in post_starts.order_by("-start_date", "-id")[:read]
        ),
        *(
            TimelineEntry(_at_midnight(p.end_date), "post_end", p)
            for p in post_ends.order_by("-end_date", "-id")[:read]
        ),
    ]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    for source in (follow_ups, ties, instruments, post_starts, post_ends):
        if counted > TIMELINE_COUNT_LIMIT:
            break
        counted += source.order_by()[: TIMELINE_COUNT_LIMIT + 1 - counted].count()
    return TimelinePage(
        entries=entries[(page - 1) * per_page : needed],
        page=page,
        per_page=per_page,
        total=min(counted, TIMELINE_COUNT_LIMIT),
        total_is_exact=counted <= TIMELINE_COUNT_LIMIT,
        has_more=len(entries) > needed,
    )


# ---------------------------------------------------------------------------------------------------------------
# Record pages: what a person's, a partner's or a country's page shows of its relations (core.record_pages)


def _of_record(user, record) -> QuerySet[Engagement]:
    return engagements_visible_to(user).filter(_engagement_filter(record))


def _engagement_keys_of(record) -> QuerySet:
    """The keys of every engagement of `record` (a person, a partner or a country), whoever may see them."""
    if isinstance(record, Country):
        return _country_links(record)
    field = Engagement._meta.get_field(_engagement_link(record))
    links = field.remote_field.through.objects.filter(**{field.m2m_reverse_field_name(): record})
    return links.values("engagement_id")


def _engagement_rows() -> QuerySet[Engagement]:
    """Engagements as a record page lists them: with the people met, in one more query for the page."""
    return Engagement.objects.prefetch_related("people")


def recent_engagements_of(user, record, *, limit: int, now: datetime.datetime | None = None) -> list[Engagement]:
    """The `limit` newest engagements of `record` that `user` may see and that have begun by `now`.

    As the timeline finds them: first among the newest engagements of all (RECENT_ENGAGEMENTS, walked by date with
    one index look-up each), the record's older ones sorted only when too few were found there."""
    now = now or timezone.now()
    newest_first = ("-starts_at", "-id")
    of_record = _of_record(user, record).filter(starts_at__lt=now).order_by(*newest_first)
    if isinstance(record, Country):
        parts = [sorted_after_filtering(of_record, on_postgresql=True)]
    else:
        cutoff = recent_cutoff()
        recent = (
            engagements_visible_to(user)
            .filter(_linked(record, "pk"), starts_at__gte=cutoff, starts_at__lt=now)
            .order_by(*newest_first)
        )
        older = sorted_after_filtering(of_record.filter(starts_at__lt=cutoff), on_postgresql=True)
        parts = [recent] if cutoff == NEVER else [recent, older]
    return _newest(parts, limit, _engagement_rows())


def coming_engagements_of(user, record, *, limit: int, now: datetime.datetime | None = None) -> list[Engagement]:
    """The next `limit` engagements of `record` that `user` may see, not cancelled, soonest first."""
    now = now or timezone.now()
    coming = (
        _of_record(user, record)
        .filter(starts_at__gte=now)
        .exclude(status=EngagementStatus.CANCELLED)
        .order_by("starts_at", "id")
    )
    return _newest([coming], limit, _engagement_rows())


def open_follow_ups_of_record(user, record, *, limit: int) -> list[FollowUp]:
    """The open follow-ups of `record`'s engagements (a person, a partner, a country or one engagement) that `user`
    may see, soonest due first; a follow-up of an engagement `user` may not see is not `record`'s for them."""
    if isinstance(record, Engagement):
        keys = [record.pk]
    else:
        keys = _engagement_keys_of(record)
    return list(
        follow_ups_visible_to(user)
        .filter(status=FollowUpStatus.OPEN, engagement_id__in=keys, engagement_visible=True)
        .select_related("owner", "engagement")
        .order_by("due_on", "id")[:limit]
    )


def follow_ups_of_engagement(user, engagement: Engagement) -> list[FollowUp]:
    """Every follow-up of `engagement` that `user` may see (open ones first, then by due date)."""
    rows = follow_ups_visible_to(user).filter(engagement=engagement).select_related("owner")
    return sorted(rows, key=lambda row: (row.status != FollowUpStatus.OPEN, row.due_on, row.pk))


def _ties_filter(record) -> Q | None:
    if isinstance(record, Person):
        signed = TieInstrument.signatories.through.objects.filter(person=record).values("tieinstrument__tie_id")
        return Q(pk__in=signed)
    return _tie_filter(record)


def ties_of(user, record, *, limit: int) -> list[Tie]:
    """The ties of `record` that `user` may see: a partner region's or a country's, a municipality's (as local
    party), a mission's country's, the ones a person signed an instrument of. Live ties first, oldest first."""
    condition = _ties_filter(record)
    if condition is None:
        return []
    ties = (
        ties_visible_to(user)
        .filter(condition)
        .select_related("partner_region", "country", "local_party")
        .prefetch_related("instruments")
        .annotate(is_over=Case(When(status=TieStatus.ENDED, then=Value(1)), default=Value(0)))
        .order_by("is_over", F("established_on").asc(nulls_last=True), "id")
    )
    return list(ties[:limit])


def coming_anniversaries_of(ties: list[Tie], *, today: datetime.date | None = None) -> dict[int, list[Anniversary]]:
    """The anniversaries of each of `ties` (read with their instruments) from today to the end of the next fiscal
    year, by tie."""
    start, end = anniversary_window(today or timezone.localdate())
    by_tie: dict[int, list[Anniversary]] = {}
    for anniversary in anniversaries_of([tie for tie in ties if tie.status != TieStatus.ENDED], start, end):
        by_tie.setdefault(anniversary.tie.pk, []).append(anniversary)
    return by_tie


# ---------------------------------------------------------------------------------------------------------------
# Choosers and autocomplete


def people_matching(user, query: str, *, limit: int = 20) -> QuerySet[Person]:
    if not is_office_staff(user) or not query.strip():
        return Person.objects.none()
    return Person.objects.search(query).order_by("family_name_latin", "given_name_latin", "id")[:limit]


def partners_matching(user, model, query: str, *, limit: int = 20):
    """Missions, partner regions, organizations (searchable models) or countries whose name matches."""
    if not is_office_staff(user) or not query.strip():
        return model.objects.none()
    if model is Country:
        q = query.strip()
        return Country.objects.filter(Q(code__iexact=q) | Q(name_en__icontains=q) | Q(name_ja__icontains=q)).order_by(
            "name_en"
        )[:limit]
    return model.objects.search(query).order_by("name", "id")[:limit]
