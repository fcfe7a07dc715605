import datetime

from django.contrib.auth.models import AnonymousUser

from contacts import selectors, services
from contacts.choices import ContactLabel, Rank
from partners.choices import MissionKind
from tests.factories.contacts import PersonFactory, PostFactory
from tests.factories.core import UserFactory
from tests.factories.partners import MissionFactory, OrganizationFactory, PartnerRegionFactory, country

TODAY = datetime.date(2026, 6, 1)


def head(mission, start, credentials=None, rank=Rank.AMBASSADOR, person=None):
    return services.start_post(
        person=person or PersonFactory(),
        mission=mission,
        title="Head of mission",
        rank=rank,
        is_head_of_mission=True,
        start_date=start,
        credentials_presented_on=credentials,
    )


def test_people_and_posts_visible_to_staff_only(db):
    post = PostFactory()
    assert list(selectors.people_visible_to(UserFactory())) == [post.person]
    assert list(selectors.posts_visible_to(UserFactory())) == [post]
    assert list(selectors.people_visible_to(AnonymousUser())) == []
    assert list(selectors.posts_visible_to(UserFactory(is_active=False))) == []


def test_private_contact_details_need_the_personal_details_permission(db):
    from django.contrib.auth.models import Permission

    person = services.create_person(
        family_name_latin="Lee", emails=["work@example.org"], phones=[(ContactLabel.PRIVATE, "+82-10-0000-0000")]
    )
    trusted = UserFactory()
    trusted.user_permissions.add(Permission.objects.get(codename="view_personal_details"))

    assert list(selectors.person_phones_visible_to(UserFactory()).filter(person=person)) == []
    assert [p.number for p in selectors.person_phones_visible_to(trusted).filter(person=person)] == ["+82-10-0000-0000"]
    assert [e.address for e in selectors.person_emails_visible_to(UserFactory())] == ["work@example.org"]


def test_current_head_and_history_answer_who_is_and_who_was_in_one_query(db, django_assert_num_queries):
    embassy = MissionFactory(country=country("VN"), kind=MissionKind.EMBASSY)
    consulate = MissionFactory(country=country("VN"), kind=MissionKind.CONSULATE_GENERAL)
    first = head(embassy, datetime.date(2016, 5, 1), datetime.date(2016, 6, 1))
    second = head(embassy, datetime.date(2020, 1, 15), datetime.date(2020, 2, 20))
    third = head(embassy, datetime.date(2023, 9, 1), datetime.date(2023, 10, 12))
    head(consulate, datetime.date(2022, 1, 1), rank=Rank.CONSUL_GENERAL)

    viet_nam = country("VN")
    with django_assert_num_queries(1):
        history = list(selectors.heads_of_mission_history(country=viet_nam))
        names = [
            (post.person.latin_name, post.predecessor.person.latin_name if post.predecessor else None)
            for post in history
        ]

    assert history == [third, second, first]
    assert names[0] == (third.person.latin_name, second.person.latin_name)
    assert selectors.current_head_of_mission(embassy, on=TODAY) == third
    assert selectors.current_head_of_mission(embassy, on=datetime.date(2021, 1, 1)) == second
    assert selectors.current_head_of_mission(MissionFactory(), on=TODAY) is None


def test_order_of_precedence_follows_credentials_then_charges(db):
    early = head(MissionFactory(), datetime.date(2019, 1, 1), datetime.date(2019, 3, 1))
    late = head(MissionFactory(), datetime.date(2018, 1, 1), datetime.date(2021, 7, 7))
    middle = head(MissionFactory(), datetime.date(2020, 1, 1), datetime.date(2020, 2, 1))
    charge = head(MissionFactory(), datetime.date(2017, 1, 1), rank=Rank.CHARGE_DAFFAIRES)
    awaiting = head(MissionFactory(), datetime.date(2026, 5, 1))  # no credentials yet
    head(MissionFactory(kind=MissionKind.CONSULATE_GENERAL), datetime.date(2010, 1, 1), datetime.date(2010, 2, 1))
    ended = head(MissionFactory(), datetime.date(2000, 1, 1), datetime.date(2000, 2, 1))
    services.end_post(post=ended, end_date=datetime.date(2004, 1, 1))

    order = list(selectors.order_of_precedence(on=TODAY))

    assert order == [early, middle, late, charge]
    assert selectors.precedence_position(late, on=TODAY) == 3
    assert selectors.precedence_position(awaiting, on=TODAY) is None


def test_mission_staff_are_ordered_by_rank(db):
    mission = MissionFactory()
    secretary = PostFactory(mission=mission, rank=Rank.FIRST_SECRETARY, start_date=datetime.date(2024, 1, 1))
    minister = PostFactory(mission=mission, rank=Rank.MINISTER, start_date=datetime.date(2025, 1, 1))
    ambassador = head(mission, datetime.date(2023, 1, 1), datetime.date(2023, 2, 1))
    PostFactory(mission=mission, rank=Rank.COUNSELLOR, end_date=datetime.date(2024, 12, 31))  # left

    assert list(selectors.mission_staff(mission, on=TODAY)) == [ambassador, minister, secretary]


def test_posts_of_person_split_current_and_past(db):
    person = PersonFactory()
    past = PostFactory(person=person, start_date=datetime.date(2015, 1, 1), end_date=datetime.date(2019, 1, 1))
    current = PostFactory(person=person, organization=OrganizationFactory(), mission=None)
    assert selectors.posts_of_person(UserFactory(), person) == ([current], [past])


def test_people_of_country_are_nationals_or_serving_there(db):
    korean = PersonFactory(nationality=country("KR"))
    serving = PostFactory(mission=None, region=PartnerRegionFactory(country=country("KR"))).person
    PostFactory(
        mission=MissionFactory(country=country("KR")),
        start_date=datetime.date(2017, 1, 1),
        end_date=datetime.date(2020, 1, 1),
    )  # left
    PersonFactory(nationality=country("JP"))
    at_mission = PostFactory(mission=MissionFactory(country=country("KR"))).person
    at_organization = PostFactory(mission=None, organization=OrganizationFactory(country=country("KR"))).person
    PostFactory(person=korean, mission=MissionFactory(country=country("KR")))  # national and serving: once
    people = selectors.people_of_country(UserFactory(), country("KR")).order_by("id")
    assert list(people) == [korean, serving, at_mission, at_organization]
    assert selectors.people_of_country(UserFactory(), country("KR")).count() == 4
