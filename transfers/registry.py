"""Every spreadsheet resource, by the name used in URLs and on the command line, in dependency order."""

from contacts.resources import PersonResource
from events.resources import DelegationResource, EventResource
from partners.resources import MissionResource, OrganizationResource, PartnerRegionResource
from relations.resources import (
    CommitmentResource,
    EngagementResource,
    FollowUpResource,
    TieInstrumentResource,
    TieResource,
)

RESOURCES = {
    resource.name: resource
    for resource in (
        PartnerRegionResource,
        MissionResource,
        OrganizationResource,
        PersonResource,
        TieResource,
        TieInstrumentResource,
        CommitmentResource,
        EngagementResource,
        FollowUpResource,
        DelegationResource,
        EventResource,
    )
}


def get_resource(name: str):
    """A fresh resource instance (resources keep per-file caches), or KeyError."""
    return RESOURCES[name]()
