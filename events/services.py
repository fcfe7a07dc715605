"""Writes of the events app. Keyword-only, atomic, audit-logged (wagtail.log_actions)."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core.choices import Confidentiality
from relations.models import Engagement, FollowUp
from relations.services import add_follow_up, create_engagement

from .choices import DelegationStatus
from .models import (
    ENGAGEMENT_KINDS,
    Delegation,
    DelegationMember,
    Event,
    EventTranslation,
    Gift,
    ItineraryItem,
)

EVENT_RELATIONS = ("countries", "regions", "missions", "organizations", "staff")
DELEGATION_RELATIONS = ("countries", "regions", "missions", "organizations")


def unique_slug(*, model, text: str, fallback: str, exclude_pk=None) -> str:
    """An ASCII slug from `text` (Japanese titles romanise to nothing, hence `fallback`), unique in `model`."""
    base = (slugify(text) or fallback)[:100].strip("-") or fallback
    candidate, number = base, 1
    existing = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while existing.filter(slug=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _audit_value(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _changes(before: dict, after: dict) -> dict:
    return {
        name: {"before": _audit_value(before[name]), "after": _audit_value(after[name])}
        for name in after
        if before.get(name) != after[name]
    }


def _bump_sequence(instance) -> None:
    """The database increments the counter (F expression), so two concurrent edits both count."""
    type(instance).objects.filter(pk=instance.pk).update(sequence=F("sequence") + 1)
    instance.refresh_from_db(fields=["sequence", "updated_at"])


def _split_relations(fields: dict, names: Iterable[str]) -> dict:
    return {name: fields.pop(name) for name in names if name in fields}


# Events ---------------------------------------------------------------------------------------------------


@transaction.atomic
def create_event(*, user, translations: dict[str, dict] | None = None, **fields) -> Event:
    """Create an event (many-to-many values such as `countries` may be passed as lists).

    `translations` maps a language code to {"title", "description", "venue"}. The slug is derived from the
    English title when there is one. Invalid input raises ValidationError and writes nothing.
    """
    many = _split_relations(fields, EVENT_RELATIONS)
    event = Event(created_by=user, **fields)
    if not event.slug:
        english = (translations or {}).get("en", {}).get("title", "")
        event.slug = unique_slug(model=Event, text=english or event.title, fallback="event")
    event.full_clean()
    event.save()
    for name, values in many.items():
        getattr(event, name).set(values)
    for language, text in (translations or {}).items():
        translation = EventTranslation(event=event, language=language, **text)
        translation.full_clean(exclude=["event"])
        translation.save()
    log(instance=event, action="wagtail.create", user=user)
    return event


@transaction.atomic
def update_event(*, event: Event, user, translations: dict[str, dict] | None = None, **changes) -> Event:
    """Apply `changes` (and add or replace the given translations); bump `sequence` when a subscriber sees a change."""
    before = event_fingerprint(event)
    many = _split_relations(changes, EVENT_RELATIONS)
    for name, value in changes.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    for name, values in many.items():
        getattr(event, name).set(values)
    for language, text in (translations or {}).items():
        EventTranslation.objects.update_or_create(event=event, language=language, defaults=text)
    record_event_change(event=event, before=before, user=user)
    return event


def event_fingerprint(event: Event) -> tuple:
    """Subscriber-visible values of the event and of its translations (public feeds serve every language)."""
    translations = ()
    if event.pk:
        translations = tuple(
            EventTranslation.objects.filter(event_id=event.pk)
            .order_by("language")
            .values_list("language", "title", "description", "venue")
        )
    return (*event.subscriber_fingerprint(), translations)


def record_event_change(*, event: Event, before: tuple, user, log_action: bool = True) -> None:
    """After an edit saved elsewhere (a service or the staff workspace form): bump SEQUENCE, write the log."""
    if event_fingerprint(event) != before:
        _bump_sequence(event)
    if log_action:
        log(instance=event, action="wagtail.edit", user=user)


# Delegations ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberDraft:
    """One member typed in with a new delegation: exactly one of user, person, organization."""

    role: str
    user: object = None
    person: object = None
    organization: object = None
    dietary_needs: str = ""
    access_needs: str = ""


@transaction.atomic
def create_delegation(*, user, members: Sequence[MemberDraft] = (), **fields) -> Delegation:
    """Create a delegation with its members (relations such as `countries` may be passed as lists).

    Invalid input raises ValidationError and writes nothing.
    """
    many = _split_relations(fields, DELEGATION_RELATIONS)
    delegation = Delegation(created_by=user, **fields)
    delegation.full_clean()
    delegation.save()
    for name, values in many.items():
        getattr(delegation, name).set(values)
    for order, draft in enumerate(members):
        member = DelegationMember(delegation=delegation, sort_order=order, **draft.__dict__)
        member.full_clean()
        member.save()
    log(instance=delegation, action="wagtail.create", user=user)
    return delegation


def delegation_fingerprint(delegation: Delegation) -> tuple:
    return delegation.subscriber_fingerprint()


@transaction.atomic
def update_delegation(*, delegation: Delegation, user, **changes) -> Delegation:
    """Apply `changes`; bump `sequence` when a calendar subscriber would see a difference; log the field diff."""
    before_values = {name: getattr(delegation, name) for name in changes if name not in DELEGATION_RELATIONS}
    before = delegation_fingerprint(delegation)
    many = _split_relations(changes, DELEGATION_RELATIONS)
    for name, value in changes.items():
        setattr(delegation, name, value)
    delegation.full_clean()
    delegation.save()
    for name, values in many.items():
        getattr(delegation, name).set(values)
    record_delegation_change(
        delegation=delegation,
        before=before,
        user=user,
        changes=_changes(before_values, {name: getattr(delegation, name) for name in before_values}),
    )
    return delegation


def record_delegation_change(
    *, delegation: Delegation, before: tuple, user, changes: dict | None = None, log_action: bool = True
) -> None:
    """After an edit saved elsewhere (a service or the staff workspace form): bump SEQUENCE, write the log.

    The staff workspace's edit view logs the edit itself, hence `log_action=False` there.
    """
    if delegation_fingerprint(delegation) != before:
        _bump_sequence(delegation)
    if log_action:
        log(instance=delegation, action="wagtail.edit", user=user, data={"changes": changes or {}})


@transaction.atomic
def add_itinerary_item(
    *,
    delegation: Delegation,
    user,
    title: str,
    starts_at: datetime.datetime,
    time_zone: str,
    ends_at: datetime.datetime | None = None,
    counterparts: Sequence = (),
    counterpart_organizations: Sequence = (),
    **fields,
) -> ItineraryItem:
    """Add an item at aware `starts_at`/`ends_at` in the IANA `time_zone` of its place."""
    for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        if value is not None and timezone.is_naive(value):
            raise ValidationError({name: _("A date and time must carry its time zone.")})
    item = ItineraryItem(
        delegation=delegation, title=title, starts_at=starts_at, ends_at=ends_at, time_zone=time_zone, **fields
    )
    item.full_clean()
    # Parental many-to-many values are kept in memory and written by save().
    item.counterparts.set(counterparts)
    item.counterpart_organizations.set(counterpart_organizations)
    item.save()
    log(
        instance=delegation,
        action="events.itinerary_item_added",
        user=user,
        data={"item": item.pk, "title": title, "starts_at": starts_at.isoformat(), "time_zone": time_zone},
    )
    return item


@transaction.atomic
def record_item_as_engagement(*, item: ItineraryItem, user, now: datetime.datetime | None = None) -> Engagement:
    """Turn a meeting on the itinerary that has happened into a logged engagement, linked to the item.

    Idempotent: a second call (a double click, two planners at once) returns the engagement already made; the item
    row is locked while it is checked. The engagement takes the item's time, zone, place and counterparts, the
    delegation's staff, partners, measure and confidentiality.
    """
    item = ItineraryItem.objects.select_for_update().get(pk=item.pk)
    if item.engagement_id:
        return Engagement.objects.get(pk=item.engagement_id)
    if not item.can_become_engagement:
        raise ValidationError(_("Only meetings, calls, visits, receptions and seminars become engagements."))
    if not item.has_happened(now):
        raise ValidationError(_("This item has not happened yet; record it as an engagement afterwards."))
    delegation = item.delegation
    staff = [member.user for member in delegation.members.filter(user__isnull=False).select_related("user")]
    if delegation.lead_id and delegation.lead not in staff:
        staff.append(delegation.lead)
    engagement = create_engagement(
        user=user,
        subject=item.title,
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        time_zone=item.time_zone,
        kind=ENGAGEMENT_KINDS[item.kind],
        location=item.location,
        summary=item.notes,
        measure=delegation.measure,
        confidentiality=delegation.confidentiality,
        people=list(item.counterparts.all()),
        staff=staff,
        missions=list(delegation.missions.all()),
        regions=list(delegation.regions.all()),
        organizations=list(item.counterpart_organizations.all()),
        countries=list(delegation.countries.all()),
    )
    item.engagement = engagement
    item.save(update_fields=["engagement"])
    log(
        instance=delegation,
        action="events.itinerary_item_recorded",
        user=user,
        data={"item": item.pk, "engagement": engagement.pk},
    )
    return engagement


@dataclass(frozen=True)
class VisitFollowUp:
    title: str
    owner: object
    due_on: datetime.date


@transaction.atomic
def record_visit_report(
    *, delegation: Delegation, user, report: str, follow_ups: Sequence[VisitFollowUp] = (), mark_done: bool = True
) -> list[FollowUp]:
    """Store the visit report, create its follow-ups (linked to the delegation) and, by default, mark it done.

    Follow-ups of a confidential delegation are confidential too, so that they reveal nothing to others.
    """
    before = delegation_fingerprint(delegation)
    changes = {"visit_report": {"before": delegation.visit_report, "after": report}}
    delegation.visit_report = report
    if mark_done and delegation.status not in (DelegationStatus.DONE, DelegationStatus.CANCELLED):
        changes["status"] = {"before": delegation.status, "after": DelegationStatus.DONE}
        delegation.status = DelegationStatus.DONE
    delegation.full_clean()
    delegation.save()
    created = [
        _visit_follow_up(delegation=delegation, user=user, title=draft.title, owner=draft.owner, due_on=draft.due_on)
        for draft in follow_ups
    ]
    record_delegation_change(
        delegation=delegation,
        before=before,
        user=user,
        changes={**changes, "follow_ups": {"before": None, "after": [item.pk for item in created]}},
    )
    return created


def _visit_follow_up(*, delegation: Delegation, user, title: str, owner, due_on: datetime.date) -> FollowUp:
    follow_up = add_follow_up(user=user, title=title, owner=owner, due_on=due_on)
    if delegation.confidentiality == Confidentiality.CONFIDENTIAL:
        # relations.add_follow_up makes stand-alone follow-ups internal; the delegation's secrecy must carry over.
        FollowUp.objects.filter(pk=follow_up.pk).update(confidentiality=Confidentiality.CONFIDENTIAL)
        follow_up.confidentiality = Confidentiality.CONFIDENTIAL
    delegation.follow_ups.add(follow_up)
    return follow_up


@transaction.atomic
def add_visit_follow_up(*, delegation: Delegation, user, title: str, owner, due_on: datetime.date) -> FollowUp:
    """A follow-up of the visit, linked to the delegation and as confidential as it is."""
    follow_up = _visit_follow_up(delegation=delegation, user=user, title=title, owner=owner, due_on=due_on)
    log(instance=delegation, action="events.follow_up_added", user=user, data={"follow_up": follow_up.pk})
    return follow_up


# Gifts ----------------------------------------------------------------------------------------------------


@transaction.atomic
def record_gift(*, user, **fields) -> Gift:
    """Register a gift given or received. Warnings (same item already given, ethics report due) are read with
    `events.selectors.earlier_gifts_of_same_item` and `Gift.needs_ethics_report`; they never block the record."""
    gift = Gift(created_by=user, **fields)
    gift.full_clean()
    gift.save()
    log(instance=gift, action="wagtail.create", user=user)
    return gift


@transaction.atomic
def mark_gift_reported(*, gift: Gift, user, reported_on: datetime.date | None = None) -> Gift:
    """Record that a received gift was reported under the ethics rules."""
    gift.reported_on = reported_on or timezone.localdate()
    gift.save(update_fields=["reported_on", "updated_at"])
    log(instance=gift, action="events.gift_reported", user=user, data={"reported_on": gift.reported_on.isoformat()})
    return gift
