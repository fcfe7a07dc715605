"""Writes of people and their posts.

Every function is keyword-only, runs in one transaction, validates before writing (bad input raises
ValidationError and nothing is saved), and records the action in Wagtail's audit log.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from partners.models import Mission, Organization, PartnerRegion
from partners.services import apply_changes, save_record

from .choices import ContactLabel, Rank
from .models import Person, PersonEmail, PersonPhone, Post


def _contact_rows(rows, model, value_field: str):
    """Accept ("label", "value") pairs, dicts, or bare values (labelled "work")."""
    for position, row in enumerate(rows or ()):
        if isinstance(row, dict):
            label, value = row.get("label", ContactLabel.WORK), row[value_field]
        elif isinstance(row, (tuple, list)):
            label, value = row
        else:
            label, value = ContactLabel.WORK, row
        yield model(label=label, sort_order=position, **{value_field: value})


@transaction.atomic
def create_person(
    *,
    user=None,
    emails: Iterable = (),
    phones: Iterable = (),
    tags: Iterable[str] = (),
    **fields,
) -> Person:
    """Create a person with labelled e-mails and phones. At least one name (native or romanized) is required."""
    person = Person(**fields)
    person.emails = list(_contact_rows(emails, PersonEmail, "address"))
    person.phones = list(_contact_rows(phones, PersonPhone, "number"))
    for child in [*person.emails.all(), *person.phones.all()]:
        child.full_clean(exclude=["person"])
    return save_record(person, user=user, tags=tags, action="wagtail.create")


@transaction.atomic
def update_person(
    *,
    person: Person,
    user=None,
    emails: Iterable | None = None,
    phones: Iterable | None = None,
    tags: Iterable[str] | None = None,
    **changes,
) -> Person:
    """Change a person's fields; `emails`, `phones` and `tags`, when given, replace the existing ones."""
    apply_changes(person, changes)
    if emails is not None:
        person.emails = list(_contact_rows(emails, PersonEmail, "address"))
    if phones is not None:
        person.phones = list(_contact_rows(phones, PersonPhone, "number"))
    return save_record(person, user=user, tags=tags, action="wagtail.edit")


def _previous_head(mission: Mission, start_date: datetime.date | None) -> Post | None:
    """The latest head-of-mission post at `mission` that began before `start_date` and has no successor yet."""
    # Locking the mission row serialises successions at one mission, so two new heads cannot both
    # claim the same predecessor.
    Mission.objects.select_for_update().filter(pk=mission.pk).first()
    candidates = Post.objects.filter(mission=mission, is_head_of_mission=True, successor__isnull=True)
    if start_date is not None:
        candidates = candidates.filter(start_date__lt=start_date)
    return candidates.order_by(F("start_date").desc(nulls_last=True), "-id").first()


@transaction.atomic
def start_post(
    *,
    person: Person,
    title: str,
    mission: Mission | None = None,
    organization: Organization | None = None,
    region: PartnerRegion | None = None,
    title_ja: str = "",
    rank: str = Rank.OTHER,
    is_head_of_mission: bool = False,
    start_date: datetime.date | None = None,
    credentials_presented_on: datetime.date | None = None,
    user=None,
) -> Post:
    """Record that `person` takes up a post at exactly one mission, organization or partner region.

    For a new head of mission, the previous head's post at that mission is ended the day before
    `start_date` (if it is still open) and becomes the new post's predecessor, so the succession chain
    is kept without anyone typing it.
    """
    post = Post(
        person=person,
        mission=mission,
        organization=organization,
        region=region,
        title=title,
        title_ja=title_ja,
        rank=rank,
        is_head_of_mission=is_head_of_mission,
        start_date=start_date,
        credentials_presented_on=credentials_presented_on,
    )
    if credentials_presented_on and not is_head_of_mission:
        raise ValidationError(
            {"credentials_presented_on": _("Only a head of mission presents credentials.")}, code="not_head"
        )
    if credentials_presented_on and start_date and credentials_presented_on < start_date:
        raise ValidationError(
            {"credentials_presented_on": _("Credentials cannot be presented before the post starts.")},
            code="credentials_before_start",
        )
    if is_head_of_mission and mission is not None:
        previous = _previous_head(mission, start_date)
        if previous is not None:
            if previous.person_id == person.id and previous.end_date is None:
                raise ValidationError(_("This person already heads this mission."), code="already_head")
            if previous.end_date is None:
                if start_date is None:
                    raise ValidationError(
                        {"start_date": _("Enter the start date: the current head's post ends the day before.")},
                        code="start_date_needed",
                    )
                end_post(post=previous, end_date=start_date - datetime.timedelta(days=1), user=user)
            post.predecessor = previous
    return save_record(post, user=user, action="kizuna.post.start")


@transaction.atomic
def end_post(*, post: Post, end_date: datetime.date, user=None) -> Post:
    """Close a post on `end_date` (inclusive). The post and its succession links are kept as history."""
    if post.start_date and end_date < post.start_date:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")}, code="end_before_start")
    post.end_date = end_date
    return save_record(post, user=user, action="kizuna.post.end")


@transaction.atomic
def update_post(*, post: Post, user=None, **changes) -> Post:
    apply_changes(post, changes)
    return save_record(post, user=user, action="wagtail.edit")
