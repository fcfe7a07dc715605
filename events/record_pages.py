"""Visits, events and gifts on record pages (core.record_pages): the gift and event pages, and what a person's, a
partner's, a country's or an engagement's page shows of them (coming visits and events, gifts, the visit a meeting
was part of), with the briefing pack among the actions.

Every row is read through the visibility selectors of events.selectors; the page records the confidential ones it
showed.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Person
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
)
from core.selectors import assignable_users
from partners.models import Country, Mission, Organization, PartnerRegion
from relations.models import Engagement
from relations.record_pages import follow_up_row

from . import selectors
from .choices import DelegationStatus, EventStatus, GiftDirection
from .models import Delegation, Event, Gift

BRIEFING_KINDS = {Person: "person", Mission: "mission"}
VISITED = (Person, Mission, PartnerRegion, Organization, Country)
GIFTED = (Person, Mission, Organization)


def yen(value: int | None) -> str:
    return f"¥{value:,}" if value is not None else ""


def gift_badges(gift: Gift) -> tuple[Badge, ...]:
    report = gift.ethics_report_label
    tone = "warning" if report and not gift.reported_on else ""
    return (*((Badge(str(report), tone),) if report else ()), *confidentiality_badges(gift))


def gift_row(gift: Gift, *, counterpart_shown: bool = True) -> Row:
    return Row(
        label=gift.item,
        url=record_url(gift),
        when=gift.given_on,
        details=(
            gift.get_direction_display(),
            str(gift.counterpart) if counterpart_shown and gift.counterpart else "",
            yen(gift.value_yen),
        ),
        badges=gift_badges(gift),
        record=gift,
    )


def delegation_badges(delegation: Delegation) -> tuple[Badge, ...]:
    quiet = (DelegationStatus.CONFIRMED, DelegationStatus.UNDER_WAY, DelegationStatus.DONE)
    status = ()
    if delegation.status not in quiet:
        tone = "critical" if delegation.status == DelegationStatus.CANCELLED else "warning"
        status = (Badge(str(delegation.get_status_display()), tone),)
    return (*status, *confidentiality_badges(delegation))


def delegation_row(delegation: Delegation) -> Row:
    return Row(
        label=delegation.title,
        url=record_url(delegation),
        when=delegation.start_date,
        details=(delegation.get_direction_display(), delegation.dates_label, delegation.destination),
        badges=delegation_badges(delegation),
        record=delegation,
    )


def event_badges(event: Event) -> tuple[Badge, ...]:
    status = ()
    if event.status != EventStatus.CONFIRMED:
        tone = "critical" if event.status == EventStatus.CANCELLED else "warning"
        status = (Badge(str(event.get_status_display()), tone),)
    return (*status, *confidentiality_badges(event))


def event_row(event: Event) -> Row:
    return Row(
        label=event.title,
        url=record_url(event),
        when=event.start_date if event.all_day else event.starts_at,
        time_zone=event.time_zone,
        details=(event.get_kind_display(), event.venue or event.city),
        badges=event_badges(event),
        record=event,
    )


# ---------------------------------------------------------------------------------------------------------------
# What other records' pages show (registered in wagtail_hooks.py)


def events_sections(request, record) -> list[Section]:
    user, sections = request.user, []
    if isinstance(record, VISITED):
        delegations = selectors.coming_delegations_of(user, record, limit=SECTION_ROWS)
        events = selectors.coming_events_of(user, record, limit=SECTION_ROWS)
        rows = [delegation_row(item) for item in delegations] + [event_row(item) for item in events]
        rows.sort(key=lambda row: timezone.localdate(row.when) if isinstance(row.when, datetime.datetime) else row.when)
        sections.append(
            Section(
                key="coming-visits",
                title=str(_("Coming visits and events")),
                rows=rows,
                empty_text=str(_("No visits or events planned.")),
                order=30,
            )
        )
    if isinstance(record, (*GIFTED, Engagement, Delegation)):
        gifts = selectors.gifts_of(user, record, limit=SECTION_ROWS)
        sections.append(
            Section(
                key="gifts",
                title=str(_("Gifts")),
                rows=[gift_row(gift, counterpart_shown=not isinstance(record, GIFTED)) for gift in gifts],
                empty_text=str(_("No gifts recorded.")),
                order=50,
            )
        )
    if isinstance(record, Engagement):
        delegation = selectors.delegation_of_engagement(user, record)
        if delegation is not None:
            sections.append(
                Section(key="visit", title=str(_("Part of the visit")), rows=[delegation_row(delegation)], order=15)
            )
    return sections


def events_actions(request, record) -> list[Action]:
    kind = BRIEFING_KINDS.get(type(record))
    if kind is None:
        return []
    return [
        Action(
            str(_("Briefing pack")),
            reverse("events_briefing", args=[kind, record.pk]),
            icon="doc-full",
            order=30,
        )
    ]


# ---------------------------------------------------------------------------------------------------------------
# The gift's and the event's pages


class GiftRecordView(RecordPageView):
    header_icon = "tag"
    select_for_page = ("person", "organization", "mission", "delegation", "engagement", "created_by")

    def get_badges(self):
        gift = self.object
        return (Badge(str(gift.get_direction_display())), *gift_badges(gift))

    def get_facts(self):
        gift, user = self.object, self.request.user
        counterpart = gift.counterpart
        # A gift names its visit and meeting only to who may see them (gifts_visible_to already requires it of
        # a gift's own reader, but an engagement the gift came with is read by its own rule here too).
        delegation = gift.delegation_id and selectors.delegations_visible_to(user).filter(pk=gift.delegation_id).first()
        engagement = gift.engagement_id and selectors.engagements_visible_to(user).filter(pk=gift.engagement_id).first()
        return facts(
            (_("Date"), date_label(gift.given_on)),
            Fact(label=str(_("Counterpart")), links=(Link(str(counterpart), record_url(counterpart)),)),
            (_("Value"), yen(gift.value_yen)),
            (_("Reported on"), date_label(gift.reported_on)),
            Fact(
                label=str(_("Delegation")), links=(Link(str(delegation), record_url(delegation)),) if delegation else ()
            ),
            Fact(
                label=str(_("Engagement")), links=(Link(str(engagement), record_url(engagement)),) if engagement else ()
            ),
        )

    def get_sections(self):
        gift = self.object
        earlier = list(selectors.earlier_gifts_of_same_item(self.request.user, gift)[:SECTION_ROWS])
        sections = []
        if gift.direction == GiftDirection.GIVEN:
            sections.append(
                Section(
                    key="earlier-gifts",
                    title=str(_("The same item given to them before")),
                    rows=[gift_row(item, counterpart_shown=False) for item in earlier],
                    empty_text=str(_("Never given to them before.")),
                    order=10,
                )
            )
        return sections


class EventRecordView(RecordPageView):
    template_name = "events/event/inspect.html"
    header_icon = "calendar"
    select_for_page = ("measure__strategy",)
    prefetch_for_page = ("countries", "regions", "missions", "organizations")

    def get_badges(self):
        event = self.object
        published = (Badge(str(_("Published")), "positive"),) if event.is_public else ()
        return (Badge(str(event.get_kind_display())), *event_badges(event), *published)

    def get_facts(self):
        event = self.object
        when = (
            event.local_time_label
            if event.all_day
            else moment_range_label(event.starts_at, event.ends_at, event.time_zone)
        )
        partners = tuple(
            Link(str(partner), record_url(partner))
            for field in ("missions", "regions", "organizations", "countries")
            for partner in getattr(event, field).all()
        )
        return facts(
            (_("When"), when),
            (_("Venue"), ", ".join(part for part in (event.venue, event.address, event.city) if part)),
            (_("Organizer"), event.organizer),
            Fact(label=str(_("Partners")), links=partners),
            Fact(label=str(_("Registration")), value=event.registration_url, url=event.registration_url),
            (_("Measure"), str(event.measure) if event.measure_id else ""),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["description"] = self.object.description
        return context


# ---------------------------------------------------------------------------------------------------------------
# The delegation's page


class DelegationRecordView(RecordPageView):
    template_name = "events/delegation_inspect.html"
    header_icon = "site"
    select_for_page = ("lead", "measure__strategy")
    prefetch_for_page = ("countries", "regions", "missions", "organizations")

    def get_badges(self):
        delegation = self.object
        return (Badge(str(delegation.get_direction_display())), *delegation_badges(delegation))

    def get_facts(self):
        delegation = self.object
        partners = tuple(
            Link(str(partner), record_url(partner))
            for field in ("countries", "regions", "missions", "organizations")
            for partner in getattr(delegation, field).all()
        )
        return facts(
            (_("Dates"), delegation.dates_label),
            (_("Destination"), delegation.destination),
            (_("Lead officer"), str(delegation.lead) if delegation.lead_id else ""),
            Fact(label=str(_("Partners")), links=partners),
            (_("Measure"), str(delegation.measure) if delegation.measure_id else ""),
        )

    def get_sections(self):
        delegation, user, today = self.object, self.request.user, timezone.localdate()
        follow_ups = list(selectors.delegation_follow_ups(user, delegation).select_related("engagement"))
        return [
            Section(
                key="itinerary",
                title=str(_("Itinerary")),
                template_name="events/record/itinerary_section.html",
                context={"days": selectors.itinerary_days(delegation)},
                wide=True,
                order=10,
            ),
            Section(
                key="members",
                title=str(_("Members")),
                template_name="events/record/members_section.html",
                wide=True,
                context={
                    "members": selectors.members_of(delegation),
                    "show_needs": selectors.may_see_member_needs(user, delegation),
                },
                order=20,
            ),
            Section(
                key="follow-ups",
                title=str(_("Follow-ups")),
                rows=[follow_up_row(item, today=today) for item in follow_ups],
                empty_text=str(_("No follow-ups.")),
                template_name="events/record/follow_ups_section.html",
                context={"owners": assignable_users()},
                order=30,
            ),
        ]

    def get_actions(self):
        url = reverse("events_briefing", args=["delegation", self.object.pk])
        return [
            Action(str(_("Briefing pack")), url, icon="doc-full", order=10, primary=True),
            Action(str(_("Briefing pack in English")), f"{url}?lang=en", icon="doc-full", order=11),
            *super().get_actions(),
        ]
