import io

import pytest

from events import demo
from events.models import Delegation, DelegationMember, Event, EventTranslation, Gift, ItineraryItem
from relations.models import Engagement
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def _counts():
    return [
        model.objects.count() for model in (Delegation, DelegationMember, ItineraryItem, Event, EventTranslation, Gift)
    ]


def test_seed_builds_the_demo_and_a_second_run_changes_nothing():
    UserFactory(is_superuser=True)

    demo.seed(scale=1, stdout=io.StringIO())
    first = _counts()
    demo.seed(scale=1, stdout=io.StringIO())

    assert _counts() == first
    assert sorted(Delegation.objects.values_list("title", flat=True)) == [
        "知事ベトナム・韓国訪問団",
        "駐日ベトナム大使 栃木県スタディツアー",
    ]
    governor = Delegation.objects.get(title="知事ベトナム・韓国訪問団")
    assert sorted({item.time_zone for item in governor.itinerary_items.all()}) == [
        "Asia/Ho_Chi_Minh",
        "Asia/Seoul",
        "Asia/Tokyo",
    ]
    assert Event.objects.count() == 20
    assert Event.objects.filter(kind="national_day_reception").count() == 8
    assert Engagement.objects.filter(itinerary_item__isnull=False).count() == 1


def test_seed_scale_adds_bulk_records_once():
    demo.seed(scale=1, stdout=io.StringIO())
    base = Delegation.objects.count() + Event.objects.count()

    demo.seed(scale=3, stdout=io.StringIO())
    scaled = Delegation.objects.count() + Event.objects.count()
    demo.seed(scale=3, stdout=io.StringIO())

    assert (scaled - base, Delegation.objects.count() + Event.objects.count()) == (2 * demo.BULK_PER_SCALE, scaled)
