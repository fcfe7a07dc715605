"""The IANA time zones people choose from, and the zones a country keeps.

Plain Python (settings read `offered_time_zones` for Wagtail's account page). `zoneinfo.available_timezones()`
lists every file under the system's zoneinfo folder, including "localtime", "posixrules" and "Factory", which are
no place's zone and which browsers refuse ("Invalid time zone specified: localtime" on Wagtail's account page).
The zones offered are those of the tz database's zone.tab, one or more for each country, and UTC; a record keeping
another valid name (an old alias such as "Japan") keeps it.
"""

import functools
import zoneinfo
from importlib import resources

HOME_TIME_ZONE = "Asia/Tokyo"

# Offered first, after the home zone and the place's country's zones: the countries a prefecture deals with most.
COMMON_TIME_ZONES = (
    "Asia/Tokyo",
    "Asia/Ho_Chi_Minh",
    "Asia/Seoul",
    "Asia/Shanghai",
    "Asia/Taipei",
    "Asia/Hong_Kong",
    "Asia/Bangkok",
    "Asia/Jakarta",
    "Asia/Manila",
    "Asia/Kuala_Lumpur",
    "Asia/Singapore",
    "Asia/Yangon",
    "Asia/Kolkata",
    "Asia/Dhaka",
    "Asia/Ulaanbaatar",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "UTC",
)

# Names in the zoneinfo folder that are files of the system, not zones of a place.
_NOT_PLACES = {"localtime", "posixrules", "Factory"}


@functools.cache
def _zone_table() -> tuple[tuple[str, str], ...]:
    """(country code, zone) rows of the tz database's zone.tab, as shipped by the pinned tzdata package."""
    text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return tuple((columns[0], columns[2]) for columns in rows)


@functools.cache
def valid_time_zones() -> frozenset[str]:
    """Every name `zoneinfo` can load as a place's zone."""
    return frozenset(zoneinfo.available_timezones() - _NOT_PLACES)


def is_time_zone(name: str) -> bool:
    return name in valid_time_zones()


@functools.cache
def offered_time_zones() -> tuple[str, ...]:
    """The zones a person chooses from, sorted: every zone of zone.tab, and UTC."""
    return tuple(sorted(({zone for _country, zone in _zone_table()} | {"UTC"}) & valid_time_zones()))


@functools.cache
def country_time_zones(code: str) -> tuple[str, ...]:
    """The zones of the country with ISO 3166-1 `code`, in zone.tab's order (the most populous area first)."""
    code = (code or "").upper()
    return tuple(zone for country, zone in _zone_table() if country == code)


def suggested_time_zones(*, countries=(), value: str = "") -> tuple[str, ...]:
    """The zones a time-zone box offers first: the home zone, the zones of `countries`, the common ones, and the
    chosen `value` when it is a valid zone (an old alias such as "Japan" too: a record keeps it)."""
    zones = [HOME_TIME_ZONE]
    for code in countries:
        zones.extend(country_time_zones(code))
    zones.extend(COMMON_TIME_ZONES)
    if value and is_time_zone(value):
        zones.append(value)
    return tuple(dict.fromkeys(zones))
