import io

import pytest
from django.db.models import F, Q
from django.utils import timezone

from relations import demo
from relations.models import Commitment, Engagement, FollowUp, TargetCountry, Tie, TieInstrument

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Tie.objects.count(),
        TieInstrument.objects.count(),
        Commitment.objects.count(),
        Engagement.objects.count(),
        Engagement.people.through.objects.count(),
        FollowUp.objects.count(),
        TargetCountry.objects.count(),
    )


def test_demo_builds_ties_engagements_follow_ups_and_targets_idempotently():
    demo.seed(scale=1, stdout=io.StringIO())
    first = _counts()
    demo.seed(scale=1, stdout=io.StringIO())

    assert _counts() == first
    assert first[3:] == (300, first[4], 60, 6)
    gyeonggi = Tie.objects.get(partner_region__slug="gyeonggi")
    assert list(gyeonggi.instruments.values_list("kind", flat=True)) == [
        "memorandum",
        "sister_agreement",
        "joint_declaration",
    ]
    today = timezone.localdate()
    assert FollowUp.objects.filter(status="open", due_on__lt=today).count() >= 10
    assert Engagement.objects.filter(starts_at__gt=timezone.now()).exists()
    assert Engagement.objects.filter(confidentiality="confidential").exists()


def test_demo_scale_multiplies_engagements_and_follow_ups():
    demo.seed(scale=2, stdout=io.StringIO())

    assert (Engagement.objects.count(), FollowUp.objects.count()) == (6_000, 600)
    # Links land on the engagement they were drawn for (keys come back from the bulk insert in row order).
    links = Engagement.missions.through.objects.count() + Engagement.regions.through.objects.count()
    assert links == 6_000
    assert Engagement.staff.through.objects.filter(engagement__created_by=F("user")).count() == 6_000
    assert not Engagement.countries.through.objects.exclude(
        Q(engagement__missions__country=F("country")) | Q(engagement__regions__country=F("country"))
    ).exists()
    assert not FollowUp.objects.exclude(confidentiality=F("engagement__confidentiality")).exists()
