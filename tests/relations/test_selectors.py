import datetime
import zoneinfo

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import override

from core.choices import Confidentiality
from relations import selectors
from relations.choices import EngagementStatus, TieStatus
from relations.models import Engagement
from tests.factories.core import UserFactory
from tests.factories.relations import (
    CommitmentFactory,
    EngagementFactory,
    FollowUpFactory,
    MissionFactory,
    OrganizationFactory,
    PartnerRegionFactory,
    PersonFactory,
    PostFactory,
    TargetCountryFactory,
    TieFactory,
    TieInstrumentFactory,
    country,
)

pytestmark = pytest.mark.django_db
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


# --- visibility -----------------------------------------------------------------------------------------------


def test_engagements_visible_to_hides_confidential_ones_from_outsiders(viewer, confidential_reader):
    author, attendee = UserFactory(), UserFactory()
    internal = EngagementFactory(created_by=author)
    secret = EngagementFactory(created_by=author, confidentiality=Confidentiality.CONFIDENTIAL)
    secret.staff.add(attendee)
    outsider = UserFactory()

    assert list(selectors.engagements_visible_to(outsider)) == [internal]
    assert set(selectors.engagements_visible_to(author)) == {internal, secret}
    assert set(selectors.engagements_visible_to(attendee)) == {internal, secret}
    assert set(selectors.engagements_visible_to(confidential_reader)) == {internal, secret}
    assert set(selectors.engagements_visible_to(UserFactory(is_superuser=True))) == {internal, secret}


def test_engagements_visible_to_nobody_signed_out_or_inactive():
    from django.contrib.auth.models import AnonymousUser

    EngagementFactory()

    assert list(selectors.engagements_visible_to(AnonymousUser())) == []
    assert list(selectors.engagements_visible_to(UserFactory(is_active=False))) == []


def test_follow_ups_visible_to_owner_author_and_attendees_only_when_confidential():
    owner, attendee, outsider = UserFactory(), UserFactory(), UserFactory()
    engagement = EngagementFactory(confidentiality=Confidentiality.CONFIDENTIAL)
    engagement.staff.add(attendee)
    secret = FollowUpFactory(owner=owner, engagement=engagement, confidentiality=Confidentiality.CONFIDENTIAL)
    internal = FollowUpFactory()

    assert list(selectors.follow_ups_visible_to(outsider)) == [internal]
    assert set(selectors.follow_ups_visible_to(owner)) == {secret, internal}
    assert set(selectors.follow_ups_visible_to(attendee)) == {secret, internal}


def test_ties_instruments_and_commitments_of_a_confidential_tie_are_hidden_together():
    author, outsider = UserFactory(), UserFactory()
    commitment = CommitmentFactory(
        instrument__tie__confidentiality=Confidentiality.CONFIDENTIAL, instrument__tie__created_by=author
    )
    open_commitment = CommitmentFactory()

    assert list(selectors.ties_visible_to(outsider)) == [open_commitment.instrument.tie]
    assert list(selectors.instruments_visible_to(outsider)) == [open_commitment.instrument]
    assert list(selectors.commitments_visible_to(outsider)) == [open_commitment]
    assert commitment in selectors.commitments_visible_to(author)


# --- follow-ups -----------------------------------------------------------------------------------------------


def test_overdue_and_due_soon_split_on_today_and_the_horizon(settings):
    settings.KIZUNA_DUE_SOON_DAYS = 7
    today = datetime.date(2026, 3, 31)
    owner = UserFactory()
    overdue = FollowUpFactory(owner=owner, due_on=datetime.date(2026, 3, 30))
    due_today = FollowUpFactory(owner=owner, due_on=today)
    due_in_week = FollowUpFactory(owner=owner, due_on=datetime.date(2026, 4, 7))
    FollowUpFactory(owner=owner, due_on=datetime.date(2026, 4, 8))
    FollowUpFactory(owner=UserFactory(), due_on=datetime.date(2026, 3, 1))
    FollowUpFactory(owner=owner, due_on=datetime.date(2026, 3, 1), status="done", done_on=today)

    assert selectors.overdue_and_due_soon_of(owner, today=today) == ([overdue], [due_today, due_in_week])


# --- cold relationships ---------------------------------------------------------------------------------------


def test_cold_relationships_lists_tied_and_targeted_partners_without_recent_engagement(settings):
    settings.KIZUNA_COLD_AFTER_MONTHS = 6
    today = timezone.localdate()
    user = UserFactory()
    vietnam_embassy = MissionFactory(name="Embassy of Viet Nam", country=country("VN"))
    TargetCountryFactory(fiscal_year=selectors.FiscalYear.containing(today).year, country=country("VN"))
    warm_region = PartnerRegionFactory(name="Gyeonggi", country=country("KR"))
    cold_region = PartnerRegionFactory(name="Aisne", country=country("FR"))
    TieFactory(partner_region=warm_region)
    TieFactory(partner_region=cold_region)
    ended_region = PartnerRegionFactory(name="Ended", country=country("DE"))
    TieFactory(partner_region=ended_region, status=TieStatus.ENDED)
    MissionFactory(name="Embassy of Peru", country=country("PE"))  # no tie, no target: never listed
    recent = EngagementFactory(starts_at=timezone.now() - datetime.timedelta(days=30))
    recent.regions.add(warm_region)
    old = EngagementFactory(starts_at=timezone.now() - datetime.timedelta(days=400))
    old.regions.add(cold_region)
    cancelled = EngagementFactory(
        starts_at=timezone.now() - datetime.timedelta(days=10), status=EngagementStatus.CANCELLED
    )
    cancelled.missions.add(vietnam_embassy)

    cold, total = selectors.cold_relationships(user, today=today)

    assert [(item.partner, item.last_engaged_at) for item in cold] == [
        (vietnam_embassy, None),
        (cold_region, old.starts_at),
    ]
    assert total == 2


def test_cold_relationships_ignore_engagements_the_user_may_not_see():
    region = PartnerRegionFactory()
    TieFactory(partner_region=region)
    secret = EngagementFactory(confidentiality=Confidentiality.CONFIDENTIAL)
    secret.regions.add(region)

    cold, _total = selectors.cold_relationships(UserFactory())
    assert [(item.partner, item.last_engaged_at) for item in cold] == [(region, None)]
    cold, _total = selectors.cold_relationships(secret.created_by)
    assert cold == []


def test_cold_relationships_recent_confidential_engagement_warms_only_for_those_who_may_see_it(confidential_reader):
    region = PartnerRegionFactory(name="Gyeonggi")
    TieFactory(partner_region=region)
    old = EngagementFactory(starts_at=timezone.now() - datetime.timedelta(days=400))
    old.regions.add(region)
    attendee = UserFactory()
    secret = EngagementFactory(
        starts_at=timezone.now() - datetime.timedelta(days=20), confidentiality=Confidentiality.CONFIDENTIAL
    )
    secret.regions.add(region)
    secret.staff.add(attendee)

    outsider_view = selectors.cold_relationships(UserFactory())

    assert [(item.partner, item.last_engaged_at) for item in outsider_view[0]] == [(region, old.starts_at)]
    assert outsider_view[1] == 1
    for insider in (secret.created_by, attendee, confidential_reader):
        assert selectors.cold_relationships(insider) == ([], 0)


def test_cold_relationships_future_and_cancelled_engagements_do_not_warm():
    mission = MissionFactory(name="Embassy of Viet Nam", country=country("VN"))
    TieFactory(partner_region=None, country=country("VN"))
    planned = EngagementFactory(starts_at=timezone.now() + datetime.timedelta(days=5))
    planned.missions.add(mission)
    cancelled = EngagementFactory(
        starts_at=timezone.now() - datetime.timedelta(days=5), status=EngagementStatus.CANCELLED
    )
    cancelled.missions.add(mission)

    cold, total = selectors.cold_relationships(UserFactory())

    assert [(item.partner, item.last_engaged_at) for item in cold] == [(mission, None)]
    assert total == 1


def test_cold_relationships_limit_keeps_never_engaged_partners_first():
    TieFactory(partner_region=None, country=country("VN"))
    long_ago = MissionFactory(name="A long ago", country=country("VN"))
    engagement = EngagementFactory(starts_at=timezone.now() - datetime.timedelta(days=900))
    engagement.missions.add(long_ago)
    never = [MissionFactory(name=f"Never {n}", country=country("VN")) for n in (1, 2)]

    cold, total = selectors.cold_relationships(UserFactory(), limit=2)

    assert [item.partner for item in cold] == never
    assert total == 3


def _cold_by_reading_every_engagement(user, partners, now, months=6):
    """What the panel must answer, asked the slow way: every engagement `user` may see, partner by partner."""
    cutoff = timezone.make_aware(
        datetime.datetime.combine(selectors.months_before(timezone.localdate(now), months), datetime.time.min)
    )
    seen = selectors.engagements_visible_to(user).exclude(status=EngagementStatus.CANCELLED).filter(starts_at__lte=now)
    cold = []
    for partner in partners:
        link = "missions" if isinstance(partner, selectors.Mission) else "regions"
        last = seen.filter(**{link: partner}).aggregate(last=Max("starts_at"))["last"]
        if last is None or last < cutoff:
            cold.append((partner, last))
    cold.sort(key=lambda item: (item[1] or selectors.NEVER, item[0].name))
    return cold, len(cold)


def test_cold_relationships_agree_with_every_engagement_for_every_user_through_every_change(confidential_reader):
    """The stored dates (PartnerEngagementDates) must give exactly what reading the engagements gives: for a
    colleague, the author and an attendee of confidential engagements, a confidential reader and a signed-out
    user; now, and later, after planned engagements have passed (stored "next" dates in the past); through
    creation, cancellation, confidentiality and date changes, links added and removed from either side, and
    deletion."""
    from django.contrib.auth.models import AnonymousUser

    from relations import services

    TieFactory(partner_region=None, country=country("VN"))
    embassy, consulate = (MissionFactory(name=name, country=country("VN")) for name in ("Embassy", "Consulate"))
    gyeonggi, aisne = PartnerRegionFactory(name="Gyeonggi"), PartnerRegionFactory(name="Aisne")
    for region in (gyeonggi, aisne):
        TieFactory(partner_region=region)
    partners = [embassy, consulate, gyeonggi, aisne]
    author, attendee, colleague = UserFactory(), UserFactory(), UserFactory()
    users = [colleague, author, attendee, confidential_reader, AnonymousUser()]
    now = timezone.now()
    days = datetime.timedelta(days=1)

    def check(step):
        for moment in (now, now + 3 * days, now + 12 * days, now + 200 * days, now + 400 * days):
            for user in users:
                cold, total = selectors.cold_relationships(user, now=moment, limit=10)
                assert ([(item.partner, item.last_engaged_at) for item in cold], total) == (
                    _cold_by_reading_every_engagement(user, partners, moment)
                ), (step, moment - now, user)

    def engagement(offset_days, *, confidential=False, missions=(), regions=()):
        created = services.create_engagement(
            user=author,
            subject="Talks",
            starts_at=now + offset_days * days,
            confidentiality=Confidentiality.CONFIDENTIAL if confidential else Confidentiality.INTERNAL,
            staff=[attendee] if confidential else [],
            missions=missions,
            regions=regions,
        )
        return Engagement.objects.get(pk=created.pk)

    check("nothing yet")
    shared = engagement(-30, missions=[embassy], regions=[gyeonggi])
    secret = engagement(-10, confidential=True, missions=[consulate], regions=[gyeonggi, aisne])
    planned = engagement(5, missions=[consulate])
    planned_secret = engagement(10, confidential=True, regions=[aisne])
    check("created")
    old = EngagementFactory(starts_at=now - 400 * days)
    aisne.engagements.add(old)  # from the partner's side
    embassy.engagements.add(EngagementFactory(starts_at=now - 250 * days, confidentiality=Confidentiality.CONFIDENTIAL))
    check("linked from the partner")
    services.cancel_engagement(engagement=shared, user=author)
    check("cancelled")
    services.update_engagement(engagement=secret, user=author, confidentiality=Confidentiality.INTERNAL)
    check("no longer confidential")
    services.update_engagement(engagement=secret, user=author, confidentiality=Confidentiality.CONFIDENTIAL)
    services.update_engagement(engagement=planned, user=author, starts_at=now - 2 * days)
    check("confidential again, planned moved to the past")
    planned.missions.remove(consulate)
    secret.regions.clear()
    old.regions.set([gyeonggi])
    check("unlinked")
    secret.delete()
    Engagement.objects.filter(pk=planned_secret.pk).delete()
    check("deleted")


def test_refresh_of_every_partner_gives_the_dates_kept_by_each_change():
    from relations import services
    from relations.models import PartnerEngagementDates, PartnerUpcomingEngagement

    mission, region = MissionFactory(), PartnerRegionFactory()
    past = EngagementFactory(starts_at=timezone.now() - datetime.timedelta(days=40))
    past.missions.add(mission)
    past.regions.add(region)
    secret = EngagementFactory(
        starts_at=timezone.now() + datetime.timedelta(days=4), confidentiality=Confidentiality.CONFIDENTIAL
    )
    secret.regions.add(region)
    fields = ["mission", "region", *services.DATE_FIELDS]
    kept = set(PartnerEngagementDates.objects.values_list(*fields))
    kept_upcoming = set(
        PartnerUpcomingEngagement.objects.values_list("mission", "region", "starts_at", "is_confidential")
    )

    services.refresh_partner_engagement_dates(everyone=True)

    assert set(PartnerEngagementDates.objects.values_list(*fields)) == kept
    assert kept == {
        (None, region.pk, past.starts_at, None, None, secret.starts_at),
        (mission.pk, None, past.starts_at, None, None, None),
    }
    upcoming = set(PartnerUpcomingEngagement.objects.values_list("mission", "region", "starts_at", "is_confidential"))
    assert upcoming == kept_upcoming == {(None, region.pk, secret.starts_at, True)}


def test_months_before_clamps_to_month_end():
    assert selectors.months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert selectors.months_before(datetime.date(2026, 1, 15), 1) == datetime.date(2025, 12, 15)


# --- anniversaries --------------------------------------------------------------------------------------------


def test_anniversaries_are_five_year_milestones_up_to_the_end_of_next_fiscal_year():
    user = UserFactory()
    tie = TieFactory(established_on=datetime.date(1991, 10, 1))
    declaration = TieInstrumentFactory(tie=tie, signed_on=datetime.date(2017, 3, 31), title="Joint declaration")
    TieInstrumentFactory(tie=tie, signed_on=datetime.date(2019, 1, 1), title="Not a milestone year")
    TieFactory(established_on=datetime.date(1996, 5, 1), status=TieStatus.ENDED)

    found = selectors.upcoming_anniversaries(user, today=datetime.date(2026, 3, 31))

    # Window: 31 March 2026 (last day of FY2025) to 31 March 2027 (end of FY2026).
    assert [(a.day, a.years, a.instrument) for a in found] == [
        (datetime.date(2026, 10, 1), 35, None),
        (datetime.date(2027, 3, 31), 10, declaration),
    ]
    with override("en"):
        assert [a.fiscal_year.label() for a in found] == ["FY2026 (令和8年度)", "FY2026 (令和8年度)"]


def test_anniversary_window_on_first_of_april_reaches_the_end_of_the_following_fiscal_year():
    assert selectors.anniversary_window(datetime.date(2026, 4, 1)) == (
        datetime.date(2026, 4, 1),
        datetime.date(2028, 3, 31),
    )
    assert selectors.anniversary_window(datetime.date(2026, 3, 31)) == (
        datetime.date(2026, 3, 31),
        datetime.date(2027, 3, 31),
    )


def test_anniversary_of_29_february_falls_on_28_february():
    assert list(
        selectors.milestones_between(datetime.date(2016, 2, 29), datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
    ) == [(datetime.date(2021, 2, 28), 5)]


def test_anniversaries_of_confidential_ties_are_hidden_from_outsiders():
    TieFactory(established_on=datetime.date(2001, 6, 1), confidentiality=Confidentiality.CONFIDENTIAL)

    assert selectors.upcoming_anniversaries(UserFactory(), today=datetime.date(2026, 1, 1)) == []


# --- heads of mission -----------------------------------------------------------------------------------------


def test_heads_of_mission_to_watch_long_and_recent_postings():
    today = datetime.date(2026, 6, 1)
    long = PostFactory(is_head_of_mission=True, start_date=datetime.date(2023, 6, 1))
    PostFactory(is_head_of_mission=True, start_date=datetime.date(2023, 6, 2))  # just under three years
    recent = PostFactory(is_head_of_mission=True, start_date=datetime.date(2026, 4, 1))
    PostFactory(is_head_of_mission=True, start_date=datetime.date(2010, 1, 1), end_date=datetime.date(2014, 1, 1))
    PostFactory(is_head_of_mission=False, start_date=datetime.date(2020, 1, 1))

    assert selectors.heads_of_mission_to_watch(UserFactory(), today=today) == ([long], [recent])


def test_heads_of_mission_to_watch_keeps_the_longest_and_the_newest_within_the_limit():
    today = datetime.date(2026, 6, 1)
    longest = [PostFactory(is_head_of_mission=True, start_date=datetime.date(2015 + year, 1, 1)) for year in (0, 1, 2)]
    newest = [PostFactory(is_head_of_mission=True, start_date=datetime.date(2026, 5, day)) for day in (1, 2, 3)]

    long, recent = selectors.heads_of_mission_to_watch(UserFactory(), today=today, limit=2)

    assert long == longest[:2]
    assert recent == [newest[2], newest[1]]


# --- timeline -------------------------------------------------------------------------------------------------


def test_timeline_of_a_person_merges_sources_newest_first_and_hides_confidential():
    person = PersonFactory()
    viewer = UserFactory()
    post = PostFactory(person=person, start_date=datetime.date(2024, 4, 1))
    met = EngagementFactory(starts_at=datetime.datetime(2025, 5, 1, 10, tzinfo=TOKYO))
    met.people.add(person)
    secret = EngagementFactory(
        starts_at=datetime.datetime(2025, 6, 1, 10, tzinfo=TOKYO), confidentiality=Confidentiality.CONFIDENTIAL
    )
    secret.people.add(person)
    follow_up = FollowUpFactory(engagement=met, due_on=datetime.date(2025, 5, 15))
    signed = TieInstrumentFactory(signed_on=datetime.date(2025, 7, 20))
    signed.signatories.add(person)
    signed.save()

    timeline = selectors.timeline(viewer, person)

    assert [(entry.kind, entry.item) for entry in timeline.entries] == [
        ("instrument", signed),
        ("follow_up", follow_up),
        ("engagement", met),
        ("post_start", post),
    ]
    assert (timeline.total, timeline.total_is_exact, timeline.has_more) == (4, True, False)


def test_timeline_pages_hold_per_page_entries():
    region = PartnerRegionFactory()
    for day in range(1, 6):
        engagement = EngagementFactory(starts_at=datetime.datetime(2025, 5, day, 10, tzinfo=TOKYO))
        engagement.regions.add(region)
    user = UserFactory()

    first = selectors.timeline(user, region, page=1, per_page=2)
    third = selectors.timeline(user, region, page=3, per_page=2)

    assert (first.total, first.last_page, first.has_more) == (5, 3, True)
    assert [e.when.day for e in first.entries] == [5, 4]
    assert [e.when.day for e in third.entries] == [1]
    assert third.has_more is False


def test_timeline_counts_a_long_history_up_to_the_limit_and_still_pages_on(monkeypatch):
    monkeypatch.setattr(selectors, "TIMELINE_COUNT_LIMIT", 3)
    region = PartnerRegionFactory()
    for day in range(1, 6):
        engagement = EngagementFactory(starts_at=datetime.datetime(2025, 5, day, 10, tzinfo=TOKYO))
        engagement.regions.add(region)
        FollowUpFactory(engagement=engagement, due_on=datetime.date(2024, 1, day))
    user = UserFactory()

    second = selectors.timeline(user, region, page=2, per_page=2)
    fourth = selectors.timeline(user, region, page=4, per_page=2)
    fifth = selectors.timeline(user, region, page=5, per_page=2)

    assert (second.total, second.total_is_exact, second.last_page, second.has_more) == (3, False, None, True)
    assert [(e.kind, e.when.day) for e in second.entries] == [("engagement", 3), ("engagement", 2)]
    assert [(e.kind, e.when.day) for e in fourth.entries] == [("follow_up", 4), ("follow_up", 3)]
    assert [(e.kind, e.when.day) for e in fifth.entries] == [("follow_up", 2), ("follow_up", 1)]
    assert (fourth.has_more, fifth.has_more) == (True, False)


@pytest.mark.parametrize("kind", ["person", "mission", "region", "organization", "busy country"])
def test_timeline_walks_the_newest_engagements_of_all_then_sorts_the_older_ones(monkeypatch, kind):
    # Only the 4 newest engagements of all are walked: the record's newest among them come from the walk, the
    # rest from sorting its older ones, and together they are exactly the record's engagements newest first.
    monkeypatch.setattr(selectors, "RECENT_ENGAGEMENTS", 4)
    monkeypatch.setattr(selectors, "TIMELINE_COUNT_LIMIT", 1)
    record = {
        "person": PersonFactory,
        "mission": MissionFactory,
        "region": PartnerRegionFactory,
        "organization": OrganizationFactory,
        "busy country": lambda: country("VN"),
    }[kind]()
    link = {
        "person": "people",
        "mission": "missions",
        "region": "regions",
        "organization": "organizations",
        "busy country": "countries",
    }[kind]
    viewer = UserFactory()

    def engagement(day, linked, **kwargs):
        made = EngagementFactory(starts_at=datetime.datetime(2025, 5, day, 10, tzinfo=TOKYO), **kwargs)
        if linked:
            getattr(made, link).add(record)
        return made

    # Days 10, 9 (others'), 8 (secret), 7 are the four newest of all: the walk finds 10 and 7.
    newest, _other, _secret, walked = (
        engagement(10, True),
        engagement(9, False),
        engagement(8, True, confidentiality=Confidentiality.CONFIDENTIAL),
        engagement(7, True),
    )
    older = [engagement(day, linked=day % 2 == 0) for day in range(6, 0, -1)]  # days 6, 4, 2 are the record's

    with CaptureQueriesContext(connection) as queries:
        first = selectors.timeline(viewer, record, per_page=3)
    second = selectors.timeline(viewer, record, page=2, per_page=3)
    only_walked = selectors.timeline(viewer, record, per_page=1)

    shown = [entry.item for entry in first.entries + second.entries if entry.kind == "engagement"]
    assert shown == [newest, walked, older[0], older[2], older[4]]
    assert (first.has_more, second.has_more) == (True, False)
    starts = [query["sql"] for query in queries.captured_queries if "OFFSET 3" in query["sql"]]
    # The walk's bound, the 4th newest start of all, is read once; a busy country's walk is newest first already.
    assert len(starts) == (0 if kind == "busy country" else 1)
    assert [entry.item for entry in only_walked.entries] == [newest]


def test_timeline_of_a_busy_country_counts_its_direct_links_first(monkeypatch):
    monkeypatch.setattr(selectors, "TIMELINE_COUNT_LIMIT", 2)
    vietnam = country("VN")
    for day in (1, 2, 3):
        EngagementFactory(starts_at=datetime.datetime(2025, 5, day, 10, tzinfo=TOKYO)).countries.add(vietnam)
    through_mission = EngagementFactory(starts_at=datetime.datetime(2025, 5, 4, 10, tzinfo=TOKYO))
    through_mission.missions.add(MissionFactory(country=vietnam))
    user = UserFactory()

    with CaptureQueriesContext(connection) as queries:
        timeline = selectors.timeline(user, vietnam)

    counts = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("SELECT COUNT(*)")]
    assert (timeline.total, timeline.total_is_exact) == (2, False)
    # The links count, then the engagements: on PostgreSQL those linked directly were enough to pass the limit.
    assert len(counts) == 2
    if connection.vendor == "postgresql":
        assert "relations_engagement_countries" in counts[1]
        assert "UNION" not in counts[1]


@pytest.mark.parametrize("busy", [False, True], ids=["quiet country: sorted", "busy country: walked"])
def test_timeline_of_a_country_holds_what_reaches_it_by_any_link_once(monkeypatch, busy):
    # Above the count limit a country's newest entries are found by walking every engagement newest first.
    monkeypatch.setattr(selectors, "TIMELINE_COUNT_LIMIT", 2 if busy else 1000)
    vietnam, korea = country("VN"), country("KR")
    author, viewer = UserFactory(), UserFactory()

    def engagement(day, **kwargs):
        return EngagementFactory(starts_at=datetime.datetime(2025, 5, day, 10, tzinfo=TOKYO), **kwargs)

    direct, by_mission, by_region, by_organization, twice, elsewhere = (engagement(day) for day in range(1, 7))
    secret = engagement(7, confidentiality=Confidentiality.CONFIDENTIAL, created_by=author)
    direct.countries.add(vietnam)
    by_mission.missions.add(MissionFactory(country=vietnam))
    by_region.regions.add(PartnerRegionFactory(country=vietnam))
    by_organization.organizations.add(OrganizationFactory(country=vietnam))
    twice.countries.add(vietnam)
    twice.missions.add(MissionFactory(country=vietnam))
    elsewhere.countries.add(korea)
    secret.countries.add(vietnam)
    follow_up = FollowUpFactory(engagement=by_region, due_on=datetime.date(2025, 4, 30))
    FollowUpFactory(engagement=elsewhere, due_on=datetime.date(2025, 4, 29))
    FollowUpFactory(engagement=secret, due_on=datetime.date(2025, 4, 28))

    with CaptureQueriesContext(connection) as queries:
        seen = selectors.timeline(viewer, vietnam)
    seen_by_author = selectors.timeline(author, vietnam)

    walked = [
        query["sql"] for query in queries.captured_queries if "EXISTS" in query["sql"] and "UNION" in query["sql"]
    ]
    assert len(walked) == (2 + (connection.vendor == "sqlite") if busy else 0)  # engagements, follow-ups, count

    assert [entry.item for entry in seen.entries if entry.kind in ("engagement", "follow_up")] == [
        twice,
        by_organization,
        by_region,
        by_mission,
        direct,
        follow_up,
    ]
    assert seen_by_author.entries[0].item == secret
    assert len([entry for entry in seen_by_author.entries if entry.kind == "follow_up"]) == 2
    assert seen.total_is_exact is not busy


def test_timeline_refuses_to_page_beyond_the_deepest_page():
    region = PartnerRegionFactory()
    engagement = EngagementFactory()
    engagement.regions.add(region)

    timeline = selectors.timeline(UserFactory(), region, page=10**9)

    assert (timeline.page, timeline.entries) == (selectors.TIMELINE_MAX_PAGE, [])
