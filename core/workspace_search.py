"""One search over the staff workspace: what the sidebar's search box finds, grouped by kind of record.

Each kind is searched exactly as its own listing searches it: the listing's index view (as its viewset builds it)
orders and searches the rows, so a person is found from a kana reading, a name without its diacritics or a name in
the other order (core.text), through the same trigram index (core.sqlite_search). The rows are those the model's
visibility rule (core.visibility) lets the reader see, of the kinds whose listing the reader may open. Each group
costs two queries whatever the number of matches: its first rows, and their number (counted up to COUNT_LIMIT, so a
common word does not count a third of a million meetings to print "1,000+").

Core may not import the apps, so the kinds are named by their labels, like core.sqlite_search.INDEXED; the pages of
the public site are searched as Wagtail's own page search does. Why and what it costs: docs/adr/0018.
"""

import copy
import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.admin.utils import quote
from django.core.exceptions import ImproperlyConfigured
from django.http import QueryDict
from django.urls import reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.views.pages.search import page_filter_search
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from core.text import search_terms
from core.visibility import rule_for

RESULTS_PER_KIND = 5
COUNT_LIMIT = 1000
# What opens a snippet listing (Wagtail's IndexView.any_permission_required).
LISTING_PERMISSIONS = {"add", "change", "delete", "view"}


@dataclass(frozen=True)
class Kind:
    """A kind of record the search finds: the model (app_label.Model), the attributes shown under a record's name
    (a field, a property, a get_FOO_display; a date is written as a date), and the related records they read, so
    that a page of results costs no query per row."""

    model: str
    details: tuple[str, ...] = ()
    related: tuple[str, ...] = ()


KINDS = (
    Kind(
        "contacts.Person", details=("latin_name", "native_name", "kana_name", "nationality"), related=("nationality",)
    ),
    Kind("partners.Mission", details=("get_kind_display", "city", "country"), related=("country",)),
    Kind("partners.PartnerRegion", details=("name_native", "get_level_display", "country"), related=("country",)),
    Kind("partners.Organization", details=("name_native", "get_kind_display", "country"), related=("country",)),
    Kind("partners.Country", details=("name_ja", "name_en", "code")),
    Kind("relations.Engagement", details=("local_starts_at", "get_kind_display", "location")),
    Kind(
        "relations.Tie",
        details=("get_status_display", "established_on"),
        related=("local_party", "partner_region", "country"),
    ),
    Kind("events.Delegation", details=("start_date", "get_direction_display", "destination")),
    Kind("events.Event", details=("start_date", "get_kind_display", "venue")),
)
PAGES = "pages"


@dataclass
class Result:
    title: str
    url: str
    details: list[str]
    record: object


@dataclass
class Group:
    key: str
    label: str  # a heading: "People"
    name: str  # in a sentence: "people"
    icon: str
    count: int
    results: list[Result] = field(default_factory=list)
    # The whole list of matches: the kind's listing searched for the same words.
    more_url: str = ""

    @property
    def count_is_a_floor(self) -> bool:
        """True when there are more matches than were counted (COUNT_LIMIT)."""
        return self.count > COUNT_LIMIT

    @property
    def shown_count(self) -> int:
        return min(self.count, COUNT_LIMIT)


def searchable(query: str) -> bool:
    """Whether `query` has anything to look for (punctuation and spaces alone find everything in a listing)."""
    return bool(search_terms(query))


def search_workspace(request, query: str) -> list[Group]:
    """The groups of records `request.user` may see that match `query`, in the order of KINDS, then the pages;
    every kind the reader may search has its group, empty or not."""
    groups = []
    for kind in KINDS:
        group = _search_kind(request, kind, query)
        if group is not None:
            groups.append(group)
    pages = _search_pages(request, query)
    if pages is not None:
        groups.append(pages)
    return groups


def records_shown(groups: list[Group]) -> list:
    return [result.record for group in groups for result in group.results]


def _search_kind(request, kind: Kind, query: str) -> Group | None:
    model = apps.get_model(kind.model)
    viewset = model.snippet_viewset
    user = request.user
    if not viewset.permission_policy.user_has_any_permission(user, LISTING_PERMISSIONS):
        return None
    rule = rule_for(model)
    if rule is None:
        raise ImproperlyConfigured(f"{kind.model} has no visibility rule: it cannot be searched")
    listing = _listing(viewset, request, query)
    rows = rule(user)
    if kind.related:
        rows = rows.select_related(*kind.related)
    rows = listing.search_queryset(listing.order_queryset(rows))
    count = rows.order_by()[: COUNT_LIMIT + 1].count()
    results = []
    if count:
        record_view = "inspect" if viewset.inspect_view_enabled else "edit"
        url_name = viewset.get_url_name(record_view)
        for record in rows[:RESULTS_PER_KIND]:
            title = str(record)
            results.append(
                Result(title, reverse(url_name, args=[quote(record.pk)]), _details(record, kind.details, title), record)
            )
    return Group(
        key=model._meta.label_lower.replace(".", "-"),
        label=capfirst(model._meta.verbose_name_plural),
        name=str(model._meta.verbose_name_plural),
        icon=viewset.icon,
        count=count,
        results=results,
        more_url=f"{reverse(viewset.get_url_name('list'))}?{urlencode({'q': query})}",
    )


def _listing(viewset, request, query: str):
    """The kind's listing view, as its viewset builds it, set up for a request that asks it to search `query` (and
    nothing else: no filter, page or order of the search page reaches it)."""
    view = viewset.index_view
    listing = view.view_class(**view.view_initkwargs)
    listing_request = copy.copy(request)
    listing_request.GET = QueryDict(mutable=True)
    listing_request.GET["q"] = query
    listing.setup(listing_request)
    if not listing.is_searching:
        # The listing would return every row for the query: a kind is only listed here if its listing searches.
        raise ImproperlyConfigured(f"The listing of {viewset.model._meta.label} has no search")
    return listing


def _details(record, names: tuple[str, ...], title: str) -> list[str]:
    """The texts under a record's name: each named attribute that has a value and does not repeat another (a
    romanized name that differs from the name only in its capitals)."""
    shown = [title]
    seen = {title.casefold()}
    for name in names:
        value = getattr(record, name, None)
        if callable(value):
            value = value()
        if isinstance(value, datetime.datetime):
            # A local time of the record's place (local_starts_at): its day there.
            value = value.date()
        if isinstance(value, datetime.date):
            value = formats.date_format(value, "DATE_FORMAT")
        text = str(value).strip() if value is not None else ""
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            shown.append(text)
    return shown[1:]


def _search_pages(request, query: str) -> Group | None:
    """The public site's pages, as Wagtail's own page search finds them (its search index, the pages the reader may
    explore): a page's record page is its editor."""
    user = request.user
    if not user_has_any_page_permission(user):
        return None
    pages = Page.objects.filter(depth__gt=1).select_related("locale")
    if getattr(settings, "WAGTAILADMIN_PAGE_SEARCH_FILTER_BY_PERMISSIONS", True):
        pages = pages.filter(pk__in=PagePermissionPolicy().explorable_instances(user).values_list("pk", flat=True))
    found, _all = page_filter_search(query, pages)
    count = found.count()
    results = []
    for page in found[:RESULTS_PER_KIND] if count else []:
        details = [page.locale.get_display_name()]
        if not page.live:
            details.append(str(_("Draft")))
        results.append(Result(page.title, reverse("wagtailadmin_pages:edit", args=[page.pk]), details, page))
    return Group(
        key=PAGES,
        label=str(_("Public site pages")),
        name=str(_("public site pages")),
        icon="doc-empty-inverse",
        count=count,
        results=results,
        more_url=f"{reverse('wagtailadmin_pages:search')}?{urlencode({'q': query})}",
    )
