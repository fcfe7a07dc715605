"""Every visibility selector asks core.permissions whether an account is office staff: one rule, one place."""

import pytest

from attachments.selectors import attachments_visible_to
from core.choices import Confidentiality
from events.selectors import delegations_visible_to, events_visible_to, gifts_visible_to
from relations.selectors import engagements_visible_to, follow_ups_visible_to, ties_visible_to
from tests.factories.attachments import AttachmentFactory
from tests.factories.contacts import PersonFactory
from tests.factories.core import UserFactory
from tests.factories.events import DelegationFactory, EventFactory, GiftFactory, InternalEventFactory
from tests.factories.relations import EngagementFactory, FollowUpFactory, TieFactory

SELECTORS = [
    engagements_visible_to,
    follow_ups_visible_to,
    ties_visible_to,
    delegations_visible_to,
    gifts_visible_to,
    attachments_visible_to,
]


@pytest.mark.django_db
def test_permissions_signed_in_account_outside_the_office_sees_no_internal_record():
    outsider = UserFactory(is_staff=False)  # active and signed in, but no workspace access
    staff = UserFactory(is_staff=True)
    EngagementFactory()
    FollowUpFactory()
    TieFactory()
    DelegationFactory(confidentiality=Confidentiality.INTERNAL)
    GiftFactory(person=PersonFactory())
    AttachmentFactory()
    InternalEventFactory()
    public_event = EventFactory()

    assert [selector(outsider).count() for selector in SELECTORS] == [0, 0, 0, 0, 0, 0]
    assert list(events_visible_to(outsider)) == [public_event]
    assert [selector(staff).count() > 0 for selector in SELECTORS] == [True] * 6
    assert events_visible_to(staff).count() == 2
