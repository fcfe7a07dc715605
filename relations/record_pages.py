"""Relations on record pages (core.record_pages): the engagement, follow-up and tie pages, and what a person's,
a partner's or a country's page shows of its relations (coming and recent meetings, open follow-ups, ties and
their coming anniversaries) with the actions that go with them (log a meeting, add a follow-up, timeline).

Every row is read through the visibility selectors of relations.selectors; the page records the confidential
ones it showed.
"""

import datetime
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contacts.models import Person
from contacts.selectors import current_posts_prefetch, people_visible_to
from core.record_pages import (
    SECTION_ROWS,
    Action,
    Badge,
    Fact,
    Link,
    RecordPageView,
    Row,
    Section,
    confidentiality_badges,
    date_label,
    facts,
    moment_range_label,
    record_url,
    site_time_label,
)
from partners.models import Country, Mission, Organization, PartnerRegion
from partners.selectors import (
    countries_visible_to,
    missions_visible_to,
    organizations_visible_to,
    partner_regions_visible_to,
)

from . import selectors
from .choices import CommitmentStatus, EngagementStatus, FollowUpStatus, TieStatus
from .models import HIDDEN_ENGAGEMENT_LABEL, Engagement, FollowUp, Tie

# The records whose page shows their relations, and the name each has in a timeline's URL and in the "log a
# meeting" form's fields.
TIMELINE_KINDS = {Person: "person", Mission: "mission", PartnerRegion: "region", Organization: "organization"}
TIMELINE_KINDS[Country] = "country"
MEETING_FIELDS = {
    Person: "people",
    Mission: "missions",
    PartnerRegion: "regions",
    Organization: "organizations",
    Country: "countries",
}


def log_meeting_url(**counterparts) -> str:
    """The "log a meeting" form with its counterparts chosen: log_meeting_url(people=[1, 2], missions=[3])."""
    query = [(field, pk) for field, keys in counterparts.items() for pk in keys]
    url = reverse("relations_engagements:add")
    return f"{url}?{urlencode(query)}" if query else url


def add_follow_up_url(engagement: Engagement) -> str:
    return f"{reverse('relations_follow_ups:add')}?{urlencode({'engagement': engagement.pk})}"


# ---------------------------------------------------------------------------------------------------------------
# Rows


def status_badges(record, *, quiet=(), warning=(), critical=()) -> tuple[Badge, ...]:
    """The record's status as a badge, unless it is one of the `quiet` (usual) ones."""
    if record.status in quiet:
        return ()
    tone = "warning" if record.status in warning else "critical" if record.status in critical else ""
    return (Badge(str(record.get_status_display()), tone),)


def engagement_badges(engagement: Engagement) -> tuple[Badge, ...]:
    status = status_badges(
        engagement,
        quiet=(EngagementStatus.CONFIRMED,),
        warning=(EngagementStatus.TENTATIVE,),
        critical=(EngagementStatus.CANCELLED,),
    )
    return (*status, *confidentiality_badges(engagement))


def tie_badges(tie: Tie) -> tuple[Badge, ...]:
    status = status_badges(tie, quiet=(TieStatus.ACTIVE,), warning=(TieStatus.PROPOSED, TieStatus.DORMANT))
    return (*status, *confidentiality_badges(tie))


def engagement_row(engagement: Engagement, *, leave_out=None) -> Row:
    """A meeting as a section lists it: when (on the place's clock), what, with whom, and what came of it."""
    people = [str(person) for person in engagement.people.all() if person != leave_out]
    return Row(
        label=engagement.subject,
        url=record_url(engagement),
        when=engagement.starts_at,
        time_zone=engagement.time_zone,
        details=(engagement.get_kind_display(), engagement.location, ", ".join(people)),
        excerpt=engagement.outcomes or engagement.summary,
        badges=engagement_badges(engagement),
        record=engagement,
    )


def follow_up_row(follow_up: FollowUp, *, today: datetime.date, show_engagement: bool = True) -> Row:
    badges = ()
    if follow_up.status == FollowUpStatus.OPEN and follow_up.due_on < today:
        badges = (Badge(str(_("Overdue")), "critical"),)
    elif follow_up.status != FollowUpStatus.OPEN:
        badges = status_badges(follow_up, critical=(FollowUpStatus.CANCELLED,))
    engagement = follow_up.shown_engagement_label if show_engagement else ""
    return Row(
        label=follow_up.title,
        url=record_url(follow_up),
        when=follow_up.due_on,
        details=(str(follow_up.owner), engagement),
        badges=badges + confidentiality_badges(follow_up),
        record=follow_up,
    )


def anniversary_label(anniversary) -> str:
    text = ngettext("%(years)d year on %(date)s", "%(years)d years on %(date)s", anniversary.years) % {
        "years": anniversary.years,
        "date": date_label(anniversary.day),
    }
    return f"{anniversary.instrument.title}: {text}" if anniversary.instrument else text


def tie_row(tie: Tie, anniversaries=()) -> Row:
    return Row(
        label=str(tie),
        url=record_url(tie),
        when=tie.established_on,
        details=tuple(anniversary_label(anniversary) for anniversary in anniversaries),
        badges=(*tie_badges(tie), *(Badge(str(_("Anniversary coming")), "positive") for _item in anniversaries[:1])),
        record=tie,
    )


# ---------------------------------------------------------------------------------------------------------------
# What a person's, partner's or country's page shows of its relations (registered in wagtail_hooks.py)


def _memo(request, key, compute):
    """One reading per request of what both a section and an action need (the latest meeting)."""
    memo = request.__dict__.setdefault("_relations_record_page", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _recent_meetings(request, record) -> list[Engagement]:
    return _memo(
        request,
        ("recent", type(record), record.pk),
        lambda: selectors.recent_engagements_of(request.user, record, limit=SECTION_ROWS),
    )


def relations_sections(request, record) -> list[Section]:
    if type(record) not in TIMELINE_KINDS:
        return []
    user, today = request.user, timezone.localdate()
    leave_out = record if isinstance(record, Person) else None
    log_url = log_meeting_url(**{MEETING_FIELDS[type(record)]: [record.pk]})
    timeline_url = reverse("relations_timeline", args=[TIMELINE_KINDS[type(record)], record.pk])
    coming = selectors.coming_engagements_of(user, record, limit=SECTION_ROWS)
    recent = _recent_meetings(request, record)
    follow_ups = selectors.open_follow_ups_of_record(user, record, limit=SECTION_ROWS * 2)
    ties = selectors.ties_of(user, record, limit=SECTION_ROWS * 2)
    anniversaries = selectors.coming_anniversaries_of(ties, today=today)
    return [
        Section(
            key="coming-meetings",
            title=str(_("Coming meetings")),
            rows=[engagement_row(engagement, leave_out=leave_out) for engagement in coming],
            empty_text=str(_("No meetings planned.")),
            add_url=log_url,
            add_label=str(_("Log a meeting")),
            order=12,
        ),
        Section(
            key="recent-meetings",
            title=str(_("Recent meetings")),
            rows=[engagement_row(engagement, leave_out=leave_out) for engagement in recent],
            empty_text=str(_("No meetings recorded yet.")),
            more_url=timeline_url if recent else "",
            more_label=str(_("Everything on the timeline")),
            order=10,
        ),
        Section(
            key="open-follow-ups",
            title=str(_("Open follow-ups")),
            rows=[follow_up_row(follow_up, today=today) for follow_up in follow_ups],
            empty_text=str(_("No open follow-ups.")),
            add_url=add_follow_up_url(recent[0]) if recent else "",
            add_label=str(_("Add to the last meeting")),
            order=20,
        ),
        Section(
            key="ties",
            title=str(_("Ties and anniversaries")),
            rows=[tie_row(tie, anniversaries.get(tie.pk, [])) for tie in ties],
            empty_text=str(_("No ties recorded.")),
            order=40,
        ),
    ]


def relations_actions(request, record) -> list[Action]:
    kind = TIMELINE_KINDS.get(type(record))
    if kind is None:
        return []
    actions = [
        Action(
            str(_("Log a meeting")),
            log_meeting_url(**{MEETING_FIELDS[type(record)]: [record.pk]}),
            icon="group",
            order=10,
            primary=True,
        )
    ]
    recent = _recent_meetings(request, record)
    if recent:
        actions.append(
            Action(
                str(_("Add a follow-up")),
                add_follow_up_url(recent[0]),
                icon="tasks",
                order=20,
                title=str(_("To the last meeting: %(subject)s")) % {"subject": recent[0].subject},
            )
        )
    actions.append(
        Action(str(_("Timeline")), reverse("relations_timeline", args=[kind, record.pk]), icon="history", order=40)
    )
    return actions


# ---------------------------------------------------------------------------------------------------------------
# The engagement's page


class EngagementRecordView(RecordPageView):
    template_name = "relations/engagement/inspect.html"
    header_icon = "group"
    select_for_page = ("measure__strategy", "created_by")
    prefetch_for_page = ("tags",)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        engagement, user = self.object, request.user
        self.people = list(
            people_visible_to(user).filter(engagements=engagement).prefetch_related(current_posts_prefetch())
        )
        self.partners = {
            "missions": list(missions_visible_to(user).filter(engagements=engagement)),
            "regions": list(partner_regions_visible_to(user).filter(engagements=engagement)),
            "organizations": list(organizations_visible_to(user).filter(engagements=engagement)),
            "countries": list(countries_visible_to(user).filter(engagements=engagement)),
        }

    def get_badges(self):
        engagement = self.object
        return (Badge(str(engagement.get_kind_display())), *engagement_badges(engagement))

    def get_facts(self):
        engagement = self.object
        people = tuple(
            Link(
                str(person),
                record_url(person),
                "; ".join(f"{post.display_title}, {post.body}" for post in person.current_posts),
            )
            for person in self.people
        )
        partners = tuple(
            Link(str(partner), record_url(partner))
            for field in ("missions", "regions", "organizations", "countries")
            for partner in self.partners[field]
        )
        staff = ", ".join(str(user) for user in engagement.staff.all())
        logged = ""
        if engagement.created_by_id:
            logged = str(_("%(user)s on %(date)s")) % {
                "user": engagement.created_by,
                "date": date_label(timezone.localdate(engagement.created_at)),
            }
        return facts(
            (_("When"), moment_range_label(engagement.starts_at, engagement.ends_at, engagement.time_zone)),
            (_("Time in Tokyo"), site_time_label(engagement.starts_at, engagement.time_zone)),
            (_("Location"), engagement.location),
            Fact(label=str(_("People met")), links=people),
            Fact(label=str(_("Partners")), links=partners),
            (_("Staff attending"), staff),
            (_("Measure"), str(engagement.measure) if engagement.measure_id else ""),
            (_("Logged by"), logged),
        )

    def get_sections(self):
        engagement, today = self.object, timezone.localdate()
        follow_ups = selectors.follow_ups_of_engagement(self.request.user, engagement)
        return [
            Section(
                key="follow-ups",
                title=str(_("Follow-ups")),
                rows=[follow_up_row(item, today=today, show_engagement=False) for item in follow_ups],
                empty_text=str(_("No follow-ups.")),
                add_url=add_follow_up_url(engagement),
                add_label=str(_("Add")),
                order=10,
            )
        ]

    def get_actions(self):
        engagement = self.object
        counterparts = {"people": [person.pk for person in self.people]}
        counterparts.update({field: [partner.pk for partner in rows] for field, rows in self.partners.items()})
        return [
            Action(str(_("Add a follow-up")), add_follow_up_url(engagement), icon="tasks", order=10, primary=True),
            Action(
                str(_("Log the next meeting")),
                log_meeting_url(**counterparts),
                icon="group",
                order=20,
                title=str(_("With the same counterparts")),
            ),
            *super().get_actions(),
        ]


# ---------------------------------------------------------------------------------------------------------------
# The follow-up's page


class FollowUpRecordView(RecordPageView):
    template_name = "relations/follow_up/inspect.html"
    header_icon = "tasks"
    select_for_page = ("owner", "engagement", "commitment__instrument__tie", "created_by")

    def get_badges(self):
        follow_up, today = self.object, timezone.localdate()
        row = follow_up_row(follow_up, today=today)
        badges = row.badges
        if follow_up.status == FollowUpStatus.OPEN:
            badges = (Badge(str(follow_up.get_status_display())), *badges)
        return badges

    def get_facts(self):
        follow_up = self.object
        engagement = follow_up.shown_engagement
        if engagement is not None:
            engagement_fact = Fact(
                label=str(_("Engagement")),
                links=(
                    Link(
                        engagement.subject,
                        record_url(engagement),
                        moment_range_label(engagement.starts_at, None, engagement.time_zone),
                    ),
                ),
            )
        else:
            engagement_fact = Fact(
                label=str(_("Engagement")), value=str(HIDDEN_ENGAGEMENT_LABEL) if follow_up.engagement_id else ""
            )
        commitment = follow_up.commitment
        return facts(
            (_("Due on"), date_label(follow_up.due_on)),
            (_("Owner"), str(follow_up.owner)),
            engagement_fact,
            Fact(
                label=str(_("Commitment")),
                links=(Link(str(commitment), record_url(commitment.instrument.tie)),) if commitment else (),
            ),
            (_("Done on"), date_label(follow_up.done_on)),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_open"] = self.object.status == FollowUpStatus.OPEN
        return context

    def get_sections(self):
        engagement = self.object.shown_engagement
        if engagement is None:
            return []
        return [
            Section(
                key="engagement",
                title=str(_("The meeting it comes from")),
                rows=[engagement_row(engagement)],
                order=5,
            )
        ]


# ---------------------------------------------------------------------------------------------------------------
# The tie's page


class TieRecordView(RecordPageView):
    template_name = "relations/tie/inspect.html"
    header_icon = "link"
    select_for_page = ("local_party", "partner_region__country", "country", "measure__strategy")

    def get_badges(self):
        tie = self.object
        return (Badge(str(tie.get_kind_display())), *tie_badges(tie))

    def get_facts(self):
        tie = self.object
        local = Link(tie.local_party_name, record_url(tie.local_party) if tie.local_party_id else "")
        partner = tie.partner
        return facts(
            Fact(label=str(_("Local party")), links=(local,)),
            Fact(label=str(_("Partner")), links=(Link(str(partner), record_url(partner)),) if partner else ()),
            (_("Established on"), date_label(tie.established_on)),
            (_("Ended on"), date_label(tie.ended_on)),
            (_("Measure"), str(tie.measure) if tie.measure_id else ""),
        )

    def page_queryset(self, records):
        instruments = (
            selectors.instruments_visible_to(self.request.user)
            .prefetch_related("signatories")
            .order_by("signed_on", "id")
        )
        return super().page_queryset(records).prefetch_related(Prefetch("instruments", queryset=instruments))

    def get_sections(self):
        tie, user = self.object, self.request.user
        instruments = list(tie.instruments.all())
        commitments = list(
            selectors.commitments_visible_to(user)
            .filter(instrument__tie=tie)
            .select_related("instrument")
            .order_by("status", "due_on", "id")
        )
        anniversaries = selectors.coming_anniversaries_of([tie]).get(tie.pk, [])
        return [
            Section(
                key="instruments",
                title=str(_("Instruments")),
                rows=[
                    Row(
                        label=instrument.title,
                        when=instrument.signed_on,
                        details=(
                            instrument.get_kind_display(),
                            instrument.place,
                            ", ".join(str(person) for person in instrument.signatories.all()),
                        ),
                        excerpt=instrument.notes,
                    )
                    for instrument in instruments
                ],
                empty_text=str(_("No instruments recorded.")),
                order=10,
            ),
            Section(
                key="commitments",
                title=str(_("Commitments")),
                rows=[
                    Row(
                        label=str(commitment),
                        url=record_url(commitment),
                        when=commitment.due_on,
                        details=(commitment.instrument.title, commitment.get_recurrence_display()),
                        badges=(Badge(str(commitment.get_status_display()), "positive"),)
                        if commitment.status != CommitmentStatus.OPEN
                        else (),
                    )
                    for commitment in commitments
                ],
                empty_text=str(_("No commitments recorded.")),
                order=20,
            ),
            Section(
                key="anniversaries",
                title=str(_("Coming anniversaries")),
                rows=[Row(label=anniversary_label(item), when=item.day) for item in anniversaries],
                empty_text=str(_("None before the end of next fiscal year.")),
                order=30,
            ),
        ]

    def get_actions(self):
        partner = self.object.partner
        actions = []
        if partner is not None and type(partner) in TIMELINE_KINDS:
            actions.append(
                Action(
                    str(_("Timeline of the partner")),
                    reverse("relations_timeline", args=[TIMELINE_KINDS[type(partner)], partner.pk]),
                    icon="history",
                    order=40,
                )
            )
        return [*actions, *super().get_actions()]
