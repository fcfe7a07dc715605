import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from relations.choices import FollowUpStatus
from relations.models import BasicStrategy, Measure, Tie
from tests.factories.relations import (
    EngagementFactory,
    FollowUpFactory,
    PartnerRegionFactory,
    TargetCountryFactory,
    country,
    measure,
)

pytestmark = pytest.mark.django_db


def test_strategy_migration_seeds_four_basic_strategies_and_their_measures():
    counts = {s.number: s.measures.count() for s in BasicStrategy.objects.all()}

    assert counts == {1: 4, 2: 3, 3: 6, 4: 7}
    embassy = measure("3-3")
    assert (embassy.name_ja, embassy.name_en, embassy.name_vi) == (
        "「とちぎ型大使館外交」の推進",
        "Promote “Tochigi-style embassy diplomacy”",
        "Thúc đẩy “ngoại giao đại sứ quán theo mô hình Tochigi”",
    )
    assert (
        Measure.objects.exclude(description_ja="").exclude(description_en="").exclude(description_vi="").count() == 20
    )


def test_measure_name_follows_the_active_language():
    friendship = measure("3-2")

    with translation.override("ja"):
        assert str(friendship) == "3-2 友好交流の推進"
    with translation.override("en"):
        assert str(friendship) == "3-2 Promote friendship exchange"
    with translation.override("vi"):
        assert str(friendship) == "3-2 Thúc đẩy giao lưu hữu nghị"


def test_target_country_label_shows_the_fiscal_year_with_reiwa():
    target = TargetCountryFactory(fiscal_year=2026, country=country("VN"))

    with translation.override("en"):
        assert target.fiscal_year_label == "FY2026 (令和8年度)"


def test_tie_needs_exactly_one_partner():
    region = PartnerRegionFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Tie.objects.create(partner_region=region, country=country("KR"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Tie.objects.create()


def test_engagement_gets_a_stable_unique_uid_and_starts_at_sequence_zero():
    first, second = EngagementFactory(), EngagementFactory()

    assert first.uid != second.uid
    assert (first.sequence, second.sequence) == (0, 0)


def test_follow_up_done_needs_a_done_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpFactory(status=FollowUpStatus.DONE, done_on=None)

    done = FollowUpFactory(status=FollowUpStatus.DONE, done_on=datetime.date(2026, 4, 1))
    assert done.status == FollowUpStatus.DONE


def test_engagement_local_time_is_in_the_place_time_zone():
    engagement = EngagementFactory(
        starts_at=datetime.datetime(2026, 5, 1, 2, 30, tzinfo=datetime.UTC), time_zone="Asia/Ho_Chi_Minh"
    )

    assert engagement.local_starts_at.isoformat() == "2026-05-01T09:30:00+07:00"


@pytest.mark.django_db
def test_target_country_named_by_the_typed_year_when_the_year_is_out_of_range():
    from partners.models import Country
    from relations.models import TargetCountry

    target = TargetCountry(fiscal_year=10**40, country=Country.objects.get(code="VN"))

    assert str(target).startswith(str(10**40))


def test_ties_are_searched_by_their_partner_region_municipality_and_country():
    from tests.factories.relations import OrganizationFactory, TieFactory

    vietnam = country("VN")
    hue = TieFactory(
        partner_region=PartnerRegionFactory(name="Thừa Thiên Huế", name_ja="トゥアティエンフエ省", country=vietnam)
    )
    utsunomiya = TieFactory(
        local_party=OrganizationFactory(name="Utsunomiya City", name_ja="宇都宮市"),
        partner_region=PartnerRegionFactory(country=vietnam),
    )
    korea_region = TieFactory(partner_region=PartnerRegionFactory(name="Gyeonggi", country=country("KR")))
    mongolia = TieFactory(partner_region=None, country=country("MN"))

    found = {
        query: list(Tie.objects.search(query).order_by("pk"))
        for query in ["thua thien hue", "とぅあてぃえん", "宇都宮", "ﾓﾝｺﾞﾙ", "Korea", "nowhere"]
    }

    assert found == {
        "thua thien hue": [hue],
        "とぅあてぃえん": [hue],
        "宇都宮": [utsunomiya],
        "ﾓﾝｺﾞﾙ": [],  # a country's names are matched as typed, as the country listing does
        "Korea": [korea_region],
        "nowhere": [],
    }
    assert list(Tie.objects.search("Mongolia")) == [mongolia]
