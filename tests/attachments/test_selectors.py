import pytest

from attachments.selectors import attachments_of, attachments_visible_to
from core.choices import Confidentiality
from tests.factories.attachments import AttachmentFactory
from tests.factories.events import DelegationFactory, DelegationMemberFactory
from tests.factories.relations import EngagementFactory

CONFIDENTIAL = Confidentiality.CONFIDENTIAL
INTERNAL = Confidentiality.INTERNAL


@pytest.fixture
def people(user_in_role):
    return {
        "author": user_in_role("Staff"),
        "attendee": user_in_role("Staff"),
        "viewer": user_in_role("Viewers"),
        "manager": user_in_role("Managers"),
    }


@pytest.mark.django_db
def test_attachments_confidential_file_on_internal_engagement_only_for_author_attendee_and_cleared(people):
    engagement = EngagementFactory(confidentiality=INTERNAL)
    engagement.staff.add(people["attendee"])
    secret = AttachmentFactory(engagement=engagement, confidentiality=CONFIDENTIAL, created_by=people["author"])
    open_file = AttachmentFactory(engagement=engagement, confidentiality=INTERNAL)

    seen = {name: sorted(attachments_visible_to(user).values_list("pk", flat=True)) for name, user in people.items()}

    both = sorted([secret.pk, open_file.pk])
    assert seen == {"author": both, "attendee": both, "viewer": [open_file.pk], "manager": both}


@pytest.mark.django_db
def test_attachments_internal_file_on_confidential_engagement_hidden_with_its_parent(people):
    engagement = EngagementFactory(confidentiality=CONFIDENTIAL, created_by=people["author"])
    attachment = AttachmentFactory(engagement=engagement, confidentiality=INTERNAL, created_by=people["viewer"])

    seen = {name: list(attachments_visible_to(user)) for name, user in people.items()}

    # Even the file's own author loses it once the engagement it belongs to is confidential and not theirs.
    assert seen == {"author": [attachment], "attendee": [], "viewer": [], "manager": [attachment]}


@pytest.mark.django_db
def test_attachments_confidential_file_on_delegation_for_lead_and_staff_members(people):
    delegation = DelegationFactory(confidentiality=INTERNAL, lead=people["author"])
    DelegationMemberFactory(delegation=delegation, user=people["attendee"])
    attachment = AttachmentFactory(engagement=None, delegation=delegation, confidentiality=CONFIDENTIAL)

    seen = {name: list(attachments_visible_to(user)) for name, user in people.items()}

    assert seen == {"author": [attachment], "attendee": [attachment], "viewer": [], "manager": [attachment]}


@pytest.mark.django_db
def test_attachments_none_for_anonymous_and_inactive_accounts(people):
    from django.contrib.auth.models import AnonymousUser

    AttachmentFactory(confidentiality=INTERNAL)
    people["viewer"].is_active = False

    assert list(attachments_visible_to(AnonymousUser())) == []
    assert list(attachments_visible_to(people["viewer"])) == []


@pytest.mark.django_db
def test_attachments_of_a_parent_lists_only_its_visible_files(people, django_assert_max_num_queries):
    engagement = EngagementFactory()
    other = EngagementFactory()
    visible = AttachmentFactory.create_batch(3, engagement=engagement)
    AttachmentFactory(engagement=engagement, confidentiality=CONFIDENTIAL)
    AttachmentFactory(engagement=other)

    with django_assert_max_num_queries(3):
        rows = list(attachments_of(people["viewer"], engagement))

    assert sorted(row.pk for row in rows) == sorted(row.pk for row in visible)
