import datetime
import zoneinfo

import factory

from core.choices import Confidentiality
from events.choices import (
    DelegationDirection,
    DelegationStatus,
    EventKind,
    EventStatus,
    GiftDirection,
    ItineraryKind,
    MemberRole,
)
from events.models import Delegation, DelegationMember, Event, EventTranslation, Gift, ItineraryItem

TOKYO = datetime.timezone(datetime.timedelta(hours=9))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"国際交流セミナー {n}")
    slug = factory.Sequence(lambda n: f"seminar-{n}")
    kind = EventKind.SEMINAR
    status = EventStatus.CONFIRMED
    confidentiality = Confidentiality.PUBLIC
    is_published = True
    starts_at = factory.Sequence(
        lambda n: datetime.datetime(2030, 4, 1, 10, 0, tzinfo=TOKYO) + datetime.timedelta(days=n)
    )
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=2))
    time_zone = "Asia/Tokyo"
    venue = "栃木県庁 研修館"
    city = "宇都宮市"


class InternalEventFactory(EventFactory):
    confidentiality = Confidentiality.INTERNAL
    is_published = False


class ConfidentialEventFactory(EventFactory):
    confidentiality = Confidentiality.CONFIDENTIAL
    is_published = False


class EventTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventTranslation

    event = factory.SubFactory(EventFactory)
    language = "en"
    title = factory.Sequence(lambda n: f"International exchange seminar {n}")


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    title = factory.Sequence(lambda n: f"ベトナム訪問団 {n}")
    direction = DelegationDirection.OUTBOUND
    status = DelegationStatus.CONFIRMED
    start_date = datetime.date(2030, 5, 11)
    end_date = datetime.date(2030, 5, 15)
    destination = "Hanoi, Seoul"
    confidentiality = Confidentiality.INTERNAL


class DelegationMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DelegationMember

    delegation = factory.SubFactory(DelegationFactory)
    role = MemberRole.MEMBER


class ItineraryItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItineraryItem

    delegation = factory.SubFactory(DelegationFactory)
    kind = ItineraryKind.MEETING
    title = factory.Sequence(lambda n: f"Meeting {n}")
    time_zone = "Asia/Ho_Chi_Minh"
    starts_at = datetime.datetime(2030, 5, 12, 9, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    ends_at = factory.LazyAttribute(lambda item: item.starts_at + datetime.timedelta(hours=1))


class GiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gift

    direction = GiftDirection.GIVEN
    given_on = datetime.date(2030, 5, 12)
    item = "益子焼の花瓶"
    value_yen = 20000
    confidentiality = Confidentiality.INTERNAL
