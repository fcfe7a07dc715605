"""Demo data (partners.demo and contacts.demo): coherent, idempotent, and able to grow for benchmarks."""

import io

from django.core.management.base import OutputWrapper

from contacts import demo as contacts_demo
from contacts import selectors
from contacts.choices import Rank
from contacts.models import Person, PersonEmail, PersonPhone, Post
from core.text import build_search_document
from partners import demo as partners_demo
from partners.models import Mission, Organization, PartnerRegion


def seed(scale):
    out = OutputWrapper(io.StringIO())
    partners_demo.seed(scale=scale, stdout=out)
    contacts_demo.seed(scale=scale, stdout=out)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Mission, PartnerRegion, Organization, Person, PersonEmail, PersonPhone, Post)
    } | {"tagged": sum(model.tags.through.objects.count() for model in (Mission, PartnerRegion, Organization))}


def test_demo_seed_is_idempotent_and_grows_with_scale(db):
    seed(2)
    first = counts()
    seed(2)

    assert counts() == first
    base = {
        "missions": Mission.objects.exclude(address=partners_demo.BULK_MARKER).count(),
        "regions": PartnerRegion.objects.exclude(notes=partners_demo.BULK_MARKER).count(),
        "bulk people": Person.objects.filter(notes=partners_demo.BULK_MARKER).count(),
    }
    assert base == {"missions": 30, "regions": 42, "bulk people": contacts_demo.BULK_PEOPLE_PER_UNIT}
    assert 140 <= Person.objects.exclude(notes=partners_demo.BULK_MARKER).count() <= 180
    bulk = Person.objects.filter(notes=partners_demo.BULK_MARKER).order_by("id")[24]
    assert (bulk.family_name, bulk.given_name, bulk.nationality.code) == ("Nguyễn", "Văn An", "VN")
    assert bulk.search_document == build_search_document(*bulk.searchable_texts())
    assert bulk in Person.objects.search("nguyen van an")
    assert [post.body.notes for post in bulk.posts.all()] == [partners_demo.BULK_MARKER]


def test_demo_is_coherent_rotations_precedence_and_scripts(db):
    """One seed (it is the slow part) checked from three sides: head-of-mission lines, precedence, scripts."""
    seed(1)

    embassy = Mission.objects.get(name="Embassy of Viet Nam in Japan")
    history = list(selectors.heads_of_mission_history(mission=embassy))
    assert [post.rank for post in history] == [Rank.AMBASSADOR] * 3
    assert [post.predecessor for post in history] == [history[1], history[2], None]
    assert all(post.credentials_presented_on for post in history)
    assert [post.end_date is None for post in history] == [True, False, False]

    order = list(selectors.order_of_precedence())
    ranks = [post.rank for post in order]
    assert len(order) == 22  # 23 embassies, one ambassador still awaiting credentials
    assert ranks == sorted(ranks, key=lambda rank: rank == Rank.CHARGE_DAFFAIRES)
    assert ranks.count(Rank.CHARGE_DAFFAIRES) == 2
    credentials = [post.credentials_presented_on for post in order if post.rank == Rank.AMBASSADOR]
    assert credentials == sorted(credentials)
    assert "IT" not in {post.mission.country.code for post in order}

    scripts = {
        "vi": Person.objects.filter(family_name__in=["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng"]).exists(),
        "ko": Person.objects.filter(family_name__in=["김", "이", "박", "최", "정", "강", "조", "윤"]).exists(),
        "ja": Person.objects.filter(family_name_kana__in=["サトウ", "スズキ", "タナカ", "ヤマモト"]).exists(),
        "th": Person.objects.filter(nationality__code="TH", given_name__regex=r"[\u0E00-\u0E7F]").exists(),
    }
    assert scripts == {"vi": True, "ko": True, "ja": True, "th": True}
