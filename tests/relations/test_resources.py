import datetime
import zoneinfo

from django.utils import translation

from relations.models import Engagement, FollowUp, Tie
from tests.factories.core import UserFactory
from tests.factories.relations import EngagementFactory, FollowUpFactory, TieFactory
from tests.transfers.helpers import import_content, round_trip

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _relations(directory):
    officer = UserFactory(username="suzuki")
    tie = TieFactory(partner_region=directory["region"], local_party=directory["jetro"], notes="Since 1990")
    engagement = EngagementFactory(
        subject="Courtesy call on the ambassador",
        starts_at=datetime.datetime(2025, 5, 1, 10, 0, tzinfo=HANOI),
        ends_at=datetime.datetime(2025, 5, 1, 11, 0, tzinfo=HANOI),
        time_zone="Asia/Ho_Chi_Minh",
        location="Hanoi",
    )
    engagement.people.set([directory["ambassador"], directory["officer"]])
    engagement.missions.set([directory["embassy"]])
    engagement.staff.set([officer])
    FollowUpFactory(engagement=engagement, owner=officer, title="Send the brochure", due_on=datetime.date(2025, 6, 1))
    return tie, engagement


def _wipe():
    FollowUp.objects.all().delete()
    Engagement.objects.all().delete()
    Tie.objects.all().delete()


def test_relation_resources_round_trip_with_natural_keys(directory):
    _relations(directory)

    first, second, results = round_trip(["ties", "engagements", "follow_ups"], wipe=_wipe)

    assert {name: result.counts["new"] for name, result in results.items()} == {
        "ties": 1,
        "engagements": 1,
        "follow_ups": 1,
    }
    assert second == first
    engagement = Engagement.objects.get()
    assert sorted(person.family_name_latin for person in engagement.people.all()) == ["Pham", "Yamada"]
    assert engagement.starts_at == datetime.datetime(2025, 5, 1, 10, 0, tzinfo=HANOI)
    assert FollowUp.objects.get().engagement == engagement


def test_engagement_times_without_offset_are_read_in_the_place_time_zone(directory):
    content = (
        b"Subject,Starts at,Time zone,People met\n"
        b"Dinner,2025-05-02 19:00,Asia/Ho_Chi_Minh,pham@vnembassy.jp; Yamada Taro\n"
    )

    result = import_content("engagements", content)

    assert result.counts == {"new": 1, "update": 0, "skip": 0, "error": 0}
    engagement = Engagement.objects.get(subject="Dinner")
    assert engagement.starts_at == datetime.datetime(2025, 5, 2, 19, 0, tzinfo=HANOI)
    assert sorted(p.family_name_latin for p in engagement.people.all()) == ["Pham", "Yamada"]


def test_follow_up_with_unknown_owner_is_an_error(directory):
    with translation.override("en"):
        result = import_content("follow_ups", b"What,Owner,Due on\nCall back,nobody,2025-06-01\n")

    assert [row.errors for row in result.rows] == [{"Owner": ["Unknown staff user “nobody”."]}]
