"""Every meaningful write in relations. Keyword-only, atomic, recorded in Wagtail's audit log."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Max, Min, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core.choices import Confidentiality
from core.validators import validate_tag_names

from .choices import CommitmentStatus, EngagementStatus, FollowUpStatus, Recurrence
from .models import (
    Commitment,
    DigestDelivery,
    Engagement,
    FollowUp,
    PartnerEngagementDates,
    PartnerUpcomingEngagement,
    Tie,
    TieInstrument,
)
from .selectors import anniversary_on, due_soon_days, with_engagement_visibility

ENGAGEMENT_FIELDS = (
    "kind",
    "status",
    "subject",
    "starts_at",
    "ends_at",
    "time_zone",
    "location",
    "summary",
    "outcomes",
    "measure",
    "confidentiality",
)
ENGAGEMENT_RELATIONS = ("people", "staff", "missions", "regions", "organizations", "countries")
# What a calendar subscriber sees (SUMMARY, DTSTART/DTEND, LOCATION, DESCRIPTION, STATUS, attendees, and whether
# the item shows as busy time only). A change to any of them must bump SEQUENCE (RFC 5545 3.8.7.4).
ENGAGEMENT_SUBSCRIBER_FIELDS = frozenset(
    {
        "kind",
        "status",
        "subject",
        "starts_at",
        "ends_at",
        "time_zone",
        "location",
        "summary",
        "outcomes",
        "confidentiality",
        "people",
        "staff",
    }
)
FOLLOW_UP_SUBSCRIBER_FIELDS = frozenset({"title", "due_on", "status", "owner", "confidentiality"})


@dataclass(frozen=True)
class FollowUpDraft:
    """A follow-up typed in together with its engagement."""

    title: str
    owner: object
    due_on: datetime.date


def _require_aware(value: datetime.datetime | None, field: str) -> None:
    if value is not None and timezone.is_naive(value):
        raise ValidationError({field: _("A date and time must carry its time zone.")})


def _audit_data(instance, fields: Iterable[str]) -> dict:
    data = {}
    for name in fields:
        value = getattr(instance, name)
        data[name] = value.isoformat() if hasattr(value, "isoformat") else str(value) if value is not None else None
    return data


# ---------------------------------------------------------------------------------------------------------------
# Engagements


def _check_tags(tags: Iterable[str]) -> None:
    """Tags follow the text rules of every one-line field, whatever form or caller gives them."""
    try:
        validate_tag_names(tags)
    except ValidationError as error:
        raise ValidationError({"tags": error.messages}) from None


@transaction.atomic
def create_engagement(
    *,
    user,
    subject: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None = None,
    time_zone: str = "Asia/Tokyo",
    kind: str = "meeting",
    status: str = EngagementStatus.CONFIRMED,
    location: str = "",
    summary: str = "",
    outcomes: str = "",
    measure=None,
    confidentiality: str = Confidentiality.INTERNAL,
    people: Sequence = (),
    staff: Sequence = (),
    missions: Sequence = (),
    regions: Sequence = (),
    organizations: Sequence = (),
    countries: Sequence = (),
    tags: Sequence[str] = (),
    follow_ups: Sequence[FollowUpDraft] = (),
) -> Engagement:
    """Records an engagement, its participants and its follow-ups (which inherit its confidentiality).

    The author is recorded as `created_by`; an invalid engagement or follow-up raises ValidationError and
    writes nothing.
    """
    _require_aware(starts_at, "starts_at")
    _require_aware(ends_at, "ends_at")
    _check_tags(tags)
    engagement = Engagement(
        created_by=user,
        subject=subject,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        kind=kind,
        status=status,
        location=location,
        summary=summary,
        outcomes=outcomes,
        measure=measure,
        confidentiality=confidentiality,
    )
    engagement.full_clean()
    engagement.save()
    for name, values in (
        ("people", people),
        ("staff", staff),
        ("missions", missions),
        ("regions", regions),
        ("organizations", organizations),
        ("countries", countries),
    ):
        if values:
            getattr(engagement, name).set(values)
    if tags:
        engagement.tags.set(list(tags))
    log(instance=engagement, action="wagtail.create", user=user, data=_audit_data(engagement, ENGAGEMENT_FIELDS))
    for draft in follow_ups:
        add_follow_up(user=user, engagement=engagement, title=draft.title, owner=draft.owner, due_on=draft.due_on)
    return engagement


@transaction.atomic
def update_engagement(*, engagement: Engagement, user, **changes) -> Engagement:
    """Applies `changes` (fields, participant lists, `tags`) and bumps `sequence` once when anything a calendar
    subscriber sees has changed. Follow-ups created from the engagement take its new confidentiality."""
    unknown = set(changes) - set(ENGAGEMENT_FIELDS) - set(ENGAGEMENT_RELATIONS) - {"tags"}
    if unknown:
        raise TypeError(f"update_engagement() got unexpected fields: {', '.join(sorted(unknown))}")
    _require_aware(changes.get("starts_at"), "starts_at")
    _require_aware(changes.get("ends_at"), "ends_at")
    changed: dict[str, dict] = {}
    for name in ENGAGEMENT_FIELDS:
        if name in changes and getattr(engagement, name) != changes[name]:
            before = getattr(engagement, name)
            setattr(engagement, name, changes[name])
            changed[name] = {"before": _audit_data_value(before), "after": _audit_data_value(changes[name])}
    relation_changes = {}
    for name in ENGAGEMENT_RELATIONS:
        if name in changes:
            new_ids = {item.pk for item in changes[name]}
            old_ids = set(getattr(engagement, name).values_list("pk", flat=True))
            if new_ids != old_ids:
                relation_changes[name] = changes[name]
                changed[name] = {"before": sorted(old_ids), "after": sorted(new_ids)}
    if "tags" in changes:
        _check_tags(str(tag) for tag in changes["tags"])
        new_tags = sorted(str(tag) for tag in changes["tags"])
        old_tags = sorted(engagement.tags.names())
        if new_tags != old_tags:
            changed["tags"] = {"before": old_tags, "after": new_tags}
    if not changed:
        return engagement
    if ENGAGEMENT_SUBSCRIBER_FIELDS & changed.keys():
        engagement.sequence += 1
    engagement.full_clean()
    engagement.save()
    for name, values in relation_changes.items():
        getattr(engagement, name).set(values)
    if "tags" in changed:
        engagement.tags.set(changed["tags"]["after"])
    if "confidentiality" in changed:
        for follow_up in engagement.follow_ups.exclude(confidentiality=engagement.confidentiality):
            follow_up.confidentiality = engagement.confidentiality
            follow_up.sequence += 1
            follow_up.save(update_fields=["confidentiality", "sequence", "updated_at"])
    log(instance=engagement, action="wagtail.edit", user=user, data={"changes": changed}, content_changed=True)
    return engagement


def _audit_data_value(value):
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


@transaction.atomic
def cancel_engagement(*, engagement: Engagement, user) -> Engagement:
    """Marks the engagement cancelled (it stays in calendar feeds as cancelled); its open follow-ups stay open."""
    return update_engagement(engagement=engagement, user=user, status=EngagementStatus.CANCELLED)


# ---------------------------------------------------------------------------------------------------------------
# When partners were last engaged (derived data for the cold-relationships panel)

# (Engagement's many-to-many field, PartnerEngagementDates' field, the link table's partner column)
PARTNER_LINKS = (("missions", "mission", "mission_id"), ("regions", "region", "partnerregion_id"))
DATE_FIELDS = ("last_started_at", "next_starts_at", "last_confidential_started_at", "next_confidential_starts_at")


@transaction.atomic
def refresh_partner_engagement_dates(
    *, mission_ids: Iterable[int] = (), region_ids: Iterable[int] = (), everyone: bool = False, now=None
) -> None:
    """Recomputes the PartnerEngagementDates of these missions and regions (of all of them with `everyone`),
    and their PartnerUpcomingEngagement rows (the starts after `now`).

    relations.signals calls it on every change of an engagement's start, status, confidentiality, partner links
    or existence; writes that send no signals (bulk inserts of the demo seed, the migration that fills the table)
    call it themselves. The partners' rows are locked first, so two transactions touching one partner recompute
    one after the other and the later one sees the other's engagements. Derived data: not in the audit log.
    """
    now = now or timezone.now()
    scopes = {"mission": set(mission_ids), "region": set(region_ids)}
    for link, field, column in PARTNER_LINKS:
        ids = sorted(scopes[field])
        if not (ids or everyone):
            continue
        partner_model = Engagement._meta.get_field(link).related_model
        through = getattr(Engagement, link).through
        links = through.objects.exclude(engagement__status=EngagementStatus.CANCELLED)
        if not everyone:
            list(partner_model.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
            links = links.filter(**{f"{column}__in": ids})
        confidential = Q(engagement__confidentiality=Confidentiality.CONFIDENTIAL)
        started = Q(engagement__starts_at__lte=now)
        rows = {
            row.pop(column): row
            for row in links.order_by()
            .values(column)
            .annotate(
                last_started_at=Max("engagement__starts_at", filter=started & ~confidential),
                next_starts_at=Min("engagement__starts_at", filter=~started & ~confidential),
                last_confidential_started_at=Max("engagement__starts_at", filter=started & confidential),
                next_confidential_starts_at=Min("engagement__starts_at", filter=~started & confidential),
            )
        }
        empty = dict.fromkeys(DATE_FIELDS)
        dates = [
            PartnerEngagementDates(**{f"{field}_id": pk}, computed_at=now, **rows.get(pk, empty))
            for pk in (rows if everyone else ids)
        ]
        PartnerEngagementDates.objects.bulk_create(
            dates,
            batch_size=500,
            update_conflicts=True,
            unique_fields=[field],
            update_fields=["computed_at", *DATE_FIELDS],
        )
        if everyone:
            PartnerEngagementDates.objects.filter(**{f"{field}__isnull": False}).exclude(
                **{f"{field}_id__in": links.values(column)}
            ).update(computed_at=now, **empty)
        stale = PartnerUpcomingEngagement.objects.filter(
            **({f"{field}__isnull": False} if everyone else {f"{field}_id__in": ids})
        )
        # A plain DELETE: derived rows, not records, so no per-row signals and no audit entries.
        stale._raw_delete(stale.db)
        PartnerUpcomingEngagement.objects.bulk_create(
            [
                PartnerUpcomingEngagement(
                    **{f"{field}_id": pk},
                    starts_at=starts_at,
                    is_confidential=confidentiality == Confidentiality.CONFIDENTIAL,
                )
                for pk, starts_at, confidentiality in links.filter(engagement__starts_at__gt=now).values_list(
                    column, "engagement__starts_at", "engagement__confidentiality"
                )
            ],
            batch_size=500,
        )


# ---------------------------------------------------------------------------------------------------------------
# Follow-ups


@transaction.atomic
def add_follow_up(
    *,
    user,
    title: str,
    owner,
    due_on: datetime.date,
    engagement: Engagement | None = None,
    commitment: Commitment | None = None,
) -> FollowUp:
    """Creates an open follow-up. Its confidentiality is that of the engagement, or of the commitment's tie."""
    if engagement is not None:
        confidentiality = engagement.confidentiality
    elif commitment is not None:
        confidentiality = commitment.instrument.tie.confidentiality
    else:
        confidentiality = Confidentiality.INTERNAL
    follow_up = FollowUp(
        created_by=user,
        title=title,
        owner=owner,
        due_on=due_on,
        engagement=engagement,
        commitment=commitment,
        confidentiality=confidentiality,
    )
    follow_up.full_clean()
    follow_up.save()
    log(
        instance=follow_up,
        action="wagtail.create",
        user=user,
        data=_audit_data(follow_up, ("title", "due_on", "owner", "confidentiality")),
    )
    return follow_up


@transaction.atomic
def update_follow_up(*, follow_up: FollowUp, user, **changes) -> FollowUp:
    """Applies changes to title, owner, due date or note and bumps `sequence` when a subscriber would notice."""
    allowed = {"title", "owner", "due_on", "done_note"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"update_follow_up() got unexpected fields: {', '.join(sorted(unknown))}")
    changed = {}
    for name, value in changes.items():
        if getattr(follow_up, name) != value:
            changed[name] = {
                "before": _audit_data_value(getattr(follow_up, name)),
                "after": _audit_data_value(value),
            }
            setattr(follow_up, name, value)
    if not changed:
        return follow_up
    if FOLLOW_UP_SUBSCRIBER_FIELDS & changed.keys():
        follow_up.sequence += 1
    follow_up.full_clean()
    follow_up.save()
    log(instance=follow_up, action="wagtail.edit", user=user, data={"changes": changed}, content_changed=True)
    return follow_up


@transaction.atomic
def complete_follow_up(*, follow_up: FollowUp, user, done_on: datetime.date | None = None, note: str = "") -> FollowUp:
    """Marks an open follow-up done on `done_on` (today by default) with an optional note."""
    if follow_up.status != FollowUpStatus.OPEN:
        raise ValidationError(_("Only an open follow-up can be completed."))
    follow_up.status = FollowUpStatus.DONE
    follow_up.done_on = done_on or timezone.localdate()
    follow_up.done_note = note
    follow_up.sequence += 1
    follow_up.save()
    log(
        instance=follow_up,
        action="relations.follow_up.complete",
        user=user,
        data={"done_on": follow_up.done_on.isoformat(), "note": note},
    )
    return follow_up


@transaction.atomic
def cancel_follow_up(*, follow_up: FollowUp, user, note: str = "") -> FollowUp:
    if follow_up.status != FollowUpStatus.OPEN:
        raise ValidationError(_("Only an open follow-up can be cancelled."))
    follow_up.status = FollowUpStatus.CANCELLED
    follow_up.done_note = note
    follow_up.sequence += 1
    follow_up.save()
    log(instance=follow_up, action="relations.follow_up.cancel", user=user, data={"note": note})
    return follow_up


@transaction.atomic
def reopen_follow_up(*, follow_up: FollowUp, user) -> FollowUp:
    follow_up.status = FollowUpStatus.OPEN
    follow_up.done_on = None
    follow_up.sequence += 1
    follow_up.save()
    log(instance=follow_up, action="relations.follow_up.reopen", user=user)
    return follow_up


# ---------------------------------------------------------------------------------------------------------------
# Ties, instruments, commitments

TIE_FIELDS = (
    "local_party",
    "partner_region",
    "country",
    "kind",
    "status",
    "established_on",
    "ended_on",
    "measure",
    "notes",
    "confidentiality",
)


@transaction.atomic
def create_tie(
    *,
    user,
    partner_region=None,
    country=None,
    local_party=None,
    kind: str,
    status: str,
    established_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
    measure=None,
    notes: str = "",
    confidentiality: str = Confidentiality.INTERNAL,
) -> Tie:
    """Records a tie with exactly one partner (a region or a country)."""
    tie = Tie(
        created_by=user,
        partner_region=partner_region,
        country=country,
        local_party=local_party,
        kind=kind,
        status=status,
        established_on=established_on,
        ended_on=ended_on,
        measure=measure,
        notes=notes,
        confidentiality=confidentiality,
    )
    tie.full_clean()
    tie.save()
    log(instance=tie, action="wagtail.create", user=user, data=_audit_data(tie, ("kind", "status", "established_on")))
    return tie


@transaction.atomic
def update_tie(*, tie: Tie, user, **changes) -> Tie:
    unknown = set(changes) - set(TIE_FIELDS)
    if unknown:
        raise TypeError(f"update_tie() got unexpected fields: {', '.join(sorted(unknown))}")
    changed = {}
    for name, value in changes.items():
        if getattr(tie, name) != value:
            changed[name] = {"before": _audit_data_value(getattr(tie, name)), "after": _audit_data_value(value)}
            setattr(tie, name, value)
    if changed:
        tie.full_clean()
        tie.save()
        log(instance=tie, action="wagtail.edit", user=user, data={"changes": changed}, content_changed=True)
    return tie


@dataclass(frozen=True)
class CommitmentDraft:
    text: str
    due_on: datetime.date | None = None
    recurrence: str = Recurrence.ONCE


@transaction.atomic
def add_instrument(
    *,
    tie: Tie,
    user,
    kind: str,
    title: str,
    signed_on: datetime.date,
    place: str = "",
    signatories: Sequence = (),
    document=None,
    notes: str = "",
    commitments: Sequence[CommitmentDraft] = (),
) -> TieInstrument:
    """Adds a dated instrument to the tie's history with its signatories and commitments; logged on the tie."""
    instrument = TieInstrument(
        tie=tie, kind=kind, title=title, signed_on=signed_on, place=place, document=document, notes=notes
    )
    instrument.full_clean()
    instrument.save()
    if signatories:
        # A ParentalManyToManyField writes its rows when the instance is saved.
        instrument.signatories.set(signatories)
        instrument.save()
    for draft in commitments:
        commitment = Commitment(
            instrument=instrument, text=draft.text, due_on=draft.due_on, recurrence=draft.recurrence
        )
        commitment.full_clean()
        commitment.save()
    log(
        instance=tie,
        action="relations.tie.add_instrument",
        user=user,
        data={"instrument": instrument.pk, "title": title, "signed_on": signed_on.isoformat()},
    )
    return instrument


@transaction.atomic
def add_commitment(
    *, instrument: TieInstrument, user, text: str, due_on: datetime.date | None = None, recurrence=Recurrence.ONCE
) -> Commitment:
    commitment = Commitment(instrument=instrument, text=text, due_on=due_on, recurrence=recurrence)
    commitment.full_clean()
    commitment.save()
    log(
        instance=instrument.tie,
        action="relations.tie.add_commitment",
        user=user,
        data={"commitment": commitment.pk, "text": text},
    )
    return commitment


@transaction.atomic
def complete_commitment(
    *, commitment: Commitment, user, done_on: datetime.date | None = None, note: str = ""
) -> Commitment:
    """Records that the commitment was kept on `done_on`. A recurring commitment stays open and its due date
    moves to the next occurrence; a one-off commitment becomes done."""
    if commitment.status != CommitmentStatus.OPEN:
        raise ValidationError(_("Only an open commitment can be completed."))
    done_on = done_on or timezone.localdate()
    commitment.done_on = done_on
    step = {Recurrence.YEARLY: 1, Recurrence.EVERY_TWO_YEARS: 2}.get(commitment.recurrence)
    if step:
        base = commitment.due_on or done_on
        commitment.due_on = anniversary_on(base, base.year + step)
    else:
        commitment.status = CommitmentStatus.DONE
    if note:
        commitment.notes = f"{commitment.notes}\n{done_on.isoformat()}: {note}".strip()
    commitment.save()
    log(
        instance=commitment.instrument.tie,
        action="relations.tie.complete_commitment",
        user=user,
        data={"commitment": commitment.pk, "done_on": done_on.isoformat(), "note": note},
    )
    return commitment


# ---------------------------------------------------------------------------------------------------------------
# The daily follow-up digest


@dataclass(frozen=True)
class DigestResult:
    sent: int
    already_sent: int


def _preferred_language(user) -> str:
    profile = getattr(user, "wagtail_userprofile", None)
    return (profile.preferred_language if profile and profile.preferred_language else "") or settings.LANGUAGE_CODE


def digest_message_id(user, day: datetime.date) -> str:
    """The same Message-ID for the same (user, day): should a worker die between handing the mail to the server
    and committing its delivery row, the re-run's copy is recognisably the same message, and mail systems
    de-duplicate it."""
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"
    return f"<follow-up-digest.{user.pk}.{day:%Y%m%d}@{host}>"


def send_follow_up_digests(*, today: datetime.date | None = None) -> DigestResult:
    """E-mails each active owner one digest of their open follow-ups that are overdue or due within
    KIZUNA_DUE_SOON_DAYS. Users with nothing due get nothing; a user already sent a digest `today` gets nothing
    new.

    Each user's delivery row is written in the same transaction as the send: if the mail server refuses, the row
    is rolled back and a re-run retries that user. The unique (user, day) row is what makes re-runs harmless,
    also when two workers run at once.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=due_soon_days())
    owner_ids = (
        FollowUp.objects.filter(status=FollowUpStatus.OPEN, due_on__lte=horizon, owner__is_active=True)
        .exclude(owner__email="")
        .exclude(owner__digest_deliveries__sent_on=today)
        .values_list("owner_id", flat=True)
        .distinct()
    )
    owners = get_user_model().objects.filter(pk__in=list(owner_ids)).select_related("wagtail_userprofile")
    sent = skipped = 0
    for owner in owners:
        items = list(
            with_engagement_visibility(
                FollowUp.objects.filter(owner=owner, status=FollowUpStatus.OPEN, due_on__lte=horizon), owner
            )
            .select_related("engagement", "commitment__instrument__tie")
            .order_by("due_on", "id")
        )
        overdue = [item for item in items if item.due_on < today]
        due_soon = [item for item in items if item.due_on >= today]
        try:
            with transaction.atomic():
                DigestDelivery.objects.create(
                    user=owner, sent_on=today, overdue_count=len(overdue), due_soon_count=len(due_soon)
                )
                with translation.override(_preferred_language(owner)):
                    context = {
                        "user": owner,
                        "today": today,
                        "overdue": overdue,
                        "due_soon": due_soon,
                        "base_url": settings.WAGTAILADMIN_BASE_URL,
                    }
                    subject = _("Kizuna: %(overdue)s overdue and %(due_soon)s due-soon follow-ups") % {
                        "overdue": len(overdue),
                        "due_soon": len(due_soon),
                    }
                    body = render_to_string("relations/email/follow_up_digest.txt", context)
                EmailMessage(
                    subject, body, None, [owner.email], headers={"Message-ID": digest_message_id(owner, today)}
                ).send()
        except IntegrityError:
            skipped += 1
            continue
        sent += 1
    return DigestResult(sent=sent, already_sent=skipped)
