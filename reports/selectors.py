"""The strategy council's report: what was done, with whom, towards which measure, year by year.

Every count starts from the visibility selector of its model, so a user is never told about a record they may
not see. Each metric is aggregated by the database (grouped by month and one dimension) over the chosen fiscal
years and the same number of years before them, so the number of queries does not depend on the data's size.
"""

import datetime
import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import Case, CharField, Count, F, Func, IntegerField, QuerySet, Value, When
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core import versions
from core.fiscal import FiscalYear
from core.permissions import may_see_confidential
from events.choices import DelegationDirection, DelegationStatus, EventStatus
from events.selectors import delegations_visible_to, events_visible_to
from partners.models import Country, Mission, Organization, PartnerRegion
from relations.choices import EngagementStatus, FollowUpStatus
from relations.models import Measure, TargetCountry
from relations.selectors import (
    engagements_visible_to,
    follow_ups_visible_to,
    instruments_visible_to,
    ties_visible_to,
)

MAX_YEARS = 10
TOP_PARTNERS = 30
# The counts of a report are kept this long at most; any write to the records they count (reports.signals) makes
# every kept report stale at once. A user's rights changing shows within this time.
REPORT_CACHE_SECONDS = 600
_DATA_VERSION_KEY = "kizuna:reports:data-version"


@dataclass(frozen=True)
class Metric:
    """One column of the report: which records count, on which date, and how they relate to each dimension."""

    key: str
    label: Promise
    records: Callable  # (user, start: date, end: date, today: date) -> QuerySet
    date_field: str
    is_datetime: bool = False
    measure: str | None = None
    countries: tuple[str, ...] = ()
    partners: tuple[tuple[str, str], ...] = ()  # (kind, lookup)


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def _engagements(user, start, end, today):
    return (
        engagements_visible_to(user)
        .filter(starts_at__gte=_local_midnight(start), starts_at__lt=_local_midnight(end + datetime.timedelta(days=1)))
        .exclude(status=EngagementStatus.CANCELLED)
    )


def _delegations(direction):
    def records(user, start, end, today):
        return (
            delegations_visible_to(user)
            .filter(direction=direction, start_date__range=(start, end))
            .exclude(status__in=[DelegationStatus.CANCELLED, DelegationStatus.IDEA])
        )

    return records


def _events(user, start, end, today):
    return events_visible_to(user).filter(start_date__range=(start, end)).exclude(status=EventStatus.CANCELLED)


def _new_ties(user, start, end, today):
    return ties_visible_to(user).filter(established_on__range=(start, end))


def _instruments(user, start, end, today):
    return instruments_visible_to(user).filter(signed_on__range=(start, end))


def _follow_ups_done(user, start, end, today):
    return follow_ups_visible_to(user).filter(status=FollowUpStatus.DONE, done_on__range=(start, end))


def _follow_ups_overdue(user, start, end, today):
    """Still open although their due date, inside the period, has passed."""
    return follow_ups_visible_to(user).filter(
        status=FollowUpStatus.OPEN, due_on__range=(start, min(end, today - datetime.timedelta(days=1)))
    )


_ACTIVITY_PARTNERS = (("mission", "missions"), ("region", "regions"), ("organization", "organizations"))

METRICS: tuple[Metric, ...] = (
    Metric(
        "engagements",
        _("Engagements"),
        _engagements,
        "starts_at",
        is_datetime=True,
        measure="measure",
        countries=("countries",),
        partners=_ACTIVITY_PARTNERS,
    ),
    Metric(
        "outbound",
        _("Outbound delegations"),
        _delegations(DelegationDirection.OUTBOUND),
        "start_date",
        measure="measure",
        countries=("countries",),
        partners=_ACTIVITY_PARTNERS,
    ),
    Metric(
        "inbound",
        _("Inbound visits"),
        _delegations(DelegationDirection.INBOUND),
        "start_date",
        measure="measure",
        countries=("countries",),
        partners=_ACTIVITY_PARTNERS,
    ),
    Metric(
        "events",
        _("Events"),
        _events,
        "start_date",
        measure="measure",
        countries=("countries",),
        partners=_ACTIVITY_PARTNERS,
    ),
    Metric(
        "new_ties",
        _("New ties"),
        _new_ties,
        "established_on",
        measure="measure",
        countries=("country", "partner_region__country"),
        partners=(("region", "partner_region"),),
    ),
    Metric(
        "instruments",
        _("Instruments signed"),
        _instruments,
        "signed_on",
        measure="tie__measure",
        countries=("tie__country", "tie__partner_region__country"),
        partners=(("region", "tie__partner_region"),),
    ),
    Metric(
        "follow_ups_done",
        _("Follow-ups done"),
        _follow_ups_done,
        "done_on",
        measure="engagement__measure",
        countries=("engagement__countries",),
    ),
    Metric(
        "follow_ups_overdue",
        _("Follow-ups overdue"),
        _follow_ups_overdue,
        "due_on",
        measure="engagement__measure",
        countries=("engagement__countries",),
    ),
)


@dataclass
class Row:
    label: str
    current: dict[str, int]
    previous: dict[str, int]
    group: str = ""
    is_target: bool = False

    def cells(self, metrics) -> list[tuple[Metric, int, int, int | None]]:
        """(metric, current, previous, change in percent or None) per metric, in column order."""
        return [(m, *_cell(self.current.get(m.key, 0), self.previous.get(m.key, 0))) for m in metrics]

    @property
    def total(self) -> int:
        return sum(self.current.values())


def _cell(current: int, previous: int) -> tuple[int, int, int | None]:
    change = None if previous == 0 else round((current - previous) * 100 / previous)
    return current, previous, change


@dataclass
class CouncilReport:
    first: FiscalYear
    last: FiscalYear
    metrics: tuple[Metric, ...]
    by_year: list[Row]
    by_measure: list[Row]
    by_country: list[Row]
    by_partner: list[Row]
    by_month: list[Row]
    totals: Row
    complete: bool
    generated_on: datetime.date
    previous_first: FiscalYear = field(init=False)

    def __post_init__(self):
        self.previous_first = FiscalYear(2 * self.first.year - self.last.year - 1)

    @property
    def period_label(self) -> str:
        if self.first == self.last:
            return self.first.label()
        return f"{self.first.label()} – {self.last.label()}"

    @property
    def previous_period_label(self) -> str:
        previous_last = FiscalYear(self.first.year - 1)
        if self.previous_first == previous_last:
            return previous_last.label()
        return f"{self.previous_first.label()} – {previous_last.label()}"


def _months_between(start: datetime.date, end: datetime.date) -> list[tuple[int, int]]:
    """(year, month) of every month from `start`'s to `end`'s, in order."""
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class _SQLiteMonth(Func):
    """'YYYY-MM' of a stored value, shifted by a fixed number of seconds, with SQLite's own strftime."""

    function = "strftime"
    output_field = CharField()

    def __init__(self, expression, *, shift_seconds: int = 0):
        super().__init__(Value("%Y-%m"), expression, Value(f"{shift_seconds:+d} seconds"))


def _month_of(metric: Metric, months: list[tuple[int, int]], vendor: str):
    """An expression giving the (local) month of each record, read back by `_month_key`.

    On PostgreSQL, TruncMonth (AT TIME ZONE for datetimes). On SQLite TruncMonth is a Python function called once
    per row (3 s for the 250,000 engagements of two years at size L, six times for one report): dates use SQLite's
    strftime; datetimes too, shifted by the zone's offset, when that offset is the same at the start of every month
    counted (Asia/Tokyo always is; a month's records are then exactly those between its first instants), and
    otherwise a binary search over the months' first instants in a nested CASE.
    """
    if vendor != "sqlite":
        if metric.is_datetime:
            return TruncMonth(metric.date_field, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
        return TruncMonth(metric.date_field)
    if not metric.is_datetime:
        return _SQLiteMonth(F(metric.date_field))
    firsts = [_local_midnight(datetime.date(year, month, 1)) for year, month in months]
    offsets = {first.utcoffset() for first in firsts}
    if len(offsets) == 1:
        return _SQLiteMonth(F(metric.date_field), shift_seconds=int(offsets.pop().total_seconds()))

    def bucket(low: int, high: int):  # records in months[low:high], all on or after the first of months[low]
        if high - low == 1:
            return Value(low)
        middle = (low + high) // 2
        return Case(
            When(**{f"{metric.date_field}__lt": firsts[middle]}, then=bucket(low, middle)),
            default=bucket(middle, high),
            output_field=IntegerField(),
        )

    return bucket(0, len(months))


def _month_key(value, months: list[tuple[int, int]]) -> tuple[int, int]:
    """(year, month) from what `_month_of` gave: a month's index, 'YYYY-MM', a date or a (local) datetime."""
    if isinstance(value, int):
        return months[value]
    if isinstance(value, str):
        year, month = value.split("-")
        return int(year), int(month)
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return value.year, value.month


def _fiscal_year_of_month(year: int, month: int) -> int:
    return year if month >= 4 else year - 1


def _grouped(
    queryset: QuerySet, metric: Metric, dimension, months, *, skip_empty: bool = False
) -> list[tuple[object, tuple[int, int], int]]:
    """(dimension value, (year, month), record count) rows from one GROUP BY query; `months` are the months the
    records (already limited to them) may fall in. With `skip_empty`, records without a value of the dimension
    are left out in the query (an inner join instead of an outer one for a link table)."""
    annotations = {"report_month": _month_of(metric, months, connections[queryset.db].vendor)}
    values = ["report_month"]
    if dimension is not None:
        annotations["report_key"] = dimension
        values.append("report_key")
    rows = queryset.order_by().annotate(**annotations)
    if skip_empty:
        rows = rows.filter(report_key__isnull=False)
    rows = (
        rows.values(*values)
        # Every visibility selector and metric filter is a sub-query (EXISTS / IN), never a join, so a record comes
        # once per value of the dimension it is grouped by: COUNT(*) counts records without a DISTINCT's sort.
        .annotate(report_count=Count("pk"))
        .values_list(*values, "report_count")
    )
    result = []
    for row in rows:
        key = row[1] if dimension is not None else None
        result.append((key, _month_key(row[0], months), row[-1]))
    return result


def _country_expression(lookups: tuple[str, ...]):
    if len(lookups) == 1:
        return F(lookups[0])
    return Coalesce(*lookups)


def council_report(user, *, first: FiscalYear, last: FiscalYear, today: datetime.date | None = None) -> CouncilReport:
    """Counts for fiscal years `first`..`last`, each compared with the same number of years just before."""
    if last.year < first.year:
        raise ValueError("The last fiscal year comes before the first.")
    if last.year - first.year + 1 > MAX_YEARS:
        raise ValueError(f"A report covers at most {MAX_YEARS} fiscal years.")
    today = today or timezone.localdate()
    span = last.year - first.year + 1
    previous_first = FiscalYear(first.year - span)
    start, end = previous_first.start, last.end
    current_years = set(range(first.year, last.year + 1))

    def period_of(month_key) -> str | None:
        fiscal_year = _fiscal_year_of_month(*month_key)
        if fiscal_year in current_years:
            return "current"
        if previous_first.year <= fiscal_year < first.year:
            return "previous"
        return None

    # The counts are the costly part (six grouped queries per metric over the engagements of the years): kept in
    # the cache per reader (everyone who may see every record shares one copy), built anew after any write.
    complete = may_see_confidential(user)
    scope = "all" if complete else f"user-{user.pk}"
    key = f"kizuna:reports:council:{data_version()}:{scope}:{first.year}:{last.year}:{today.isoformat()}"
    counts = cache.get(key)
    if counts is None:
        counts = _count(user, start=start, end=end, today=today, period_of=period_of)
        cache.set(key, counts, REPORT_CACHE_SECONDS)
    by_year, by_month, by_measure, by_country, by_partner = counts

    years = range(previous_first.year, last.year + 1)
    year_rows = [
        Row(
            label=FiscalYear(year).label(),
            current=dict(by_year.get(year, {})),
            previous=dict(by_year.get(year - 1, {})),
        )
        for year in years
        if year >= first.year
    ]
    totals = Row(
        label=str(_("Total")),
        current=_sum_years(by_year, range(first.year, last.year + 1)),
        previous=_sum_years(by_year, range(previous_first.year, first.year)),
    )
    month_rows = []
    for fiscal_year in range(first.year, last.year + 1):
        for offset in range(12):
            month = (fiscal_year + (3 + offset) // 12, (3 + offset) % 12 + 1)
            label = f"{month[0]}-{month[1]:02d}"
            month_rows.append(Row(label=label, current=dict(by_month.get(month, {})), previous={}))

    return CouncilReport(
        first=first,
        last=last,
        metrics=METRICS,
        by_year=year_rows,
        by_measure=_measure_rows(by_measure),
        by_country=_country_rows(by_country, current_years),
        by_partner=_partner_rows(by_partner),
        by_month=month_rows,
        totals=totals,
        complete=complete,
        generated_on=today,
    )


def data_version() -> str:
    """Changes whenever a record a report counts is written (reports.signals)."""
    return versions.current(_DATA_VERSION_KEY)


def forget_counted_reports() -> None:
    versions.move_on(_DATA_VERSION_KEY)


def _plain(value):
    """Nested defaultdicts as plain dicts (they go to the cache, which pickles them)."""
    return {key: _plain(item) for key, item in value.items()} if isinstance(value, dict) else value


def _count(user, *, start, end, today, period_of) -> tuple[dict, dict, dict, dict, dict]:
    by_year: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_month: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_measure = {"current": defaultdict(lambda: defaultdict(int)), "previous": defaultdict(lambda: defaultdict(int))}
    by_country = {"current": defaultdict(lambda: defaultdict(int)), "previous": defaultdict(lambda: defaultdict(int))}
    by_partner = {"current": defaultdict(lambda: defaultdict(int)), "previous": defaultdict(lambda: defaultdict(int))}

    months = _months_between(start, end)
    for metric in METRICS:
        records = metric.records(user, start, end, today)
        for _key, month, count in _grouped(records, metric, None, months):
            by_year[_fiscal_year_of_month(*month)][metric.key] += count
            if period_of(month) == "current":
                by_month[month][metric.key] += count
        if metric.measure:
            for measure_id, month, count in _grouped(records, metric, F(metric.measure), months):
                period = period_of(month)
                if period:
                    by_measure[period][measure_id][metric.key] += count
        if metric.countries:
            for country_id, month, count in _grouped(
                records, metric, _country_expression(metric.countries), months, skip_empty=True
            ):
                period = period_of(month)
                if period and country_id is not None:
                    by_country[period][country_id][metric.key] += count
        for kind, lookup in metric.partners:
            for partner_id, month, count in _grouped(records, metric, F(lookup), months, skip_empty=True):
                period = period_of(month)
                if period and partner_id is not None:
                    by_partner[period][(kind, partner_id)][metric.key] += count
    return _plain(by_year), _plain(by_month), _plain(by_measure), _plain(by_country), _plain(by_partner)


def _sum_years(by_year, years) -> dict[str, int]:
    total: dict[str, int] = defaultdict(int)
    for year in years:
        for key, count in by_year.get(year, {}).items():
            total[key] += count
    return dict(total)


def _measure_rows(by_measure) -> list[Row]:
    """Every measure of the framework, in its order, even with nothing done: gaps matter to a council."""
    rows = []
    for measure in Measure.objects.select_related("strategy").order_by("strategy__number", "number"):
        rows.append(
            Row(
                label=str(measure),
                group=str(measure.strategy),
                current=dict(by_measure["current"].get(measure.pk, {})),
                previous=dict(by_measure["previous"].get(measure.pk, {})),
            )
        )
    unassigned_current = by_measure["current"].get(None, {})
    unassigned_previous = by_measure["previous"].get(None, {})
    if unassigned_current or unassigned_previous:
        rows.append(
            Row(
                label=str(_("No measure recorded")),
                current=dict(unassigned_current),
                previous=dict(unassigned_previous),
            )
        )
    return rows


def _country_rows(by_country, current_years) -> list[Row]:
    ids = set(by_country["current"]) | set(by_country["previous"])
    countries = Country.objects.in_bulk(ids)
    targets = set(
        TargetCountry.objects.filter(fiscal_year__in=current_years, country_id__in=ids).values_list(
            "country_id", flat=True
        )
    )
    rows = [
        Row(
            label=str(countries[country_id]),
            current=dict(by_country["current"].get(country_id, {})),
            previous=dict(by_country["previous"].get(country_id, {})),
            is_target=country_id in targets,
        )
        for country_id in ids
        if country_id in countries
    ]
    return sorted(rows, key=lambda row: (-row.total, row.label))


_PARTNER_MODELS = {"mission": Mission, "region": PartnerRegion, "organization": Organization}


def _partner_rows(by_partner) -> list[Row]:
    keys = set(by_partner["current"]) | set(by_partner["previous"])
    ranked = sorted(
        keys,
        key=lambda key: (-sum(by_partner["current"].get(key, {}).values()), key),
    )[:TOP_PARTNERS]
    names = {}
    for kind, model in _PARTNER_MODELS.items():
        ids = [pk for partner_kind, pk in ranked if partner_kind == kind]
        if ids:
            for pk, partner in model.objects.in_bulk(ids).items():
                names[(kind, pk)] = str(partner)
    kind_labels = {"mission": _("Mission"), "region": _("Partner region"), "organization": _("Organization")}
    return [
        Row(
            label=names[key],
            group=str(kind_labels[key[0]]),
            current=dict(by_partner["current"].get(key, {})),
            previous=dict(by_partner["previous"].get(key, {})),
        )
        for key in ranked
        if key in names
    ]


def available_fiscal_years(today: datetime.date | None = None) -> list[FiscalYear]:
    """The years a user can choose: from FY2015 to next fiscal year, newest first."""
    current = FiscalYear.containing(today or timezone.localdate())
    return [FiscalYear(year) for year in range(current.year + 1, 2014, -1)]
