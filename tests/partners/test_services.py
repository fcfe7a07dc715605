import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from partners import services
from partners.choices import MissionKind, OrganizationKind, RegionLevel
from partners.models import Mission, PartnerRegion
from tests.factories.partners import country


def test_create_partner_region_derives_a_unique_slug_and_logs(staff_user):
    first = services.create_partner_region(
        name="Gyeonggi Province",
        name_native="경기도",
        level=RegionLevel.PROVINCE,
        country=country("KR"),
        user=staff_user,
    )
    second = services.create_partner_region(name="Gyeonggi Province", country=country("KR"), tags=["sister"])

    assert (first.slug, second.slug) == ("gyeonggi-province", "gyeonggi-province-2")
    assert list(second.tags.names()) == ["sister"]
    entry = ModelLogEntry.objects.for_instance(first).get()
    assert (entry.action, entry.user) == ("wagtail.create", staff_user)


def test_create_mission_rejects_bad_input_and_writes_nothing(db):
    with pytest.raises(ValidationError) as error:
        services.create_mission(name="", kind="palace", country=country("VN"))

    assert set(error.value.message_dict) == {"name", "kind"}
    assert Mission.objects.count() == 0


def test_update_mission_changes_fields_tags_and_search_document(staff_user):
    mission = services.create_mission(name="Embassy of France", kind=MissionKind.EMBASSY, country=country("FR"))

    services.update_mission(mission=mission, name_ja="駐日フランス大使館", tags=["G7"], user=staff_user)

    mission.refresh_from_db()
    assert (mission.name_ja, list(mission.tags.names())) == ("駐日フランス大使館", ["G7"])
    assert list(Mission.objects.search("フランス")) == [mission]
    assert [entry.action for entry in ModelLogEntry.objects.for_instance(mission).order_by("id")] == [
        "wagtail.create",
        "wagtail.edit",
    ]


def test_update_rejects_unknown_fields(db):
    organization = services.create_organization(
        name="JETRO", kind=OrganizationKind.TRADE_PROMOTION, country=country("JP")
    )
    with pytest.raises(TypeError, match="colour"):
        services.update_organization(organization=organization, colour="red")


def test_update_partner_region_keeps_slug(db):
    region = services.create_partner_region(name="Oregon", level=RegionLevel.STATE, country=country("US"))
    services.update_partner_region(region=region, name="State of Oregon")
    assert PartnerRegion.objects.get().slug == "oregon"
