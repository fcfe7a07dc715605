"""Kept reports go stale when a record they count is written: engagements, delegations, events, ties, instruments
and follow-ups, their links (countries, partners, staff) and a restored backup."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from trust.backup import backup_restored


def _counted_models():
    from events.models import Delegation, Event
    from relations.models import Engagement, FollowUp, Tie, TieInstrument

    return (Engagement, Delegation, Event, Tie, TieInstrument, FollowUp)


def _forget(**kwargs):
    from reports.selectors import forget_counted_reports

    forget_counted_reports()


def connect() -> None:
    for model in _counted_models():
        post_save.connect(_forget, sender=model, dispatch_uid=f"reports-saved-{model.__name__}")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"reports-deleted-{model.__name__}")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_forget, sender=through, dispatch_uid=f"reports-links-{through._meta.label}")
    backup_restored.connect(_forget, dispatch_uid="reports-restored")
