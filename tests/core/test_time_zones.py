"""core.time_zones: the zones people choose from are places' zones, the country's zones come first."""

from django.conf import settings

from core.time_zones import (
    COMMON_TIME_ZONES,
    country_time_zones,
    is_time_zone,
    offered_time_zones,
    suggested_time_zones,
)


def test_offered_time_zones_are_the_places_of_the_tz_database_and_utc_sorted():
    zones = offered_time_zones()

    assert [zone in zones for zone in ("Asia/Tokyo", "Asia/Ho_Chi_Minh", "America/New_York", "UTC")] == [True] * 4
    assert sorted({"localtime", "posixrules", "Factory", "Japan"} & set(zones)) == []
    assert list(zones) == sorted(zones)


def test_the_account_page_offers_the_same_zones_and_none_a_browser_refuses():
    # Wagtail's default, every file of the zoneinfo folder, gave browsers "localtime" ("Invalid time zone").
    assert settings.WAGTAIL_USER_TIME_ZONES == offered_time_zones()
    assert "localtime" not in settings.WAGTAIL_USER_TIME_ZONES


def test_a_country_keeps_its_zones_in_the_order_of_the_tz_database():
    assert country_time_zones("vn") == ("Asia/Ho_Chi_Minh",)
    assert country_time_zones("JP") == ("Asia/Tokyo",)
    assert country_time_zones("KR") == ("Asia/Seoul",)
    assert country_time_zones("US")[:2] == ("America/New_York", "America/Detroit")
    assert country_time_zones("") == ()


def test_the_home_zone_comes_first_then_the_countries_then_the_common_ones_each_once():
    zones = suggested_time_zones(countries=["VN", "JP"])

    assert zones[:3] == ("Asia/Tokyo", "Asia/Ho_Chi_Minh", "Asia/Seoul")
    assert sorted(zones) == sorted(set(COMMON_TIME_ZONES))
    assert suggested_time_zones()[:2] == ("Asia/Tokyo", "Asia/Ho_Chi_Minh")


def test_the_chosen_zone_is_suggested_so_a_select_shows_it_before_every_zone_is_added():
    assert suggested_time_zones(value="Europe/Oslo")[-1] == "Europe/Oslo"
    assert suggested_time_zones(value="Japan")[-1] == "Japan"  # an alias a record may keep
    assert suggested_time_zones(value="Asia/Seoul") == suggested_time_zones()
    assert "Nowhere/Atlantis" not in suggested_time_zones(value="Nowhere/Atlantis")
    assert (is_time_zone("Japan"), is_time_zone("localtime"), is_time_zone("Nowhere/Atlantis")) == (True, False, False)
