"""The engagement of a follow-up, on every surface that shows the follow-up: a confidential engagement the reader
may not see does not exist for them. Its owner still sees the follow-up, with "(Confidential engagement)" in
place of the engagement (no subject, no link); whoever may see the engagement sees its subject.

The engagement is confidential, logged by a Staff member who assigned the follow-up to a Staff colleague not
attending it (the owner).
"""

import datetime
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from core.choices import Confidentiality
from partners.models import Country
from relations.models import FollowUp

SUBJECT = "極秘面会ZQW"  # the confidential engagement's subject: what must not leak
TITLE = "資料送付QQX"  # the follow-up's title: what the owner must still see
PLACEHOLDER = "(Confidential engagement)"
PLACEHOLDER_JA = "（機密の面会記録）"


@pytest.fixture
def scene(user_in_role):
    from tests.factories.contacts import PersonFactory
    from tests.factories.relations import EngagementFactory, FollowUpFactory

    author = user_in_role("Staff")
    owner = user_in_role("Staff", email="owner@pref.example.jp")
    engagement = EngagementFactory(
        subject=SUBJECT,
        confidentiality=Confidentiality.CONFIDENTIAL,
        created_by=author,
        starts_at=timezone.now() - datetime.timedelta(days=10),
    )
    engagement.countries.add(Country.objects.get(code="VN"))
    engagement.people.add(PersonFactory())
    follow_up = FollowUpFactory(
        title=TITLE,
        confidentiality=Confidentiality.CONFIDENTIAL,
        owner=owner,
        created_by=author,
        engagement=engagement,
        due_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    return follow_up


def text_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return (b"".join(response) if response.streaming else response.content).decode("utf-8-sig")


def listing_url():
    return reverse(FollowUp.snippet_viewset.get_url_name("list"))


def follow_up_url(follow_up, view_name):
    return reverse(FollowUp.snippet_viewset.get_url_name(view_name), args=[follow_up.pk])


def export_text(client, follow_up, file_format):
    from openpyxl import load_workbook

    client.user.user_permissions.add(Permission.objects.get(codename="export_records"))
    url = listing_url() + f"?export={file_format}"
    if file_format == "csv":
        return text_of(client, url)
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    workbook = load_workbook(BytesIO(b"".join(response) if response.streaming else response.content))
    return "\n".join(str(cell) for row in workbook.active.iter_rows(values_only=True) for cell in row if cell)


def digest_text(client, follow_up):
    from relations.services import send_follow_up_digests

    client.user.email = client.user.email or f"{client.user.username}@pref.example.jp"
    client.user.save(update_fields=["email"])
    send_follow_up_digests()
    return "\n".join(message.body for message in mail.outbox if message.to == [client.user.email])


def private_feed_text(client, follow_up):
    from core.services import issue_calendar_token

    _token, secret = issue_calendar_token(user=client.user)
    return text_of(client, reverse("events:private_calendar", args=[secret]))


# (read the surface, whose follow-ups it shows, whether it names the follow-up's engagement)
# "own": only the reader's own follow-ups; "any": every follow-up the reader may see.
SURFACES = {
    "my_follow_ups": (lambda client, item: text_of(client, reverse("relations_my_follow_ups")), "own", True),
    "overdue_follow_ups": (lambda client, item: text_of(client, reverse("relations_overdue_follow_ups")), "any", True),
    "dashboard": (lambda client, item: text_of(client, reverse("wagtailadmin_home")), "own", True),
    "listing": (lambda client, item: text_of(client, listing_url()), "any", True),
    "inspect": (lambda client, item: text_of(client, follow_up_url(item, "inspect")), "any", True),
    "export_csv": (lambda client, item: export_text(client, item, "csv"), "any", True),
    "export_xlsx": (lambda client, item: export_text(client, item, "xlsx"), "any", True),
    "digest": (digest_text, "own", True),
    "edit": (lambda client, item: text_of(client, follow_up_url(item, "edit")), "any", False),
    "history": (lambda client, item: text_of(client, follow_up_url(item, "history")), "any", False),
    "private_calendar_feed": (private_feed_text, "own", False),
}


def read(client, user, surface, follow_up):
    client.force_login(user)
    client.user = user
    with translation.override("en"):
        return SURFACES[surface][0](client, follow_up)


@pytest.mark.django_db
@pytest.mark.parametrize("surface", list(SURFACES))
def test_hidden_engagement_owner_sees_follow_up_with_placeholder_not_subject(surface, client, scene):
    text = read(client, scene.owner, surface, scene)

    names_engagement = SURFACES[surface][2]
    shown = {
        "subject": SUBJECT in text,
        "placeholder": PLACEHOLDER in text or PLACEHOLDER_JA in text,
        "link": reverse("relations_engagements:inspect", args=[scene.engagement_id]) in text,
    }
    assert shown == {"subject": False, "placeholder": names_engagement, "link": False}
    if surface != "private_calendar_feed":  # the feed shows a confidential follow-up as a "busy" block
        assert TITLE in text


@pytest.mark.django_db
@pytest.mark.parametrize("surface", [name for name, spec in SURFACES.items() if spec[2]])
def test_hidden_engagement_subject_shown_to_who_may_see_it(surface, client, scene, user_in_role):
    # The owner attending the engagement for the owner's own surfaces, a manager for the others.
    if SURFACES[surface][1] == "own":
        scene.engagement.staff.add(scene.owner)
        reader = scene.owner
    else:
        reader = user_in_role("Managers")

    text = read(client, reader, surface, scene)

    assert (TITLE in text, SUBJECT in text, PLACEHOLDER in text) == (True, True, False)


@pytest.mark.django_db
def test_hidden_engagement_edit_form_save_keeps_the_link(client, scene):
    client.force_login(scene.owner)
    data = {
        "title": "資料送付（改）",
        "owner": scene.owner.pk,
        "due_on": "2026-12-01",
        "done_note": "",
        "engagement": "",  # a forged field: the form has none, the link must stay
    }

    response = client.post(follow_up_url(scene, "edit"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    scene.refresh_from_db()
    assert (scene.title, scene.due_on, scene.engagement_id) == (
        "資料送付（改）",
        datetime.date(2026, 12, 1),
        scene.engagement.pk,
    )


@pytest.mark.django_db
def test_hidden_engagement_listing_query_count_constant(client, scene, django_assert_max_num_queries):
    from tests.factories.relations import EngagementFactory, FollowUpFactory

    client.force_login(scene.owner)
    url = reverse("relations_my_follow_ups")
    with django_assert_max_num_queries(100) as one_row:
        client.get(url)
    for _ in range(5):
        engagement = EngagementFactory(confidentiality=Confidentiality.CONFIDENTIAL)
        FollowUpFactory(owner=scene.owner, engagement=engagement, confidentiality=Confidentiality.CONFIDENTIAL)
        FollowUpFactory(owner=scene.owner, engagement=EngagementFactory())

    with django_assert_max_num_queries(len(one_row.captured_queries)):
        response = client.get(url)

    assert response.content.decode().count(PLACEHOLDER) + response.content.decode().count(PLACEHOLDER_JA) == 6
