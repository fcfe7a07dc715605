"""Calendar feeds (iCalendar) for subscribers: the public events feed, one event's .ics, each staff user's feed.

Views only select (through the visibility selectors), turn records into `events.ical.FeedItem`s and respond.
Each feed first runs one cheap aggregate per source (count, newest `updated_at`, sum of ids) to derive its ETag and
Last-Modified, so a conditional request is answered 304 without fetching a row or building the calendar. The
number of queries is fixed per feed whatever the number of items.
"""

import dataclasses
import datetime
import functools
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from contacts.models import Person
from core.choices import Confidentiality, choice_label
from core.models import CalendarFeedToken
from core.selectors import calendar_token_for_secret
from core.services import record_calendar_token_use
from events import ical
from events.choices import DelegationDirection, DelegationStatus, EventKind, EventStatus
from events.models import Delegation, Event, EventText, EventTranslation, event_text, translation_codes
from events.selectors import delegations_of_member, delegations_visible_to, public_delegations, public_events
from relations.choices import EngagementKind, EngagementStatus, FollowUpStatus
from relations.models import Engagement
from relations.selectors import engagements_visible_to, follow_ups_visible_to
from trust import audit

# Bump when the bytes a feed writes change for the same data, so that every ETag changes with them.
FEED_FORMAT_VERSION = "1"
CONTENT_TYPE = "text/calendar; charset=utf-8"
PUBLIC_REFRESH_INTERVAL = datetime.timedelta(hours=1)
# ?lang= values and the language each one means (the site's Chinese is simplified, "zh-hans").
FEED_LANGUAGES = {"ja": "ja", "en": "en", "vi": "vi", "ko": "ko", "zh": "zh-hans", "zh-hans": "zh-hans"}
_COUNTRY_CODE = re.compile(r"^[A-Za-z]{2}$")
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,100}$")

# Set by the public site (cms), which owns the event pages: events may not import cms.
EventPageUrls = Callable[[HttpRequest, str], Callable[[Event], str | None]]
_event_page_urls: EventPageUrls | None = None


def register_event_page_urls(resolver: EventPageUrls | None) -> None:
    """Let the public site say where each event's page is: `resolver(request, language)` returns a function
    `event -> absolute URL or None`. It is called once per feed, so it should look pages up once, not per event."""
    global _event_page_urls  # a registry of one, set once at start-up by cms
    _event_page_urls = resolver


# Validators ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Validators:
    """What decides whether a subscriber's copy is current, computed without building the feed."""

    etag: str
    last_modified: datetime.datetime | None


def _source_fingerprint(queryset: QuerySet, updated_field: str = "updated_at") -> tuple:
    """One aggregate query: rows, newest change and the sum of ids (so swapping one row for another shows)."""
    summary = queryset.order_by().aggregate(rows=Count("pk"), newest=Max(updated_field), ids=Sum("pk"))
    return summary["rows"], summary["newest"], summary["ids"] or 0


def compute_validators(*parts, fingerprints: Iterable[tuple]) -> Validators:
    fingerprints = list(fingerprints)
    newest = [newest for _rows, newest, _ids in fingerprints if newest is not None]
    key = repr((FEED_FORMAT_VERSION, *parts, *((rows, str(latest), ids) for rows, latest, ids in fingerprints)))
    return Validators(
        etag='"' + hashlib.sha256(key.encode()).hexdigest()[:40] + '"',
        last_modified=max(newest) if newest else None,
    )


def _not_modified_or_none(request: HttpRequest, validators: Validators) -> HttpResponse | None:
    # HTTP dates have whole seconds: compare in whole seconds, or a copy fetched in the same second looks stale.
    last_modified = int(validators.last_modified.timestamp()) if validators.last_modified else None
    return get_conditional_response(request, etag=validators.etag, last_modified=last_modified)


def _calendar_response(body: bytes, validators: Validators, *, cache_control: str, filename: str = "") -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    _set_validator_headers(response, validators, cache_control=cache_control)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _set_validator_headers(response: HttpResponse, validators: Validators, *, cache_control: str) -> None:
    response["ETag"] = validators.etag
    if validators.last_modified:
        response["Last-Modified"] = http_date(validators.last_modified.timestamp())
    response["Cache-Control"] = cache_control


def _respond(request, validators: Validators, build: Callable[[], bytes], *, cache_control: str, filename=""):
    not_modified = _not_modified_or_none(request, validators)
    if not_modified is not None:
        _set_validator_headers(not_modified, validators, cache_control=cache_control)
        return not_modified
    return _calendar_response(build(), validators, cache_control=cache_control, filename=filename)


# Public events ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicFeedFilters:
    country: str = ""
    kind: str = ""
    partner: str = ""
    language: str = "ja"

    @classmethod
    def from_query(cls, query) -> "PublicFeedFilters":
        """Raises ValueError with a message for the visitor when a parameter is not understood."""
        country = query.get("country", "").strip()
        kind = query.get("kind", "").strip()
        partner = query.get("partner", "").strip()
        language = query.get("lang", "").strip().lower() or settings.LANGUAGE_CODE
        if country and not _COUNTRY_CODE.match(country):
            raise ValueError(_("country must be a two-letter ISO 3166-1 code, e.g. VN."))
        if kind and kind not in EventKind.values:
            raise ValueError(_("kind must be one of: %(kinds)s.") % {"kinds": ", ".join(EventKind.values)})
        if partner and not _SLUG.match(partner):
            raise ValueError(_("partner must be the slug of a partner region."))
        if language not in FEED_LANGUAGES:
            raise ValueError(_("lang must be one of: %(languages)s.") % {"languages": "ja, en, vi, ko, zh"})
        return cls(country=country.upper(), kind=kind, partner=partner, language=FEED_LANGUAGES[language])

    def as_query(self) -> dict[str, str]:
        query = {"country": self.country, "kind": self.kind, "partner": self.partner}
        if self.language != settings.LANGUAGE_CODE:
            query["lang"] = "zh" if self.language == "zh-hans" else self.language
        return {name: value for name, value in query.items() if value}


def _public_events(filters: PublicFeedFilters, now: datetime.datetime) -> QuerySet[Event]:
    """Public events not over yet (cancelled ones stay until they are past), narrowed by the filters."""
    events = public_events().filter(ends_at__gte=now)
    if filters.country:
        events = events.filter(countries__code=filters.country)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.partner:
        events = events.filter(regions__slug=filters.partner)
    if filters.country or filters.partner:
        events = events.distinct()
    return events


def _public_delegations(filters: PublicFeedFilters, today: datetime.date) -> QuerySet[Delegation]:
    """Announced public delegations not over yet. They have no kind, so a kind filter leaves them out."""
    if filters.kind:
        return Delegation.objects.none()
    delegations = public_delegations().filter(end_date__gte=today)
    if filters.country:
        delegations = delegations.filter(countries__code=filters.country)
    if filters.partner:
        delegations = delegations.filter(regions__slug=filters.partner)
    if filters.country or filters.partner:
        delegations = delegations.distinct()
    return delegations


def _delegation_status(delegation: Delegation) -> ical.ItemStatus:
    if delegation.status == DelegationStatus.CANCELLED:
        return ical.ItemStatus.CANCELLED
    if delegation.status in (DelegationStatus.IDEA, DelegationStatus.PLANNING):
        return ical.ItemStatus.TENTATIVE
    return ical.ItemStatus.CONFIRMED


def delegation_feed_item(delegation: Delegation, *, url: str = "", show_confidential: bool = True) -> ical.FeedItem:
    """A delegation as an all-day, multi-day item over its local dates (`end_date` is inclusive)."""
    details = [choice_label(DelegationDirection, delegation.direction), delegation.purpose.strip()]
    if delegation.destination:
        details.append(_("Destination: %(destination)s") % {"destination": delegation.destination})
    item = ical.FeedItem(
        uid=str(delegation.uid),
        sequence=delegation.sequence,
        last_modified=delegation.updated_at,
        summary=_("Delegation: %(title)s") % {"title": delegation.title},
        start=delegation.start_date,
        end=(delegation.end_date or delegation.start_date) + datetime.timedelta(days=1),
        description="\n\n".join(part for part in details if part),
        location=delegation.destination,
        url=url,
        status=_delegation_status(delegation),
        classification=_classification(delegation),
    )
    if _is_confidential(delegation) and not show_confidential:
        return _busy(item, _("Confidential delegation"))
    return item


def _event_status(event: Event) -> ical.ItemStatus:
    if event.status == EventStatus.CANCELLED:
        return ical.ItemStatus.CANCELLED
    if event.status == EventStatus.CONFIRMED:
        return ical.ItemStatus.CONFIRMED
    return ical.ItemStatus.TENTATIVE


def event_feed_item(event, text: EventText, *, page_url: str | None) -> ical.FeedItem:
    """A public event (an Event or a `PublicEventRow`) as a calendar item, with its `text` in the feed's language
    (`Event.in_language`, `event_text`)."""
    details = [text.description.strip()]
    if event.organizer:
        details.append(_("Organizer: %(organizer)s") % {"organizer": event.organizer})
    if event.registration_url:
        details.append(_("Registration: %(url)s") % {"url": event.registration_url})
    if text.is_fallback:
        details.append(_("This event is described in Japanese only."))
    if event.all_day:
        start, end = event.start_date, event.end_date + datetime.timedelta(days=1)
    else:
        start, end = event.starts_at, event.ends_at
    geo = None
    if event.latitude is not None and event.longitude is not None:
        geo = (float(event.latitude), float(event.longitude))
    return ical.FeedItem(
        uid=str(event.uid),
        sequence=event.sequence,
        last_modified=event.updated_at,
        summary=text.title,
        start=start,
        end=end,
        timezone=event.time_zone,
        description="\n\n".join(part for part in details if part),
        location=", ".join(part for part in (text.venue, event.address, event.city) if part),
        geo=geo,
        url=page_url or "",
        status=_event_status(event),
        categories=(choice_label(EventKind, event.kind),),
    )


@functools.cache
def _columns(row_class) -> tuple[str, ...]:
    return tuple(
        field.name
        for field in dataclasses.fields(row_class)
        if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
    )


def _rows(queryset: QuerySet, row_class) -> list:
    """`queryset` read as `row_class` instances: its columns (fields without a default), no model instances."""
    return [row_class(*values) for values in queryset.values_list(*_columns(row_class))]


@dataclass(slots=True)
class PublicEventRow:
    """What a public event's feed item needs, read as a plain row: building 5,000 Event instances (a
    ClusterableModel of some forty fields) cost more than writing the whole calendar."""

    id: int
    slug: str
    uid: object
    sequence: int
    updated_at: datetime.datetime
    title: str
    description: str
    venue: str
    organizer: str
    registration_url: str
    all_day: bool
    start_date: datetime.date | None
    end_date: datetime.date | None
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str
    address: str
    city: str
    latitude: object
    longitude: object
    status: str
    kind: str
    # Rows are only read from `public_events()` (the event page resolver links public events only).
    is_public: ClassVar[bool] = True


def _translations(events: QuerySet[Event], language: str) -> dict:
    """Each event's translation into `language` that has a title (none for Japanese), as rows, in one query: the
    first in the translations' order, the one `Event.in_language` takes."""
    codes = translation_codes(language)
    if not codes:
        return {}
    translations = (
        EventTranslation.objects.filter(event__in=events.order_by().values("pk"), language__in=codes)
        .exclude(title="")
        .order_by("sort_order", "id")
        .values_list("event_id", "language", "title", "description", "venue", named=True)
    )
    found: dict = {}
    for text in translations:
        found.setdefault(text.event_id, text)
    return found


def _page_url_function(request: HttpRequest, language: str) -> Callable[[Event], str | None]:
    if _event_page_urls is not None:
        return _event_page_urls(request, language)
    # Until the public site registers its pages, link to the event's own .ics download.
    template = request.build_absolute_uri(reverse("events:event_ics", kwargs={"slug": "SLUG"}))
    return lambda event: template.replace("SLUG", event.slug)


def _public_calendar(filters: PublicFeedFilters, request: HttpRequest) -> ical.FeedCalendar:
    return ical.FeedCalendar(
        name=_("%(site)s international exchange events") % {"site": settings.WAGTAIL_SITE_NAME},
        description=_("Upcoming public international events. Times are those of the place."),
        timezone=settings.TIME_ZONE,
        refresh_interval=PUBLIC_REFRESH_INTERVAL,
        source=request.build_absolute_uri(),
        cancelled_summary=_("Cancelled: %(summary)s"),
    )


@require_safe
def public_calendar(request: HttpRequest) -> HttpResponse:
    try:
        filters = PublicFeedFilters.from_query(request.GET)
    except ValueError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    now = timezone.now()
    events = _public_events(filters, now)
    delegations = _public_delegations(filters, timezone.localdate(now))
    # The address is part of the bytes (SOURCE, links), so it is part of the validator and of the cache key.
    validators = compute_validators(
        "public",
        filters,
        request.build_absolute_uri(),
        fingerprints=[_source_fingerprint(events), _source_fingerprint(delegations)],
    )

    def build() -> bytes:
        with translation.override(filters.language):
            page_url = _page_url_function(request, filters.language)
            rows = _rows(events.order_by("starts_at", "id"), PublicEventRow)
            texts = _translations(events, filters.language)
            items = [
                event_feed_item(
                    row,
                    event_text(row, texts.get(row.id), language=filters.language),
                    page_url=page_url(row),
                )
                for row in rows
            ]
            trips = delegations.select_related(None).prefetch_related(None).order_by("start_date", "id")
            items += [delegation_feed_item(delegation) for delegation in trips]
            return ical.build_calendar(_public_calendar(filters, request), items)

    return _respond(request, validators, _cached(validators, build), cache_control="public, max-age=900")


def _cached(validators: Validators, build: Callable[[], bytes]) -> Callable[[], bytes]:
    """Keep a public feed's bytes under its ETag: the many subscribers that poll without a conditional request
    then cost two aggregate queries, not a rebuild. Never used for private feeds (they stay out of shared caches)."""

    def cached_build() -> bytes:
        key = "calendar-feed:" + validators.etag.strip('"')
        body = cache.get(key)
        if body is None:
            body = build()
            cache.set(key, body, timeout=int(PUBLIC_REFRESH_INTERVAL.total_seconds()) * 2)
        return body

    return cached_build


@require_safe
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """One public event as a downloadable .ics (the public site's "add to my calendar")."""
    language = FEED_LANGUAGES.get(request.GET.get("lang", "").lower(), translation.get_language() or "ja")
    events = public_events().filter(slug=slug)
    fingerprint = _source_fingerprint(events)
    if fingerprint[0] == 0:
        raise Http404(_("No public event here."))
    validators = compute_validators("event", slug, language, request.get_host(), fingerprints=[fingerprint])

    def build() -> bytes:
        with translation.override(language):
            event = events.prefetch_related(None).with_translations().get()
            page_url = _page_url_function(request, language)(event)
            item = event_feed_item(event, event.in_language(language), page_url=page_url)
            calendar = ical.FeedCalendar(
                name=item.summary,
                timezone=settings.TIME_ZONE,
                refresh_interval=PUBLIC_REFRESH_INTERVAL,
                cancelled_summary=_("Cancelled: %(summary)s"),
            )
            return ical.build_calendar(calendar, [item])

    return _respond(request, validators, build, cache_control="public, max-age=900", filename=f"{slug}.ics")


def public_feed_urls(request: HttpRequest | None = None, **filters: str) -> dict[str, str]:
    """The public feed's addresses for links: `https` (download, "add by URL") and `webcal` (subscribe).

    `filters` are the feed's query parameters (country, kind, partner, lang); empty ones are dropped.
    """
    path = reverse("events:public_calendar")
    query = urlencode({name: value for name, value in filters.items() if value})
    if query:
        path = f"{path}?{query}"
    address = request.build_absolute_uri(path) if request is not None else settings.WAGTAILADMIN_BASE_URL + path
    return {"https": address, "webcal": "webcal://" + address.split("://", 1)[1]}


# Each staff user's own feed -----------------------------------------------------------------------------------

PRIVATE_REFRESH_INTERVAL = datetime.timedelta(minutes=30)
# Past engagements and delegations stay this long, so that last week's meetings are still in the calendar.
PRIVATE_PAST_WINDOW = datetime.timedelta(days=90)
PRIVATE_CACHE_CONTROL = "private, no-cache"


def _admin_url_function(request: HttpRequest, model) -> Callable[[object], str]:
    """Address of a record in the staff workspace (the inspect, else edit view of its snippet viewset), or ""."""
    viewset = getattr(model, "snippet_viewset", None)
    if viewset is None:
        return lambda record: ""
    for view_name in ("inspect", "edit"):
        try:
            template = request.build_absolute_uri(reverse(viewset.get_url_name(view_name), args=["999999999"]))
        except NoReverseMatch:
            continue
        return lambda record, template=template: template.replace("999999999", str(record.pk))
    return lambda record: ""


def _busy(item: ical.FeedItem, summary: str) -> ical.FeedItem:
    """Busy time only: when and how long, nothing about who, where or what (the feed leaves our servers)."""
    return ical.FeedItem(
        uid=item.uid,
        sequence=item.sequence,
        last_modified=item.last_modified,
        summary=summary,
        start=item.start,
        end=item.end,
        timezone=item.timezone,
        status=item.status,
        classification=ical.Classification.CONFIDENTIAL,
        transparent=item.transparent,
        describe_local_time=False,
    )


def _is_confidential(record) -> bool:
    return record.confidentiality == Confidentiality.CONFIDENTIAL


def _classification(record) -> ical.Classification:
    return {
        Confidentiality.PUBLIC: ical.Classification.PUBLIC,
        Confidentiality.CONFIDENTIAL: ical.Classification.CONFIDENTIAL,
    }.get(record.confidentiality, ical.Classification.PRIVATE)


@dataclass(frozen=True)
class PrivateSources:
    engagements: QuerySet
    follow_ups: QuerySet
    delegations: QuerySet


def private_sources(feed_token: CalendarFeedToken, now: datetime.datetime) -> PrivateSources:
    """What the token's user may see now and the feed shows: the engagements they attend, their open follow-ups,
    and the delegations they lead or travel with (or every delegation they may see, if they chose so).

    Cancelled items stay until they are past. Everything goes through the models' visibility selectors, so a
    record the user has lost access to drops out at the next fetch.
    """
    user = feed_token.user
    today = now.astimezone(timezone.get_default_timezone()).date()
    engagements = (
        engagements_visible_to(user)
        .filter(staff=user, starts_at__gte=now - PRIVATE_PAST_WINDOW)
        .filter(~Q(status=EngagementStatus.CANCELLED) | Q(starts_at__gte=now) | Q(ends_at__gte=now))
    )
    follow_ups = (
        follow_ups_visible_to(user)
        .filter(owner=user)
        .filter(Q(status=FollowUpStatus.OPEN) | Q(status=FollowUpStatus.CANCELLED, due_on__gte=today))
    )
    delegations = (
        delegations_visible_to(user)
        .filter(start_date__isnull=False, end_date__gte=today - PRIVATE_PAST_WINDOW)
        .filter(~Q(status=DelegationStatus.CANCELLED) | Q(end_date__gte=today))
    )
    if not feed_token.include_all_visible_delegations:
        delegations = delegations.filter(pk__in=delegations_of_member(user).values("pk"))
    return PrivateSources(engagements=engagements, follow_ups=follow_ups, delegations=delegations)


@dataclass(slots=True)
class EngagementRow:
    """What an engagement's feed item needs, read as a plain row (see PublicEventRow); `people` are the names of
    the people met, filled in by `_people_met`."""

    id: int
    uid: object
    sequence: int
    updated_at: datetime.datetime
    subject: str
    kind: str
    status: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    time_zone: str
    location: str
    summary: str
    confidentiality: str
    people: list[str] = dataclasses.field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.id


@dataclass(slots=True)
class FollowUpRow:
    """What a follow-up's feed item needs, read as a plain row."""

    id: int
    uid: object
    sequence: int
    updated_at: datetime.datetime
    title: str
    due_on: datetime.date
    status: str
    confidentiality: str

    @property
    def pk(self) -> int:
        return self.id


def _people_met(rows: list[EngagementRow], engagements: QuerySet) -> None:
    """Fill each row's `people` with the names of the people met, in the directory's order (as
    `engagement.people.all()` gives them): the links in one query, each person once in another, so a feed of
    4,000 meetings with the same 300 diplomats builds 300 Person instances, not 8,000."""
    links = Engagement.people.through.objects.filter(engagement__in=engagements.order_by().values("pk"))
    people = Person.objects.filter(pk__in=links.values("person_id"))
    pairs = list(links.values_list("engagement_id", "person_id"))
    names = {person.pk: (rank, str(person)) for rank, person in enumerate(people)}
    met: dict[int, list[tuple[int, str]]] = {}
    for engagement_id, person_id in pairs:
        met.setdefault(engagement_id, []).append(names[person_id])
    for row in rows:
        if row.id in met:
            row.people = [name for _rank, name in sorted(met[row.id])]


def engagement_feed_item(engagement: "EngagementRow", *, url: str, show_confidential: bool) -> ical.FeedItem:
    people = ", ".join(engagement.people)
    details = [choice_label(EngagementKind, engagement.kind)]
    if people:
        details.append(_("People: %(people)s") % {"people": people})
    if engagement.summary:
        details.append(engagement.summary.strip())
    item = ical.FeedItem(
        uid=str(engagement.uid),
        sequence=engagement.sequence,
        last_modified=engagement.updated_at,
        summary=engagement.subject,
        start=engagement.starts_at,
        end=engagement.ends_at,
        timezone=engagement.time_zone,
        description="\n\n".join(details),
        location=engagement.location,
        url=url,
        status=_ENGAGEMENT_STATUS.get(engagement.status, ical.ItemStatus.CONFIRMED),
        classification=_classification(engagement),
    )
    if _is_confidential(engagement) and not show_confidential:
        return _busy(item, _("Confidential engagement"))
    return item


def follow_up_feed_item(follow_up: "FollowUpRow", *, url: str, show_confidential: bool) -> ical.FeedItem:
    """A due date as an all-day item that does not block time."""
    item = ical.FeedItem(
        uid=str(follow_up.uid),
        sequence=follow_up.sequence,
        last_modified=follow_up.updated_at,
        summary=_("Due: %(title)s") % {"title": follow_up.title},
        start=follow_up.due_on,
        end=follow_up.due_on + datetime.timedelta(days=1),
        url=url,
        status=(
            ical.ItemStatus.CANCELLED if follow_up.status == FollowUpStatus.CANCELLED else ical.ItemStatus.CONFIRMED
        ),
        classification=_classification(follow_up),
        transparent=True,
    )
    if _is_confidential(follow_up) and not show_confidential:
        return _busy(item, _("Confidential follow-up"))
    return item


_ENGAGEMENT_STATUS = {
    EngagementStatus.TENTATIVE: ical.ItemStatus.TENTATIVE,
    EngagementStatus.CONFIRMED: ical.ItemStatus.CONFIRMED,
    EngagementStatus.CANCELLED: ical.ItemStatus.CANCELLED,
}


@require_safe
def private_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The feed behind a staff user's secret address. 404 (not 403) for an unknown, revoked or dead token."""
    feed_token = calendar_token_for_secret(token)
    if feed_token is None:
        raise Http404(_("This calendar address does not exist or was revoked."))
    now = timezone.now()
    sources = private_sources(feed_token, now)
    user = feed_token.user
    profile = getattr(user, "wagtail_userprofile", None)  # selected with the token; None without a profile
    language = (profile and profile.preferred_language) or settings.LANGUAGE_CODE
    validators = compute_validators(
        "private",
        feed_token.pk,
        language,
        request.get_host(),
        feed_token.include_all_visible_delegations,
        feed_token.show_confidential_details,
        fingerprints=[
            _source_fingerprint(sources.engagements),
            _source_fingerprint(sources.follow_ups),
            _source_fingerprint(sources.delegations),
        ],
    )
    record_calendar_token_use(token=feed_token, now=now)
    show_confidential = feed_token.show_confidential_details
    delivered: list = []

    def build() -> bytes:
        with translation.override(language):
            engagement_url = _admin_url_function(request, sources.engagements.model)
            follow_up_url = _admin_url_function(request, sources.follow_ups.model)
            engagements = _rows(sources.engagements.order_by("starts_at", "id"), EngagementRow)
            _people_met(engagements, sources.engagements)
            follow_ups = _rows(sources.follow_ups.order_by("due_on", "id"), FollowUpRow)
            delegations = list(sources.delegations.order_by("start_date", "id"))
            items = [
                engagement_feed_item(engagement, url=engagement_url(engagement), show_confidential=show_confidential)
                for engagement in engagements
            ]
            items += [
                follow_up_feed_item(follow_up, url=follow_up_url(follow_up), show_confidential=show_confidential)
                for follow_up in follow_ups
            ]
            delegation_url = _admin_url_function(request, Delegation)
            items += [
                delegation_feed_item(delegation, url=delegation_url(delegation), show_confidential=show_confidential)
                for delegation in delegations
            ]
            # A confidential item without its details is a "busy" block: it tells no more than a time. Delivered
            # with its details, it is audited as read: the confidential records are read again as records for the
            # audit log (two queries, whatever the number of items).
            if show_confidential:
                confidential = Q(confidentiality=Confidentiality.CONFIDENTIAL)
                delivered.extend(sources.engagements.filter(confidential))
                delivered.extend(sources.follow_ups.filter(confidential))
                delivered.extend(delegations)
            calendar = ical.FeedCalendar(
                name=_("%(site)s: calendar of %(user)s") % {"site": settings.WAGTAIL_SITE_NAME, "user": user},
                description=_("Your engagements, delegations and follow-up due dates. Keep this address secret."),
                timezone=settings.TIME_ZONE,
                refresh_interval=PRIVATE_REFRESH_INTERVAL,
                cancelled_summary=_("Cancelled: %(summary)s"),
            )
            return ical.build_calendar(calendar, items)

    response = _respond(request, validators, build, cache_control=PRIVATE_CACHE_CONTROL)
    response["X-Robots-Tag"] = "noindex, nofollow"
    # A 304 delivers nothing new and a HEAD no body: only a full GET is a reading.
    if response.status_code == 200 and request.method == "GET":
        audit.record_confidential_views(user, delivered, surface="calendar_feed")
    return response
