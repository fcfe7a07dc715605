import datetime
import zoneinfo

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from core.choices import Confidentiality
from core.selectors import active_calendar_token
from core.services import issue_calendar_token, revoke_calendar_token, update_calendar_preferences
from events.choices import DelegationStatus, EventKind, EventStatus
from events.feeds import public_feed_urls
from events.models import Event
from events.services import update_event
from relations.choices import EngagementStatus, FollowUpStatus
from tests.events.icaljs import parse_with_icaljs
from tests.factories.core import UserFactory
from tests.factories.events import (
    ConfidentialEventFactory,
    DelegationFactory,
    DelegationMemberFactory,
    EventFactory,
    EventTranslationFactory,
    InternalEventFactory,
)
from tests.factories.relations import EngagementFactory, FollowUpFactory, PartnerRegionFactory, PersonFactory, country

pytestmark = pytest.mark.django_db

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
PUBLIC_URL = "/calendar/public.ics"


@pytest.fixture(autouse=True)
def _empty_feed_cache():
    """Public feeds are kept in the cache under their ETag; start each test without copies from another."""
    cache.clear()


def feed(client, url=PUBLIC_URL, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    parsed = parse_with_icaljs(response.content)
    assert parsed["problems"] == []
    return response, parsed


def uids(parsed) -> list[str]:
    return [event["uid"] for event in parsed["events"]]


def test_public_calendar_url_names_are_the_ones_the_public_site_uses():
    assert (reverse("events:public_calendar"), reverse("events:event_ics", kwargs={"slug": "hanoi-seminar"})) == (
        "/calendar/public.ics",
        "/calendar/events/hanoi-seminar.ics",
    )


def test_public_calendar_lists_only_upcoming_public_events(client):
    upcoming = EventFactory(title="ハノイ経済セミナー")
    EventFactory(
        starts_at=timezone.now() - datetime.timedelta(days=3), ends_at=timezone.now() - datetime.timedelta(days=2)
    )
    internal = InternalEventFactory(title="内部打合せ")
    confidential = ConfidentialEventFactory(title="極秘の訪問準備")
    unpublished = EventFactory(is_published=False, title="未公開イベント")

    response, parsed = feed(client)

    assert uids(parsed) == [str(upcoming.uid)]
    for hidden in (internal, confidential, unpublished):
        assert str(hidden.uid).encode() not in response.content
        assert hidden.title.encode() not in response.content
    assert parsed["calendar"]["x-wr-timezone"] == "Asia/Tokyo"
    assert parsed["calendar"]["refresh-interval"] == "PT1H"
    assert response["Cache-Control"] == "public, max-age=900"


def test_public_calendar_event_has_its_place_time_zone_and_details(client):
    start = datetime.datetime(2030, 5, 12, 9, 30, tzinfo=HANOI)
    event = EventFactory(
        title="越日経済フォーラム",
        description="県内企業が参加します。",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=7, minutes=30),
        time_zone="Asia/Ho_Chi_Minh",
        venue="Melia Hotel",
        address="44B Ly Thuong Kiet",
        city="Hà Nội",
        latitude="21.024500",
        longitude="105.841200",
        organizer="神奈川県",
        registration_url="https://forms.example.jp/vn-forum",
    )

    _response, parsed = feed(client)

    with translation.override("ja"):
        seminar_label = str(EventKind.SEMINAR.label)
    assert parsed["events"] == [
        {
            "uid": str(event.uid),
            "summary": "越日経済フォーラム",
            "description": (
                "2030-05-12 09:30-17:00 UTC+07:00 (Asia/Ho_Chi_Minh)\n\n県内企業が参加します。\n\n"
                "主催: 神奈川県\n\n申込: https://forms.example.jp/vn-forum"
            ),
            "location": "Melia Hotel, 44B Ly Thuong Kiet, Hà Nội",
            "status": "CONFIRMED",
            "class": "PUBLIC",
            "transp": "OPAQUE",
            "sequence": 0,
            "dtstamp": event.updated_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "lastModified": event.updated_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "url": f"http://testserver/calendar/events/{event.slug}.ics",
            "geo": [21.0245, 105.8412],
            "categories": [seminar_label],
            "start": {
                "isDate": False,
                "tzid": "Asia/Ho_Chi_Minh",
                "local": "2030-05-12T09:30:00",
                "utc": "2030-05-12T02:30:00.000Z",
            },
            "end": {
                "isDate": False,
                "tzid": "Asia/Ho_Chi_Minh",
                "local": "2030-05-12T17:00:00",
                "utc": "2030-05-12T10:00:00.000Z",
            },
        }
    ]


def test_public_calendar_all_day_event_ends_the_day_after_its_last_day(client):
    event = EventFactory(all_day=True, start_date=datetime.date(2030, 8, 1), end_date=datetime.date(2030, 8, 3))

    _response, parsed = feed(client)

    assert [(e["uid"], e["start"], e["end"]) for e in parsed["events"]] == [
        (
            str(event.uid),
            {"isDate": True, "tzid": None, "local": "2030-08-01", "utc": None},
            {"isDate": True, "tzid": None, "local": "2030-08-04", "utc": None},
        )
    ]


def test_public_calendar_cancelled_event_stays_flagged_until_past(client):
    cancelled = EventFactory(title="台風のため中止の交流会", status=EventStatus.CANCELLED)
    EventFactory(
        status=EventStatus.CANCELLED,
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=2),
    )

    _response, parsed = feed(client)

    assert [(e["uid"], e["summary"], e["status"]) for e in parsed["events"]] == [
        (str(cancelled.uid), "中止: 台風のため中止の交流会", "CANCELLED")
    ]


def test_public_calendar_filters_by_country_kind_and_partner(client):
    region = PartnerRegionFactory(slug="gyeonggi")
    vietnam_seminar = EventFactory(kind=EventKind.SEMINAR)
    vietnam_seminar.countries.set([country("VN")])
    vietnam_festival = EventFactory(kind=EventKind.FESTIVAL)
    vietnam_festival.countries.set([country("VN")])
    korea_seminar = EventFactory(kind=EventKind.SEMINAR)
    korea_seminar.countries.set([country("KR")])
    korea_seminar.regions.set([region])

    by_country = uids(feed(client, PUBLIC_URL + "?country=vn")[1])
    by_kind = uids(feed(client, PUBLIC_URL + "?kind=seminar")[1])
    by_both = uids(feed(client, PUBLIC_URL + "?country=VN&kind=seminar")[1])
    by_partner = uids(feed(client, PUBLIC_URL + "?partner=gyeonggi")[1])

    assert (by_country, by_kind, by_both, by_partner) == (
        [str(vietnam_seminar.uid), str(vietnam_festival.uid)],
        [str(vietnam_seminar.uid), str(korea_seminar.uid)],
        [str(vietnam_seminar.uid)],
        [str(korea_seminar.uid)],
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?country=Vietnam", "country must be a two-letter ISO 3166-1 code, e.g. VN."),
        ("?kind=party", "kind must be one of: seminar, festival,"),
        ("?lang=fr", "lang must be one of: ja, en, vi, ko, zh."),
        ("?partner=%3Cscript%3E", "partner must be the slug of a partner region."),
    ],
)
def test_public_calendar_bad_filter_is_a_clear_400(client, query, message):
    response = client.get(PUBLIC_URL + query, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.content.decode().startswith(message)


def test_public_calendar_lang_gives_translated_text_and_says_when_japanese_stands_in(client):
    translated = EventFactory(title="ハノイ経済セミナー")
    EventTranslationFactory(event=translated, language="en", title="Hanoi business seminar", description="In English.")
    japanese_only = EventFactory(title="盆踊り大会", description="")

    _response, parsed = feed(client, PUBLIC_URL + "?lang=en")

    assert [(e["summary"], e["description"].split("\n\n")[1:], e["categories"]) for e in parsed["events"]] == [
        ("Hanoi business seminar", ["In English."], ["Seminar"]),
        ("盆踊り大会", ["This event is described in Japanese only."], ["Seminar"]),
    ]
    assert parsed["calendar"]["name"] == "Kizuna international exchange events"
    assert japanese_only.uid  # the untranslated event is still listed, in Japanese


def test_public_calendar_takes_only_the_feed_language_translation_and_the_original_venue_when_it_has_none(client):
    event = EventFactory(title="日韓交流祭", venue="宇都宮市文化会館", address="", city="宇都宮市")
    EventTranslationFactory(event=event, language="ko", title="한일 교류 축제", venue="우쓰노미야 문화회관")
    EventTranslationFactory(event=event, language="en", title="Japan-Korea festival", venue="")
    untitled = EventFactory(title="未翻訳イベント")
    EventTranslationFactory(event=untitled, language="en", title="")

    _response, parsed = feed(client, PUBLIC_URL + "?lang=en")

    assert [e["summary"] for e in parsed["events"]] == ["Japan-Korea festival", "未翻訳イベント"]
    assert parsed["events"][0]["location"] == "宇都宮市文化会館, 宇都宮市"
    assert parsed["events"][1]["description"].endswith("This event is described in Japanese only.")


def test_public_calendar_unchanged_feed_is_byte_identical_and_answers_304(client, django_assert_num_queries):
    EventFactory()
    first = client.get(PUBLIC_URL)
    cache.clear()  # build again rather than serve the kept copy
    second = client.get(PUBLIC_URL)

    with django_assert_num_queries(2):  # one aggregate per source: no rows fetched, no calendar built
        not_modified = client.get(PUBLIC_URL, HTTP_IF_NONE_MATCH=first["ETag"])
    since = client.get(PUBLIC_URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert first.content == second.content
    assert first["ETag"] == second["ETag"]
    assert (not_modified.status_code, not_modified.content, not_modified["ETag"]) == (304, b"", first["ETag"])
    assert since.status_code == 304


def test_public_calendar_edit_keeps_uid_bumps_sequence_and_changes_etag(client, staff_user):
    event = EventFactory(title="ハノイ経済セミナー")
    Event.objects.filter(pk=event.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=1))
    event.refresh_from_db()
    before = client.get(PUBLIC_URL)
    _response, parsed_before = feed(client)

    update_event(event=event, user=staff_user, title="ハノイ経済セミナー(会場変更)", venue="県民ホール")
    after = client.get(PUBLIC_URL, HTTP_IF_NONE_MATCH=before["ETag"])
    parsed_after = parse_with_icaljs(after.content)

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert [(e["uid"], e["sequence"], e["summary"]) for e in parsed_before["events"] + parsed_after["events"]] == [
        (str(event.uid), 0, "ハノイ経済セミナー"),
        (str(event.uid), 1, "ハノイ経済セミナー(会場変更)"),
    ]
    assert parsed_after["events"][0]["lastModified"] > parsed_before["events"][0]["lastModified"]


def test_public_calendar_query_count_is_the_same_for_one_and_many_events(client, django_assert_num_queries):
    EventFactory()
    DelegationFactory(confidentiality=Confidentiality.PUBLIC)
    # two aggregates, events, delegations, and the public site's events index (event page URLs); the Japanese
    # feed needs no translations
    with django_assert_num_queries(5):
        client.get(PUBLIC_URL)
    for _ in range(30):
        EventTranslationFactory(event=EventFactory())
        DelegationFactory(confidentiality=Confidentiality.PUBLIC).countries.set([country("VN")])

    with django_assert_num_queries(6):  # and the English translations
        response = client.get(PUBLIC_URL + "?lang=en")

    assert len(parse_with_icaljs(response.content)["events"]) == 62


def test_event_ics_downloads_one_public_event(client):
    event = EventFactory(slug="hanoi-seminar", title="ハノイ経済セミナー")
    EventFactory()

    response, parsed = feed(client, "/calendar/events/hanoi-seminar.ics")

    assert response["Content-Disposition"] == 'attachment; filename="hanoi-seminar.ics"'
    assert uids(parsed) == [str(event.uid)]
    assert parsed["calendar"]["name"] == "ハノイ経済セミナー"


@pytest.mark.parametrize(
    "factory_options",
    [
        {"confidentiality": Confidentiality.INTERNAL, "is_published": False},
        {"confidentiality": Confidentiality.CONFIDENTIAL, "is_published": False},
        {"is_published": False},
    ],
)
def test_event_ics_of_a_non_public_event_is_404(client, factory_options):
    EventFactory(slug="secret-visit", **factory_options)

    response = client.get("/calendar/events/secret-visit.ics")

    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content


def test_public_feed_urls_give_https_and_webcal_addresses(rf):
    request = rf.get("/ja/events/", secure=True, HTTP_HOST="kizuna.example.jp")

    assert public_feed_urls(request, country="VN", kind="", lang="en") == {
        "https": "https://kizuna.example.jp/calendar/public.ics?country=VN&lang=en",
        "webcal": "webcal://kizuna.example.jp/calendar/public.ics?country=VN&lang=en",
    }


# Each staff user's private feed --------------------------------------------------------------------------------


def private_url(secret: str) -> str:
    return reverse("events:private_calendar", kwargs={"token": secret})


@pytest.fixture
def officer(db):
    return UserFactory(display_name="山田 花子")


@pytest.fixture
def officer_secret(officer):
    _token, secret = issue_calendar_token(user=officer)
    return secret


def attended(user, **fields):
    engagement = EngagementFactory(**fields)
    engagement.staff.add(user)
    return engagement


def test_private_calendar_shows_my_engagements_and_open_follow_ups(client, officer, officer_secret):
    start = datetime.datetime(2030, 6, 3, 14, 0, tzinfo=SEOUL)
    mine = attended(
        officer,
        subject="京畿道国際協力課との協議",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        time_zone="Asia/Seoul",
        location="京畿道庁",
        summary="来年度の青少年交流について",
    )
    counterpart = PersonFactory(family_name_latin="Kim", given_name_latin="Minsu")
    mine.people.add(counterpart)
    EngagementFactory(subject="他の職員の会議", starts_at=start)  # not attended by the officer
    due = FollowUpFactory(owner=officer, title="議事録を送る", due_on=datetime.date(2030, 6, 10))
    FollowUpFactory(owner=officer, status=FollowUpStatus.DONE, done_on=datetime.date(2030, 6, 1))
    FollowUpFactory(title="他の職員の宿題")

    response, parsed = feed(client, private_url(officer_secret))

    assert [(e["uid"], e["summary"], e["class"], e["start"], e["end"]) for e in parsed["events"]] == [
        (
            str(mine.uid),
            "京畿道国際協力課との協議",
            "PRIVATE",
            {"isDate": False, "tzid": "Asia/Seoul", "local": "2030-06-03T14:00:00", "utc": "2030-06-03T05:00:00.000Z"},
            {"isDate": False, "tzid": "Asia/Seoul", "local": "2030-06-03T15:00:00", "utc": "2030-06-03T06:00:00.000Z"},
        ),
        (
            str(due.uid),
            "期限: 議事録を送る",
            "PRIVATE",
            {"isDate": True, "tzid": None, "local": "2030-06-10", "utc": None},
            {"isDate": True, "tzid": None, "local": "2030-06-11", "utc": None},
        ),
    ]
    with translation.override("ja"):
        meeting_label = str(mine.get_kind_display())
    assert parsed["events"][0]["description"] == (
        f"2030-06-03 14:00-15:00 KST (Asia/Seoul)\n\n{meeting_label}\n\n"
        f"面会者: {counterpart}\n\n来年度の青少年交流について"
    )
    assert parsed["events"][0]["location"] == "京畿道庁"
    assert [e["url"] for e in parsed["events"]] == [
        "http://testserver" + reverse("relations_engagements:inspect", args=[mine.pk]),
        "http://testserver" + reverse("relations_follow_ups:inspect", args=[due.pk]),
    ]
    assert parsed["events"][1]["transp"] == "TRANSPARENT"
    assert response["Cache-Control"] == "private, no-cache"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert parsed["calendar"]["refresh-interval"] == "PT30M"


def test_private_calendar_confidential_items_are_busy_time_by_default(client, officer, officer_secret):
    secret_meeting = attended(
        officer,
        subject="大使との非公式協議",
        location="大使公邸",
        summary="次期首脳訪問の打診",
        confidentiality=Confidentiality.CONFIDENTIAL,
        starts_at=timezone.now() + datetime.timedelta(days=2),
    )
    secret_meeting.people.add(PersonFactory(family_name_latin="Nguyen", given_name_latin="Thi Lan"))
    secret_task = FollowUpFactory(owner=officer, title="極秘資料の返却", confidentiality=Confidentiality.CONFIDENTIAL)

    response, parsed = feed(client, private_url(officer_secret))

    assert [
        (e["uid"], e["summary"], e["description"], e["location"], e["url"], e["class"]) for e in parsed["events"]
    ] == [
        (str(secret_meeting.uid), "機密の面会記録", None, None, None, "CONFIDENTIAL"),
        (str(secret_task.uid), "機密のフォローアップ", None, None, None, "CONFIDENTIAL"),
    ]
    for leak in ("大使との非公式協議", "大使公邸", "次期首脳訪問", "Nguyen", "極秘資料"):
        assert leak.encode() not in response.content


def test_private_calendar_confidential_details_when_the_user_opts_in(client, officer, officer_secret):
    secret_meeting = attended(
        officer,
        subject="大使との非公式協議",
        location="大使公邸",
        confidentiality=Confidentiality.CONFIDENTIAL,
        starts_at=timezone.now() + datetime.timedelta(days=2),
    )
    update_calendar_preferences(user=officer, include_all_visible_delegations=False, show_confidential_details=True)

    _response, parsed = feed(client, private_url(officer_secret))

    assert [(e["uid"], e["summary"], e["location"], e["class"]) for e in parsed["events"]] == [
        (str(secret_meeting.uid), "大使との非公式協議", "大使公邸", "CONFIDENTIAL")
    ]


def test_private_calendar_rechecks_visibility_on_every_fetch(client, officer, officer_secret):
    meeting = attended(officer, subject="ホーチミン市訪問の打合せ")
    first = feed(client, private_url(officer_secret))[1]

    meeting.staff.remove(officer)
    second = feed(client, private_url(officer_secret))[1]

    assert (uids(first), uids(second)) == ([str(meeting.uid)], [])


def test_private_calendar_cancelled_engagement_is_flagged_until_past(client, officer, officer_secret):
    upcoming = attended(
        officer,
        subject="表敬訪問",
        status=EngagementStatus.CANCELLED,
        starts_at=timezone.now() + datetime.timedelta(days=1),
    )
    attended(officer, status=EngagementStatus.CANCELLED, starts_at=timezone.now() - datetime.timedelta(days=1))

    _response, parsed = feed(client, private_url(officer_secret))

    assert [(e["uid"], e["summary"], e["status"]) for e in parsed["events"]] == [
        (str(upcoming.uid), "中止: 表敬訪問", "CANCELLED")
    ]


@pytest.mark.parametrize("secret", ["not-a-real-token-but-long-enough", "short"])
def test_private_calendar_unknown_token_is_404(client, officer_secret, secret):
    assert client.get(f"/calendar/u/{secret}.ics").status_code == 404


def test_private_calendar_revoked_and_regenerated_tokens(client, officer, officer_secret):
    attended(officer)
    _token, new_secret = issue_calendar_token(user=officer)

    old = client.get(private_url(officer_secret))
    new = client.get(private_url(new_secret))
    revoke_calendar_token(user=officer)
    after_revoke = client.get(private_url(new_secret))

    assert (old.status_code, new.status_code, after_revoke.status_code) == (404, 200, 404)
    assert b"BEGIN:VCALENDAR" not in old.content + after_revoke.content


def test_private_calendar_of_a_deactivated_user_is_404(client, officer, officer_secret):
    attended(officer, subject="退職者の会議")
    officer.is_active = False
    officer.save()

    response = client.get(private_url(officer_secret))

    assert response.status_code == 404
    assert "退職者の会議".encode() not in response.content


def test_private_calendar_records_last_use(client, officer, officer_secret):
    client.get(private_url(officer_secret))

    assert active_calendar_token(officer).last_used_at is not None


def test_private_calendar_answers_304_without_building(client, officer, officer_secret, django_assert_num_queries):
    attended(officer)
    FollowUpFactory(owner=officer)
    first = client.get(private_url(officer_secret))

    # token (with user and profile), permissions of the user (2), one aggregate per source (3)
    with django_assert_num_queries(6):
        not_modified = client.get(private_url(officer_secret), HTTP_IF_NONE_MATCH=first["ETag"])

    assert (not_modified.status_code, not_modified.content) == (304, b"")


def test_private_calendar_changes_etag_when_preferences_change(client, officer, officer_secret):
    attended(officer)
    first = client.get(private_url(officer_secret))

    update_calendar_preferences(user=officer, include_all_visible_delegations=False, show_confidential_details=True)
    second = client.get(private_url(officer_secret), HTTP_IF_NONE_MATCH=first["ETag"])

    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]


def test_private_calendar_query_count_is_the_same_for_one_and_many_items(
    client, officer, officer_secret, django_assert_num_queries
):
    attended(officer)
    FollowUpFactory(owner=officer)
    client.get(private_url(officer_secret))  # records last use, which is then quiet for an hour
    # token, the user's permissions (2), one aggregate per source (3), engagements, who met whom, the people met,
    # follow-ups, delegations
    DelegationMemberFactory(user=officer)
    with django_assert_num_queries(11) as few:
        client.get(private_url(officer_secret))
    for number in range(20):
        attended(officer).people.add(PersonFactory(), PersonFactory())
        FollowUpFactory(owner=officer, confidentiality=Confidentiality.CONFIDENTIAL if number % 2 else "internal")
        DelegationMemberFactory(user=officer)

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(private_url(officer_secret))

    assert len(parse_with_icaljs(response.content)["events"]) == 63


def test_public_calendar_urls_template_tag_gives_the_subscribe_link(rf):
    request = rf.get("/en/events/", HTTP_HOST="kizuna.example.jp")
    rendered = Template(
        "{% load calendar_feeds %}"
        '{% public_calendar_urls partner="gyeonggi" as feed %}{{ feed.webcal }}|{{ feed.https }}'
    ).render(Context({"request": request}))

    assert rendered == (
        "webcal://kizuna.example.jp/calendar/public.ics?partner=gyeonggi|"
        "http://kizuna.example.jp/calendar/public.ics?partner=gyeonggi"
    )


@pytest.mark.parametrize(
    ("lang", "summary", "category"),
    [
        ("vi", "Đã hủy: Hội thảo kinh tế Hà Nội", "Hội thảo"),
        ("ko", "취소: 하노이 경제 세미나", "세미나"),
        ("zh", "已取消: 河内经济研讨会", "研讨会"),
    ],
)
def test_public_calendar_lang_translates_the_feed_labels_too(client, lang, summary, category):
    event = EventFactory(title="ハノイ経済セミナー", status=EventStatus.CANCELLED)
    titles = {"vi": "Hội thảo kinh tế Hà Nội", "ko": "하노이 경제 세미나", "zh": "河内经济研讨会"}
    EventTranslationFactory(event=event, language="zh-hans" if lang == "zh" else lang, title=titles[lang])

    _response, parsed = feed(client, f"{PUBLIC_URL}?lang={lang}")

    assert [(e["summary"], e["categories"]) for e in parsed["events"]] == [(summary, [category])]


def test_public_calendar_lists_announced_public_delegations_as_all_day_items(client):
    visit = DelegationFactory(
        title="ハノイ市訪問団",
        confidentiality=Confidentiality.PUBLIC,
        start_date=datetime.date(2030, 5, 11),
        end_date=datetime.date(2030, 5, 15),
        destination="Hà Nội",
    )
    DelegationFactory(confidentiality=Confidentiality.PUBLIC, status=DelegationStatus.PLANNING, title="構想中の訪問")
    internal = DelegationFactory(title="内部の視察")
    confidential = DelegationFactory(title="極秘の訪問", confidentiality=Confidentiality.CONFIDENTIAL)

    response, parsed = feed(client)
    with_kind = feed(client, PUBLIC_URL + "?kind=seminar")[1]

    assert [
        (e["uid"], e["summary"], e["location"], e["start"]["local"], e["end"]["local"]) for e in parsed["events"]
    ] == [(str(visit.uid), "訪問団: ハノイ市訪問団", "Hà Nội", "2030-05-11", "2030-05-16")]
    assert uids(with_kind) == []
    for hidden in (internal, confidential):
        assert hidden.title.encode() not in response.content
    assert "構想中の訪問".encode() not in response.content


def test_private_calendar_shows_my_delegations_or_all_i_may_see(client, officer, officer_secret):
    mine = DelegationMemberFactory(user=officer, delegation__title="ソウル出張").delegation
    led = DelegationFactory(title="ホーチミン訪問", lead=officer, start_date=datetime.date(2030, 6, 1), end_date=None)
    other = DelegationFactory(
        title="他課の訪問", start_date=datetime.date(2030, 7, 1), end_date=datetime.date(2030, 7, 2)
    )
    hidden = DelegationFactory(title="極秘の訪問", confidentiality=Confidentiality.CONFIDENTIAL)

    default = feed(client, private_url(officer_secret))[1]
    update_calendar_preferences(user=officer, include_all_visible_delegations=True, show_confidential_details=False)
    everything = feed(client, private_url(officer_secret))
    led.refresh_from_db()

    assert [(e["uid"], e["summary"]) for e in default["events"]] == [
        (str(mine.uid), "訪問団: ソウル出張"),
        (str(led.uid), "訪問団: ホーチミン訪問"),
    ]
    assert uids(everything[1]) == [str(mine.uid), str(led.uid), str(other.uid)]
    assert hidden.title.encode() not in everything[0].content


def test_private_calendar_confidential_delegation_i_travel_with_is_busy_time(client, officer, officer_secret):
    trip = DelegationMemberFactory(
        user=officer, delegation__title="極秘の首脳訪問準備", delegation__confidentiality=Confidentiality.CONFIDENTIAL
    ).delegation

    response, parsed = feed(client, private_url(officer_secret))

    assert [
        (e["uid"], e["summary"], e["description"], e["location"], e["start"]["local"]) for e in parsed["events"]
    ] == [(str(trip.uid), "機密の訪問団", None, None, "2030-05-11")]
    assert "極秘".encode() not in response.content
    assert b"Hanoi" not in response.content


def test_public_calendar_repeated_full_request_is_served_from_the_cache(client, django_assert_num_queries):
    event = EventFactory(title="ハノイ経済セミナー")
    first = client.get(PUBLIC_URL)

    with django_assert_num_queries(2):  # the aggregates only
        second = client.get(PUBLIC_URL)
    event.title = "ハノイ経済セミナー(変更)"
    event.save()
    third = client.get(PUBLIC_URL)

    assert (second.status_code, second.content, second["ETag"]) == (200, first.content, first["ETag"])
    assert third["ETag"] != first["ETag"]
    assert "ハノイ経済セミナー(変更)" in parse_with_icaljs(third.content)["events"][0]["summary"]


def test_private_calendar_speaks_the_users_workspace_language(client, officer, officer_secret):
    FollowUpFactory(owner=officer, title="Send the minutes", due_on=datetime.date(2030, 6, 10))
    japanese = client.get(private_url(officer_secret))

    UserProfile.objects.update_or_create(user=officer, defaults={"preferred_language": "en"})
    english = client.get(private_url(officer_secret), HTTP_IF_NONE_MATCH=japanese["ETag"])

    assert english.status_code == 200
    assert english["ETag"] != japanese["ETag"]
    assert [e["summary"] for e in parse_with_icaljs(japanese.content)["events"]] == ["期限: Send the minutes"]
    assert [e["summary"] for e in parse_with_icaljs(english.content)["events"]] == ["Due: Send the minutes"]
