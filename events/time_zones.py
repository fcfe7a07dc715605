"""IANA time zones of places: validation, choices and local-time rendering.

Records store aware datetimes (UTC in the database) plus the IANA zone of the place, so that a meeting in
Hanoi is shown at 09:30 Hanoi time to a planner in Tokyo, and calendar feeds can write TZID.
"""

import datetime
import functools
import zoneinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_TIME_ZONE = "Asia/Tokyo"


@functools.cache
def time_zone_names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in time_zone_names()]


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(
            _("“%(value)s” is not an IANA time zone such as Asia/Tokyo."),
            code="invalid_time_zone",
            params={"value": value},
        )


def zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name or DEFAULT_TIME_ZONE)


def to_local(moment: datetime.datetime | None, zone_name: str) -> datetime.datetime | None:
    """`moment` seen on a clock at the place."""
    if moment is None:
        return None
    return moment.astimezone(zone(zone_name))


def make_aware_in(naive: datetime.datetime, zone_name: str) -> datetime.datetime:
    """Interpret a wall-clock time typed by a planner as the local time of the place."""
    return naive.replace(tzinfo=zone(zone_name))


def local_midnight(day: datetime.date, zone_name: str) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=zone(zone_name))


def format_local_range(starts_at: datetime.datetime, ends_at: datetime.datetime | None, zone_name: str) -> str:
    """'2026-05-12 09:30-17:00 ICT (Asia/Ho_Chi_Minh)': the time the people in the room will see."""
    start = to_local(starts_at, zone_name)
    text = start.strftime("%Y-%m-%d %H:%M")
    if ends_at:
        end = to_local(ends_at, zone_name)
        text += "-" + (end.strftime("%H:%M") if end.date() == start.date() else end.strftime("%Y-%m-%d %H:%M"))
    return f"{text} {start.tzname()} ({zone_name})"
