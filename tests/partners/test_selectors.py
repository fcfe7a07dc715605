import pytest
from django.contrib.auth.models import AnonymousUser

from partners import selectors
from tests.factories.core import UserFactory
from tests.factories.partners import MissionFactory, OrganizationFactory, PartnerRegionFactory, country


@pytest.fixture
def records(db):
    return {
        "mission": MissionFactory(),
        "region": PartnerRegionFactory(),
        "organization": OrganizationFactory(),
    }


def visible(user):
    return (
        list(selectors.missions_visible_to(user)),
        list(selectors.partner_regions_visible_to(user)),
        list(selectors.organizations_visible_to(user)),
        selectors.countries_visible_to(user).count(),
    )


def test_staff_see_every_directory_record(records):
    staff = UserFactory(is_staff=True)
    assert visible(staff) == ([records["mission"]], [records["region"]], [records["organization"]], 249)


def test_anonymous_and_inactive_users_see_nothing(records):
    inactive = UserFactory(is_staff=True, is_active=False)
    assert visible(AnonymousUser()) == ([], [], [], 0)
    assert visible(inactive) == ([], [], [], 0)


def test_non_staff_account_sees_nothing(records):
    assert visible(UserFactory(is_staff=False)) == ([], [], [], 0)


def test_countries_with_counts_counts_each_relation_separately(records, staff_user):
    MissionFactory(country=country("VN"))
    PartnerRegionFactory(country=country("VN"))
    viet_nam = selectors.countries_with_counts(staff_user).get(code="VN")
    assert (viet_nam.mission_count, viet_nam.region_count, viet_nam.organization_count) == (2, 2, 0)
