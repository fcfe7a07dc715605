import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

from relations.models import DigestDelivery
from relations.services import send_follow_up_digests
from relations.tasks import send_follow_up_digest
from tests.factories.core import UserFactory
from tests.factories.relations import EngagementFactory, FollowUpFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 4, 1)


def test_digest_sends_each_owner_one_mail_with_overdue_and_due_soon_items(settings):
    settings.KIZUNA_DUE_SOON_DAYS = 7
    owner = UserFactory(email="yamada@pref.example.jp")
    engagement = EngagementFactory(subject="Courtesy call, Embassy of Viet Nam")
    FollowUpFactory(
        owner=owner, title="Send the investment brochure", due_on=datetime.date(2026, 3, 25), engagement=engagement
    )
    FollowUpFactory(owner=owner, title="Book the seminar room", due_on=datetime.date(2026, 4, 8))
    FollowUpFactory(owner=owner, title="Too far ahead", due_on=datetime.date(2026, 4, 9))
    FollowUpFactory(
        owner=owner,
        title="Already done",
        due_on=datetime.date(2026, 3, 1),
        status="done",
        done_on=datetime.date(2026, 3, 2),
    )

    with translation.override("en"):
        result = send_follow_up_digests(today=TODAY)

    assert (result.sent, result.already_sent) == (1, 0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["yamada@pref.example.jp"]
    assert "Send the investment brochure (Courtesy call, Embassy of Viet Nam)" in message.body
    assert "2026-03-25" in message.body
    assert "Book the seminar room" in message.body
    assert "Too far ahead" not in message.body
    assert "Already done" not in message.body
    assert list(DigestDelivery.objects.values_list("user", "sent_on", "overdue_count", "due_soon_count")) == [
        (owner.pk, TODAY, 1, 1)
    ]


def test_digest_sent_twice_the_same_day_sends_nothing_new():
    owner = UserFactory()
    FollowUpFactory(owner=owner, due_on=TODAY)

    send_follow_up_digests(today=TODAY)
    FollowUpFactory(owner=owner, due_on=TODAY)
    second = send_follow_up_digests(today=TODAY)
    next_day = send_follow_up_digests(today=TODAY + datetime.timedelta(days=1))

    assert (second.sent, next_day.sent) == (0, 1)
    assert len(mail.outbox) == 2


def test_digest_sends_nothing_to_users_with_nothing_due():
    idle = UserFactory()
    FollowUpFactory(owner=idle, due_on=TODAY + datetime.timedelta(days=60))

    result = send_follow_up_digests(today=TODAY)

    assert (result.sent, mail.outbox, DigestDelivery.objects.count()) == (0, [], 0)


def test_digest_command_and_task_share_the_once_a_day_rule():
    FollowUpFactory(owner=UserFactory(), due_on=timezone.localdate())

    call_command("send_followup_digest")
    outcome = send_follow_up_digest.enqueue()

    assert len(mail.outbox) == 1
    assert outcome.return_value == {"sent": 0, "already_sent": 0}
