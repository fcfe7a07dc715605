"""The briefing pack: what staff take into a meeting, assembled for one delegation, mission or person.

Read-only, built from the visibility selectors of every app (a confidential engagement, follow-up, tie or gift
the reader may not see is simply not there), in a fixed number of queries whatever the number of counterparts.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from contacts.models import Person, Post
from core.permissions import may_see_confidential
from partners.models import Mission
from relations.choices import CommitmentStatus, FollowUpStatus, TieStatus
from relations.models import Commitment, Engagement, FollowUp, Tie
from relations.selectors import (
    NEVER,
    Anniversary,
    anniversary_window,
    commitments_visible_to,
    engagements_visible_to,
    follow_ups_visible_to,
    milestones_between,
    recent_cutoff,
    ties_visible_to,
)

from .models import Delegation, DelegationMember, Gift
from .selectors import (
    ItineraryDay,
    delegation_follow_ups,
    gifts_visible_to,
    itinerary_days,
    may_see_member_needs,
    members_of,
)

MEETINGS_PER_PERSON = 5
PHOTO_SPEC = "fill-120x150"


@dataclass
class Counterpart:
    person: Person
    role: str = ""
    current_posts: list[Post] = field(default_factory=list)
    today: datetime.date = field(default_factory=timezone.localdate)
    meetings: list[Engagement] = field(default_factory=list)
    gifts: list[Gift] = field(default_factory=list)

    @property
    def tenure(self) -> list[tuple[Post, int | None]]:
        """Each current post with the whole months served so far (None when the start is unknown)."""
        today = self.today
        result = []
        for post in self.current_posts:
            months = None
            if post.start_date:
                months = (today.year - post.start_date.year) * 12 + today.month - post.start_date.month
                if today.day < post.start_date.day:
                    months -= 1
            result.append((post, max(months, 0) if months is not None else None))
        return result


@dataclass
class BriefingPack:
    subject: object
    kind: str  # "delegation", "mission" or "person"
    counterparts: list[Counterpart]
    follow_ups: list[FollowUp]
    commitments: list[Commitment]
    ties: list[Tie]
    anniversaries: list[Anniversary]
    gifts: list[Gift]
    days: list[ItineraryDay] = field(default_factory=list)
    members: list[DelegationMember] = field(default_factory=list)
    show_member_needs: bool = False
    generated_at: datetime.datetime = field(default_factory=timezone.now)

    def records(self) -> list:
        """Every record whose content the pack shows, the subject first (for the audit of confidential readings)."""
        meetings = [engagement for counterpart in self.counterparts for engagement in counterpart.meetings]
        return [self.subject, *meetings, *self.gifts, *self.follow_ups, *self.ties]


def _people(ids: list[int], today: datetime.date) -> list[Person]:
    """The counterparts in the order given, with photo renditions and current posts prefetched."""
    current = Post.objects.current(today).select_related("mission", "organization", "region").order_by("-start_date")
    people = (
        Person.objects.filter(pk__in=ids)
        .select_related("photo", "nationality")
        .prefetch_related("photo__renditions", Prefetch("posts", queryset=current, to_attr="current_posts"))
    )
    by_id = {person.pk: person for person in people}
    return [by_id[pk] for pk in ids if pk in by_id]


def _meetings_by_person(user, ids: list[int]) -> dict[int, list[Engagement]]:
    """The last meetings with each person, newest first: their keys, then those engagements.

    First the people's meetings among the recent engagements of all (`recent_cutoff`): at size L four
    counterparts met 14-22 times each there, read from the recent engagements and the people's links in 14 ms.
    Only someone met fewer than MEETINGS_PER_PERSON times there has older meetings numbered by the database: every
    meeting of each person sorted to keep five took 35-68 ms on PostgreSQL for one delegation's four counterparts
    (8,500 meetings), and reading them all 370 ms."""
    through = Engagement.people.through
    links = through.objects.filter(person_id__in=ids)
    if not may_see_confidential(user):
        # Asked of each link (a key look-up), not as a set of keys: as a set, SQLite builds the set of every
        # engagement the user may see to keep one person's links. A user who may see every engagement is not
        # asked at all.
        links = links.filter(Exists(engagements_visible_to(user).filter(pk=OuterRef("engagement_id"))))
    cutoff = recent_cutoff()
    keys: dict[int, list[int]] = defaultdict(list)
    recent = links.filter(engagement__starts_at__gte=cutoff).order_by("-engagement__starts_at", "-engagement_id")
    for person_id, engagement_id in recent.values_list("person_id", "engagement_id"):
        if len(keys[person_id]) < MEETINGS_PER_PERSON:
            keys[person_id].append(engagement_id)
    fewer = [person_id for person_id in ids if len(keys[person_id]) < MEETINGS_PER_PERSON]
    if fewer and cutoff != NEVER:
        older = (
            links.filter(person_id__in=fewer, engagement__starts_at__lt=cutoff)
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("person_id")],
                    order_by=[F("engagement__starts_at").desc(), F("engagement_id").desc()],
                )
            )
            .filter(rank__lte=MEETINGS_PER_PERSON)
            .order_by("person_id", "rank")
            .values_list("person_id", "engagement_id")
        )
        for person_id, engagement_id in older:
            if len(keys[person_id]) < MEETINGS_PER_PERSON:
                keys[person_id].append(engagement_id)
    engagements = Engagement.objects.in_bulk({key for person_keys in keys.values() for key in person_keys})
    return {
        person_id: [engagements[key] for key in person_keys] for person_id, person_keys in keys.items() if person_keys
    }


def build_briefing(
    user,
    *,
    subject,
    kind: str,
    person_ids: list[int],
    roles: dict[int, str] | None = None,
    regions=(),
    countries=(),
    missions=(),
    organizations=(),
    extra_follow_ups=None,
    today: datetime.date | None = None,
) -> BriefingPack:
    today = today or timezone.localdate()
    people = _people(person_ids, today)
    meetings = _meetings_by_person(user, person_ids)
    region_ids = [item.pk for item in regions]
    country_ids = [item.pk for item in countries]
    mission_ids = [item.pk for item in missions]
    organization_ids = [item.pk for item in organizations]

    gifts = list(
        gifts_visible_to(user)
        .filter(Q(person_id__in=person_ids) | Q(mission_id__in=mission_ids) | Q(organization_id__in=organization_ids))
        .select_related("person", "mission", "organization")
        .order_by("-given_on", "-id")
    )
    gifts_by_person: dict[int, list[Gift]] = defaultdict(list)
    for gift in gifts:
        if gift.person_id:
            gifts_by_person[gift.person_id].append(gift)

    # The counterparts' engagements as a key set, not a join made DISTINCT over every column of every row.
    of_counterparts = Engagement.people.through.objects.filter(person_id__in=person_ids).values("engagement_id")
    follow_ups = list(
        follow_ups_visible_to(user)
        .filter(status=FollowUpStatus.OPEN, engagement_id__in=of_counterparts)
        .select_related("owner")  # the pack names a follow-up's due day, title and owner, not its engagement
        .order_by("due_on", "id")
    )
    if extra_follow_ups is not None:
        known = {item.pk for item in follow_ups}
        follow_ups += [item for item in extra_follow_ups if item.pk not in known and item.status == FollowUpStatus.OPEN]
        follow_ups.sort(key=lambda item: (item.due_on, item.pk))

    partner = Q(partner_region_id__in=region_ids) | Q(country_id__in=country_ids)
    partner |= Q(partner_region__country_id__in=country_ids)
    ties = list(
        ties_visible_to(user)
        .filter(partner)
        .exclude(status=TieStatus.ENDED)
        .select_related("partner_region", "country", "local_party")
        .prefetch_related("instruments")
        .order_by("established_on", "id")
    )
    start, end = anniversary_window(today)
    anniversaries = []
    for tie in ties:
        if tie.established_on:
            anniversaries += [Anniversary(d, y, tie) for d, y in milestones_between(tie.established_on, start, end)]
        for instrument in tie.instruments.all():
            anniversaries += [
                Anniversary(d, y, tie, instrument) for d, y in milestones_between(instrument.signed_on, start, end)
            ]
    anniversaries.sort(key=lambda item: (item.day, item.tie.pk))
    commitments = list(
        commitments_visible_to(user)
        .filter(status=CommitmentStatus.OPEN, instrument__tie__in=[tie.pk for tie in ties])
        .select_related("instrument")
        .order_by("due_on", "id")
    )

    counterparts = [
        Counterpart(
            person=person,
            role=(roles or {}).get(person.pk, ""),
            current_posts=person.current_posts,
            today=today,
            meetings=meetings.get(person.pk, []),
            gifts=gifts_by_person.get(person.pk, []),
        )
        for person in people
    ]
    return BriefingPack(
        subject=subject,
        kind=kind,
        counterparts=counterparts,
        follow_ups=follow_ups,
        commitments=commitments,
        ties=ties,
        anniversaries=anniversaries,
        gifts=gifts,
    )


def delegation_briefing(user, delegation: Delegation, *, today: datetime.date | None = None) -> BriefingPack:
    """Counterparts: the persons on the delegation (visitors of an inbound visit), then those met on the itinerary."""
    members = members_of(delegation)
    days = itinerary_days(delegation)
    person_ids, roles = [], {}
    for member in members:
        if member.person_id and member.person_id not in roles:
            person_ids.append(member.person_id)
            roles[member.person_id] = member.get_role_display()
    for day in days:
        for item in day.items:
            for person in item.counterparts.all():
                if person.pk not in roles:
                    person_ids.append(person.pk)
                    roles[person.pk] = ""
    organizations = list(delegation.organizations.all()) + [m.organization for m in members if m.organization_id]
    pack = build_briefing(
        user,
        subject=delegation,
        kind="delegation",
        person_ids=person_ids,
        roles=roles,
        regions=list(delegation.regions.all()),
        countries=list(delegation.countries.all()),
        missions=list(delegation.missions.all()),
        organizations=organizations,
        extra_follow_ups=list(delegation_follow_ups(user, delegation)),
        today=today,
    )
    pack.days = days
    pack.members = members
    pack.show_member_needs = may_see_member_needs(user, delegation)
    return pack


def mission_briefing(user, mission: Mission, *, today: datetime.date | None = None) -> BriefingPack:
    """Counterparts: the mission's current staff, head of mission first."""
    posts = (
        Post.objects.current(today)
        .filter(mission=mission)
        .order_by("-is_head_of_mission", "credentials_presented_on", "start_date", "id")
        .values_list("person_id", flat=True)
    )
    person_ids = list(dict.fromkeys(posts))
    return build_briefing(
        user,
        subject=mission,
        kind="mission",
        person_ids=person_ids,
        countries=[mission.country],
        missions=[mission],
        today=today,
    )


def person_briefing(user, person: Person, *, today: datetime.date | None = None) -> BriefingPack:
    """The person, with the missions, regions and organizations they serve now for ties and gifts."""
    posts = list(
        Post.objects.current(today)
        .filter(person=person)
        .select_related("mission__country", "region__country", "organization")
    )
    missions = [post.mission for post in posts if post.mission_id]
    regions = [post.region for post in posts if post.region_id]
    organizations = [post.organization for post in posts if post.organization_id]
    countries = [item.country for item in missions + regions] + ([person.nationality] if person.nationality_id else [])
    return build_briefing(
        user,
        subject=person,
        kind="person",
        person_ids=[person.pk],
        regions=regions,
        countries=countries,
        missions=missions,
        organizations=organizations,
        today=today,
    )
