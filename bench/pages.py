"""Measure every staff and public page in-process: server time, query count, and the time of its bare SQL.

Used by `bench/run.py` (which seeds a database first) and by a smoke test at tiny size, so it cannot rot.
Pages are discovered from the Wagtail snippet registry and the URL names the apps register, so a new
listing is measured without touching this file.
"""

import statistics
import time
from dataclasses import asdict, dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode


@dataclass
class PageResult:
    name: str
    url: str
    status: int
    median_ms: float
    p95_ms: float
    queries: int
    sql_ms: float | None
    ratio_to_sql: float | None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    headers: tuple[tuple[str, str], ...] = ()
    expected_status: int = 200
    staff: bool = True
    # A public page asked as the first visitor after a publish: the public page cache moves to a new generation
    # before each request, so the figure is the page's own rendering (the budget without the cache).
    uncached: bool = False


def _first(model):
    return model._default_manager.order_by("pk").first()


def _search_term(obj) -> str | None:
    document = getattr(obj, "search_document", "") or str(obj)
    words = [word for word in document.replace("|", " ").split() if len(word) >= 2]
    return words[0][:12] if words else None


def discover_pages(user) -> list[Page]:
    """Every page the bench table lists, for the data currently in the database."""
    from wagtail.snippets.models import get_snippet_models

    from transfers.listing_exports import job_threshold_rows

    pages = [Page("dashboard", reverse("wagtailadmin_home"))]
    for model in get_snippet_models():
        viewset = getattr(model, "snippet_viewset", None)
        if viewset is None:
            continue
        label = model._meta.label_lower
        try:
            list_url = reverse(viewset.get_url_name("list"))
        except NoReverseMatch:
            continue
        pages.append(Page(f"{label} list", list_url))
        if model._default_manager.exists():
            pages.append(Page(f"{label} add", reverse(viewset.get_url_name("add"))))
        obj = _first(model)
        if obj is None:
            continue
        listing = _listing_view(viewset)
        for position, (name, value) in enumerate(_filter_values(listing, obj, user)):
            # The first filter's page keeps the name of earlier runs, which measured only the first filter on a field.
            suffix = "filtered" if position == 0 else f"filtered by {name}"
            pages.append(Page(f"{label} {suffix}", f"{list_url}?{urlencode({name: value})}"))
        for sort_key in _sort_keys(listing):
            pages.append(Page(f"{label} sorted by {sort_key}", f"{list_url}?{urlencode({'ordering': sort_key})}"))
        term = _search_term(obj)
        if term:
            pages.append(Page(f"{label} search", f"{list_url}?q={term}"))
        if getattr(viewset, "list_export", None):
            # Above the threshold the export is a job: the page answers with a redirect to it (see run.py: the
            # measuring process queues tasks without running them, so the job's own work is not in the figure).
            to_job = model._default_manager.count() > job_threshold_rows()
            pages.append(Page(f"{label} export csv", f"{list_url}?export=csv", expected_status=302 if to_job else 200))
        if getattr(viewset, "inspect_view_enabled", False):
            pages.append(Page(f"{label} inspect", reverse(viewset.get_url_name("inspect"), args=[obj.pk])))
        pages.append(Page(f"{label} edit", reverse(viewset.get_url_name("edit"), args=[obj.pk])))

    pages.extend(_named_staff_pages())
    pages.extend(_feed_pages(user))
    for name, url in _public_pages():
        pages.append(Page(name, url, staff=False))
        pages.append(Page(f"{name} (uncached)", url, staff=False, uncached=True))
    return pages


def _public_pages() -> list[tuple[str, str]]:
    """The site's first pages (home pages and indexes in every language), the newest news article, and the events
    index's own routes: the newest year of its archive and the next upcoming event's page."""
    from wagtail.models import Page as WagtailPage

    from cms.models import EventIndexPage, NewsPage
    from cms.selectors import event_archive_years, upcoming_events

    found = []
    for page in WagtailPage.objects.live().filter(depth__gt=1).specific().order_by("depth", "path")[:12]:
        if page.url:
            found.append((f"public {type(page).__name__} {page.locale.language_code}", page.url))
    article = NewsPage.objects.live().order_by("-first_published_at", "-pk").first()
    if article and article.url:
        found.append((f"public NewsPage {article.locale.language_code}", article.url))
    index = EventIndexPage.objects.live().order_by("path").first()
    if index and index.url:
        language = index.locale.language_code
        years = event_archive_years()
        if years:
            found.append((f"public event archive {language}", index.url + index.reverse_subpage("archive", [years[0]])))
        event = upcoming_events().first()
        if event:
            found.append((f"public EventPage {language}", index.url + index.reverse_subpage("event", [event.slug])))
    return found


def _listing_view(viewset):
    """The listing's index view as Wagtail configures it, to read its filters and sortable columns."""
    view = viewset.index_view
    return view.view_class(**view.view_initkwargs)


def _filter_values(listing, obj, user) -> list[tuple[str, str]]:
    """Each filter of the listing with a value that narrows it as staff would: the value `obj` has for a filter
    on one of its fields (a choice, a foreign key, a tag, a yes/no value), else the filter's first choice or
    object. Filters are listed in the order the listing shows them; the first one is the listing's "filtered"
    page of earlier runs."""
    filterset_class = listing.filterset_class
    if filterset_class is None:
        return []
    found = []
    for name, item in filterset_class.base_filters.items():
        value = _value_on(obj, item.field_name) if not item.method else None
        if value is None:
            value = _first_choice(item, user)
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        found.append((name, str(value)))
    return found


def _value_on(obj, path: str):
    """The value a filter on `path` (a field, or a field of a related record: mission__kind) compares with obj."""
    *relations, last = path.split("__")
    for relation in relations:
        obj = getattr(obj, relation, None)
        if obj is None:
            return None
    try:
        field = obj._meta.get_field(last)
    except FieldDoesNotExist:  # a filter on something that is not a model field
        return None
    if field.many_to_many:
        related = getattr(obj, last).order_by("pk").first()
        return related.pk if related is not None else None
    if not getattr(field, "concrete", False):
        return None
    if not (field.choices or field.is_relation or field.get_internal_type() in {"BooleanField", "IntegerField"}):
        return None
    return getattr(obj, field.attname)


def _first_choice(item, user):
    """A value for a filter that is not a plain field (a method filter): its first choice, or its first object."""
    import django_filters
    from django.test import RequestFactory
    from django.utils import translation

    if isinstance(item, django_filters.BooleanFilter):
        return True
    choices = item.extra.get("choices")
    if choices:
        return next(iter(choices))[0]
    if isinstance(item, django_filters.ModelChoiceFilter):
        request = RequestFactory().get("/")
        request.user, request.LANGUAGE_CODE = user, translation.get_language()
        first = item.get_queryset(request).first()
        return first.pk if first is not None else None
    return None


def _sort_keys(listing) -> list[str]:
    """The keys of the listing's sortable columns, ascending (the first click on a column heading)."""
    return [column.sort_key for column in listing.columns if column.sort_key]


def _named_staff_pages() -> list[Page]:
    from contacts.models import Person
    from events.models import Delegation
    from partners.models import Country, Mission, Organization, PartnerRegion

    pages = []
    simple = [
        ("my follow-ups", "relations_my_follow_ups", []),
        ("overdue follow-ups", "relations_overdue_follow_ups", []),
        ("staff calendar", "events_calendar", []),
        ("council report", "reports_council", []),
    ]
    for kind, model in [
        ("person", Person),
        ("mission", Mission),
        ("region", PartnerRegion),
        ("organization", Organization),
        ("country", Country),
    ]:
        obj = _first(model) if model is not Country else Country.objects.filter(code="VN").first()
        if obj is not None:
            simple.append((f"timeline {kind}", "relations_timeline", [kind, obj.pk]))
    for kind, model in [("delegation", Delegation), ("mission", Mission), ("person", Person)]:
        obj = _first(model)
        if obj is not None:
            simple.append((f"briefing {kind}", "events_briefing", [kind, obj.pk]))
    for name, url_name, args in simple:
        try:
            pages.append(Page(name, reverse(url_name, args=args)))
        except NoReverseMatch:
            continue
    # The sidebar's search over every kind of record: named "... search", it is held to the listing search budget.
    person = _first(Person)
    term = _search_term(person) if person is not None else None
    if term:
        pages.append(Page("all records search", f"{reverse('kizuna_search')}?{urlencode({'q': term})}"))
    return pages


def _feed_pages(user) -> list[Page]:
    from core.services import issue_calendar_token

    pages = [Page("public feed", reverse("events:public_calendar"), staff=False)]
    _token, secret = issue_calendar_token(user=user)
    pages.append(Page("private feed", reverse("events:private_calendar", args=[secret]), staff=False))
    return pages


def _etag_variant(client: Client, page: Page) -> Page | None:
    """The same feed asked conditionally, as a polling calendar app does: it must answer 304."""
    response = client.get(page.url)
    etag = response.get("ETag")
    if not etag:
        return None
    return Page(f"{page.name} 304", page.url, headers=(("HTTP_IF_NONE_MATCH", etag),), expected_status=304, staff=False)


def _sql_time(queries) -> float | None:
    """Seconds to run the page's captured SELECTs directly: the floor any implementation must pay.

    Writes (session, last-used stamps) are not replayed. A statement that does not survive re-quoting makes the
    baseline unknown; a savepoint keeps the surrounding transaction usable on PostgreSQL.
    """
    statements = [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith("SELECT")]
    started = time.perf_counter()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
                cursor.fetchall()
    except DatabaseError:
        return None
    return time.perf_counter() - started


# A fixed piece of the work every staff page does (the template engine rendering a table of escaped, translated
# cells), timed before and after a run: a shared virtual machine's speed drifts by half within the hour, and pages
# are compared across runs only as multiples of it.
_CALIBRATION_TEMPLATE = (
    "{% load i18n %}<table>{% for row in rows %}<tr>{% for cell in row %}"
    '<td class="{% cycle "a" "b" %}">{{ cell|upper }} {% translate "Edit" %}</td>'
    "{% endfor %}</tr>{% endfor %}</table>"
)


def calibration_ms(repeats: int = 9) -> float:
    """Median milliseconds of the calibration work (about 20 ms on a quiet 2-core machine of this workplace)."""
    from django.template import Context, Template

    template = Template(_CALIBRATION_TEMPLATE)
    context = Context({"rows": [[f"<cell {row}-{column}>" for column in range(10)] for row in range(200)]})
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        template.render(context)
        timings.append(time.perf_counter() - started)
    return round(statistics.median(timings) * 1000, 2)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))
    return ordered[index]


def measure(pages: list[Page], *, user, repeats: int = 15, warmup: int = 2) -> list[PageResult]:
    from cms.cache import invalidate_public_pages

    staff_client, public_client = Client(), Client()
    staff_client.force_login(user)
    expanded: list[Page] = []
    for page in pages:
        expanded.append(page)
        if page.name.endswith("feed"):
            variant = _etag_variant(public_client, page)
            if variant:
                expanded.append(variant)

    results = []
    for page in expanded:
        client = staff_client if page.staff else public_client
        headers = dict(page.headers)
        timings, query_counts, sql_times, status = [], [], [], 0
        for attempt in range(warmup + repeats):
            # The capture counts the growth of a log that keeps the last 9,000 queries: once full it grows no more
            # and every later page would count 0 queries.
            connection.queries_log.clear()
            if page.uncached:
                invalidate_public_pages()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(page.url, **headers)
                if response.streaming:
                    b"".join(response.streaming_content)
                elapsed = time.perf_counter() - started
            status = response.status_code
            if attempt >= warmup:
                timings.append(elapsed)
                query_counts.append(len(captured.captured_queries))
                sql_times.append(_sql_time(captured.captured_queries))
        known_sql = [value for value in sql_times if value is not None]
        sql_ms = statistics.median(known_sql) * 1000 if len(known_sql) == len(sql_times) and known_sql else None
        median_ms = statistics.median(timings) * 1000
        results.append(
            PageResult(
                name=page.name,
                url=page.url,
                status=status,
                median_ms=round(median_ms, 2),
                p95_ms=round(_percentile(timings, 0.95) * 1000, 2),
                queries=max(query_counts),
                sql_ms=round(sql_ms, 2) if sql_ms is not None else None,
                ratio_to_sql=round(median_ms / sql_ms, 1) if sql_ms else None,
            )
        )
        if status != page.expected_status:
            results[-1].name += f" (expected {page.expected_status})"
    return results
