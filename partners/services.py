"""Writes of partner regions, missions and organizations.

Every function is keyword-only, runs in one transaction, validates the record (model and database
constraints) before writing, and records the action in Wagtail's audit log.
"""

from collections.abc import Iterable

from django.db import models, transaction
from django.utils.text import slugify
from wagtail.log_actions import log

from .models import Mission, Organization, PartnerRegion


def save_record(instance: models.Model, *, user=None, tags: Iterable[str] | None = None, action: str) -> models.Model:
    """Validate and save `instance` (and its tags when given), then log `action`. Shared by every app's services."""
    instance.full_clean()
    if tags is not None:
        instance.tags.set(list(tags))
    instance.save()
    log(instance, action, user=user)
    return instance


def apply_changes(instance: models.Model, changes: dict) -> None:
    field_names = {field.name for field in instance._meta.concrete_fields}
    unknown = set(changes) - field_names
    if unknown:
        raise TypeError(f"Unknown fields for {type(instance).__name__}: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(instance, name, value)


def unique_region_slug(name: str, *, exclude_id: int | None = None) -> str:
    base = slugify(name)[:90] or "region"
    slug, number = base, 2
    taken = PartnerRegion.objects.exclude(id=exclude_id) if exclude_id else PartnerRegion.objects.all()
    while taken.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def create_partner_region(*, user=None, tags: Iterable[str] = (), **fields) -> PartnerRegion:
    """Create a partner region; the slug is derived from the name when not given."""
    region = PartnerRegion(**fields)
    if not region.slug:
        region.slug = unique_region_slug(region.name)
    return save_record(region, user=user, tags=tags, action="wagtail.create")


@transaction.atomic
def update_partner_region(*, region: PartnerRegion, user=None, tags: Iterable[str] | None = None, **changes):
    apply_changes(region, changes)
    return save_record(region, user=user, tags=tags, action="wagtail.edit")


@transaction.atomic
def create_mission(*, user=None, tags: Iterable[str] = (), **fields) -> Mission:
    """Create a mission in Japan. A consulate may name the embassy it reports to as `parent`."""
    return save_record(Mission(**fields), user=user, tags=tags, action="wagtail.create")


@transaction.atomic
def update_mission(*, mission: Mission, user=None, tags: Iterable[str] | None = None, **changes) -> Mission:
    apply_changes(mission, changes)
    return save_record(mission, user=user, tags=tags, action="wagtail.edit")


@transaction.atomic
def create_organization(*, user=None, tags: Iterable[str] = (), **fields) -> Organization:
    return save_record(Organization(**fields), user=user, tags=tags, action="wagtail.create")


@transaction.atomic
def update_organization(
    *, organization: Organization, user=None, tags: Iterable[str] | None = None, **changes
) -> Organization:
    apply_changes(organization, changes)
    return save_record(organization, user=user, tags=tags, action="wagtail.edit")
