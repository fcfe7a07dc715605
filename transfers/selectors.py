from core.permissions import may_see_confidential

from .models import ImportRecord


def import_records_visible_to(user):
    """Each importer's own uploads; the whole history only to users who may see every confidential record.

    An upload holds its rows (the file, the preview, the rows returned to fix), which may describe confidential
    records: reading another importer's files is reading those records.
    """
    if not (user and user.is_authenticated and user.is_active and user.has_perm("transfers.import_records")):
        return ImportRecord.objects.none()
    if may_see_confidential(user):
        return ImportRecord.objects.all()
    return ImportRecord.objects.filter(user=user)


def records_hidden_from(user, model) -> set:
    """Primary keys of the `model` records that `user` may not see (its visibility selector), in one query.

    An import row whose key matches one of them is refused as if no such record existed. `user` None is the
    command line (`import_records`), run by operators who hold the database itself: nothing is hidden.
    A model without a selector has no confidential records: nothing is hidden either.
    """
    selector = _visibility_selectors().get(model)
    if user is None or selector is None:
        return set()
    return set(model._default_manager.exclude(pk__in=selector(user).values("pk")).values_list("pk", flat=True))


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
    return resource.readable_by(resource.get_queryset().filter(pk__in=selector(user).values("pk")), user)
