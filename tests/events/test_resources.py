from events.models import Delegation, DelegationMember, Event
from tests.factories.core import UserFactory
from tests.factories.events import DelegationFactory, DelegationMemberFactory, EventFactory
from tests.transfers.helpers import round_trip


def test_delegation_and_event_resources_round_trip(directory):
    delegation = DelegationFactory(lead=UserFactory(username="tanaka"))
    delegation.countries.set([directory["embassy"].country])
    DelegationMemberFactory(delegation=delegation, person=directory["ambassador"])
    event = EventFactory(title="Vietnam Festival", slug="vietnam-festival")
    event.missions.set([directory["embassy"]])

    def wipe():
        DelegationMember.objects.all().delete()
        Delegation.objects.all().delete()
        Event.objects.all().delete()

    first, second, results = round_trip(["delegations", "events"], wipe=wipe)

    assert {name: result.counts for name, result in results.items()} == {
        "delegations": {"new": 1, "update": 0, "skip": 0, "error": 0},
        "events": {"new": 1, "update": 0, "skip": 0, "error": 0},
    }
    assert second == first
    assert [member.person for member in Delegation.objects.get().members.all()] == [directory["ambassador"]]
    assert Event.objects.get().uid == event.uid
