"""The record pages of relations (engagement, follow-up, tie), and the forms their actions open prefilled."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from core.choices import Confidentiality
from core.record_pages import record_url
from relations import services
from relations.models import FollowUp
from relations.services import FollowUpDraft
from tests.contacts.test_record_pages import INTERNAL, links, record_page, section, signed, speaking, text
from tests.factories.attachments import AttachmentFactory
from tests.factories.core import UserFactory
from tests.factories.events import GiftFactory
from tests.factories.relations import (
    CommitmentFactory,
    EngagementFactory,
    FollowUpFactory,
    MissionFactory,
    PersonFactory,
    TieFactory,
    TieInstrumentFactory,
    country,
)
from tests.trust.readings import readings

pytestmark = pytest.mark.django_db

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def superuser():
    return speaking(UserFactory(is_superuser=True))


def staff_member():
    user = speaking(UserFactory())
    user.groups.add(Group.objects.get(name="Staff"))
    return user


def test_engagement_page_shows_the_follow_up_created_with_it_and_its_counterparts_as_links(client, superuser):
    person = PersonFactory(family_name_latin="Nguyen", given_name_latin="Van An")
    embassy = MissionFactory(name="Embassy of Viet Nam", country=country("VN"))
    engagement = services.create_engagement(
        user=superuser,
        subject="Courtesy call on the Ambassador",
        starts_at=datetime.datetime(2030, 5, 12, 9, 30, tzinfo=HANOI),
        ends_at=datetime.datetime(2030, 5, 12, 10, 30, tzinfo=HANOI),
        time_zone="Asia/Ho_Chi_Minh",
        location="Hanoi",
        outcomes="The Ambassador will visit Nikko.",
        people=[person],
        missions=[embassy],
        follow_ups=[FollowUpDraft(title="Send the brochure", owner=superuser, due_on=datetime.date(2030, 5, 20))],
    )
    follow_up = FollowUp.objects.get(engagement=engagement)
    attachment = AttachmentFactory(engagement=engagement, title="Minutes")
    gift = GiftFactory(person=person, engagement=engagement, item="Mashiko-ware vase")

    page = record_page(client, superuser, engagement)

    assert links(section(page, "follow-ups")) == [
        f"{reverse('relations_follow_ups:add')}?engagement={engagement.pk}",
        record_url(follow_up),
    ]
    assert links(section(page, "attachments")) == [
        f"{reverse('attachments:add')}?engagement={engagement.pk}",
        record_url(attachment),
    ]
    assert links(section(page, "gifts")) == [record_url(gift)]
    header = page.split('<nav class="kz-record-actions"')[0]
    assert links(header) == [record_url(person), record_url(embassy)]
    # On the clock of Hanoi, where it happened, and on Tokyo's beside it.
    when = text(header).split("When ")[1].split(" Location")[0]
    assert ("9:30–10:30" in when, "Asia/Ho_Chi_Minh" in when, "11:30" in when.split("Asia/Ho_Chi_Minh")[1]) == (
        True,
        True,
        True,
    )
    assert "The Ambassador will visit Nikko." in page
    assert [word for word in INTERNAL if word in page] == []


def test_engagement_page_actions_add_a_follow_up_and_log_the_next_meeting_with_the_same_counterparts(client, superuser):
    person, embassy = PersonFactory(), MissionFactory()
    engagement = EngagementFactory()
    engagement.people.add(person)
    engagement.missions.add(embassy)

    page = record_page(client, superuser, engagement)

    actions = page.split('<nav class="kz-record-actions"')[1].split("</nav>")[0]
    assert links(actions) == [
        f"{reverse('relations_follow_ups:add')}?engagement={engagement.pk}",
        f"{reverse('relations_engagements:add')}?people={person.pk}&amp;missions={embassy.pk}",
        reverse("relations_engagements:edit", args=[engagement.pk]),
    ]


def test_engagement_page_hides_a_confidential_follow_up_and_attachment_from_staff_who_may_not_see_them(client):
    author = staff_member()
    engagement = EngagementFactory(created_by=author)
    secret_task = FollowUpFactory(
        engagement=engagement, title="Secret task", confidentiality=Confidentiality.CONFIDENTIAL
    )
    secret_file = AttachmentFactory(
        engagement=engagement, title="Secret minutes", confidentiality=Confidentiality.CONFIDENTIAL
    )
    manager = speaking(UserFactory())
    manager.groups.add(Group.objects.get(name="Managers"))

    hidden = record_page(client, staff_member(), engagement)
    shown = record_page(client, manager, engagement)

    assert [("Secret task" in page, "Secret minutes" in page) for page in (hidden, shown)] == [
        (False, False),
        (True, True),
    ]
    assert readings(secret_task, secret_file) == [
        (secret_task, manager.pk, "related"),
        (secret_file, manager.pk, "related"),
    ]


def test_follow_up_page_links_its_engagement_and_offers_to_mark_it_done(client, superuser):
    engagement = EngagementFactory(subject="Trade mission")
    follow_up = FollowUpFactory(engagement=engagement, title="Send the brochure", owner=superuser)

    page = record_page(client, superuser, follow_up)

    assert links(page.split('<nav class="kz-record-actions"')[0]) == [record_url(engagement)]
    assert reverse("relations_complete_follow_up", args=[follow_up.pk]) in page
    assert [word for word in INTERNAL if word in page] == []


def test_tie_page_lists_instruments_commitments_and_coming_anniversaries(client, superuser):
    today = timezone.localdate()
    tie = TieFactory(established_on=today.replace(year=today.year - 30) + datetime.timedelta(days=10))
    signatory = PersonFactory(family_name_latin="Le", given_name_latin="Van Dung")
    instrument = TieInstrumentFactory(tie=tie, title="Friendship agreement", signed_on=datetime.date(2001, 1, 1))
    signed(instrument, signatory)
    commitment = CommitmentFactory(instrument=instrument, text="Hold a seminar every year")

    page = record_page(client, superuser, tie)

    assert "Friendship agreement" in section(page, "instruments")
    assert "Van Dung" in section(page, "instruments")
    assert links(section(page, "commitments")) == [record_url(commitment)]
    assert "30 years on" in section(page, "anniversaries")
    assert [word for word in INTERNAL if word in page] == []


def test_log_meeting_form_opens_with_the_counterparts_a_record_page_named(client, superuser):
    person = PersonFactory(family_name_latin="Kim", given_name_latin="Min-jun")
    embassy = MissionFactory(name="Embassy of Korea")
    client.force_login(superuser)

    response = client.get(
        reverse("relations_engagements:add"), {"people": [str(person.pk), "x1"], "missions": str(embassy.pk)}
    )

    form = response.context["form"]
    assert (form.initial["people"], form.initial["missions"], "regions" in form.initial) == (
        [str(person.pk)],
        [str(embassy.pk)],
        False,
    )
    content = response.content.decode()
    assert f'<option value="{person.pk}" selected>{person.display_name}</option>' in content
    assert f'<option value="{embassy.pk}" selected>Embassy of Korea</option>' in content


def test_follow_up_added_from_an_engagement_page_belongs_to_it_and_returns_there(client, superuser):
    engagement = EngagementFactory(subject="Trade mission")
    client.force_login(superuser)
    url = f"{reverse('relations_follow_ups:add')}?engagement={engagement.pk}"

    form_page = client.get(url).content.decode()
    response = client.post(url, {"title": "Send the brochure", "owner": superuser.pk, "due_on": "2030-05-20"})

    assert f'action="{url}"' in form_page.replace("&amp;", "&")
    assert response.status_code == 302
    assert response.url == record_url(engagement)
    assert list(FollowUp.objects.values_list("title", "engagement_id")) == [("Send the brochure", engagement.pk)]


def test_follow_up_for_an_engagement_the_user_may_not_see_is_not_linked_to_it(client):
    secret = EngagementFactory(subject="Secret talks", confidentiality=Confidentiality.CONFIDENTIAL)
    staff = staff_member()
    client.force_login(staff)

    client.post(
        f"{reverse('relations_follow_ups:add')}?engagement={secret.pk}",
        {"title": "Guess", "owner": staff.pk, "due_on": "2030-05-20"},
    )

    assert list(FollowUp.objects.values_list("title", "engagement_id")) == [("Guess", None)]


@pytest.mark.parametrize(
    ("listing", "make"),
    [
        ("relations_engagements:list", lambda: EngagementFactory()),
        ("relations_ties:list", lambda: TieFactory()),  # its first column is a column object, not a field name
    ],
)
def test_listing_row_name_opens_the_record_page(client, superuser, listing, make):
    record = make()
    client.force_login(superuser)

    row = client.get(reverse(listing)).content.decode().split('<td class="title">')[1].split("</td>")[0]

    assert links(row)[0] == record_url(record)
    assert record_url(record, "edit") in links(row)
