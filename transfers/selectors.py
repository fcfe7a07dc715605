from .models import ImportRecord


def import_records_visible_to(user):
    """The import history is the office's: every holder of the import permission sees all of it."""
    if not (user and user.is_authenticated and user.is_active and user.has_perm("transfers.import_records")):
        return ImportRecord.objects.none()
    return ImportRecord.objects.all()


def _visibility_selectors():
    from contacts.models import Person
    from contacts.selectors import people_visible_to
    from events.models import Delegation, Event
    from events.selectors import delegations_visible_to, events_visible_to
    from partners.models import Mission, Organization, PartnerRegion
    from partners.selectors import missions_visible_to, organizations_visible_to, partner_regions_visible_to
    from relations.models import Commitment, Engagement, FollowUp, Tie, TieInstrument
    from relations.selectors import (
        commitments_visible_to,
        engagements_visible_to,
        follow_ups_visible_to,
        instruments_visible_to,
        ties_visible_to,
    )

    return {
        PartnerRegion: partner_regions_visible_to,
        Mission: missions_visible_to,
        Organization: organizations_visible_to,
        Person: people_visible_to,
        Tie: ties_visible_to,
        TieInstrument: instruments_visible_to,
        Commitment: commitments_visible_to,
        Engagement: engagements_visible_to,
        FollowUp: follow_ups_visible_to,
        Delegation: delegations_visible_to,
        Event: events_visible_to,
    }


def exportable_records(user, resource_name: str):
    """The records of a resource that `user` may take out: the model's own visibility selector decides.

    A resource whose model has no selector exports nothing, so a new resource cannot leak by omission.
    """
    from .registry import get_resource

    resource = get_resource(resource_name)
    model = resource.model
    selector = _visibility_selectors().get(model)
    if selector is None:
        return model._default_manager.none()
    return resource.get_queryset().filter(pk__in=selector(user).values("pk"))
