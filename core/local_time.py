"""Date-times as the clock of their place shows them, with the zone named, and the reader's own clock beside them
where it shows another time.

A record with a place keeps the IANA zone of that place (an engagement's, an event's or an itinerary item's
`time_zone`): a meeting in Hanoi at 09:30 is shown at 09:30 "UTC+7 (Asia/Ho_Chi_Minh)", and a reader in Tokyo also
reads "11:30 JST" beside it. A record without one is shown on the reader's clock: the zone of their profile, or the
site's (Asia/Tokyo), which Wagtail activates for every page of the workspace. Record pages (core.viewsets), listing
columns (core.tables) and templates (`{% place_time %}`, core.templatetags.kizuna_admin) all write them here.
"""

import datetime
import zoneinfo

from django.template.defaultfilters import date as formatted
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.timesince import timesince
from django.utils.translation import gettext

from core.time_zones import is_time_zone


def zone_name_for(record, field_name: str | None = None) -> str:
    """The zone in which `record`'s date-time `field_name` is read: the record's own (its `time_zone_for(name)`,
    for a record whose date-times are in different places, or its `time_zone`), else the reader's."""
    zone_for = getattr(record, "time_zone_for", None)
    name = zone_for(field_name) if callable(zone_for) else getattr(record, "time_zone", "")
    if isinstance(name, str) and is_time_zone(name):
        return name
    return timezone.get_current_timezone_name()


def zone_label(moment: datetime.datetime) -> str:
    """The zone's abbreviation at `moment` (JST, CET, EDT), or its offset where the tz database has none ("+07"
    becomes "UTC+7")."""
    name = moment.tzname() or ""
    if name and name[0] not in "+-":
        return name
    minutes = int(moment.utcoffset().total_seconds() // 60)
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'-' if minutes < 0 else '+'}{hours}" + (f":{rest:02d}" if rest else "")


def clock_text(moment: datetime.datetime) -> str:
    """'2027年2月1日 14:00 JST' / 'Feb. 1, 2027 14:00 JST': the date in the language's format, a 24-hour clock,
    the zone (after a no-break space: a narrow column wraps before the time, not between it and its zone)."""
    return f"{formatted(moment, 'DATE_FORMAT')} {formatted(moment, 'G:i')}\u00a0{zone_label(moment)}"


def date_text(day: datetime.date) -> str:
    return formatted(day, "DATE_FORMAT")


def on_clocks(value: datetime.datetime, zone_name: str) -> tuple[datetime.datetime, datetime.datetime | None]:
    """`value` on the place's clock, and on the reader's when that shows another time (None when it shows the
    same: the reader is in the place's zone, or in one with the same offset at that moment)."""
    local = value.astimezone(zoneinfo.ZoneInfo(zone_name))
    reader = timezone.localtime(value)
    return local, (reader if reader.utcoffset() != local.utcoffset() else None)


def _zone_suffix(local: datetime.datetime, zone_name: str) -> str:
    return "" if zone_label(local) == zone_name else f" ({zone_name})"


def _reader_text(reader: datetime.datetime) -> str:
    return gettext("(your time: %(time)s)") % {"time": clock_text(reader)}


def place_time_title(value: datetime.datetime, zone_name: str) -> str:
    """The whole of it as one line of text (a tooltip): '2027年2月1日 9:30 UTC+7 (Asia/Ho_Chi_Minh)
    （あなたの時刻: 2027年2月1日 11:30 JST）'."""
    local, reader = on_clocks(value, zone_name)
    text = clock_text(local) + _zone_suffix(local, zone_name)
    return f"{text} {_reader_text(reader)}" if reader else text


def time_passed(moment: datetime.datetime, now: datetime.datetime | None = None) -> str:
    """'3時間前' / '3 hours ago', in one unit (Wagtail's wording cut two units at an English comma, so Japanese
    read '3時間、1分前'), or 'Just now' within the minute."""
    now = now or timezone.now()
    if now - moment < datetime.timedelta(minutes=1):
        return capfirst(gettext("Just now"))
    return capfirst(gettext("%(time_period)s ago") % {"time_period": timesince(moment, now, depth=1)})


def place_range_text(starts_at: datetime.datetime, ends_at: datetime.datetime | None, zone_name: str) -> str:
    """A meeting's span on the place's clock, the zone named: '2026年5月12日 9:30–11:00 UTC+7 (Asia/Ho_Chi_Minh)';
    the end's date too when it ends on another day."""
    start = starts_at.astimezone(zoneinfo.ZoneInfo(zone_name))
    if ends_at is None or ends_at == starts_at:
        text = clock_text(start)
    else:
        end = ends_at.astimezone(zoneinfo.ZoneInfo(zone_name))
        if end.date() == start.date() and zone_label(end) == zone_label(start):
            text = f"{date_text(start)} {formatted(start, 'G:i')}–{formatted(end, 'G:i')}\u00a0{zone_label(end)}"
        else:
            text = f"{clock_text(start)} – {clock_text(end)}"
    return text + _zone_suffix(start, zone_name)


def place_time_html(value: datetime.datetime | None, zone_name: str) -> str:
    """A record page's rendering: the place's clock in a <time> element, the zone, the reader's clock."""
    if value is None:
        return "-"
    local, reader = on_clocks(value, zone_name)
    html = format_html(
        '<time datetime="{}">{}</time>{}', local.isoformat(), clock_text(local), _zone_suffix(local, zone_name)
    )
    if reader:
        html += format_html(' <span class="kz-reader-time">{}</span>', _reader_text(reader))
    return html
