import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from contacts.choices import NameOrder
from contacts.models import Person, Post
from tests.factories.contacts import AmbassadorPostFactory, PersonFactory, PostFactory
from tests.factories.partners import MissionFactory, OrganizationFactory


def test_person_needs_at_least_one_name(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(family_name_kana="ヤマダ")


def test_person_names_follow_their_own_order():
    korean = Person(
        family_name="김",
        given_name="민준",
        family_name_latin="Kim",
        given_name_latin="Min-jun",
        name_order=NameOrder.FAMILY_FIRST,
    )
    german = Person(
        family_name_latin="Müller",
        given_name_latin="Anna",
        name_order=NameOrder.GIVEN_FIRST,
        family_name_kana="ミュラー",
        given_name_kana="アンナ",
    )

    assert (korean.native_name, korean.latin_name) == ("김 민준", "KIM Min-jun")
    assert (german.latin_name, german.kana_name) == ("Anna Müller", "ミュラー・アンナ")
    with translation.override("ja"):
        assert (str(korean), str(german)) == ("김 민준", "ミュラー・アンナ")
    with translation.override("en"):
        assert (str(korean), str(german)) == ("KIM Min-jun", "Anna Müller")


def test_person_search_finds_names_in_any_script_and_order(db):
    person = PersonFactory(
        family_name="Nguyễn",
        given_name="Văn An",
        family_name_latin="Nguyen",
        given_name_latin="Van An",
        family_name_kana="グエン",
        given_name_kana="ヴァン・アン",
        name_order=NameOrder.FAMILY_FIRST,
    )
    PersonFactory(family_name_latin="Smith", given_name_latin="John")

    for query in ["nguyễn văn", "NGUYEN van an", "an nguyen", "ぐえん", "グエン"]:
        assert list(Person.objects.search(query)) == [person], query


def test_post_serves_exactly_one_body(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        PostFactory(organization=OrganizationFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        PostFactory(mission=None)


def test_post_cannot_end_before_it_starts(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        PostFactory(start_date=datetime.date(2024, 4, 1), end_date=datetime.date(2024, 3, 31))


def test_head_of_mission_needs_a_mission(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        PostFactory(mission=None, organization=OrganizationFactory(), is_head_of_mission=True)


def test_mission_has_one_open_head_at_a_time(db):
    mission = MissionFactory()
    AmbassadorPostFactory(mission=mission)
    with pytest.raises(IntegrityError), transaction.atomic():
        AmbassadorPostFactory(mission=mission)
    ended = AmbassadorPostFactory(mission=mission, end_date=datetime.date(2030, 1, 1))
    assert Post.objects.filter(mission=mission).count() == 2
    assert ended.pk


def test_post_cannot_be_its_own_predecessor(db):
    post = PostFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.filter(pk=post.pk).update(predecessor=post)


def test_post_is_current_between_its_dates():
    post = Post(start_date=datetime.date(2024, 4, 1), end_date=datetime.date(2025, 3, 31))
    assert [
        post.is_current(day)
        for day in (
            datetime.date(2024, 3, 31),
            datetime.date(2024, 4, 1),
            datetime.date(2025, 3, 31),
            datetime.date(2025, 4, 1),
        )
    ] == [False, True, True, False]
