"""Demo data for relations: ties with instrument histories, engagements, follow-ups and FY2026 targets.

Runs after the partners and contacts demo. It uses the missions, regions and people it finds; when those are
missing (a fresh database without the directory demo) it creates the few it needs. Idempotent: ties and
instruments are found by natural keys, engagements and follow-ups by deterministic calendar UIDs, so a re-run
writes nothing. `scale` multiplies engagements and follow-ups with bulk writes (scale 100: about 300,000
engagements and 30,000 follow-ups).
"""

import datetime
import random
import uuid

from django.contrib.auth import get_user_model
from django.utils import timezone

from contacts.models import Person, Post
from core.choices import Confidentiality
from core.resources import insert_rows
from core.text import build_search_document
from partners.models import Country, Mission, Organization, PartnerRegion

from . import services
from .choices import (
    EngagementKind,
    EngagementStatus,
    FollowUpStatus,
    InstrumentKind,
    Recurrence,
    TieKind,
    TieStatus,
)
from .models import Engagement, FollowUp, Measure, TargetCountry, TargetRegion, Tie, TieInstrument

DEMO_NAMESPACE = uuid.UUID("6f0d3c1e-6a4f-4b59-9a43-2d3c8b1f0a10")
BATCH = 5_000

STAFF = [
    ("demo-sato", "佐藤 花子", "国際課"),
    ("demo-suzuki", "鈴木 一郎", "国際課"),
    ("demo-takahashi", "高橋 健", "国際課 経済交流担当"),
    ("demo-tanaka", "田中 美咲", "国際課 多文化共生担当"),
    ("demo-nguyen", "グエン・ティ・ラン", "国際交流員 (CIR)"),
]

# (name, native, Japanese, slug, country, level)
REGIONS = [
    ("Gyeonggi Province", "경기도", "京畿道", "gyeonggi", "KR", "province"),
    ("Zhejiang Province", "浙江省", "浙江省", "zhejiang", "CN", "province"),
    ("State of Indiana", "Indiana", "インディアナ州", "indiana", "US", "state"),
    ("Quang Nam Province", "Tỉnh Quảng Nam", "クアンナム省", "quang-nam", "VN", "province"),
    ("Orléans", "Orléans", "オルレアン市", "orleans", "FR", "city"),
]

MISSIONS = [
    ("Embassy of the Socialist Republic of Viet Nam in Japan", "駐日ベトナム社会主義共和国大使館", "VN"),
    ("Embassy of the Republic of Korea in Japan", "駐日大韓民国大使館", "KR"),
    ("Royal Thai Embassy, Tokyo", "駐日タイ王国大使館", "TH"),
    ("Embassy of India, Tokyo", "駐日インド大使館", "IN"),
    ("Embassy of the Republic of Indonesia in Tokyo", "駐日インドネシア共和国大使館", "ID"),
    ("Taipei Economic and Cultural Representative Office in Japan", "台北駐日経済文化代表処", "TW"),
    ("Embassy of the United States of America, Tokyo", "駐日アメリカ合衆国大使館", "US"),
]

PEOPLE = [
    # family (native), given (native), family latin, given latin, kana family, kana given, mission country
    ("Phạm", "Quang Hiệu", "Pham", "Quang Hieu", "ファム", "クアン・ヒエウ", "VN"),
    ("박", "철희", "Park", "Cheol-hee", "パク", "チョルヒ", "KR"),
    ("", "", "Suwannarat", "Somchai", "スワンナラット", "ソムチャイ", "TH"),
    ("", "", "Sharma", "Anil", "シャルマ", "アニル", "IN"),
    ("", "", "Santoso", "Budi", "サントソ", "ブディ", "ID"),
    ("李", "明華", "Li", "Ming-hua", "リー", "ミンホア", "TW"),
    ("", "", "Miller", "Sarah", "ミラー", "サラ", "US"),
]

TARGET_COUNTRIES_FY2026 = [("VN", "1-1"), ("TH", "1-2"), ("IN", "3-3"), ("ID", "2-2"), ("TW", "1-3"), ("US", "1-4")]

SUBJECTS = {
    EngagementKind.COURTESY_CALL: ["Courtesy call on the Ambassador", "表敬訪問", "Courtesy call by the new Consul"],
    EngagementKind.MEETING: [
        "Working meeting on the trade fair",
        "Investment seminar planning",
        "技能実習生の受入れに関する意見交換",
        "Exchange programme review",
    ],
    EngagementKind.VIDEO_CALL: ["Online meeting on agricultural exports", "オンライン会議 観光プロモーション"],
    EngagementKind.PHONE_CALL: ["Phone call about the delegation schedule"],
    EngagementKind.RECEPTION: ["National Day reception", "歓迎レセプション"],
    EngagementKind.SEMINAR: ["Business seminar with JETRO", "多文化共生セミナー"],
    EngagementKind.EMAIL: ["E-mail exchange on the memorandum draft"],
    EngagementKind.SITE_VISIT: ["Site visit to the industrial park", "日光視察の同行"],
}

LOCATIONS = ["宇都宮 県庁", "Tokyo", "Online", "Utsunomiya", "Nikko"]

FOLLOW_UP_TITLES = [
    "Send the investment brochure",
    "礼状を送付する",
    "Share the seminar materials",
    "Confirm the delegation dates",
    "Arrange the interpreter",
    "次回会合の日程調整",
    "Report to the Governor's office",
]


def seed(*, scale: int, stdout) -> None:
    rng = random.Random(20260401)  # noqa: S311 - demo data, reproducible on purpose
    staff = _staff_users()
    actor = staff[0]
    regions = _regions()
    missions = _missions()
    people = _people(missions)
    municipality = _municipality()
    _ties(actor, regions, municipality, people)
    _targets(regions)
    engagement_count = 300 if scale == 1 else 3_000 * scale
    follow_up_count = 60 if scale == 1 else 300 * scale
    created = _engagements(rng, engagement_count, staff, missions, regions, people)
    if created:
        # The engagements and their links went in as bulk inserts, which send no signals.
        services.refresh_partner_engagement_dates(everyone=True)
    created_follow_ups = _follow_ups(rng, follow_up_count, staff)
    stdout.write(
        f"  relations: {Tie.objects.count()} ties, {created} new engagements, {created_follow_ups} new follow-ups"
    )


def _staff_users():
    User = get_user_model()
    users = []
    for username, display_name, office in STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "display_name": display_name,
                "office": office,
                "email": f"{username}@pref.example.invalid",
                "is_staff": True,
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users.append(user)
    return users


def _regions() -> list[PartnerRegion]:
    found = []
    for name, native, name_ja, slug, code, level in REGIONS:
        region = PartnerRegion.objects.filter(slug=slug).first() or PartnerRegion.objects.filter(name=name).first()
        if region is None:
            region = PartnerRegion.objects.create(
                name=name,
                name_native=native,
                name_ja=name_ja,
                slug=slug,
                level=level,
                country=Country.objects.get(code=code),
            )
        found.append(region)
    return found


def _missions() -> list[Mission]:
    found = []
    for name, name_ja, code in MISSIONS:
        country = Country.objects.get(code=code)
        mission = (
            Mission.objects.filter(country=country, kind="embassy").order_by("id").first()
            or Mission.objects.filter(country=country).order_by("id").first()
        )
        if mission is None:
            mission = Mission.objects.create(name=name, name_ja=name_ja, country=country)
        found.append(mission)
    # Any other missions of the directory demo take part too.
    found += list(Mission.objects.exclude(pk__in=[m.pk for m in found]).order_by("id")[:40])
    return found


def _people(missions: list[Mission]) -> list[Person]:
    people = list(Person.objects.filter(posts__mission__in=missions).distinct().order_by("id")[:200])
    if people:
        return people
    by_country = {mission.country.code: mission for mission in missions}
    today = timezone.localdate()
    for index, (family, given, family_latin, given_latin, kana_family, kana_given, code) in enumerate(PEOPLE):
        person = Person.objects.create(
            family_name=family,
            given_name=given,
            family_name_latin=family_latin,
            given_name_latin=given_latin,
            family_name_kana=kana_family,
            given_name_kana=kana_given,
            name_order="given_first" if code in {"US", "IN", "ID", "TH"} else "family_first",
            honorific_prefix="H.E.",
        )
        Post.objects.create(
            person=person,
            mission=by_country[code],
            title="Ambassador",
            title_ja="特命全権大使",
            rank="ambassador",
            is_head_of_mission=True,
            start_date=today - datetime.timedelta(days=60 + 250 * index),
        )
        people.append(person)
    return people


def _municipality() -> Organization:
    municipality = Organization.objects.filter(name="Utsunomiya City").first()
    if municipality is None:
        municipality = Organization.objects.create(
            name="Utsunomiya City",
            name_ja="宇都宮市",
            kind="municipality",
            country=Country.objects.get(code="JP"),
        )
    return municipality


def _measure(code: str) -> Measure:
    strategy, number = code.split("-")
    return Measure.objects.get(strategy__number=int(strategy), number=int(number))


def _tie(actor, **fields) -> Tie:
    key = {name: fields[name] for name in ("partner_region", "country", "local_party", "kind") if name in fields}
    key.setdefault("partner_region", None)
    key.setdefault("country", None)
    key.setdefault("local_party", None)
    existing = Tie.objects.filter(**key).first()
    return existing or services.create_tie(user=actor, **fields)


def _instrument(actor, tie, *, title, commitments=(), **fields) -> TieInstrument:
    existing = tie.instruments.filter(title=title).first()
    return existing or services.add_instrument(
        tie=tie, user=actor, title=title, commitments=list(commitments), **fields
    )


def _ties(actor, regions, municipality, people) -> None:
    gyeonggi, zhejiang, indiana, quang_nam, orleans = regions
    signatory = people[:1]
    tie = _tie(
        actor,
        partner_region=gyeonggi,
        kind=TieKind.SISTER,
        status=TieStatus.ACTIVE,
        established_on=datetime.date(1990, 4, 25),
        measure=_measure("3-2"),
        notes="Sister-state tie; youth, sports and economic exchange.",
    )
    _instrument(
        actor,
        tie,
        title="Memorandum on friendly exchange",
        kind=InstrumentKind.MEMORANDUM,
        signed_on=datetime.date(1988, 10, 5),
        place="Suwon",
    )
    _instrument(
        actor,
        tie,
        title="Sister-state agreement",
        kind=InstrumentKind.SISTER_AGREEMENT,
        signed_on=datetime.date(1990, 4, 25),
        place="Utsunomiya",
    )
    _instrument(
        actor,
        tie,
        title="35th anniversary joint declaration",
        kind=InstrumentKind.JOINT_DECLARATION,
        signed_on=datetime.date(2025, 7, 20),
        place="Suwon",
        signatories=signatory,
        commitments=[
            services.CommitmentDraft(
                text="Hold an investment seminar every year",
                due_on=datetime.date(2026, 11, 30),
                recurrence=Recurrence.YEARLY,
            ),
            services.CommitmentDraft(
                text="Exchange high-school student delegations every two years",
                due_on=datetime.date(2027, 8, 31),
                recurrence=Recurrence.EVERY_TWO_YEARS,
            ),
        ],
    )
    tie = _tie(
        actor,
        partner_region=zhejiang,
        kind=TieKind.FRIENDSHIP,
        status=TieStatus.ACTIVE,
        established_on=datetime.date(1993, 10, 11),
        measure=_measure("3-2"),
    )
    _instrument(
        actor,
        tie,
        title="Friendship agreement",
        kind=InstrumentKind.FRIENDSHIP_AGREEMENT,
        signed_on=datetime.date(1993, 10, 11),
        place="Hangzhou",
    )
    _instrument(
        actor,
        tie,
        title="30th anniversary memorandum on tourism and agriculture",
        kind=InstrumentKind.MEMORANDUM,
        signed_on=datetime.date(2023, 10, 12),
        place="Utsunomiya",
        commitments=[services.CommitmentDraft(text="Joint tourism promotion at the Hangzhou fair")],
    )
    tie = _tie(
        actor,
        partner_region=indiana,
        kind=TieKind.SISTER,
        status=TieStatus.ACTIVE,
        established_on=datetime.date(1996, 9, 18),
        measure=_measure("3-1"),
    )
    _instrument(
        actor,
        tie,
        title="Sister-state affiliation agreement",
        kind=InstrumentKind.SISTER_AGREEMENT,
        signed_on=datetime.date(1996, 9, 18),
        place="Indianapolis",
    )
    tie = _tie(
        actor,
        partner_region=quang_nam,
        kind=TieKind.ECONOMIC_COOPERATION,
        status=TieStatus.ACTIVE,
        established_on=datetime.date(2021, 11, 26),
        measure=_measure("2-2"),
    )
    _instrument(
        actor,
        tie,
        title="Memorandum of understanding on human resources and economic cooperation",
        kind=InstrumentKind.MEMORANDUM,
        signed_on=datetime.date(2021, 11, 26),
        place="Tam Kỳ",
        commitments=[
            services.CommitmentDraft(
                text="Job fair for Quang Nam graduates every year",
                due_on=datetime.date(2026, 12, 15),
                recurrence=Recurrence.YEARLY,
            )
        ],
    )
    tie = _tie(
        actor,
        country=Country.objects.get(code="TH"),
        kind=TieKind.MEMORANDUM,
        status=TieStatus.ACTIVE,
        established_on=datetime.date(2017, 1, 30),
        measure=_measure("1-4"),
        notes="Memorandum with the Board of Investment of Thailand.",
    )
    _instrument(
        actor,
        tie,
        title="Memorandum of cooperation on investment promotion",
        kind=InstrumentKind.MEMORANDUM,
        signed_on=datetime.date(2017, 1, 30),
        place="Bangkok",
    )
    _tie(
        actor,
        partner_region=orleans,
        local_party=municipality,
        kind=TieKind.FRIENDSHIP,
        status=TieStatus.DORMANT,
        established_on=datetime.date(1989, 5, 1),
        notes="Municipal friendship tie of Utsunomiya City; dormant since 2015.",
    )


def _targets(regions) -> None:
    for code, measure_code in TARGET_COUNTRIES_FY2026:
        TargetCountry.objects.get_or_create(
            fiscal_year=2026, country=Country.objects.get(code=code), measure=_measure(measure_code)
        )
    for region, measure_code in ((regions[0], "3-1"), (regions[3], "2-2")):
        TargetRegion.objects.get_or_create(fiscal_year=2026, region=region, measure=_measure(measure_code))


def _existing_uids(model, uids) -> set:
    existing = set()
    for start in range(0, len(uids), BATCH):
        existing |= set(model.objects.filter(uid__in=uids[start : start + BATCH]).values_list("uid", flat=True))
    return existing


def _engagements(rng, count, staff, missions, regions, people) -> int:
    uids = [uuid.uuid5(DEMO_NAMESPACE, f"engagement-{index}") for index in range(count)]
    existing = _existing_uids(Engagement, uids)
    missing = [(index, uid) for index, uid in enumerate(uids) if uid not in existing]
    if not missing:
        return 0
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    stamp = timezone.now()
    measures = [m.pk for m in Measure.objects.all()]
    kinds = list(SUBJECTS)
    search_documents = {
        (subject, location): build_search_document(subject, location)
        for subjects in SUBJECTS.values()
        for subject in subjects
        for location in LOCATIONS
    }
    people_by_country = {}
    for post in Post.objects.filter(person__in=people, mission__isnull=False).select_related("mission"):
        people_by_country.setdefault(post.mission.country_id, []).append(post.person_id)
    created = 0
    for start in range(0, len(missing), BATCH):
        chunk = missing[start : start + BATCH]
        rows, links = [], []
        for index, uid in chunk:
            kind = kinds[index % len(kinds)]
            # Mostly past engagements (last two years), a few in the next two months.
            offset_days = rng.randint(-730, 60) if index % 10 == 0 else rng.randint(-730, -1)
            starts_at = now + datetime.timedelta(days=offset_days, hours=rng.randint(-4, 4))
            subject = rng.choice(SUBJECTS[kind])
            location = rng.choice(LOCATIONS)
            author = staff[index % len(staff)]
            rows.append(
                {
                    "uid": uid,
                    "sequence": 0,
                    "kind": kind.value,
                    "status": (EngagementStatus.CANCELLED if index % 50 == 3 else EngagementStatus.CONFIRMED).value,
                    "subject": subject,
                    "starts_at": starts_at,
                    "ends_at": starts_at + datetime.timedelta(hours=1),
                    "time_zone": "Asia/Tokyo",
                    "location": location,
                    "summary": "Exchanged views on cooperation and next steps." if index % 3 else "",
                    "outcomes": "Agreed to follow up with materials." if index % 4 == 0 else "",
                    "measure_id": measures[index % len(measures)],
                    "confidentiality": (
                        Confidentiality.CONFIDENTIAL if index % 20 == 7 else Confidentiality.INTERNAL
                    ).value,
                    "created_by_id": author.pk,
                    "created_at": stamp,
                    "updated_at": stamp,
                    "search_document": search_documents[(subject, location)],
                }
            )
            mission = missions[index % len(missions)] if index % 3 != 2 else None
            region = regions[index % len(regions)] if index % 3 == 2 else None
            counterpart = None
            if mission is not None and people_by_country.get(mission.country_id):
                counterpart = rng.choice(people_by_country[mission.country_id])
            links.append((mission, region, counterpart, author.pk, staff[(index + 2) % len(staff)].pk))
        keys = insert_rows(Engagement, rows, returning_pk=True)
        mission_rows, region_rows, person_rows, staff_rows, country_rows = [], [], [], [], []
        for pk, (mission, region, counterpart, author_id, colleague_id) in zip(keys, links, strict=True):
            if mission is not None:
                mission_rows.append({"engagement_id": pk, "mission_id": mission.pk})
                country_rows.append({"engagement_id": pk, "country_id": mission.country_id})
            if region is not None:
                region_rows.append({"engagement_id": pk, "partnerregion_id": region.pk})
                country_rows.append({"engagement_id": pk, "country_id": region.country_id})
            if counterpart is not None:
                person_rows.append({"engagement_id": pk, "person_id": counterpart})
            staff_rows.append({"engagement_id": pk, "user_id": author_id})
            if colleague_id != author_id:
                staff_rows.append({"engagement_id": pk, "user_id": colleague_id})
        insert_rows(Engagement.missions.through, mission_rows)
        insert_rows(Engagement.regions.through, region_rows)
        insert_rows(Engagement.people.through, person_rows)
        insert_rows(Engagement.staff.through, staff_rows)
        insert_rows(Engagement.countries.through, country_rows)
        created += len(rows)
    return created


def _follow_ups(rng, count, staff) -> int:
    uids = [uuid.uuid5(DEMO_NAMESPACE, f"follow-up-{index}") for index in range(count)]
    existing = _existing_uids(FollowUp, uids)
    missing = [(index, uid) for index, uid in enumerate(uids) if uid not in existing]
    if not missing:
        return 0
    today = timezone.localdate()
    engagement_uids = [uuid.uuid5(DEMO_NAMESPACE, f"engagement-{index * 5}") for index, _uid in missing]
    engagements = {}
    for start in range(0, len(engagement_uids), BATCH):
        engagements.update(
            Engagement.objects.filter(uid__in=engagement_uids[start : start + BATCH])
            .only("id", "uid", "starts_at", "confidentiality", "created_by_id")
            .in_bulk(field_name="uid")
        )
    rows = []
    for (index, uid), engagement_uid in zip(missing, engagement_uids, strict=True):
        engagement = engagements.get(engagement_uid)
        if engagement is None:
            continue
        status, done_on = FollowUpStatus.OPEN, None
        if index % 4 == 0:  # overdue
            due_on = today - datetime.timedelta(days=rng.randint(1, 40))
        elif index % 4 == 1:  # due soon or later
            due_on = today + datetime.timedelta(days=rng.randint(0, 20))
        else:
            due_on = engagement.starts_at.date() + datetime.timedelta(days=rng.randint(7, 30))
            if due_on < today:
                status = FollowUpStatus.DONE if index % 7 else FollowUpStatus.CANCELLED
                done_on = due_on if status == FollowUpStatus.DONE else None
        rows.append(
            {
                "uid": uid,
                "engagement_id": engagement.pk,
                "title": FOLLOW_UP_TITLES[index % len(FOLLOW_UP_TITLES)],
                "owner_id": staff[index % len(staff)].pk,
                "due_on": due_on,
                "status": status.value,
                "done_on": done_on,
                "done_note": "Done." if done_on else "",
                "confidentiality": engagement.confidentiality,
                "created_by_id": engagement.created_by_id,
            }
        )
    insert_rows(FollowUp, rows)
    return len(rows)
