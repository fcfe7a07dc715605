"""Keeps PartnerEngagementDates in step with every write that goes through the ORM one record at a time.

Services, the snippet forms, imports and tests all end in `Engagement.save()`, `.delete()` or a change of the
`missions` / `regions` links (from either side), so receivers here see every one of them; bulk writes that send no
signals call `services.refresh_partner_engagement_dates` themselves.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from trust.backup import backup_restored, register_derived

from .models import Engagement, PartnerEngagementDates, PartnerUpcomingEngagement
from .services import refresh_partner_engagement_dates


def _linked_partners(engagement) -> dict:
    return {
        "mission_ids": list(engagement.missions.values_list("pk", flat=True)),
        "region_ids": list(engagement.regions.values_list("pk", flat=True)),
    }


def _engagement_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        # loaddata (a backup being restored) sets the links right after this raw save; the restore refreshes
        # every partner once at the end instead of once per engagement.
        instance._loaded_raw = True
        return
    if created:  # no links yet: they are added after the save, and each addition refreshes
        return
    refresh_partner_engagement_dates(**_linked_partners(instance))


def _engagement_deleting(sender, instance, **kwargs):
    instance._partners_before_delete = _linked_partners(instance)


def _engagement_deleted(sender, instance, **kwargs):
    partners = getattr(instance, "_partners_before_delete", None)
    if partners:
        refresh_partner_engagement_dates(**partners)


def _links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    link, keyword = ("missions", "mission_ids") if sender is Engagement.missions.through else ("regions", "region_ids")
    if action == "pre_clear" and not reverse:
        instance._partners_before_clear = list(getattr(instance, link).values_list("pk", flat=True))
    if action not in ("post_add", "post_remove", "post_clear") or getattr(instance, "_loaded_raw", False):
        return
    if reverse:  # mission.engagements.add(...): the partner is the instance
        partner_ids = [instance.pk]
    elif action == "post_clear":
        partner_ids = getattr(instance, "_partners_before_clear", [])
    else:
        partner_ids = pk_set or ()
    refresh_partner_engagement_dates(**{keyword: partner_ids})


def _backup_restored(sender, using, **kwargs):
    refresh_partner_engagement_dates(everyone=True)


def connect() -> None:
    register_derived(PartnerEngagementDates, PartnerUpcomingEngagement)
    backup_restored.connect(_backup_restored, dispatch_uid="relations-dates-restored")
    post_save.connect(_engagement_saved, sender=Engagement, dispatch_uid="relations-dates-saved")
    pre_delete.connect(_engagement_deleting, sender=Engagement, dispatch_uid="relations-dates-deleting")
    post_delete.connect(_engagement_deleted, sender=Engagement, dispatch_uid="relations-dates-deleted")
    for through in (Engagement.missions.through, Engagement.regions.through):
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"relations-dates-{through.__name__}")
