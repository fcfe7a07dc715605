import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import ModelLogEntry

from core.choices import Confidentiality
from events.models import Delegation, DelegationMember
from events.services import (
    MemberDraft,
    VisitFollowUp,
    add_itinerary_item,
    create_delegation,
    record_item_as_engagement,
    record_visit_report,
    update_delegation,
)
from relations.models import Engagement, FollowUp
from tests.factories.core import UserFactory
from tests.factories.events import DelegationFactory, DelegationMemberFactory, ItineraryItemFactory
from tests.factories.relations import OrganizationFactory, PersonFactory, country, measure

pytestmark = pytest.mark.django_db

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
AFTER_THE_TRIP = datetime.datetime(2030, 6, 1, tzinfo=datetime.UTC)


def test_create_delegation_with_members_and_partners():
    user, governor_office = UserFactory(), OrganizationFactory(name="Tochigi Bank")
    ambassador = PersonFactory()

    delegation = create_delegation(
        user=user,
        title="知事ベトナム訪問",
        direction="outbound",
        start_date=datetime.date(2030, 5, 11),
        countries=[country("VN")],
        measure=measure("3-2"),
        members=[
            MemberDraft(role="head", person=ambassador, dietary_needs="ハラール"),
            MemberDraft(role="escort", user=user),
            MemberDraft(role="member", organization=governor_office),
        ],
    )

    assert (delegation.created_by, delegation.end_date, list(delegation.countries.all())) == (
        user,
        datetime.date(2030, 5, 11),
        [country("VN")],
    )
    assert [(m.role, m.member, m.dietary_needs) for m in DelegationMember.objects.filter(delegation=delegation)] == [
        ("head", ambassador, "ハラール"),
        ("escort", user, ""),
        ("member", governor_office, ""),
    ]


def test_create_delegation_member_must_be_exactly_one_kind_and_nothing_is_saved():
    with pytest.raises(ValidationError):
        create_delegation(
            user=UserFactory(),
            title="Broken",
            members=[MemberDraft(role="member", user=UserFactory(), person=PersonFactory())],
        )

    assert list(Delegation.objects.all()) == []


def test_update_delegation_bumps_sequence_only_when_subscribers_see_it_and_logs_the_diff():
    user, delegation = UserFactory(), DelegationFactory(budget_notes="")

    update_delegation(delegation=delegation, user=user, budget_notes="約300万円")
    quiet = Delegation.objects.get(pk=delegation.pk).sequence
    update_delegation(delegation=delegation, user=user, status="cancelled")

    assert (quiet, Delegation.objects.get(pk=delegation.pk).sequence) == (0, 1)
    assert [entry.data["changes"] for entry in ModelLogEntry.objects.filter(object_id=str(delegation.pk))] == [
        {"status": {"before": "confirmed", "after": "cancelled"}},
        {"budget_notes": {"before": "", "after": "約300万円"}},
    ]


def test_add_itinerary_item_rejects_naive_datetimes():
    with pytest.raises(ValidationError) as error:
        add_itinerary_item(
            delegation=DelegationFactory(),
            user=UserFactory(),
            title="Meeting",
            starts_at=datetime.datetime(2030, 5, 12, 9, 30),  # noqa: DTZ001 - the bad input under test
            time_zone="Asia/Ho_Chi_Minh",
        )

    assert list(error.value.message_dict) == ["starts_at"]


def test_record_item_as_engagement_copies_the_meeting_and_is_idempotent():
    planner, colleague = UserFactory(), UserFactory()
    chairman = PersonFactory(family_name_latin="Tran")
    delegation = DelegationFactory(lead=planner, confidentiality=Confidentiality.CONFIDENTIAL, measure=measure("3-2"))
    delegation.countries.set([country("VN")])
    DelegationMemberFactory(delegation=delegation, user=colleague, role="member")
    item = ItineraryItemFactory(
        delegation=delegation,
        title="ハノイ市人民委員会との会談",
        location="Hanoi People's Committee",
        notes="投資セミナーの共催を提案",
        starts_at=datetime.datetime(2030, 5, 12, 9, 30, tzinfo=HANOI),
        ends_at=datetime.datetime(2030, 5, 12, 10, 30, tzinfo=HANOI),
    )
    item.counterparts.set([chairman])
    item.save()

    engagement = record_item_as_engagement(item=item, user=planner, now=AFTER_THE_TRIP)
    again = record_item_as_engagement(item=item, user=planner, now=AFTER_THE_TRIP)

    assert again == engagement
    assert list(Engagement.objects.all()) == [engagement]
    assert (
        engagement.subject,
        engagement.kind,
        engagement.starts_at,
        engagement.time_zone,
        engagement.location,
        engagement.summary,
        engagement.confidentiality,
        engagement.measure,
        engagement.created_by,
    ) == (
        "ハノイ市人民委員会との会談",
        "meeting",
        datetime.datetime(2030, 5, 12, 2, 30, tzinfo=datetime.UTC),
        "Asia/Ho_Chi_Minh",
        "Hanoi People's Committee",
        "投資セミナーの共催を提案",
        "confidential",
        measure("3-2"),
        planner,
    )
    assert (list(engagement.people.all()), set(engagement.staff.all()), list(engagement.countries.all())) == (
        [chairman],
        {planner, colleague},
        [country("VN")],
    )
    item.refresh_from_db()
    assert item.engagement == engagement


def test_record_item_as_engagement_refuses_future_items_and_flights():
    future = ItineraryItemFactory()
    flight = ItineraryItemFactory(kind="flight")

    with translation.override("en"), pytest.raises(ValidationError) as not_yet:
        record_item_as_engagement(
            item=future, user=UserFactory(), now=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
        )
    with translation.override("en"), pytest.raises(ValidationError) as not_a_meeting:
        record_item_as_engagement(item=flight, user=UserFactory(), now=AFTER_THE_TRIP)

    assert (not_yet.value.messages, not_a_meeting.value.messages, Engagement.objects.count()) == (
        ["This item has not happened yet; record it as an engagement afterwards."],
        ["Only meetings, calls, visits, receptions and seminars become engagements."],
        0,
    )


def test_record_visit_report_marks_done_and_creates_follow_ups_as_secret_as_the_delegation():
    user, owner = UserFactory(), UserFactory()
    delegation = DelegationFactory(confidentiality=Confidentiality.CONFIDENTIAL)

    follow_ups = record_visit_report(
        delegation=delegation,
        user=user,
        report="ハノイ市と経済協力覚書の締結に合意。",
        follow_ups=[VisitFollowUp(title="覚書案を送付", owner=owner, due_on=datetime.date(2030, 6, 15))],
    )

    delegation.refresh_from_db()
    assert (delegation.status, delegation.visit_report, delegation.sequence) == (
        "done",
        "ハノイ市と経済協力覚書の締結に合意。",
        1,
    )
    assert list(delegation.follow_ups.all()) == follow_ups
    assert list(FollowUp.objects.values_list("title", "owner", "confidentiality")) == [
        ("覚書案を送付", owner.pk, "confidential")
    ]
