"""Imports go through each model's visibility selector: a row cannot update, nor confirm the content of, a
record the importer may not see, and the import history shows each importer their own uploads."""

import uuid

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from core.choices import Confidentiality
from relations.models import Engagement
from tests.factories.core import UserFactory
from tests.factories.relations import EngagementFactory
from transfers.models import ImportRecord

pytestmark = pytest.mark.django_db

SECRET = "極秘交渉QZX"
# The workspace speaks Japanese by default, messages included.
HIDDEN_KEY = "このキーに当たる、閲覧できるデータはありません。"


def importer(*codenames):
    user = UserFactory()
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "import_records", *codenames]))
    return user


@pytest.fixture
def secret_engagement():
    return EngagementFactory(
        subject=SECRET,
        location="Tokyo",
        confidentiality=Confidentiality.CONFIDENTIAL,
        starts_at=timezone.make_aware(timezone.datetime(2026, 10, 1, 10, 0)),
    )


def upload(client, user, rows, *, resource="engagements", heading="Calendar UID,Subject,Starts at,Time zone"):
    client.force_login(user)
    content = heading + "\n" + "".join(f"{row}\n" for row in rows)
    response = client.post(
        reverse("transfers:index"),
        {
            "resource": resource,
            "file": SimpleUploadedFile(f"{resource}.csv", content.encode("utf-8")),
            "encoding": "auto",
            "existing": "update",
        },
    )
    assert response.status_code == 302, response.status_code
    return ImportRecord.objects.filter(user=user).latest("id")


def statuses(record):
    return [(row["status"], sorted(message for messages in row["errors"].values() for message in messages))
            for row in record.preview["rows"]]  # fmt: skip


def test_import_row_keyed_to_hidden_record_is_an_error_and_writes_nothing(client, secret_engagement):
    user = importer()
    new_uid = uuid.uuid4()

    record = upload(
        client,
        user,
        [
            f"{secret_engagement.uid},Renamed,2026-10-01 10:00,Asia/Tokyo",
            f"{new_uid},A new meeting,2026-11-01 10:00,Asia/Tokyo",
        ],
    )
    preview = client.get(reverse("transfers:preview", args=[record.pk])).content.decode()
    client.post(reverse("transfers:confirm", args=[record.pk]), {"on_errors": "good_rows"})

    assert statuses(ImportRecord.objects.get(pk=record.pk)) == [("error", [HIDDEN_KEY]), ("new", [])]
    assert SECRET not in preview
    assert list(Engagement.objects.order_by("subject").values_list("subject", flat=True)) == ["A new meeting", SECRET]


def test_import_row_repeating_a_hidden_record_is_an_error_not_a_skip(client, secret_engagement):
    # "Skipped: unchanged" would confirm the hidden record's subject to whoever guessed it.
    record = upload(client, importer(), [f"{secret_engagement.uid},{SECRET},2026-10-01 10:00,Asia/Tokyo"])

    assert statuses(record) == [("error", [HIDDEN_KEY])]


@pytest.mark.parametrize("who", ["cleared", "author"])
def test_import_row_updates_a_confidential_record_its_importer_may_see(client, secret_engagement, who):
    user = importer("view_confidential") if who == "cleared" else importer()
    if who == "author":
        Engagement.objects.filter(pk=secret_engagement.pk).update(created_by=user)

    record = upload(client, user, [f"{secret_engagement.uid},Renamed,2026-10-01 10:00,Asia/Tokyo"])
    client.post(reverse("transfers:confirm", args=[record.pk]), {"on_errors": "refuse"})

    secret_engagement.refresh_from_db()
    assert (statuses(record), secret_engagement.subject) == ([("update", [])], "Renamed")


def test_import_history_lists_own_uploads_only_unless_cleared(client, secret_engagement):
    first, second = importer(), importer()
    cleared = importer("view_confidential")
    own = upload(client, first, [f"{uuid.uuid4()},Mine,2026-11-01 10:00,Asia/Tokyo"])
    other = upload(client, second, [f"{uuid.uuid4()},Theirs,2026-11-01 10:00,Asia/Tokyo"])

    seen = {}
    for name, user in (("first", first), ("second", second), ("cleared", cleared)):
        client.force_login(user)
        index = client.get(reverse("transfers:index"))
        seen[name] = (
            [record.pk for record in index.context["records"]],
            client.get(reverse("transfers:preview", args=[other.pk])).status_code,
        )

    assert seen == {
        "first": ([own.pk], 404),
        "second": ([other.pk], 200),
        "cleared": ([other.pk, own.pk], 200),
    }


# A follow-up of a confidential engagement its owner may not see: the engagement does not exist for them.
FOLLOW_UP_HEADING = "Calendar UID,What,Engagement (UID),Owner,Due on"


@pytest.fixture
def hidden_follow_up(secret_engagement):
    from tests.factories.relations import FollowUpFactory

    owner = importer("export_records")
    return FollowUpFactory(title="Send the brochure", owner=owner, engagement=secret_engagement)


def export_follow_ups(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("transfers:export"), {"resource": "follow_ups", "format": "csv"})
    assert response.status_code == 200
    return response.content.decode("utf-8-sig")


def test_follow_up_export_leaves_out_the_engagement_its_reader_may_not_see(client, hidden_follow_up):
    engagement_uid = str(hidden_follow_up.engagement.uid)

    own = export_follow_ups(client, hidden_follow_up.owner)
    cleared = export_follow_ups(client, importer("export_records", "view_confidential"))

    assert ("Send the brochure" in own, engagement_uid in own) == (True, False)
    assert ("Send the brochure" in cleared, engagement_uid in cleared) == (True, True)


def test_follow_up_import_keeps_the_link_to_an_engagement_its_importer_may_not_see(client, hidden_follow_up):
    owner = hidden_follow_up.owner
    row = f"{hidden_follow_up.uid},Send the new brochure,,{owner.username},2026-12-01"

    record = upload(client, owner, [row], resource="follow_ups", heading=FOLLOW_UP_HEADING)
    client.post(reverse("transfers:confirm", args=[record.pk]), {"on_errors": "refuse"})

    hidden_follow_up.refresh_from_db()
    assert statuses(record) == [("update", [])]
    assert (hidden_follow_up.title, hidden_follow_up.engagement_id) == (
        "Send the new brochure",
        hidden_follow_up.engagement.pk,
    )


def test_follow_up_import_cannot_name_an_engagement_its_importer_may_not_see(client, secret_engagement):
    user = importer()
    row = f"{uuid.uuid4()},Call back,{secret_engagement.uid},{user.username},2026-12-01"

    record = upload(client, user, [row], resource="follow_ups", heading=FOLLOW_UP_HEADING)

    [(status, errors)] = statuses(record)
    assert (status, len(errors), str(secret_engagement.uid) in errors[0]) == ("error", 1, True)
    assert errors[0].startswith("不明な面会記録")


def test_instrument_import_cannot_name_a_tie_its_importer_may_not_see(db):
    from relations.models import TieInstrument
    from tests.factories.relations import TieFactory
    from transfers.services import import_file

    tie = TieFactory(confidentiality=Confidentiality.CONFIDENTIAL)
    content = f"Partner region,Tie kind,Title,Signed on\n{tie.partner_region.slug},{tie.kind},Charter,2020-01-01\n"

    with translation.override("en"):
        _record, result = import_file(
            user=importer(), resource_name="instruments", file_name="instruments.csv", content=content.encode()
        )

    assert [row.errors for row in result.rows] == [
        {"Partner region": ["No tie with these parties and kind; import the ties first."]}
    ]
    assert TieInstrument.objects.count() == 0
