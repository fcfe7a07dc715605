from partners.models import Mission, PartnerRegion
from tests.transfers.helpers import round_trip


def test_region_resource_round_trips(directory):
    first, second, results = round_trip(["regions"], wipe=lambda: PartnerRegion.objects.all().delete())

    assert results["regions"].counts == {"new": 1, "update": 0, "skip": 0, "error": 0}
    assert second == first
    region = PartnerRegion.objects.get()
    assert (region.slug, region.name_native, region.country.code, region.population) == (
        "gyeonggi",
        "경기도",
        "KR",
        13_600_000,
    )
    assert sorted(item.tag.name for item in region.tagged_items.all()) == ["sister region"]


def test_mission_resource_round_trips_with_parent_further_down_the_file(directory):
    def wipe():
        directory["ambassador"].posts.all().delete()
        Mission.objects.update(parent=None)
        Mission.objects.all().delete()

    first, second, results = round_trip(["missions"], wipe=wipe)

    assert results["missions"].counts == {"new": 2, "update": 0, "skip": 0, "error": 0}
    assert second == first
    consulate = Mission.objects.get(city="Osaka")
    assert consulate.parent.name == "Embassy of Viet Nam in Japan"
    assert Mission.objects.get(name_ja="駐日ベトナム大使館").phones == [{"label": "Main", "number": "03-3466-3311"}]


def test_organization_resource_round_trips_in_japanese_headings(directory):
    def wipe():
        directory["officer"].posts.all().delete()
        directory["jetro"].delete()

    first, second, results = round_trip(["organizations"], wipe=wipe, language="ja")

    assert results["organizations"].counts == {"new": 1, "update": 0, "skip": 0, "error": 0}
    assert (
        first["organizations"].decode("utf-8-sig").splitlines()[0]
        == "名称,名称（現地表記）,名称（日本語）,種別,国,ウェブサイト,メモ,タグ"
    )
    assert second == first
