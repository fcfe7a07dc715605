import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from core.choices import Confidentiality
from relations import services
from relations.choices import CommitmentStatus, EngagementStatus, FollowUpStatus, InstrumentKind, Recurrence
from relations.models import Engagement, FollowUp, TieInstrument
from tests.factories.core import UserFactory
from tests.factories.relations import (
    CommitmentFactory,
    EngagementFactory,
    FollowUpFactory,
    MissionFactory,
    PersonFactory,
    TieFactory,
    country,
    measure,
)

pytestmark = pytest.mark.django_db
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


def test_create_engagement_records_participants_follow_ups_and_audit_entry():
    author, colleague = UserFactory(), UserFactory()
    ambassador, mission = PersonFactory(), MissionFactory()

    engagement = services.create_engagement(
        user=author,
        subject="Courtesy call on the Ambassador",
        starts_at=datetime.datetime(2026, 5, 12, 10, 0, tzinfo=TOKYO),
        ends_at=datetime.datetime(2026, 5, 12, 11, 0, tzinfo=TOKYO),
        kind="courtesy_call",
        people=[ambassador],
        staff=[author, colleague],
        missions=[mission],
        countries=[country("VN")],
        measure=measure("3-3"),
        confidentiality=Confidentiality.CONFIDENTIAL,
        tags=["embassy", "trade"],
        follow_ups=[
            services.FollowUpDraft(title="Send the brochure", owner=colleague, due_on=datetime.date(2026, 5, 20))
        ],
    )

    engagement.refresh_from_db()
    assert (engagement.created_by, engagement.sequence) == (author, 0)
    assert list(engagement.people.all()) == [ambassador]
    assert set(engagement.staff.all()) == {author, colleague}
    assert sorted(engagement.tags.names()) == ["embassy", "trade"]
    follow_up = FollowUp.objects.get()
    assert (follow_up.engagement, follow_up.owner, follow_up.confidentiality) == (
        engagement,
        colleague,
        Confidentiality.CONFIDENTIAL,
    )
    assert list(ModelLogEntry.objects.for_instance(engagement).values_list("action", flat=True)) == ["wagtail.create"]


def test_create_engagement_with_invalid_follow_up_writes_nothing():
    user = UserFactory()

    with pytest.raises(ValidationError):
        services.create_engagement(
            user=user,
            subject="Meeting",
            starts_at=datetime.datetime(2026, 5, 12, 10, 0, tzinfo=TOKYO),
            follow_ups=[services.FollowUpDraft(title="", owner=user, due_on=datetime.date(2026, 5, 20))],
        )

    assert (Engagement.objects.count(), FollowUp.objects.count()) == (0, 0)


def test_create_engagement_refuses_naive_datetimes_and_unknown_time_zones():
    user = UserFactory()

    with pytest.raises(ValidationError):
        services.create_engagement(user=user, subject="x", starts_at=datetime.datetime(2026, 5, 12, 10, 0))  # noqa: DTZ001
    with pytest.raises(ValidationError) as error:
        services.create_engagement(
            user=user, subject="x", starts_at=datetime.datetime(2026, 5, 12, 10, tzinfo=TOKYO), time_zone="Mars/Base"
        )
    assert "time_zone" in error.value.message_dict
    assert Engagement.objects.count() == 0


def test_update_engagement_bumps_sequence_only_for_subscriber_visible_changes():
    engagement = EngagementFactory(subject="Lunch")
    user = engagement.created_by

    services.update_engagement(engagement=engagement, user=user, measure=measure("1-1"))
    assert engagement.sequence == 0
    services.update_engagement(engagement=engagement, user=user, subject="Working lunch", location="Utsunomiya")
    assert engagement.sequence == 1
    services.update_engagement(engagement=engagement, user=user, subject="Working lunch")
    assert engagement.sequence == 1
    services.update_engagement(engagement=engagement, user=user, people=[PersonFactory()])
    services.cancel_engagement(engagement=engagement, user=user)

    engagement.refresh_from_db()
    assert (engagement.sequence, engagement.status) == (3, EngagementStatus.CANCELLED)
    edits = ModelLogEntry.objects.for_instance(engagement).filter(action="wagtail.edit")
    assert edits.count() == 4
    assert edits.order_by("timestamp", "id").last().data["changes"]["status"] == {
        "before": "confirmed",
        "after": "cancelled",
    }


def test_update_engagement_confidentiality_flows_to_its_follow_ups():
    engagement = EngagementFactory()
    follow_up = FollowUpFactory(engagement=engagement)

    services.update_engagement(
        engagement=engagement, user=engagement.created_by, confidentiality=Confidentiality.CONFIDENTIAL
    )

    follow_up.refresh_from_db()
    assert (follow_up.confidentiality, follow_up.sequence) == (Confidentiality.CONFIDENTIAL, 1)


def test_complete_follow_up_records_date_note_and_bumps_sequence():
    follow_up = FollowUpFactory()

    services.complete_follow_up(
        follow_up=follow_up, user=follow_up.owner, done_on=datetime.date(2026, 6, 1), note="Sent by post"
    )

    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.done_on, follow_up.done_note, follow_up.sequence) == (
        FollowUpStatus.DONE,
        datetime.date(2026, 6, 1),
        "Sent by post",
        1,
    )
    assert ModelLogEntry.objects.for_instance(follow_up).get().action == "relations.follow_up.complete"
    with pytest.raises(ValidationError):
        services.complete_follow_up(follow_up=follow_up, user=follow_up.owner)


def test_follow_up_from_a_commitment_inherits_the_tie_confidentiality():
    commitment = CommitmentFactory(instrument__tie__confidentiality=Confidentiality.CONFIDENTIAL)
    user = UserFactory()

    follow_up = services.add_follow_up(
        user=user, title="Plan the seminar", owner=user, due_on=datetime.date(2026, 9, 1), commitment=commitment
    )

    assert (follow_up.commitment, follow_up.confidentiality) == (commitment, Confidentiality.CONFIDENTIAL)


def test_create_tie_and_add_instrument_with_commitments():
    user = UserFactory()
    signatory = PersonFactory()
    tie = services.create_tie(
        user=user,
        partner_region=TieFactory().partner_region,
        kind="sister",
        status="active",
        established_on=datetime.date(1990, 10, 1),
    )

    instrument = services.add_instrument(
        tie=tie,
        user=user,
        kind=InstrumentKind.JOINT_DECLARATION,
        title="35th anniversary joint declaration",
        signed_on=datetime.date(2025, 7, 20),
        place="Utsunomiya",
        signatories=[signatory],
        commitments=[services.CommitmentDraft(text="Hold an investment seminar every year", recurrence="yearly")],
    )

    assert (tie.created_by, list(TieInstrument.objects.get().signatories.all())) == (user, [signatory])
    assert list(instrument.commitments.values_list("text", "recurrence", "status")) == [
        ("Hold an investment seminar every year", "yearly", "open")
    ]
    assert list(
        ModelLogEntry.objects.for_instance(tie).order_by("timestamp", "id").values_list("action", flat=True)
    ) == [
        "wagtail.create",
        "relations.tie.add_instrument",
    ]


def test_create_tie_needs_exactly_one_partner():
    with pytest.raises(ValidationError):
        services.create_tie(user=UserFactory(), kind="sister", status="active")


def test_complete_commitment_rolls_a_recurring_one_forward_and_closes_a_one_off():
    yearly = CommitmentFactory(recurrence=Recurrence.YEARLY, due_on=datetime.date(2026, 11, 30))
    once = CommitmentFactory(recurrence=Recurrence.ONCE, due_on=datetime.date(2026, 11, 30))
    user = UserFactory()

    services.complete_commitment(commitment=yearly, user=user, done_on=datetime.date(2026, 11, 20))
    services.complete_commitment(commitment=once, user=user, done_on=datetime.date(2026, 11, 21))

    assert (yearly.status, yearly.due_on, yearly.done_on) == (
        CommitmentStatus.OPEN,
        datetime.date(2027, 11, 30),
        datetime.date(2026, 11, 20),
    )
    assert (once.status, once.done_on) == (CommitmentStatus.DONE, datetime.date(2026, 11, 21))
