import pytest
from django.db import IntegrityError, transaction

from partners.models import Country, Mission, PartnerRegion
from tests.factories.partners import MissionFactory, PartnerRegionFactory, country


def test_country_data_ships_every_iso_country_with_japanese_names(db):
    assert Country.objects.count() == 249
    assert (country("VN").name_en, country("VN").name_ja) == ("Viet Nam", "ベトナム")
    assert (country("KR").name_en, country("KR").name_ja) == ("Republic of Korea", "韓国")


def test_country_code_must_be_two_capital_letters(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Country.objects.create(code="v1", name_en="Nowhere", name_ja="どこでもない")


def test_mission_cannot_be_its_own_parent(db):
    mission = MissionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Mission.objects.filter(pk=mission.pk).update(parent=mission)


def test_partner_region_slug_is_unique(db):
    PartnerRegionFactory(slug="gyeonggi")
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerRegionFactory(slug="gyeonggi")


def test_partner_region_save_computes_search_document(db):
    region = PartnerRegionFactory(name="Quang Nam Province", name_native="Tỉnh Quảng Nam", name_ja="クアンナム省")
    assert region.search_document == (
        "quang nam province | quangnamprovince | tinh quang nam | tinhquangnam | くあんなむ省"
    )


def test_bulk_create_computes_search_document(db):
    PartnerRegion.objects.bulk_create(
        [PartnerRegion(name="Gyeonggi Province", name_native="경기도", slug="gyeonggi", country=country("KR"))]
    )
    assert list(PartnerRegion.objects.search("경기도").values_list("slug", flat=True)) == ["gyeonggi"]


def test_bulk_update_recomputes_search_document(db):
    region = PartnerRegionFactory(name="Old name")
    region.name = "Bac Ninh"
    PartnerRegion.objects.bulk_update([region], ["name"])
    assert list(PartnerRegion.objects.search("bắc ninh")) == [region]
