"""iCalendar (RFC 5545 / RFC 7986) feed writer: plain items in, bytes out. No ORM, no request, no clock.

Written by hand rather than with the `icalendar` package because feeds are judged byte by byte by strict
clients: folding must never split a UTF-8 sequence, a VTIMEZONE may only hold the properties RFC 5545 allows
there (icalendar's generated ones carry a COMMENT), and 5,000 items must serialise in well under half a second.

Invariants the feed views rely on:
- The output is a pure function of its inputs: the same calendar and items give the same bytes, so an unchanged
  feed is byte-identical between polls (DTSTAMP is the item's last modification, never "now").
- Items are written in the order given; callers sort.
- Every TZID that is used has a VTIMEZONE covering the years of the items that use it; an unknown zone falls back
  to UTC (the instant stays right, only the wall-clock label is lost).
"""

from __future__ import annotations

import datetime
import functools
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

CRLF = "\r\n"
# RFC 5545 3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break.
MAX_LINE_OCTETS = 75
UTC_ZONE_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "Etc/Zulu", "Zulu", "UCT", "GMT", "Etc/GMT"})

# TEXT values may not contain control characters other than HTAB (RFC 5545 3.3.11); line breaks are escaped.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class ItemStatus(StrEnum):
    CONFIRMED = "CONFIRMED"
    TENTATIVE = "TENTATIVE"
    CANCELLED = "CANCELLED"


class Classification(StrEnum):
    PUBLIC = "PUBLIC"
    PRIVATE = "PRIVATE"
    CONFIDENTIAL = "CONFIDENTIAL"


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One VEVENT. `start`/`end` are aware datetimes, or dates for all-day items (`end` exclusive)."""

    uid: str
    sequence: int
    last_modified: datetime.datetime
    summary: str
    start: datetime.datetime | datetime.date
    end: datetime.datetime | datetime.date | None = None
    # IANA zone of the place, used for TZID and the local-time line of the description. Ignored for dates.
    timezone: str = "UTC"
    description: str = ""
    location: str = ""
    geo: tuple[float, float] | None = None
    url: str = ""
    status: ItemStatus = ItemStatus.CONFIRMED
    classification: Classification = Classification.PUBLIC
    categories: tuple[str, ...] = ()
    # Deadlines are shown but do not block time (TRANSP:TRANSPARENT).
    transparent: bool = False
    # Busy-time placeholders for confidential items carry no description at all, not even the local time.
    describe_local_time: bool = True

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime.datetime)


@dataclass(frozen=True, slots=True)
class FeedCalendar:
    """Calendar-level properties. Text is already translated by the caller."""

    name: str
    description: str = ""
    # X-WR-TIMEZONE: the zone clients use for floating display; our items never float.
    timezone: str = "Asia/Tokyo"
    refresh_interval: datetime.timedelta = datetime.timedelta(hours=1)
    url: str = ""
    source: str = ""
    # Summary of a cancelled item, with the %(summary)s placeholder, e.g. "Cancelled: %(summary)s".
    cancelled_summary: str = "Cancelled: %(summary)s"
    prodid: str = "-//Kizuna//Kizuna calendar feeds 1.0//EN"


class CalendarWriter:
    """Accumulates content lines and folds them. Use `build_calendar`, which drives it."""

    def __init__(self):
        self.lines: list[str] = []

    def property(self, name: str, value: str, parameters: str = "") -> None:
        self.lines.append(f"{name}{parameters}:{value}")

    def text(self, name: str, value: str) -> None:
        self.lines.append(f"{name}:{escape_text(value)}")

    def to_bytes(self) -> bytes:
        return b"".join(fold_line(line) for line in self.lines)


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11); CR/LF and CR become an escaped newline, controls are dropped."""
    # str.replace is several times faster than str.translate on non-ASCII text, which most of ours is.
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL_CHARACTERS.search(value):
        value = _CONTROL_CHARACTERS.sub("", value)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold_line(line: str) -> bytes:
    """Encode one content line as UTF-8 with CRLF, folded at 75 octets without splitting a UTF-8 sequence."""
    data = line.encode()
    if len(data) <= MAX_LINE_OCTETS:
        return data + b"\r\n"
    parts = []
    start = 0
    limit = MAX_LINE_OCTETS  # the first line; continuation lines lose one octet to the leading space
    length = len(data)
    while length - start > limit:
        cut = start + limit
        # Back off to the first byte of a UTF-8 sequence (continuation bytes are 0b10xxxxxx).
        while data[cut] & 0xC0 == 0x80:
            cut -= 1
        parts.append(data[start:cut])
        start = cut
        limit = MAX_LINE_OCTETS - 1
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def format_utc(moment: datetime.datetime) -> str:
    moment = moment.astimezone(datetime.UTC)
    return (
        f"{moment.year:04d}{moment.month:02d}{moment.day:02d}T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}Z"
    )


def format_local(moment: datetime.datetime) -> str:
    return (
        f"{moment.year:04d}{moment.month:02d}{moment.day:02d}T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"
    )


def format_date(day: datetime.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def format_duration(duration: datetime.timedelta) -> str:
    """RFC 5545 3.3.6 duration, e.g. PT1H, P1D, P1DT12H."""
    seconds = int(duration.total_seconds())
    if seconds <= 0:
        raise ValueError("A refresh interval must be positive.")
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    time_part = "".join(f"{amount}{unit}" for amount, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if amount)
    return "P" + (f"{days}D" if days else "") + (f"T{time_part}" if time_part else "")


def format_utc_offset(offset: datetime.timedelta) -> str:
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


@functools.cache
def known_zone(tzid: str) -> zoneinfo.ZoneInfo | None:
    """The zone for an IANA name, or None for UTC and for names this machine does not know."""
    if not tzid or tzid in UTC_ZONE_NAMES:
        return None
    try:
        return zoneinfo.ZoneInfo(tzid)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def zone_abbreviation(moment: datetime.datetime) -> str:
    """JST, KST, CEST...; numeric names such as "+07" (Asia/Ho_Chi_Minh) become "UTC+07:00"."""
    name = moment.tzname() or ""
    if not name or name[0] in "+-":
        seconds = int(moment.utcoffset().total_seconds())
        sign = "-" if seconds < 0 else "+"
        hours, minutes = divmod(abs(seconds) // 60, 60)
        return f"UTC{sign}{hours:02d}:{minutes:02d}"
    return name


def local_time_label(start: datetime.datetime, end: datetime.datetime | None, tzid: str) -> str:
    """The wall-clock time at the place, e.g. "2026-01-15 09:30-17:00 JST (Asia/Tokyo)"."""
    zone = known_zone(tzid) or datetime.UTC
    zone_name = tzid if known_zone(tzid) else "UTC"
    local_start = start.astimezone(zone)
    text = f"{local_start:%Y-%m-%d %H:%M}"
    if end is not None:
        local_end = end.astimezone(zone)
        if local_end.date() == local_start.date():
            text += f"-{local_end:%H:%M}"
        else:
            if zone_abbreviation(local_end) != zone_abbreviation(local_start):
                text += f" {zone_abbreviation(local_start)}"
            text += f" – {local_end:%Y-%m-%d %H:%M}"
        abbreviation = zone_abbreviation(local_end)
    else:
        abbreviation = zone_abbreviation(local_start)
    return f"{text} {abbreviation} ({zone_name})"


@functools.lru_cache(maxsize=256)
def vtimezone_lines(tzid: str, first_year: int, last_year: int) -> tuple[str, ...]:
    """A VTIMEZONE for `tzid` valid from 1 January `first_year` to 1 January `last_year + 1`.

    One observance per offset change, found from the zone database, plus the observance in force at the start.
    Only TZID and STANDARD/DAYLIGHT (DTSTART, TZOFFSETFROM, TZOFFSETTO, TZNAME) are written: RFC 5545 3.6.5
    does not allow COMMENT or DESCRIPTION on VTIMEZONE itself.
    """
    zone = known_zone(tzid)
    if zone is None:
        raise ValueError(f"No time zone definition for {tzid!r}.")
    range_start = datetime.datetime(first_year, 1, 1, tzinfo=zone).astimezone(datetime.UTC)
    range_end = datetime.datetime(last_year + 1, 1, 1, tzinfo=zone).astimezone(datetime.UTC)

    def offset_at(moment_utc: datetime.datetime) -> datetime.timedelta:
        return moment_utc.astimezone(zone).utcoffset()

    observances = []

    def observance(onset_utc: datetime.datetime, offset_from: datetime.timedelta) -> None:
        local = onset_utc.astimezone(zone)
        kind = "DAYLIGHT" if local.dst() else "STANDARD"
        onset_local = (onset_utc + offset_from).replace(tzinfo=None)
        observances.extend(
            [
                f"BEGIN:{kind}",
                f"DTSTART:{format_local(onset_local)}",
                f"TZOFFSETFROM:{format_utc_offset(offset_from)}",
                f"TZOFFSETTO:{format_utc_offset(local.utcoffset())}",
                f"TZNAME:{escape_text(local.tzname() or format_utc_offset(local.utcoffset()))}",
                f"END:{kind}",
            ]
        )

    current = offset_at(range_start)
    observance(range_start, current)
    step = datetime.timedelta(hours=12)
    moment = range_start
    while moment < range_end:
        following = moment + step
        following_offset = offset_at(following)
        if following_offset != current:
            # Bisect to the second on POSIX timestamps: the first instant with the new offset.
            low, high = int(moment.timestamp()), int(following.timestamp())
            while high - low > 1:
                middle = (low + high) // 2
                if offset_at(datetime.datetime.fromtimestamp(middle, datetime.UTC)) == current:
                    low = middle
                else:
                    high = middle
            high = datetime.datetime.fromtimestamp(high, datetime.UTC)
            observance(high, current)
            current = following_offset
        moment = following
    return ("BEGIN:VTIMEZONE", f"TZID:{tzid}", *observances, "END:VTIMEZONE")


@functools.lru_cache(maxsize=1024)
def changes_offset_in(tzid: str, year: int) -> bool:
    """Whether the zone's UTC offset changes during the year (DST or a reform): only then can times be ambiguous."""
    return len(vtimezone_lines(tzid, year, year)) > 8


def _years_by_zone(items: Iterable[FeedItem]) -> dict[str, tuple[int, int]]:
    years: dict[str, tuple[int, int]] = {}
    for item in items:
        if item.all_day or known_zone(item.timezone) is None:
            continue
        zone = known_zone(item.timezone)
        first = item.start.astimezone(zone).year
        last = item.end.astimezone(zone).year if isinstance(item.end, datetime.datetime) else first
        low, high = years.get(item.timezone, (first, last))
        years[item.timezone] = (min(low, first, last), max(high, first, last))
    return years


def _write_moment(writer: CalendarWriter, name: str, value: datetime.datetime | datetime.date, tzid: str) -> None:
    if not isinstance(value, datetime.datetime):
        writer.property(name, format_date(value), ";VALUE=DATE")
        return
    if value.tzinfo is None:
        raise ValueError("Feed items need aware datetimes.")
    zone = known_zone(tzid)
    local = value.astimezone(zone) if zone is not None else None
    # A wall-clock time repeated by a DST change is ambiguous with a TZID (and clients disagree on which pass
    # RFC 5545 3.3.5 means), so such an instant is written in UTC.
    if local is None or (
        changes_offset_in(tzid, local.year) and local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()
    ):
        writer.property(name, format_utc(value))
    else:
        writer.property(name, format_local(local), f";TZID={tzid}")


def _write_item(writer: CalendarWriter, item: FeedItem, calendar: FeedCalendar) -> None:
    if item.all_day and isinstance(item.end, datetime.datetime):
        raise ValueError(f"Item {item.uid}: an all-day item needs a date end, not a datetime.")
    stamp = format_utc(item.last_modified)
    summary = item.summary
    if item.status == ItemStatus.CANCELLED:
        summary = calendar.cancelled_summary % {"summary": summary}
    description = item.description
    if item.describe_local_time and not item.all_day:
        label = local_time_label(item.start, item.end, item.timezone)
        description = f"{label}\n\n{description}" if description else label

    writer.lines.append("BEGIN:VEVENT")
    writer.property("UID", escape_text(item.uid))
    writer.property("DTSTAMP", stamp)
    writer.property("LAST-MODIFIED", stamp)
    writer.property("SEQUENCE", str(max(int(item.sequence), 0)))
    _write_moment(writer, "DTSTART", item.start, item.timezone)
    if item.end is not None:
        _write_moment(writer, "DTEND", item.end, item.timezone)
    elif item.all_day:
        # RFC 5545 3.6.1: a DATE start without an end lasts one day; say so explicitly for older clients.
        writer.property("DTEND", format_date(item.start + datetime.timedelta(days=1)), ";VALUE=DATE")
    writer.text("SUMMARY", summary)
    if description:
        writer.text("DESCRIPTION", description)
    if item.location:
        writer.text("LOCATION", item.location)
    if item.geo is not None:
        latitude, longitude = item.geo
        writer.property("GEO", f"{float(latitude):.6f};{float(longitude):.6f}")
    if item.url:
        writer.property("URL", item.url, ";VALUE=URI")
    if item.categories:
        writer.property("CATEGORIES", ",".join(escape_text(category) for category in item.categories))
    writer.property("STATUS", str(item.status))
    writer.property("CLASS", str(item.classification))
    writer.property("TRANSP", "TRANSPARENT" if item.transparent or item.all_day else "OPAQUE")
    writer.lines.append("END:VEVENT")


def build_calendar(calendar: FeedCalendar, items: Iterable[FeedItem]) -> bytes:
    """Serialise a whole VCALENDAR. No METHOD: a subscribed feed is not an iTIP message (RFC 5546)."""
    items = list(items)
    writer = CalendarWriter()
    refresh = format_duration(calendar.refresh_interval)
    writer.lines.extend(["BEGIN:VCALENDAR", "VERSION:2.0"])
    writer.text("PRODID", calendar.prodid)
    writer.property("CALSCALE", "GREGORIAN")
    writer.text("NAME", calendar.name)
    writer.text("X-WR-CALNAME", calendar.name)
    if calendar.description:
        writer.text("DESCRIPTION", calendar.description)
        writer.text("X-WR-CALDESC", calendar.description)
    writer.text("X-WR-TIMEZONE", calendar.timezone)
    writer.property("REFRESH-INTERVAL", refresh, ";VALUE=DURATION")
    writer.property("X-PUBLISHED-TTL", refresh)
    if calendar.url:
        writer.property("URL", calendar.url, ";VALUE=URI")
    if calendar.source:
        writer.property("SOURCE", calendar.source, ";VALUE=URI")
    for tzid, (first_year, last_year) in sorted(_years_by_zone(items).items()):
        writer.lines.extend(vtimezone_lines(tzid, first_year, last_year))
    for item in items:
        _write_item(writer, item, calendar)
    writer.lines.append("END:VCALENDAR")
    return writer.to_bytes()
