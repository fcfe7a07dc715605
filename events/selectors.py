"""Reads of the events app. Each model has exactly one visibility selector; every surface uses it.

Confidential records exist only for their author, the staff listed on them and users holding
core.view_confidential; internal records for signed-in staff; public records for everyone.
"""

import datetime
import itertools
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from contacts.models import Person
from core.choices import Confidentiality, choice_label
from core.permissions import is_office_staff, may_see_confidential, may_see_personal_details
from core.text import normalize_for_search
from partners.models import Country, Mission, Organization, PartnerRegion
from relations.models import Engagement, FollowUp
from relations.selectors import engagements_visible_to, follow_ups_visible_to

from .choices import DelegationDirection, DelegationStatus, EventKind, EventStatus, GiftDirection
from .models import Delegation, DelegationMember, Event, Gift, ItineraryItem, gift_report_threshold_yen

# Events --------------------------------------------------------------------------------------------------


def events_visible_to(user) -> QuerySet[Event]:
    """Events `user` may know exist. Anonymous visitors see the published public ones."""
    events = Event.objects.all()
    if not is_office_staff(user):
        return events.public()
    if may_see_confidential(user):
        return events
    listed = Event.staff.through.objects.filter(event_id=OuterRef("pk"), user_id=user.pk)
    return events.filter(~Q(confidentiality=Confidentiality.CONFIDENTIAL) | Q(created_by=user) | Exists(listed))


def public_events() -> QuerySet[Event]:
    """Events the public site and the public calendar show, cancelled ones included (flagged by `status`)."""
    return Event.objects.public().with_related()


def upcoming_public_events(*, now=None) -> QuerySet[Event]:
    """Public events not over yet, soonest first."""
    return public_events().upcoming(now or timezone.now())


def past_public_events(*, now=None, year: int | None = None) -> QuerySet[Event]:
    """Public events that are over, newest first; `year` (of the first day) for the archive by year."""
    events = public_events().past(now or timezone.now())
    return events.in_year(year) if year else events


def past_public_event_years(*, now=None) -> list[int]:
    """The years the public archive has events for, newest first."""
    dates = Event.objects.public().past(now or timezone.now()).dates("start_date", "year", order="DESC")
    return [day.year for day in dates]


def public_event_by_slug(slug: str) -> Event | None:
    return public_events().filter(slug=slug).first()


# Delegations ---------------------------------------------------------------------------------------------


def delegations_visible_to(user) -> QuerySet[Delegation]:
    """Delegations `user` may know exist; confidential ones for their author, lead, staff members and cleared users."""
    delegations = Delegation.objects.all()
    if not is_office_staff(user):
        return delegations.public()
    if may_see_confidential(user):
        return delegations
    member = DelegationMember.objects.filter(delegation_id=OuterRef("pk"), user_id=user.pk)
    return delegations.filter(
        ~Q(confidentiality=Confidentiality.CONFIDENTIAL) | Q(created_by=user) | Q(lead=user) | Exists(member)
    )


def public_delegations() -> QuerySet[Delegation]:
    """Announced public delegations for the public calendar, cancelled ones included (flagged by `status`)."""
    return Delegation.objects.public().with_related()


def upcoming_public_delegations(*, today: datetime.date | None = None) -> QuerySet[Delegation]:
    return public_delegations().upcoming(today)


def delegations_of_member(user) -> QuerySet[Delegation]:
    """Delegations `user` plans or travels with (lead, or a staff member on it), whatever their confidentiality."""
    if not is_office_staff(user):
        return Delegation.objects.none()
    # Key sets from the lead and member indexes: a per-row EXISTS makes PostgreSQL test every delegation of the
    # feed's window, which a "not modified" answer cannot afford.
    member_of = DelegationMember.objects.filter(user_id=user.pk).values("delegation_id")
    return Delegation.objects.filter(Q(lead=user) | Q(pk__in=member_of))


def may_see_member_needs(user, delegation: Delegation) -> bool:
    """Dietary and access needs: users allowed personal details, and the staff who plan this visit."""
    if not is_office_staff(user):
        return False
    if may_see_personal_details(user):
        return True
    if user.pk in (delegation.lead_id, delegation.created_by_id):
        return True
    return DelegationMember.objects.filter(delegation_id=delegation.pk, user_id=user.pk).exists()


def members_of(delegation: Delegation) -> list[DelegationMember]:
    return list(
        DelegationMember.objects.filter(delegation=delegation)
        .select_related("user", "person", "organization")
        .order_by("sort_order", "id")
    )


@dataclass(frozen=True)
class ItineraryDay:
    """The items that start on one local date at one place's zone (a day in Hanoi, then a day in Seoul)."""

    date: datetime.date
    time_zones: tuple[str, ...]
    items: tuple[ItineraryItem, ...]


def itinerary_items_of(delegation: Delegation) -> QuerySet[ItineraryItem]:
    """In the order they happen (by instant, whatever the zone), with counterparts fetched."""
    return (
        ItineraryItem.objects.filter(delegation=delegation)
        .select_related("engagement")
        .prefetch_related("counterparts", "counterpart_organizations")
        .order_by("starts_at", "id")
    )


def itinerary_days(delegation: Delegation) -> list[ItineraryDay]:
    """The itinerary grouped by the local date each item starts on, in the local zone of its place."""
    days = []
    for date, group in itertools.groupby(itinerary_items_of(delegation), key=lambda item: item.local_date):
        items = tuple(group)
        zones = tuple(dict.fromkeys(item.time_zone for item in items))
        days.append(ItineraryDay(date=date, time_zones=zones, items=items))
    return days


def delegation_follow_ups(user, delegation: Delegation) -> QuerySet[FollowUp]:
    """Follow-ups of the visit (from its report) and of the engagements its meetings became, visible to `user`."""
    engagement_ids = ItineraryItem.objects.filter(delegation=delegation, engagement__isnull=False).values(
        "engagement_id"
    )
    # One key set, no join: joined with the visit's follow-up links and made DISTINCT, the query reads every
    # follow-up, even for a visit with three; as two key sets joined by OR, PostgreSQL still tests every
    # follow-up against both. The union is a handful of keys, each then read by its index.
    of_report = Delegation.follow_ups.through.objects.filter(delegation=delegation).order_by().values("followup_id")
    of_meetings = FollowUp.objects.filter(engagement_id__in=engagement_ids).order_by().values("pk")
    return (
        follow_ups_visible_to(user)
        .filter(pk__in=of_report.union(of_meetings, all=True))
        .select_related("owner")
        .order_by("due_on", "id")
    )


# Gifts ----------------------------------------------------------------------------------------------------


def gifts_visible_to(user) -> QuerySet[Gift]:
    """Gifts `user` may see: the gift's own confidentiality, and never a gift that would reveal a delegation or an
    engagement hidden from the user. Confidential gifts: their author, staff on their delegation, cleared users."""
    if not is_office_staff(user):
        return Gift.objects.none()
    if may_see_confidential(user):
        return Gift.objects.all()
    gifts = Gift.objects.filter(
        Q(delegation__isnull=True) | Q(delegation__in=delegations_visible_to(user).values("pk")),
        Q(engagement__isnull=True) | Q(engagement__in=engagements_visible_to(user).values("pk")),
    )
    on_delegation = DelegationMember.objects.filter(delegation_id=OuterRef("delegation_id"), user_id=user.pk)
    return gifts.filter(
        ~Q(confidentiality=Confidentiality.CONFIDENTIAL)
        | Q(created_by=user)
        | Q(delegation__lead=user)
        | Exists(on_delegation)
    )


def earlier_gifts_of_same_item(user, gift: Gift) -> QuerySet[Gift]:
    """Gifts of the same item (compared without case, width or accents) already given to the same counterpart.

    Only for gifts we give: receiving the same thing twice is no faux pas of ours.
    """
    if gift.direction != GiftDirection.GIVEN or not gift.item:
        return Gift.objects.none()
    counterpart = Q()
    for field in ("person", "organization", "mission"):
        value = getattr(gift, f"{field}_id")
        if value:
            counterpart |= Q(**{f"{field}_id": value})
    if not counterpart:
        return Gift.objects.none()
    return (
        gifts_visible_to(user)
        .filter(counterpart, direction=GiftDirection.GIVEN, item_key=normalize_for_search(gift.item)[:255])
        .exclude(pk=gift.pk)
        .order_by("-given_on", "-id")
    )


def gifts_needing_report(user) -> QuerySet[Gift]:
    """Received gifts above KIZUNA_GIFT_REPORT_THRESHOLD_YEN not yet reported under the ethics rules."""
    return gifts_visible_to(user).filter(
        direction=GiftDirection.RECEIVED, value_yen__gt=gift_report_threshold_yen(), reported_on__isnull=True
    )


# The staff calendar ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarEntry:
    """A delegation or an event on the staff calendar, reduced to what the month and list views show."""

    kind: str  # "delegation" or "event"
    record: object
    title: str
    start: datetime.date
    end: datetime.date
    label: str
    status: str
    confidentiality: str


def calendar_entries(user, *, start: datetime.date, end: datetime.date) -> list[CalendarEntry]:
    """Delegations and events `user` may see that touch the days `start`..`end` (inclusive), by first day.

    Two queries whatever the number of entries.
    """
    delegations = (
        delegations_visible_to(user)
        .filter(start_date__isnull=False, start_date__lte=end, end_date__gte=start)
        .only("id", "title", "start_date", "end_date", "status", "confidentiality", "direction")
    )
    events = (
        events_visible_to(user)
        .filter(start_date__lte=end, end_date__gte=start)
        .only(
            "id",
            "title",
            "start_date",
            "end_date",
            "status",
            "confidentiality",
            "kind",
            "starts_at",
            "ends_at",
            "all_day",
            "time_zone",
        )
    )
    # Labels translated once per language (core.choices.choice_label), not once per entry: get_FOO_display
    # rebuilds the choices for every call, and a busy month holds thousands of entries.
    entries = [
        CalendarEntry(
            kind="delegation",
            record=delegation,
            title=delegation.title,
            start=delegation.start_date,
            end=delegation.end_date or delegation.start_date,
            label=choice_label(DelegationDirection, delegation.direction),
            status=delegation.status,
            confidentiality=delegation.confidentiality,
        )
        for delegation in delegations
    ]
    entries += [
        CalendarEntry(
            kind="event",
            record=event,
            title=event.title,
            start=event.start_date,
            end=event.end_date,
            label=choice_label(EventKind, event.kind),
            status=event.status,
            confidentiality=event.confidentiality,
        )
        for event in events
    ]
    return sorted(entries, key=lambda entry: (entry.start, entry.kind, entry.title))


# Record pages (core.record_pages): what a person's, a partner's, a country's or an engagement's page shows ---------


def _delegations_of(record) -> Q | None:
    if isinstance(record, Person):
        members = DelegationMember.objects.filter(person=record).values("delegation_id")
        met = ItineraryItem.counterparts.through.objects.filter(person=record).values("itineraryitem__delegation_id")
        return Q(pk__in=members) | Q(pk__in=met)
    if isinstance(record, Organization):
        members = DelegationMember.objects.filter(organization=record).values("delegation_id")
        visited = Delegation.organizations.through.objects.filter(organization=record).values("delegation_id")
        return Q(pk__in=visited) | Q(pk__in=members)
    links = {Mission: "missions", PartnerRegion: "regions", Country: "countries"}
    for model, field in links.items():
        if isinstance(record, model):
            through = Delegation._meta.get_field(field).remote_field.through
            column = Delegation._meta.get_field(field).m2m_reverse_field_name()
            return Q(pk__in=through.objects.filter(**{column: record}).values("delegation_id"))
    return None


def coming_delegations_of(user, record, *, limit: int, today: datetime.date | None = None) -> list[Delegation]:
    """Delegations `user` may see that are not over yet and concern `record`: a person on it or met on its
    itinerary, an organization on it or visited, a mission, partner region or country it is about. Soonest first."""
    condition = _delegations_of(record)
    if condition is None:
        return []
    return list(
        delegations_visible_to(user)
        .filter(condition)
        .exclude(status=DelegationStatus.CANCELLED)
        .upcoming(today)
        .select_related("lead")[:limit]
    )


def coming_events_of(user, record, *, limit: int, now: datetime.datetime | None = None) -> list[Event]:
    """Events `user` may see, not over yet and not cancelled, of a mission, partner region, organization or country.
    Soonest first."""
    links = {Mission: "missions", PartnerRegion: "regions", Organization: "organizations", Country: "countries"}
    field = next((name for model, name in links.items() if isinstance(record, model)), None)
    if field is None:
        return []
    through = Event._meta.get_field(field).remote_field.through
    column = Event._meta.get_field(field).m2m_reverse_field_name()
    keys = through.objects.filter(**{column: record}).values("event_id")
    return list(
        events_visible_to(user)
        .filter(pk__in=keys, ends_at__gte=now or timezone.now())
        .exclude(status=EventStatus.CANCELLED)
        .order_by("starts_at", "id")[:limit]
    )


def gifts_of(user, record, *, limit: int) -> list[Gift]:
    """The latest gifts given to or received from `record` (a person, an organization or a mission), or given at
    an engagement or on a delegation, that `user` may see. Newest first."""
    fields = {Person: "person", Organization: "organization", Mission: "mission", Delegation: "delegation"}
    fields[Engagement] = "engagement"
    field = next((name for model, name in fields.items() if isinstance(record, model)), None)
    if field is None:
        return []
    return list(
        gifts_visible_to(user)
        .filter(**{field: record})
        .select_related("person", "organization", "mission")
        .order_by("-given_on", "-id")[:limit]
    )


def delegation_of_engagement(user, engagement: Engagement) -> Delegation | None:
    """The visit whose itinerary item became `engagement`, when `user` may see it."""
    item = ItineraryItem.objects.filter(engagement=engagement).values("delegation_id")
    return delegations_visible_to(user).filter(pk__in=item).first()
