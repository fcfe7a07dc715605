"""Demo data for delegations, events and gifts: `manage.py seed_demo` calls `seed(scale=..., stdout=...)`.

Idempotent: every record has a stable key (a UUID derived from a name, or a slug), so a second run finds what
the first made and writes nothing. Dates are placed relative to the day of the first run, so the calendar and the
public site show something upcoming. `--scale N` adds about 100 delegations and 100 events per step in bulk
writes (N=100 gives over 10,000 of each).
"""

import datetime
import uuid
import zoneinfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from contacts.models import Person, Post
from core.choices import Confidentiality
from core.text import build_search_document
from partners.models import Country, Mission, Organization, PartnerRegion
from relations.models import Measure

from . import services, time_zones
from .choices import DelegationDirection, DelegationStatus, EventKind, EventStatus, GiftDirection, ItineraryKind
from .models import Delegation, Event, EventTranslation, ItineraryItem

NAMESPACE = uuid.UUID("6f2c4a8e-1d7b-4b0e-9a51-3c2f0b7d9e11")
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
BULK_PER_SCALE = 203


def demo_uid(name: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, name)


def _measure(code: str):
    strategy, number = (int(part) for part in code.split("-"))
    return Measure.objects.filter(strategy__number=strategy, number=number).first()


def _country(code: str):
    return Country.objects.filter(code=code).first()


def _head_of_mission(country_code: str):
    post = (
        Post.objects.current()
        .filter(mission__country__code=country_code, mission__kind="embassy", is_head_of_mission=True)
        .select_related("person", "mission")
        .first()
    )
    return (post.person, post.mission) if post else (None, Mission.objects.filter(country__code=country_code).first())


def _region(country_code: str):
    return PartnerRegion.objects.filter(country__code=country_code).order_by("name").first()


def _people(country_code: str, count: int) -> list[Person]:
    return list(Person.objects.filter(nationality__code=country_code).order_by("id")[:count])


def _next(month: int, day: int, today: datetime.date) -> datetime.date:
    """The next `month`/`day` on or after `today`."""
    candidate = datetime.date(today.year, month, day)
    return candidate if candidate >= today else datetime.date(today.year + 1, month, day)


def seed(*, scale: int = 1, stdout=None) -> None:
    today = timezone.localdate()
    staff = list(get_user_model().objects.filter(is_active=True).order_by("pk")[:3])
    lead = staff[0] if staff else None
    created = _governor_delegation(today, lead, staff) + _ambassador_study_tour(today, lead, staff)
    created += _events(today, lead)
    if scale > 1:
        created += _bulk(scale, today)
    if stdout is not None:
        stdout.write(f"    events: {created} new records")


def _governor_delegation(today, lead, staff) -> int:
    uid = demo_uid("delegation:governor-viet-nam-korea")
    if Delegation.objects.filter(uid=uid).exists():
        return 0
    start = today + datetime.timedelta(days=45)
    hanoi_day, seoul_day = start + datetime.timedelta(days=1), start + datetime.timedelta(days=2)
    vietnam, korea = _country("VN"), _country("KR")
    vn_region, kr_region = _region("VN"), _region("KR")
    delegation = services.create_delegation(
        user=lead,
        uid=uid,
        title="知事ベトナム・韓国訪問団",
        direction=DelegationDirection.OUTBOUND,
        status=DelegationStatus.CONFIRMED,
        purpose="ハノイ市との経済交流の強化（投資セミナー開催、県産品の販路開拓）と、京畿道との友好交流の確認。",
        start_date=start,
        end_date=start + datetime.timedelta(days=3),
        destination="Hanoi, Seoul",
        budget_notes="旅費・通訳費 約450万円（国際交流推進費）。",
        lead=lead,
        measure=_measure("1-1"),
        confidentiality=Confidentiality.INTERNAL,
        countries=[c for c in (vietnam, korea) if c],
        regions=[r for r in (vn_region, kr_region) if r],
        members=[services.MemberDraft(role="escort", user=user) for user in staff[:2]],
    )
    counterparts_vn, counterparts_kr = _people("VN", 2), _people("KR", 2)
    at = datetime.datetime.combine
    programme = [
        (
            ItineraryKind.FLIGHT,
            "成田→ハノイ VN311",
            at(start, datetime.time(9, 30), TOKYO),
            at(start, datetime.time(13, 45), HANOI),
            "Asia/Tokyo",
            "Asia/Ho_Chi_Minh",
            "成田国際空港",
            [],
        ),
        (
            ItineraryKind.COURTESY_CALL,
            "ハノイ市人民委員会委員長表敬",
            at(hanoi_day, datetime.time(9, 0), HANOI),
            at(hanoi_day, datetime.time(10, 0), HANOI),
            "Asia/Ho_Chi_Minh",
            "",
            "Hanoi People's Committee, 79 Dinh Tien Hoang",
            counterparts_vn,
        ),
        (
            ItineraryKind.SEMINAR,
            "栃木県投資セミナー in ハノイ",
            at(hanoi_day, datetime.time(14, 0), HANOI),
            at(hanoi_day, datetime.time(17, 0), HANOI),
            "Asia/Ho_Chi_Minh",
            "",
            "JW Marriott Hanoi",
            [],
        ),
        (
            ItineraryKind.RECEPTION,
            "在ベトナム日本国大使館主催レセプション",
            at(hanoi_day, datetime.time(19, 0), HANOI),
            at(hanoi_day, datetime.time(21, 0), HANOI),
            "Asia/Ho_Chi_Minh",
            "",
            "Embassy of Japan in Viet Nam",
            [],
        ),
        (
            ItineraryKind.FLIGHT,
            "ハノイ→ソウル VN416",
            at(hanoi_day, datetime.time(23, 55), HANOI),
            at(seoul_day, datetime.time(6, 10), SEOUL),
            "Asia/Ho_Chi_Minh",
            "Asia/Seoul",
            "Noi Bai International Airport",
            [],
        ),
        (
            ItineraryKind.COURTESY_CALL,
            "京畿道知事表敬",
            at(seoul_day, datetime.time(10, 0), SEOUL),
            at(seoul_day, datetime.time(11, 0), SEOUL),
            "Asia/Seoul",
            "",
            "Gyeonggi Provincial Government, Suwon",
            counterparts_kr,
        ),
        (
            ItineraryKind.SITE_VISIT,
            "板橋テクノバレー視察",
            at(seoul_day, datetime.time(14, 0), SEOUL),
            at(seoul_day, datetime.time(16, 0), SEOUL),
            "Asia/Seoul",
            "",
            "Pangyo Techno Valley",
            [],
        ),
        (
            ItineraryKind.FLIGHT,
            "仁川→成田 KE705",
            at(seoul_day + datetime.timedelta(days=1), datetime.time(11, 0), SEOUL),
            at(seoul_day + datetime.timedelta(days=1), datetime.time(13, 20), TOKYO),
            "Asia/Seoul",
            "Asia/Tokyo",
            "Incheon International Airport",
            [],
        ),
    ]
    for kind, title, starts_at, ends_at, zone, end_zone, location, people in programme:
        services.add_itinerary_item(
            delegation=delegation,
            user=lead,
            kind=kind,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            time_zone=zone,
            end_time_zone=end_zone,
            location=location,
            counterparts=people,
        )
    chairman = counterparts_vn[0] if counterparts_vn else None
    hanoi_org = Organization.objects.filter(country__code="VN").order_by("id").first()
    if chairman or hanoi_org:
        services.record_gift(
            user=lead,
            direction=GiftDirection.GIVEN,
            given_on=hanoi_day,
            item="益子焼の花瓶",
            description="人間国宝の系譜を引く窯元の作品。",
            value_yen=30000,
            person=chairman,
            organization=None if chairman else hanoi_org,
            delegation=delegation,
        )
    return 1 + len(programme)


def _ambassador_study_tour(today, lead, staff) -> int:
    uid = demo_uid("delegation:ambassador-study-tour")
    if Delegation.objects.filter(uid=uid).exists():
        return 0
    start = today - datetime.timedelta(days=60)
    ambassador, embassy = _head_of_mission("VN")
    delegation = services.create_delegation(
        user=lead,
        uid=uid,
        title="駐日ベトナム大使 栃木県スタディツアー",
        direction=DelegationDirection.INBOUND,
        status=DelegationStatus.CONFIRMED,
        purpose="大使ご一行による県内企業・農業・観光地の視察。技能実習生・特定技能外国人の受入状況の意見交換。",
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        destination="宇都宮市、益子町、日光市",
        lead=lead,
        measure=_measure("2-1"),
        confidentiality=Confidentiality.PUBLIC,
        countries=[c for c in (_country("VN"),) if c],
        missions=[embassy] if embassy else [],
        members=(
            ([services.MemberDraft(role="head", person=ambassador, dietary_needs="豚肉を控える")] if ambassador else [])
            + [services.MemberDraft(role="escort", user=user) for user in staff[:1]]
            + [services.MemberDraft(role="interpreter", user=user) for user in staff[1:2]]
        ),
    )
    at = datetime.datetime.combine
    next_day = start + datetime.timedelta(days=1)
    programme = [
        (
            ItineraryKind.COURTESY_CALL,
            "知事表敬訪問",
            at(start, datetime.time(10, 30), TOKYO),
            at(start, datetime.time(11, 15), TOKYO),
            "栃木県庁 知事室",
        ),
        (
            ItineraryKind.SITE_VISIT,
            "県内自動車部品メーカー視察（技能実習生との懇談）",
            at(start, datetime.time(14, 0), TOKYO),
            at(start, datetime.time(16, 0), TOKYO),
            "宇都宮市清原工業団地",
        ),
        (
            ItineraryKind.MEAL,
            "歓迎夕食会",
            at(start, datetime.time(18, 30), TOKYO),
            at(start, datetime.time(20, 30), TOKYO),
            "ホテル東日本宇都宮",
        ),
        (
            ItineraryKind.SITE_VISIT,
            "益子焼窯元・いちご農園視察",
            at(next_day, datetime.time(10, 0), TOKYO),
            at(next_day, datetime.time(12, 30), TOKYO),
            "益子町",
        ),
        (
            ItineraryKind.SITE_VISIT,
            "日光東照宮",
            at(next_day, datetime.time(14, 30), TOKYO),
            at(next_day, datetime.time(16, 30), TOKYO),
            "日光市",
        ),
    ]
    items = [
        services.add_itinerary_item(
            delegation=delegation,
            user=lead,
            kind=kind,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            time_zone="Asia/Tokyo",
            location=location,
            counterparts=[ambassador] if ambassador else [],
        )
        for kind, title, starts_at, ends_at, location in programme
    ]
    if lead is not None:
        services.record_item_as_engagement(item=items[0], user=lead)
        services.record_visit_report(
            delegation=delegation,
            user=lead,
            report="大使から、県内企業で働くベトナム人材の定着支援に高い評価。ハノイでの投資セミナー共催に前向きな回答を得た。",
            follow_ups=[
                services.VisitFollowUp(
                    title="投資セミナー共催の提案書を大使館へ送付",
                    owner=lead,
                    due_on=today + datetime.timedelta(days=14),
                )
            ],
        )
    if ambassador or embassy:
        counterpart = {"person": ambassador} if ambassador else {"mission": embassy}
        services.record_gift(
            user=lead,
            direction=GiftDirection.GIVEN,
            given_on=start,
            item="益子焼の花瓶",
            value_yen=25000,
            delegation=delegation,
            **counterpart,
        )
        services.record_gift(
            user=lead,
            direction=GiftDirection.RECEIVED,
            given_on=start,
            item="ベトナム漆絵（ハロン湾）",
            value_yen=40000,
            delegation=delegation,
            **counterpart,
        )
        services.record_gift(
            user=lead,
            direction=GiftDirection.RECEIVED,
            given_on=start,
            item="ベトナムコーヒー詰め合わせ",
            value_yen=3000,
            delegation=delegation,
            **counterpart,
        )
    return 1 + len(programme)


# (slug, kind, month, day, hour (None: all day), days, Japanese title, English title, venue, confidentiality, country)
EVENTS = [
    (
        "viet-nam-national-day-reception",
        EventKind.NATIONAL_DAY_RECEPTION,
        9,
        2,
        18,
        1,
        "ベトナム建国記念日レセプション",
        "Viet Nam National Day Reception",
        "帝国ホテル東京",
        Confidentiality.INTERNAL,
        "VN",
    ),
    (
        "korea-national-foundation-day-reception",
        EventKind.NATIONAL_DAY_RECEPTION,
        10,
        3,
        18,
        1,
        "韓国開天節レセプション",
        "Korean National Foundation Day Reception",
        "ホテルオークラ東京",
        Confidentiality.INTERNAL,
        "KR",
    ),
    (
        "thailand-national-day-reception",
        EventKind.NATIONAL_DAY_RECEPTION,
        12,
        5,
        18,
        1,
        "タイ国王誕生日・ナショナルデーレセプション",
        "Thailand National Day Reception",
        "ザ・リッツ・カールトン東京",
        Confidentiality.INTERNAL,
        "TH",
    ),
    (
        "indonesia-independence-day-reception",
        EventKind.NATIONAL_DAY_RECEPTION,
        8,
        17,
        18,
        1,
        "インドネシア独立記念日レセプション",
        "Indonesia Independence Day Reception",
        "インドネシア大使館",
        Confidentiality.INTERNAL,
        "ID",
    ),
    (
        "france-national-day-reception",
        EventKind.NATIONAL_DAY_RECEPTION,
        7,
        14,
        18,
        1,
        "フランス革命記念日レセプション",
        "French National Day Reception",
        "フランス大使公邸",
        Confidentiality.INTERNAL,
        "FR",
    ),
    (
        "india-republic-day-reception",
        EventKind.NATIONAL_DAY_RECEPTION,
        1,
        26,
        18,
        1,
        "インド共和国記念日レセプション",
        "India Republic Day Reception",
        "インド大使館",
        Confidentiality.INTERNAL,
        "IN",
    ),
    (
        "philippines-independence-day-reception",
        EventKind.NATIONAL_DAY_RECEPTION,
        6,
        12,
        18,
        1,
        "フィリピン独立記念日レセプション",
        "Philippine Independence Day Reception",
        "フィリピン大使館",
        Confidentiality.INTERNAL,
        "PH",
    ),
    (
        "malaysia-national-day-reception",
        EventKind.NATIONAL_DAY_RECEPTION,
        8,
        31,
        18,
        1,
        "マレーシア独立記念日レセプション",
        "Malaysia National Day Reception",
        "マレーシア大使館",
        Confidentiality.INTERNAL,
        "MY",
    ),
    (
        "tochigi-international-festival",
        EventKind.FESTIVAL,
        10,
        18,
        None,
        2,
        "とちぎ国際交流フェスティバル",
        "Tochigi International Festival",
        "宇都宮城址公園",
        Confidentiality.PUBLIC,
        None,
    ),
    (
        "vietnam-festival-utsunomiya",
        EventKind.FESTIVAL,
        11,
        8,
        None,
        1,
        "ベトナムフェスティバル in 宇都宮",
        "Viet Nam Festival in Utsunomiya",
        "オリオンスクエア",
        Confidentiality.PUBLIC,
        "VN",
    ),
    (
        "tochigi-vietnam-investment-seminar",
        EventKind.SEMINAR,
        2,
        12,
        14,
        1,
        "栃木県・ベトナム投資セミナー",
        "Tochigi-Viet Nam Investment Seminar",
        "栃木県総合文化センター",
        Confidentiality.PUBLIC,
        "VN",
    ),
    (
        "export-seminar-asean-food",
        EventKind.SEMINAR,
        1,
        20,
        13,
        1,
        "ASEAN向け食品輸出セミナー",
        "Food Export Seminar for ASEAN Markets",
        "とちぎ産業交流センター",
        Confidentiality.PUBLIC,
        "TH",
    ),
    (
        "gyeonggi-youth-exchange",
        EventKind.EXCHANGE_PROGRAMME,
        7,
        25,
        None,
        5,
        "京畿道青少年交流事業",
        "Gyeonggi Youth Exchange Programme",
        "栃木県青年会館",
        Confidentiality.PUBLIC,
        "KR",
    ),
    (
        "foreign-residents-disaster-drill",
        EventKind.OTHER,
        9,
        1,
        10,
        1,
        "外国人住民のための防災訓練",
        "Disaster Drill for Foreign Residents",
        "宇都宮市消防局",
        Confidentiality.PUBLIC,
        None,
    ),
    (
        "japanese-speech-contest",
        EventKind.CULTURAL,
        12,
        13,
        13,
        1,
        "外国人による日本語スピーチコンテスト",
        "Japanese Speech Contest for Foreign Residents",
        "栃木県国際交流協会",
        Confidentiality.PUBLIC,
        None,
    ),
    (
        "foodex-japan-tochigi-booth",
        EventKind.TRADE_FAIR,
        3,
        10,
        None,
        4,
        "FOODEX JAPAN 栃木県ブース",
        "FOODEX JAPAN: Tochigi Pavilion",
        "幕張メッセ",
        Confidentiality.PUBLIC,
        None,
    ),
    (
        "nikko-inbound-tourism-forum",
        EventKind.CONFERENCE,
        11,
        20,
        13,
        1,
        "日光インバウンド観光フォーラム",
        "Nikko Inbound Tourism Forum",
        "日光市中央公民館",
        Confidentiality.PUBLIC,
        None,
    ),
    (
        "mashiko-pottery-international-exhibition",
        EventKind.EXHIBITION,
        4,
        29,
        None,
        7,
        "益子焼国際陶芸展",
        "Mashiko International Ceramics Exhibition",
        "益子陶芸美術館",
        Confidentiality.PUBLIC,
        None,
    ),
    (
        "consular-corps-briefing",
        EventKind.SEMINAR,
        6,
        20,
        15,
        1,
        "在京外交団向け県政説明会",
        "Prefectural Briefing for the Diplomatic Corps",
        "東京事務所",
        Confidentiality.INTERNAL,
        None,
    ),
    (
        "ambassador-dinner-confidential",
        EventKind.RECEPTION,
        5,
        22,
        19,
        1,
        "大使との非公式夕食会",
        "Informal dinner with an ambassador",
        "都内",
        Confidentiality.CONFIDENTIAL,
        "VN",
    ),
]

TRANSLATIONS = {
    "tochigi-international-festival": {
        "vi": "Lễ hội Giao lưu Quốc tế Tochigi",
        "ko": "도치기 국제교류 페스티벌",
        "zh-hans": "栃木国际交流节",
    },
    "vietnam-festival-utsunomiya": {"vi": "Lễ hội Việt Nam tại Utsunomiya", "zh-hans": "宇都宫越南节"},
    "tochigi-vietnam-investment-seminar": {"vi": "Hội thảo Đầu tư Tochigi - Việt Nam"},
    "gyeonggi-youth-exchange": {"ko": "경기도 청소년 교류 사업"},
    "foreign-residents-disaster-drill": {
        "vi": "Diễn tập phòng chống thiên tai cho cư dân nước ngoài",
        "ko": "외국인 주민을 위한 방재 훈련",
        "zh-hans": "面向外国居民的防灾演练",
    },
}


def _events(today, lead) -> int:
    existing = set(Event.objects.filter(slug__in=[row[0] for row in EVENTS]).values_list("slug", flat=True))
    created = 0
    for slug, kind, month, day, hour, days, title, title_en, venue, confidentiality, code in EVENTS:
        if slug in existing:
            continue
        first_day = _next(month, day, today)
        schedule = (
            {"all_day": True, "start_date": first_day, "end_date": first_day + datetime.timedelta(days=days - 1)}
            if hour is None
            else {
                "starts_at": datetime.datetime.combine(first_day, datetime.time(hour), TOKYO),
                "ends_at": datetime.datetime.combine(first_day, datetime.time(hour + 2), TOKYO),
            }
        )
        translations = {"en": {"title": title_en}}
        translations.update({lang: {"title": text} for lang, text in TRANSLATIONS.get(slug, {}).items()})
        country = _country(code) if code else None
        mission = Mission.objects.filter(country=country, kind="embassy").first() if country else None
        services.create_event(
            user=lead,
            slug=slug,
            title=title,
            description=f"{title}。{venue}にて開催します。",
            kind=kind,
            status=EventStatus.CONFIRMED,
            confidentiality=confidentiality,
            is_published=confidentiality == Confidentiality.PUBLIC,
            venue=venue,
            city="宇都宮市" if confidentiality == Confidentiality.PUBLIC else "東京都",
            organizer=str(mission) if kind == EventKind.NATIONAL_DAY_RECEPTION and mission else "栃木県 国際課",
            time_zone="Asia/Tokyo",
            countries=[country] if country else [],
            missions=[mission] if mission else [],
            translations=translations,
            **schedule,
        )
        created += 1
    return created


def _bulk(scale: int, today: datetime.date) -> int:
    """About BULK_PER_SCALE delegations and events per scale step, written in bulk, for benchmarks."""
    wanted = (scale - 1) * BULK_PER_SCALE
    delegation_uids = [demo_uid(f"bulk-delegation:{n}") for n in range(wanted // 2)]
    event_slugs = [f"bulk-event-{n}" for n in range(wanted - len(delegation_uids))]
    have_uids = set(Delegation.objects.filter(uid__in=delegation_uids).values_list("uid", flat=True))
    have_slugs = set(Event.objects.filter(slug__in=event_slugs).values_list("slug", flat=True))
    confidentialities = [Confidentiality.INTERNAL, Confidentiality.PUBLIC, Confidentiality.CONFIDENTIAL]
    statuses = [DelegationStatus.PLANNING, DelegationStatus.CONFIRMED, DelegationStatus.DONE]
    delegations = []
    for number, uid in enumerate(delegation_uids):
        if uid in have_uids:
            continue
        start = today + datetime.timedelta(days=(number % 730) - 365)
        delegation = Delegation(
            uid=uid,
            title=f"交流訪問団 {number + 1}",
            direction=DelegationDirection.OUTBOUND if number % 2 else DelegationDirection.INBOUND,
            status=statuses[number % 3],
            start_date=start,
            end_date=start + datetime.timedelta(days=number % 5),
            destination="Hanoi" if number % 2 else "宇都宮市",
            confidentiality=confidentialities[number % 3],
        )
        delegation.search_document = build_search_document(*delegation.searchable_texts())
        delegations.append(delegation)
    Delegation.objects.bulk_create(delegations, batch_size=1000)
    items = []
    for delegation in Delegation.objects.filter(uid__in=[d.uid for d in delegations]).only("id", "start_date"):
        for hour in (9, 14):
            starts_at = datetime.datetime.combine(delegation.start_date, datetime.time(hour), HANOI)
            items.append(
                ItineraryItem(
                    delegation_id=delegation.pk,
                    kind=ItineraryKind.MEETING,
                    title="会談",
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(hours=1),
                    time_zone="Asia/Ho_Chi_Minh",
                )
            )
    ItineraryItem.objects.bulk_create(items, batch_size=2000)
    events = []
    kinds = [EventKind.SEMINAR, EventKind.FESTIVAL, EventKind.RECEPTION, EventKind.EXCHANGE_PROGRAMME]
    for number, slug in enumerate(event_slugs):
        if slug in have_slugs:
            continue
        starts_at = datetime.datetime.combine(
            today + datetime.timedelta(days=(number % 730) - 365), datetime.time(10 + number % 8), TOKYO
        )
        public = number % 3 != 0
        event = Event(
            slug=slug,
            title=f"国際交流イベント {number + 1}",
            kind=kinds[number % 4],
            status=EventStatus.CONFIRMED,
            confidentiality=Confidentiality.PUBLIC if public else Confidentiality.INTERNAL,
            is_published=public,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            time_zone="Asia/Tokyo",
            venue="宇都宮市",
        )
        event.sync_schedule()
        event.search_document = build_search_document(*event.searchable_texts())
        events.append(event)
    Event.objects.bulk_create(events, batch_size=1000)
    translations = [
        EventTranslation(event_id=pk, language="en", title=f"International exchange event {slug.rsplit('-', 1)[1]}")
        for pk, slug in Event.objects.filter(slug__in=[e.slug for e in events]).values_list("pk", "slug")
    ]
    EventTranslation.objects.bulk_create(translations, batch_size=2000)
    return len(delegations) + len(items) + len(events) + len(translations)


__all__ = ["seed", "time_zones"]
