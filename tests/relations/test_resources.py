import datetime
import zoneinfo

from django.utils import translation

from relations.models import Engagement, FollowUp, Tie, TieInstrument
from tests.factories.core import UserFactory
from tests.factories.relations import (
    CommitmentFactory,
    EngagementFactory,
    FollowUpFactory,
    TieFactory,
    TieInstrumentFactory,
)
from tests.transfers.helpers import import_content, round_trip
from transfers.services import export_file

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


def test_instruments_and_commitments_round_trip_with_their_tie(directory):
    tie, _engagement = _relations(directory)
    instrument = TieInstrumentFactory(
        tie=tie, title="Memorandum on youth exchange", signed_on=datetime.date(2019, 4, 1), place="Hanoi"
    )
    instrument.signatories.set([directory["ambassador"]])
    instrument.save()
    CommitmentFactory(instrument=instrument, text="Exchange ten students a year", recurrence="yearly")
    CommitmentFactory(
        instrument=instrument, text="Open a desk", status="done", done_on=datetime.date(2020, 1, 10), notes="Done"
    )

    first, second, results = round_trip(["ties", "instruments", "commitments"], wipe=_wipe)

    assert {name: result.counts for name, result in results.items()} == {
        "ties": {"new": 1, "update": 0, "skip": 0, "error": 0},
        "instruments": {"new": 1, "update": 0, "skip": 0, "error": 0},
        "commitments": {"new": 2, "update": 0, "skip": 0, "error": 0},
    }
    assert second == first
    restored = TieInstrument.objects.get()
    assert [person.family_name_latin for person in restored.signatories.all()] == ["Pham"]
    assert sorted(restored.commitments.values_list("text", "status")) == [
        ("Exchange ten students a year", "open"),
        ("Open a desk", "done"),
    ]


def test_reimport_of_instruments_and_commitments_changes_nothing(directory):
    tie, _engagement = _relations(directory)
    CommitmentFactory(instrument=TieInstrumentFactory(tie=tie, title="Agreement"), text="Hold a seminar")
    with translation.override("en"):
        instruments = export_file(resource_name="instruments")
        commitments = export_file(resource_name="commitments")

    results = [import_content("instruments", instruments), import_content("commitments", commitments)]

    assert [result.counts for result in results] == [
        {"new": 0, "update": 0, "skip": 1, "error": 0},
        {"new": 0, "update": 0, "skip": 1, "error": 0},
    ]


def test_commitment_of_an_unknown_instrument_is_a_row_error(directory):
    tie = TieFactory(partner_region=directory["region"], local_party=directory["jetro"])
    content = (
        "Municipality,Partner region,Tie kind,Instrument,Instrument signed on,Commitment,Status\n"
        f"JETRO,{tie.partner_region.slug},{tie.kind},Nothing signed,2020-01-01,Hold a fair,open\n"
        f"JETRO,{tie.partner_region.slug},{tie.kind},Nothing signed,2020-01-01,Open a desk,done\n"
    ).encode()

    with translation.override("en"):
        result = import_content("commitments", content, good_rows_only=True)

    assert [(row.number, row.errors) for row in result.rows] == [
        (2, {"Instrument": ["No instrument with this title and date; import the instruments first."]}),
        (3, {"Done on": ["A commitment marked done needs the date it was done."]}),
    ]
