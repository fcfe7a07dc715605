import pytest
from django.contrib.auth.models import AnonymousUser, Permission

from core.choices import Confidentiality
from events.selectors import (
    delegations_of_member,
    delegations_visible_to,
    may_see_member_needs,
    public_delegations,
)
from tests.factories.core import UserFactory
from tests.factories.events import DelegationFactory, DelegationMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def delegations():
    public = DelegationFactory(title="public", confidentiality=Confidentiality.PUBLIC)
    internal = DelegationFactory(title="internal")
    secret = DelegationFactory(title="secret", confidentiality=Confidentiality.CONFIDENTIAL)
    return public, internal, secret


def test_delegations_visible_to_hides_confidential_from_staff_not_on_it(delegations):
    public, internal, _secret = delegations

    assert sorted(delegations_visible_to(UserFactory()), key=str) == [internal, public]


def test_delegations_visible_to_author_lead_member_and_cleared(delegations):
    public, internal, secret = delegations
    author, lead, member, cleared = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    secret.created_by, secret.lead = author, lead
    secret.save()
    DelegationMemberFactory(delegation=secret, user=member)
    cleared.user_permissions.add(Permission.objects.get(codename="view_confidential"))

    assert [sorted(delegations_visible_to(user), key=str) for user in (author, lead, member, cleared)] == [
        [internal, public, secret]
    ] * 4


def test_delegations_visible_to_anonymous_is_announced_public_only(delegations):
    public, _internal, _secret = delegations
    DelegationFactory(confidentiality=Confidentiality.PUBLIC, status="idea")

    assert (list(delegations_visible_to(AnonymousUser())), list(public_delegations())) == ([public], [public])


def test_delegations_of_member_lists_lead_and_staff_members_only(delegations):
    public, internal, secret = delegations
    user = UserFactory()
    internal.lead = user
    internal.save()
    DelegationMemberFactory(delegation=secret, user=user)
    DelegationMemberFactory(delegation=public, user=UserFactory())

    assert sorted(delegations_of_member(user), key=str) == [internal, secret]


def test_may_see_member_needs_only_planners_and_personal_details_permission(delegations):
    _public, internal, _secret = delegations
    lead, member, colleague, cleared = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    internal.lead = lead
    internal.save()
    DelegationMemberFactory(delegation=internal, user=member)
    cleared.user_permissions.add(Permission.objects.get(codename="view_personal_details"))

    assert [may_see_member_needs(user, internal) for user in (lead, member, colleague, cleared, AnonymousUser())] == [
        True,
        True,
        False,
        True,
        False,
    ]
