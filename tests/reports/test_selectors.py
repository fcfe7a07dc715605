import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.choices import Confidentiality
from core.fiscal import FiscalYear
from events.choices import DelegationDirection, DelegationStatus, EventStatus
from relations.choices import EngagementStatus, FollowUpStatus
from reports.selectors import council_report
from tests.factories.core import UserFactory
from tests.factories.events import DelegationFactory, EventFactory
from tests.factories.relations import (
    EngagementFactory,
    FollowUpFactory,
    MissionFactory,
    PartnerRegionFactory,
    TargetCountryFactory,
    TieFactory,
    TieInstrumentFactory,
    country,
    measure,
)

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
TODAY = datetime.date(2027, 1, 15)
FY2026 = FiscalYear(2026)

pytestmark = pytest.mark.django_db


def fresh(user):
    """The same user without cached permissions, as each request loads them."""
    return type(user).objects.get(pk=user.pk)


def at_tokyo(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=TOKYO)


@pytest.fixture
def viewer():
    return UserFactory()


@pytest.fixture
def manager():
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_confidential", content_type__app_label="core"))
    return user


@pytest.fixture
def council_data():
    """A hand-built year: boundary dates on both sides of 1 April, and records that must not count."""
    vn, kr = country("VN"), country("KR")
    embassy = MissionFactory(name="Embassy of Viet Nam", country=vn)
    gyeonggi = PartnerRegionFactory(name="Gyeonggi", country=kr)

    last_day_of_fy2025 = EngagementFactory(starts_at=at_tokyo(2026, 3, 31, 23, 30), measure=measure("3-2"))
    last_day_of_fy2025.countries.set([vn])
    first_minutes_of_fy2026 = EngagementFactory(starts_at=at_tokyo(2026, 4, 1, 0, 10), measure=measure("3-2"))
    first_minutes_of_fy2026.countries.set([vn, kr])
    first_minutes_of_fy2026.missions.set([embassy])
    # 16:00 UTC on 31 March is 01:00 on 1 April in Tokyo: the office's fiscal year decides.
    utc_evening = EngagementFactory(
        starts_at=datetime.datetime(2026, 3, 31, 16, 0, tzinfo=datetime.UTC), measure=measure("1-1")
    )
    utc_evening.countries.set([kr])
    EngagementFactory(starts_at=at_tokyo(2026, 6, 10, 10), status=EngagementStatus.CANCELLED)
    secret = EngagementFactory(
        starts_at=at_tokyo(2026, 7, 1, 10), confidentiality=Confidentiality.CONFIDENTIAL, measure=measure("3-2")
    )
    secret.countries.set([vn])

    outbound = DelegationFactory(
        direction=DelegationDirection.OUTBOUND,
        start_date=datetime.date(2026, 4, 1),
        end_date=datetime.date(2026, 4, 5),
        measure=measure("3-2"),
    )
    outbound.countries.set([vn])
    DelegationFactory(
        direction=DelegationDirection.OUTBOUND,
        start_date=datetime.date(2026, 3, 31),
        end_date=datetime.date(2026, 4, 2),
    )
    inbound = DelegationFactory(
        direction=DelegationDirection.INBOUND, start_date=datetime.date(2027, 3, 31), end_date=datetime.date(2027, 4, 1)
    )
    inbound.countries.set([kr])
    DelegationFactory(status=DelegationStatus.IDEA, start_date=datetime.date(2026, 5, 1))
    DelegationFactory(status=DelegationStatus.CANCELLED, start_date=datetime.date(2026, 5, 1))

    EventFactory(starts_at=at_tokyo(2026, 4, 1, 10), ends_at=at_tokyo(2026, 4, 1, 12))
    EventFactory(starts_at=at_tokyo(2026, 5, 1, 10), ends_at=at_tokyo(2026, 5, 1, 12), status=EventStatus.CANCELLED)

    tie = TieFactory(partner_region=gyeonggi, established_on=datetime.date(2026, 4, 1), measure=measure("3-2"))
    TieInstrumentFactory(tie=tie, signed_on=datetime.date(2027, 3, 31))
    TieInstrumentFactory(tie=tie, signed_on=datetime.date(2027, 4, 1))  # FY2027: outside the report

    FollowUpFactory(status=FollowUpStatus.DONE, done_on=datetime.date(2026, 4, 1), due_on=datetime.date(2026, 4, 1))
    FollowUpFactory(status=FollowUpStatus.OPEN, due_on=datetime.date(2026, 12, 1))
    FollowUpFactory(status=FollowUpStatus.OPEN, due_on=datetime.date(2027, 2, 1))  # not due yet on TODAY
    FollowUpFactory(status=FollowUpStatus.OPEN, due_on=datetime.date(2026, 3, 31))  # overdue in FY2025
    FollowUpFactory(status=FollowUpStatus.CANCELLED, due_on=datetime.date(2026, 6, 1))

    TargetCountryFactory(fiscal_year=2026, country=vn)
    return {"secret": secret}


def test_council_report_totals_split_fiscal_years_on_first_of_april(viewer, council_data):
    report = council_report(viewer, first=FY2026, last=FY2026, today=TODAY)

    assert report.totals.current == {
        "engagements": 2,
        "outbound": 1,
        "inbound": 1,
        "events": 1,
        "new_ties": 1,
        "instruments": 1,
        "follow_ups_done": 1,
        "follow_ups_overdue": 1,
    }
    assert report.totals.previous == {"engagements": 1, "outbound": 1, "follow_ups_overdue": 1}


def test_council_report_by_year_compares_with_the_year_before(viewer, council_data):
    report = council_report(viewer, first=FY2026, last=FY2026, today=TODAY)

    [row] = report.by_year
    assert row.label == FY2026.label()
    engagements = next(cell for cell in row.cells(report.metrics) if cell[0].key == "engagements")
    assert engagements[1:] == (2, 1, 100)


def test_council_report_by_measure_lists_every_measure_in_order(viewer, council_data):
    report = council_report(viewer, first=FY2026, last=FY2026, today=TODAY)

    rows = {row.label: row for row in report.by_measure}
    measure_3_2 = rows[str(measure("3-2"))]
    assert measure_3_2.current == {"engagements": 1, "outbound": 1, "new_ties": 1, "instruments": 1}
    assert measure_3_2.previous == {"engagements": 1}
    assert rows[str(measure("1-1"))].current == {"engagements": 1}
    assert rows[str(measure("4-1"))].current == {}
    codes = [row.label.split(" ")[0] for row in report.by_measure if row.group]
    assert codes == sorted(codes, key=lambda code: tuple(int(part) for part in code.split("-")))


def test_council_report_by_country_counts_each_country_and_flags_targets(viewer, council_data):
    with translation.override("en"):
        report = council_report(viewer, first=FY2026, last=FY2026, today=TODAY)

    rows = {row.label: row for row in report.by_country}
    assert set(rows) == {"Viet Nam", "Republic of Korea"}
    assert rows["Viet Nam"].current == {"engagements": 1, "outbound": 1}
    assert rows["Viet Nam"].previous == {"engagements": 1}
    assert rows["Viet Nam"].is_target is True
    assert rows["Republic of Korea"].current == {"engagements": 2, "inbound": 1, "new_ties": 1, "instruments": 1}
    assert rows["Republic of Korea"].is_target is False
    assert [row.label for row in report.by_country] == ["Republic of Korea", "Viet Nam"]


def test_council_report_by_partner_names_missions_and_regions(viewer, council_data):
    report = council_report(viewer, first=FY2026, last=FY2026, today=TODAY)

    assert [(row.label, row.current) for row in report.by_partner] == [
        ("Gyeonggi", {"new_ties": 1, "instruments": 1}),
        ("Embassy of Viet Nam", {"engagements": 1}),
    ]


def test_council_report_by_month_runs_april_to_march(viewer, council_data):
    report = council_report(viewer, first=FY2026, last=FY2026, today=TODAY)

    assert [row.label for row in report.by_month][:2] == ["2026-04", "2026-05"]
    assert report.by_month[-1].label == "2027-03"
    assert len(report.by_month) == 12
    april, march = report.by_month[0], report.by_month[-1]
    assert april.current == {"engagements": 2, "outbound": 1, "events": 1, "new_ties": 1, "follow_ups_done": 1}
    assert march.current == {"inbound": 1, "instruments": 1}


def test_council_report_counts_confidential_records_only_for_cleared_users(viewer, manager, council_data):
    hidden = council_report(viewer, first=FY2026, last=FY2026, today=TODAY)
    full = council_report(manager, first=FY2026, last=FY2026, today=TODAY)

    assert (hidden.totals.current["engagements"], full.totals.current["engagements"]) == (2, 3)
    assert (hidden.complete, full.complete) == (False, True)
    vn_hidden = next(row for row in hidden.by_country if row.current.get("outbound"))
    vn_full = next(row for row in full.by_country if row.current.get("outbound"))
    assert (vn_hidden.current["engagements"], vn_full.current["engagements"]) == (1, 2)


def test_council_report_counts_a_confidential_record_for_its_attending_staff(viewer, council_data):
    council_data["secret"].staff.add(viewer)

    report = council_report(viewer, first=FY2026, last=FY2026, today=TODAY)

    assert report.totals.current["engagements"] == 3


def test_council_report_range_compares_with_as_many_years_before(viewer, council_data):
    report = council_report(viewer, first=FiscalYear(2025), last=FY2026, today=TODAY)

    assert [row.label for row in report.by_year] == [FiscalYear(2025).label(), FY2026.label()]
    assert report.previous_period_label == f"{FiscalYear(2023).label()} – {FiscalYear(2024).label()}"
    assert report.totals.current["engagements"] == 3
    assert report.totals.previous == {}
    assert len(report.by_month) == 24


def test_council_report_refuses_reversed_or_overlong_ranges(viewer):
    with pytest.raises(ValueError, match="comes before"):
        council_report(viewer, first=FiscalYear(2026), last=FiscalYear(2025))
    with pytest.raises(ValueError, match="at most"):
        council_report(viewer, first=FiscalYear(2010), last=FiscalYear(2026))


def test_council_report_query_count_does_not_grow_with_data(viewer, django_assert_num_queries):
    only = EngagementFactory(starts_at=at_tokyo(2026, 5, 1, 10), measure=measure("3-2"))
    only.countries.set([country("VN")])
    only.missions.set([MissionFactory()])
    with CaptureQueriesContext(connection) as one_row:
        council_report(fresh(viewer), first=FY2026, last=FY2026, today=TODAY)
    for day in range(1, 29):
        engagement = EngagementFactory(starts_at=at_tokyo(2026, 6, day, 10), measure=measure("3-2"))
        engagement.countries.set([country("VN"), country("KR")])
        engagement.missions.set([MissionFactory()])
        DelegationFactory(start_date=datetime.date(2026, 7, day)).countries.set([country("TH")])

    with django_assert_num_queries(len(one_row.captured_queries)):
        council_report(fresh(viewer), first=FY2026, last=FY2026, today=TODAY)


def test_a_second_report_reads_the_kept_counts(viewer, council_data):
    first = council_report(fresh(viewer), first=FY2026, last=FY2026, today=TODAY)

    with CaptureQueriesContext(connection) as again:
        second = council_report(fresh(viewer), first=FY2026, last=FY2026, today=TODAY)

    assert second.totals == first.totals
    assert [row.current for row in second.by_country] == [row.current for row in first.by_country]
    grouped = [query for query in again.captured_queries if "GROUP BY" in query["sql"]]
    assert grouped == []


def test_kept_counts_are_forgotten_when_a_counted_record_or_link_is_written(viewer, council_data):
    before = council_report(fresh(viewer), first=FY2026, last=FY2026, today=TODAY)
    added = EngagementFactory(starts_at=at_tokyo(2026, 9, 1, 10), measure=measure("3-2"))
    after_save = council_report(fresh(viewer), first=FY2026, last=FY2026, today=TODAY)
    added.countries.set([country("TH")])
    after_link = council_report(fresh(viewer), first=FY2026, last=FY2026, today=TODAY)

    assert (before.totals.current["engagements"], after_save.totals.current["engagements"]) == (2, 3)
    thailand = str(country("TH"))
    assert thailand not in {row.label for row in after_save.by_country}
    assert thailand in {row.label for row in after_link.by_country}


def test_a_cleared_users_kept_counts_never_reach_another_reader(viewer, manager, council_data):
    full = council_report(fresh(manager), first=FY2026, last=FY2026, today=TODAY)
    hidden = council_report(fresh(viewer), first=FY2026, last=FY2026, today=TODAY)

    assert (full.totals.current["engagements"], hidden.totals.current["engagements"]) == (3, 2)


@pytest.mark.parametrize(
    "zone",
    [
        "Asia/Tokyo",  # one offset all year: SQLite reads the month with strftime, shifted by it
        "Europe/Paris",  # summer time: SQLite finds the month among the months' first instants
        "America/Santiago",  # summer time in the southern hemisphere, changing on Saturday night
    ],
)
def test_council_report_puts_each_engagement_in_its_local_month_at_the_edges(viewer, settings, zone):
    settings.TIME_ZONE = zone
    local = zoneinfo.ZoneInfo(zone)
    edges = [
        (datetime.datetime(2026, 4, 1, 0, 0, tzinfo=local), "2026-04"),
        (datetime.datetime(2026, 4, 30, 23, 59, 59, tzinfo=local), "2026-04"),
        (datetime.datetime(2026, 5, 1, 0, 0, tzinfo=local), "2026-05"),
        (datetime.datetime(2026, 10, 31, 23, 59, 59, tzinfo=local), "2026-10"),
        (datetime.datetime(2026, 11, 1, 0, 0, tzinfo=local), "2026-11"),
        (datetime.datetime(2027, 3, 31, 23, 59, 59, tzinfo=local), "2027-03"),
    ]
    for starts_at, _month in edges:
        EngagementFactory(starts_at=starts_at)
    EngagementFactory(starts_at=datetime.datetime(2026, 3, 31, 23, 59, 59, tzinfo=local))  # FY2025
    EngagementFactory(starts_at=datetime.datetime(2027, 4, 1, 0, 0, tzinfo=local))  # FY2027

    report = council_report(viewer, first=FY2026, last=FY2026, today=TODAY)

    expected = {}
    for _starts_at, month in edges:
        expected[month] = expected.get(month, 0) + 1
    counted = {row.label: row.current["engagements"] for row in report.by_month if row.current}
    assert counted == expected
    assert report.by_year[0].previous == {"engagements": 1}
