import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from partners.models import Country, PartnerRegion
from tests.factories.core import UserFactory
from trust.audit import record_confidential_view, record_export


def entries_for(obj):
    return list(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        ).order_by("pk")
    )


def make_region(**kwargs):
    return PartnerRegion.objects.create(
        name="Gyeonggi Province", slug="gyeonggi", country=Country.objects.get(code="KR"), **kwargs
    )


@pytest.mark.django_db
def test_audit_unlogged_create_change_delete_are_recorded_with_fields(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        region = make_region(notes="first")
    with django_capture_on_commit_callbacks(execute=True):
        region.notes = "second"
        region.name_ja = "京畿道"
        region.save()
    region_pk = region.pk
    with django_capture_on_commit_callbacks(execute=True):
        region.delete()

    entries = list(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(PartnerRegion), object_id=str(region_pk)
        ).order_by("pk")
    )
    assert [entry.action for entry in entries] == ["wagtail.create", "wagtail.edit", "wagtail.delete"]
    assert entries[0].data["changes"]["notes"] == {"before": None, "after": "first"}
    assert entries[1].data["changes"] == {
        "name_ja": {"before": "", "after": "京畿道"},
        "notes": {"before": "first", "after": "second"},
    }
    assert entries[2].data["deleted_values"]["name"] == "Gyeonggi Province"


@pytest.mark.django_db
def test_audit_save_without_change_writes_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        region = make_region()
    with django_capture_on_commit_callbacks(execute=True):
        region.save()

    assert [entry.action for entry in entries_for(region)] == ["wagtail.create"]


@pytest.mark.django_db
def test_audit_diff_joins_the_entry_a_service_writes(django_capture_on_commit_callbacks):
    from django.db import transaction
    from wagtail.log_actions import log

    author = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        region = make_region(notes="old")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        region.notes = "new"
        region.save()
        log(region, "wagtail.edit", user=author)

    entries = entries_for(region)
    assert [(entry.action, entry.user_id) for entry in entries] == [
        ("wagtail.create", None),
        ("wagtail.edit", author.pk),
    ]
    assert entries[1].data == {"changes": {"notes": {"before": "old", "after": "new"}}}


@pytest.mark.django_db
def test_audit_wagtail_edit_view_records_field_diff(client, django_capture_on_commit_callbacks):
    admin = UserFactory(is_superuser=True)
    person = UserFactory(username="kimura", first_name="Old", last_name="Kimura")
    client.force_login(admin)
    url = reverse("wagtailusers_users:edit", args=[person.pk])
    form = client.get(url).context["form"]
    data = {key: value for key, value in form.initial.items() if value is not None and not isinstance(value, list)}
    data.update(
        {"first_name": "New", "last_name": "Kimura", "username": "kimura", "email": person.email, "is_active": "on"}
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)

    assert response.status_code == 302, response.context["form"].errors
    entries = [entry for entry in entries_for(person) if entry.action == "wagtail.edit"]
    assert len(entries) == 1
    assert entries[0].user_id == admin.pk
    assert entries[0].data["changes"]["first_name"] == {"before": "Old", "after": "New"}


@pytest.mark.django_db
def test_audit_secrets_are_masked(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = UserFactory(username="masked")
    with django_capture_on_commit_callbacks(execute=True):
        user.set_password("another long passphrase")
        user.save()

    change = entries_for(user)[-1].data["changes"]["password"]
    assert change == {"before": "••••••", "after": "••••••"}


@pytest.mark.django_db
def test_audit_login_and_failed_login_are_recorded(client):
    user = UserFactory(username="tanaka")
    client.post("/admin/login/", {"username": "tanaka", "password": "wrong"}, REMOTE_ADDR="203.0.113.9")
    client.post(
        "/admin/login/", {"username": "tanaka", "password": "correct horse battery staple"}, REMOTE_ADDR="203.0.113.9"
    )

    entries = [entry for entry in entries_for(user) if entry.action.startswith("trust.")]
    assert [(entry.action, entry.user_id, entry.data["address"]) for entry in entries] == [
        ("trust.login_failed", None, "203.0.113.9"),
        ("trust.login", user.pk, "203.0.113.9"),
    ]


@pytest.mark.django_db
def test_audit_record_confidential_view_and_export_helpers():
    reader = UserFactory()
    country = Country.objects.get(code="VN")

    record_confidential_view(reader, country)
    record_export(reader, model=Country, export_format="csv", query="q=viet")

    assert [(e.action, e.user_id) for e in entries_for(country)] == [("trust.view_confidential", reader.pk)]
    export = entries_for(reader)[-1]
    assert (export.action, export.data) == (
        "trust.export",
        {"model": "partners.Country", "format": "csv", "query": "q=viet"},
    )


@pytest.mark.django_db
def test_audit_site_history_only_for_audit_permission(client, user_in_role):
    staff = user_in_role("Staff")
    manager = user_in_role("Managers")
    url = reverse("wagtailadmin_reports:site_history")

    client.force_login(staff)
    refused = client.get(url)
    client.force_login(manager)
    allowed = client.get(url)

    assert [refused.status_code, allowed.status_code] == [403, 200]


@pytest.mark.django_db
def test_audit_links_and_tags_join_the_diff(django_capture_on_commit_callbacks):
    from tests.factories.contacts import PersonFactory
    from tests.factories.relations import EngagementFactory

    with django_capture_on_commit_callbacks(execute=True):
        engagement = EngagementFactory(subject="Courtesy call")
    yamada = PersonFactory(family_name_latin="Yamada", given_name_latin="Taro")

    with django_capture_on_commit_callbacks(execute=True):
        engagement.people.set([yamada])
        engagement.tags.set(["trade", "tourism"])

    entry = entries_for(engagement)[-1]
    assert entry.action == "wagtail.edit"
    assert entry.data["changes"] == {
        "people": {"before": [], "after": [str(yamada)]},
        "tags": {"before": [], "after": ["tourism", "trade"]},
    }


@pytest.mark.django_db
def test_audit_setting_the_same_links_writes_nothing(django_capture_on_commit_callbacks):
    from tests.factories.relations import EngagementFactory

    staff = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        engagement = EngagementFactory()
        engagement.staff.set([staff])
    count = len(entries_for(engagement))

    with django_capture_on_commit_callbacks(execute=True):
        engagement.staff.remove(staff)
        engagement.staff.add(staff)

    assert len(entries_for(engagement)) == count


@pytest.mark.django_db
def test_audit_history_view_shows_fields_before_and_after_to_staff_who_may_see_the_record(
    client, user_in_role, django_capture_on_commit_callbacks
):
    from tests.factories.relations import EngagementFactory

    author = user_in_role("Staff")
    with django_capture_on_commit_callbacks(execute=True):
        engagement = EngagementFactory(subject="Courtesy call", created_by=author)
    with django_capture_on_commit_callbacks(execute=True):
        engagement.subject = "Courtesy call on the Consul General"
        engagement.save()
    client.force_login(author)

    response = client.get(reverse("relations_engagements:history", args=[engagement.pk]))

    assert response.status_code == 200
    assert "Courtesy call → Courtesy call on the Consul General" in response.content.decode()


@pytest.mark.django_db
def test_audit_describe_changes_shortens_long_values_and_names_fields():
    from trust.audit import describe_changes

    entry = ModelLogEntry(
        content_type=ContentType.objects.get_for_model(PartnerRegion),
        data={"changes": {"notes": {"before": None, "after": "x" * 200}, "gone_field": {"before": 1, "after": 2}}},
    )

    with translation.override("en"):
        text = describe_changes(entry)

    assert text == f"notes: — → {'x' * 79}…; gone_field: 1 → 2"


@pytest.mark.django_db
def test_audit_briefing_pack_of_a_confidential_delegation_records_the_reading(client, user_in_role):
    from core.choices import Confidentiality
    from tests.factories.events import DelegationFactory

    author = user_in_role("Staff")
    delegation = DelegationFactory(confidentiality=Confidentiality.CONFIDENTIAL, created_by=author)
    client.force_login(author)

    response = client.get(reverse("events_briefing", args=["delegation", delegation.pk]))

    assert response.status_code == 200
    assert [(entry.action, entry.user_id) for entry in entries_for(delegation)] == [
        ("trust.view_confidential", author.pk)
    ]


@pytest.mark.django_db
def test_audit_delegation_links_join_the_diff_of_the_service_edit(django_capture_on_commit_callbacks):
    from events.services import update_delegation
    from tests.factories.events import DelegationFactory

    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        delegation = DelegationFactory(title="Business mission")
    vietnam, korea = Country.objects.get(code="VN"), Country.objects.get(code="KR")

    with django_capture_on_commit_callbacks(execute=True):
        update_delegation(delegation=delegation, user=user, title="Business mission 2027", countries=[vietnam, korea])

    entry = entries_for(delegation)[-1]
    assert entry.action == "wagtail.edit"
    assert entry.data["changes"]["title"] == {"before": "Business mission", "after": "Business mission 2027"}
    assert entry.data["changes"]["countries"] == {"before": [], "after": sorted([str(korea), str(vietnam)])}
