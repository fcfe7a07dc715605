import datetime

import factory

from contacts.choices import NameOrder, Rank
from contacts.models import Person, PersonEmail, PersonPhone, Post
from tests.factories.partners import MissionFactory


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    family_name_latin = factory.Sequence(lambda n: f"Family{n}")
    given_name_latin = factory.Sequence(lambda n: f"Given{n}")
    name_order = NameOrder.GIVEN_FIRST


class PersonEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonEmail

    person = factory.SubFactory(PersonFactory)
    address = factory.Sequence(lambda n: f"person{n}@example.org")


class PersonPhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonPhone

    person = factory.SubFactory(PersonFactory)
    number = factory.Sequence(lambda n: f"+81-3-0000-{n:04d}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    person = factory.SubFactory(PersonFactory)
    mission = factory.SubFactory(MissionFactory)
    title = "Counsellor"
    rank = Rank.COUNSELLOR
    start_date = datetime.date(2024, 4, 1)


class AmbassadorPostFactory(PostFactory):
    title = "Ambassador Extraordinary and Plenipotentiary"
    rank = Rank.AMBASSADOR
    is_head_of_mission = True
    credentials_presented_on = factory.LazyAttribute(lambda post: post.start_date + datetime.timedelta(days=30))
