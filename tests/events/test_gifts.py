import datetime

import pytest
from django.contrib.auth.models import Permission

from core.choices import Confidentiality
from events.selectors import earlier_gifts_of_same_item, gifts_needing_report, gifts_visible_to
from events.services import mark_gift_reported, record_gift
from tests.factories.core import UserFactory
from tests.factories.events import DelegationFactory, DelegationMemberFactory, GiftFactory
from tests.factories.relations import EngagementFactory, MissionFactory, OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_earlier_gifts_of_same_item_warns_for_the_same_counterpart_whatever_the_spelling():
    user, ambassador, other = UserFactory(), PersonFactory(), PersonFactory()
    first = GiftFactory(person=ambassador, item="益子焼 花瓶", given_on=datetime.date(2028, 4, 1))
    GiftFactory(person=other, item="益子焼 花瓶")
    GiftFactory(person=ambassador, item="益子焼 花瓶", direction="received")
    GiftFactory(person=ambassador, item="日光彫 盆")

    new = record_gift(
        user=user, direction="given", given_on=datetime.date(2030, 5, 12), item="益子焼　花瓶", person=ambassador
    )

    assert list(earlier_gifts_of_same_item(user, new)) == [first]


def test_earlier_gifts_of_same_item_compares_organizations_and_ignores_received_gifts():
    user, embassy = UserFactory(), MissionFactory()
    earlier = GiftFactory(mission=embassy, item="Tochigi Strawberries")
    received = GiftFactory.build(mission=embassy, item="tochigi strawberries", direction="received")
    given = GiftFactory(mission=embassy, item="TOCHIGI STRAWBERRIES")

    assert (list(earlier_gifts_of_same_item(user, received)), list(earlier_gifts_of_same_item(user, given))) == (
        [],
        [earlier],
    )


def test_gift_threshold_flags_received_gifts_above_the_setting(settings):
    settings.KIZUNA_GIFT_REPORT_THRESHOLD_YEN = 10000
    user, person = UserFactory(), PersonFactory()
    above = GiftFactory(person=person, direction="received", value_yen=10001)
    GiftFactory(person=person, direction="received", value_yen=10000)
    GiftFactory(person=person, direction="given", value_yen=50000)
    GiftFactory(person=person, direction="received", value_yen=None)
    reported = GiftFactory(person=person, direction="received", value_yen=30000)
    mark_gift_reported(gift=reported, user=user, reported_on=datetime.date(2030, 5, 20))

    assert list(gifts_needing_report(user)) == [above]
    assert [above.needs_ethics_report, reported.needs_ethics_report] == [True, True]


def test_gift_threshold_defaults_to_five_thousand_yen(settings):
    del settings.KIZUNA_GIFT_REPORT_THRESHOLD_YEN
    gifts = [GiftFactory.build(direction="received", value_yen=value) for value in (5000, 5001)]

    assert [gift.needs_ethics_report for gift in gifts] == [False, True]


def test_gifts_visible_to_hides_confidential_gifts_and_gifts_of_hidden_delegations_and_engagements():
    viewer, author, traveller, cleared = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    cleared.user_permissions.add(Permission.objects.get(codename="view_confidential"))
    person = PersonFactory()
    secret_trip = DelegationFactory(confidentiality=Confidentiality.CONFIDENTIAL)
    DelegationMemberFactory(delegation=secret_trip, user=traveller)
    secret_meeting = EngagementFactory(confidentiality=Confidentiality.CONFIDENTIAL, created_by=author)
    open_gift = GiftFactory(person=person, item="open")
    secret_gift = GiftFactory(
        person=person, item="secret", confidentiality=Confidentiality.CONFIDENTIAL, created_by=author
    )
    on_secret_trip = GiftFactory(person=person, item="trip", delegation=secret_trip)
    at_secret_meeting = GiftFactory(organization=OrganizationFactory(), item="meeting", engagement=secret_meeting)

    def items(user):
        return sorted(gift.item for gift in gifts_visible_to(user))

    assert [items(user) for user in (viewer, author, traveller, cleared)] == [
        [open_gift.item],
        sorted([open_gift.item, secret_gift.item, at_secret_meeting.item]),
        sorted([open_gift.item, on_secret_trip.item]),
        sorted([open_gift.item, secret_gift.item, on_secret_trip.item, at_secret_meeting.item]),
    ]
