import datetime
import zoneinfo

import pytest

from events.selectors import ItineraryDay, itinerary_days
from tests.factories.events import DelegationFactory, ItineraryItemFactory

pytestmark = pytest.mark.django_db

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def hanoi(day, hour, minute=0):
    return datetime.datetime(2030, 5, day, hour, minute, tzinfo=HANOI)


def seoul(day, hour, minute=0):
    return datetime.datetime(2030, 5, day, hour, minute, tzinfo=SEOUL)


def test_itinerary_days_a_day_in_hanoi_then_a_day_in_seoul():
    trip = DelegationFactory(title="知事ベトナム・韓国訪問")
    # Entered out of order, as planners do.
    call = ItineraryItemFactory(
        delegation=trip,
        title="京畿道知事表敬",
        kind="courtesy_call",
        time_zone="Asia/Seoul",
        starts_at=seoul(13, 10),
        ends_at=seoul(13, 11),
    )
    meeting = ItineraryItemFactory(
        delegation=trip, title="ハノイ市人民委員会との会談", starts_at=hanoi(12, 9, 30), ends_at=hanoi(12, 10, 30)
    )
    flight = ItineraryItemFactory(
        delegation=trip,
        title="VN416 HAN→ICN",
        kind="flight",
        starts_at=hanoi(12, 23, 55),
        ends_at=seoul(13, 6, 10),
        end_time_zone="Asia/Seoul",
    )
    breakfast = ItineraryItemFactory(
        delegation=trip,
        title="朝食懇談会",
        kind="meal",
        time_zone="Asia/Seoul",
        starts_at=seoul(13, 8),
        ends_at=seoul(13, 9),
    )
    reception = ItineraryItemFactory(
        delegation=trip,
        title="在ベトナム日本大使館レセプション",
        kind="reception",
        starts_at=hanoi(12, 19),
        ends_at=hanoi(12, 21),
    )
    site_visit = ItineraryItemFactory(
        delegation=trip, title="タンロン工業団地視察", kind="site_visit", starts_at=hanoi(12, 14), ends_at=hanoi(12, 16)
    )

    days = itinerary_days(trip)

    assert days == [
        ItineraryDay(
            date=datetime.date(2030, 5, 12),
            time_zones=("Asia/Ho_Chi_Minh",),
            items=(meeting, site_visit, reception, flight),
        ),
        ItineraryDay(date=datetime.date(2030, 5, 13), time_zones=("Asia/Seoul",), items=(breakfast, call)),
    ]
    assert [item.local_time_label for item in (meeting, flight, call)] == [
        "2030-05-12 09:30-10:30 +07 (Asia/Ho_Chi_Minh)",
        "2030-05-12 23:55 +07 (Asia/Ho_Chi_Minh) → 2030-05-13 06:10 KST (Asia/Seoul)",
        "2030-05-13 10:00-11:00 KST (Asia/Seoul)",
    ]


def test_itinerary_items_sort_by_instant_not_by_wall_clock():
    trip = DelegationFactory()
    # 08:00 in Hanoi is 10:00 in Seoul: the 09:00 Seoul meeting happens first although its clock time is later.
    hanoi_breakfast = ItineraryItemFactory(delegation=trip, starts_at=hanoi(14, 8), time_zone="Asia/Ho_Chi_Minh")
    seoul_meeting = ItineraryItemFactory(delegation=trip, starts_at=seoul(14, 9), time_zone="Asia/Seoul")

    days = itinerary_days(trip)

    assert [day.items for day in days] == [(seoul_meeting, hanoi_breakfast)]
    assert days[0].time_zones == ("Asia/Seoul", "Asia/Ho_Chi_Minh")


def test_itinerary_item_stores_utc_and_shows_the_place_time():
    item = ItineraryItemFactory(starts_at=hanoi(12, 9, 30), ends_at=None)
    item.refresh_from_db()

    assert (item.starts_at, item.local_starts_at.isoformat()) == (
        datetime.datetime(2030, 5, 12, 2, 30, tzinfo=datetime.UTC),
        "2030-05-12T09:30:00+07:00",
    )


@pytest.mark.parametrize("rows", [1, 20])
def test_itinerary_days_query_count_is_bounded(django_assert_num_queries, rows):
    trip = DelegationFactory()
    for hour in range(rows):
        ItineraryItemFactory(delegation=trip, starts_at=hanoi(12, 0) + datetime.timedelta(hours=hour))

    # items (+ engagement join), counterparts, counterpart organizations
    with django_assert_num_queries(3):
        days = itinerary_days(trip)

    assert sum(len(day.items) for day in days) == rows
