import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import ModelLogEntry

from contacts import services
from contacts.choices import ContactLabel, Rank
from contacts.models import Person, Post
from tests.factories.contacts import PersonFactory
from tests.factories.partners import MissionFactory, OrganizationFactory

AMBASSADOR = {"title": "Ambassador", "rank": Rank.AMBASSADOR, "is_head_of_mission": True}


def test_create_person_saves_emails_phones_tags_and_logs(staff_user):
    person = services.create_person(
        family_name="김",
        given_name="민준",
        family_name_latin="Kim",
        given_name_latin="Min-jun",
        emails=[("work", "kim@gg.example.kr"), {"label": ContactLabel.PRIVATE, "address": "kim@home.example"}],
        phones=["+82-31-000-0000"],
        tags=["Gyeonggi"],
        user=staff_user,
    )

    person = Person.objects.get(pk=person.pk)
    assert [(e.label, e.address) for e in person.emails.all()] == [
        ("work", "kim@gg.example.kr"),
        ("private", "kim@home.example"),
    ]
    assert [(p.label, p.number) for p in person.phones.all()] == [("work", "+82-31-000-0000")]
    assert list(person.tags.names()) == ["Gyeonggi"]
    assert "김민준" in person.search_document
    assert ModelLogEntry.objects.for_instance(person).get().action == "wagtail.create"


def test_create_person_rejects_invalid_email_and_saves_nothing(db):
    with pytest.raises(ValidationError):
        services.create_person(family_name_latin="Smith", emails=["not-an-address"])
    assert Person.objects.count() == 0


def test_create_person_without_any_name_is_refused(db):
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            services.create_person(family_name_kana="ヤマダ")
        assert error.value.messages == ["Enter at least one name, in native script or romanized."]


def test_update_person_replaces_contact_rows(db):
    person = services.create_person(family_name_latin="Smith", emails=["a@example.org", "b@example.org"])
    services.update_person(person=person, given_name_latin="Jane", emails=["c@example.org"])
    person = Person.objects.get(pk=person.pk)
    assert (person.given_name_latin, [e.address for e in person.emails.all()]) == ("Jane", ["c@example.org"])


def test_start_post_for_new_head_ends_previous_and_links_predecessor(staff_user):
    mission = MissionFactory()
    first = services.start_post(
        person=PersonFactory(), mission=mission, start_date=datetime.date(2020, 1, 10), **AMBASSADOR
    )

    second = services.start_post(
        person=PersonFactory(),
        mission=mission,
        start_date=datetime.date(2024, 2, 1),
        credentials_presented_on=datetime.date(2024, 3, 5),
        user=staff_user,
        **AMBASSADOR,
    )

    first.refresh_from_db()
    assert (first.end_date, second.predecessor, first.successor) == (datetime.date(2024, 1, 31), first, second)
    assert [entry.action for entry in ModelLogEntry.objects.for_instance(first).order_by("id")] == [
        "kizuna.post.start",
        "kizuna.post.end",
    ]


def test_start_post_links_predecessor_across_a_vacancy(db):
    mission = MissionFactory()
    first = services.start_post(
        person=PersonFactory(), mission=mission, start_date=datetime.date(2019, 4, 1), **AMBASSADOR
    )
    services.end_post(post=first, end_date=datetime.date(2022, 6, 30))

    second = services.start_post(
        person=PersonFactory(), mission=mission, start_date=datetime.date(2022, 11, 1), **AMBASSADOR
    )

    first.refresh_from_db()
    assert (first.end_date, second.predecessor) == (datetime.date(2022, 6, 30), first)


def test_start_post_for_ordinary_staff_touches_no_head(db):
    mission = MissionFactory()
    head = services.start_post(
        person=PersonFactory(), mission=mission, start_date=datetime.date(2020, 1, 1), **AMBASSADOR
    )
    counsellor = services.start_post(
        person=PersonFactory(),
        mission=mission,
        title="Counsellor",
        rank=Rank.COUNSELLOR,
        start_date=datetime.date(2024, 1, 1),
    )
    head.refresh_from_db()
    assert (head.end_date, counsellor.predecessor) == (None, None)


def test_start_post_refuses_credentials_for_non_head(db):
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            services.start_post(
                person=PersonFactory(),
                organization=OrganizationFactory(),
                title="Director",
                credentials_presented_on=datetime.date(2024, 1, 1),
            )
        assert error.value.message_dict == {
            "credentials_presented_on": ["Only a head of mission presents credentials."]
        }
    assert Post.objects.count() == 0


def test_start_post_refuses_two_bodies(db):
    with pytest.raises(ValidationError):
        services.start_post(
            person=PersonFactory(), mission=MissionFactory(), organization=OrganizationFactory(), title="Liaison"
        )
    assert Post.objects.count() == 0


def test_start_post_refuses_same_person_heading_twice(db):
    mission, person = MissionFactory(), PersonFactory()
    services.start_post(person=person, mission=mission, start_date=datetime.date(2020, 1, 1), **AMBASSADOR)
    with pytest.raises(ValidationError):
        services.start_post(person=person, mission=mission, start_date=datetime.date(2021, 1, 1), **AMBASSADOR)
    assert Post.objects.count() == 1


def test_end_post_refuses_end_before_start(db):
    post = services.start_post(
        person=PersonFactory(), mission=MissionFactory(), title="Counsellor", start_date=datetime.date(2024, 4, 1)
    )
    with pytest.raises(ValidationError):
        services.end_post(post=post, end_date=datetime.date(2024, 3, 1))
    post.refresh_from_db()
    assert post.end_date is None
