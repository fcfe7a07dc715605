"""Record pages: the page a listing row's name opens (each snippet viewset's inspect view), designed as a page
rather than a dump of columns.

A record page is a header card (who or what the record is: picture or flag, names, facts, tags, a badge when it
is confidential), quick actions (log a meeting, briefing pack, timeline, edit) and related sections (recent
meetings, open follow-ups, ties, coming visits, gifts, attachments), each row a link to its own record page.

The app owning the model writes the header and its own sections (a person's posts). Apps to its right add theirs
through two Wagtail hooks, since an app may not import the apps to its right (docs/development/architecture.md):

    @hooks.register(RECORD_SECTIONS_HOOK)
    def meetings(request, record) -> list[Section]: ...   # [] for records it has nothing to say about

    @hooks.register(RECORD_ACTIONS_HOOK)
    def log_meeting(request, record) -> list[Action]: ...

Whoever adds a section reads its rows through the visibility selectors of their models (core.visibility); the
confidential records the page showed are recorded as read ("related") once it has rendered. Each section reads a
bounded number of rows in a fixed number of queries, so a page costs the same for a record with 3 related rows
and with 3,000.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.admin.utils import quote, unquote
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks

from core import listing_hooks, local_time
from core.choices import Confidentiality
from core.viewsets import KizunaInspectView

RECORD_SECTIONS_HOOK = "register_record_sections"
RECORD_ACTIONS_HOOK = "register_record_actions"

# How many rows a related section shows before pointing to the full list (a timeline, a filtered listing).
SECTION_ROWS = 5


@dataclass(frozen=True)
class Badge:
    label: str
    # "" (neutral), "critical" (confidential, overdue), "positive" (done, current) or "warning" (cancelled, due)
    tone: str = ""
    icon: str = ""


@dataclass(frozen=True)
class Link:
    label: str
    url: str = ""
    detail: str = ""  # said after the link, e.g. how long a post has been held


@dataclass(frozen=True)
class Fact:
    """One line of the header card: a label and a text, or a list of links (a person's current posts)."""

    label: str
    value: str = ""
    links: tuple[Link, ...] = ()
    url: str = ""  # the value links there (a website, an e-mail address)


@dataclass
class Row:
    """One related record as a section lists it."""

    label: str
    url: str = ""
    # A date, or a moment shown on the clock of `time_zone` (the place's), or of the site's zone when empty.
    when: datetime.date | datetime.datetime | None = None
    time_zone: str = ""
    details: tuple[str, ...] = ()  # short texts, shown joined by " · "
    excerpt: str = ""  # a longer text (the outcomes of a meeting), cut short
    badges: tuple[Badge, ...] = ()
    record: object = None  # the record shown, for the audit of confidential readings

    @property
    def when_label(self) -> str:
        """The date, or the moment on the place's clock with its zone (core.local_time): "2026年5月12日 9:30 UTC+7",
        naming the place's zone when it is not the site's ("... (Asia/Ho_Chi_Minh)")."""
        if self.when is None:
            return ""
        if not isinstance(self.when, datetime.datetime):
            return local_time.date_text(self.when)
        zone = self.time_zone or settings.TIME_ZONE
        text = local_time.clock_text(timezone.localtime(self.when, zoneinfo.ZoneInfo(zone)))
        return text if zone == settings.TIME_ZONE else f"{text} ({zone})"

    @property
    def shown_details(self) -> list[str]:
        return [str(detail) for detail in self.details if detail not in (None, "")]


@dataclass
class Section:
    key: str  # unique on the page: the heading's id, and a test's handle
    title: str
    rows: list[Row] = field(default_factory=list)
    empty_text: str = ""
    more_url: str = ""  # the full list: a timeline, a filtered listing
    more_label: str = ""
    add_url: str = ""  # "Add" beside the heading
    add_label: str = ""
    order: int = 100
    wide: bool = False  # across the page's columns (an itinerary, a table)
    # A section with markup of its own (a table of posts) names its template; it is given `section`.
    template_name: str = "core/record/rows.html"
    context: dict = field(default_factory=dict)
    records: list = field(default_factory=list)  # what a section with its own template shows, for the audit

    def shown_records(self) -> list:
        return [row.record for row in self.rows if row.record is not None] + list(self.records)


@dataclass(frozen=True)
class Action:
    label: str
    url: str
    icon: str = ""
    order: int = 100
    primary: bool = False
    title: str = ""  # said when hovering, e.g. which meeting a follow-up will be added to


def record_url(record, view: str = "inspect") -> str:
    """The URL of `record`'s page in the workspace (its snippet viewset's `view`), or "" when it has none."""
    viewset = getattr(type(record), "snippet_viewset", None)
    if viewset is None or record is None or record.pk is None:
        return ""
    try:
        return reverse(viewset.get_url_name(view), args=[quote(record.pk)])
    except NoReverseMatch:
        return ""


def facts(*pairs) -> list[Fact]:
    """Facts from (label, value) pairs or Fact objects, leaving out the empty ones: a page never says "None"."""
    result = []
    for pair in pairs:
        fact = pair if isinstance(pair, Fact) else Fact(label=pair[0], value=pair[1])
        value = fact.value
        if value is None or (isinstance(value, str) and not value.strip()):
            value = ""
        if value == "" and not fact.links:
            continue
        result.append(Fact(label=fact.label, value=str(value) if value != "" else "", links=fact.links, url=fact.url))
    return result


def confidentiality_badges(record) -> tuple[Badge, ...]:
    if getattr(record, "confidentiality", None) == Confidentiality.CONFIDENTIAL:
        return (Badge(str(_("Confidential")), "critical", icon="lock"),)
    return ()


def initials(*names: str) -> str:
    """Up to two letters for an avatar: the first letter of each of the first two names given."""
    letters = [name.strip()[0] for name in names if name and name.strip()]
    return "".join(letters[:2]).upper()


def months_between(start: datetime.date, today: datetime.date) -> int:
    """Whole months from `start` to `today` (0 when `start` is later)."""
    months = (today.year - start.year) * 12 + today.month - start.month - (1 if today.day < start.day else 0)
    return max(months, 0)


def duration_label(months: int) -> str:
    """ "2 years 3 months", "5 months", "less than a month"."""
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(ngettext("%(count)d year", "%(count)d years", years) % {"count": years})
    if months:
        parts.append(ngettext("%(count)d month", "%(count)d months", months) % {"count": months})
    return " ".join(parts) if parts else str(_("less than a month"))


def date_label(day: datetime.date | None) -> str:
    """A day as the workspace writes dates in the reader's language (core.local_time); "" for none."""
    return local_time.date_text(day) if day else ""


def tenure_label(start: datetime.date | None, today: datetime.date | None = None) -> str:
    """ "since 2023-04-01 (2 years 3 months)" for a post held since `start`; "" when the start is unknown."""
    if start is None:
        return ""
    today = today or timezone.localdate()
    return str(_("since %(date)s (%(duration)s)")) % {
        "date": date_label(start),
        "duration": duration_label(months_between(start, today)),
    }


def moment_range_label(starts_at: datetime.datetime, ends_at: datetime.datetime | None, time_zone: str = "") -> str:
    """ "2026年5月12日 9:30–11:00 UTC+7 (Asia/Ho_Chi_Minh)": on the place's clock (the site's when the record has
    no zone), the zone named; the end's date too when it is another day (core.local_time)."""
    return local_time.place_range_text(starts_at, ends_at, time_zone or settings.TIME_ZONE)


def site_time_label(moment: datetime.datetime, time_zone: str) -> str:
    """The same moment on the site's clock ("11:30 in Tokyo" in words the reader reads), when the place's zone is
    another one; "" otherwise."""
    if not time_zone or time_zone == settings.TIME_ZONE:
        return ""
    local = timezone.localtime(moment, zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return str(_("%(time)s in %(zone)s")) % {"time": local_time.clock_text(local), "zone": settings.TIME_ZONE}


class RecordPageView(KizunaInspectView):
    """The record page of one kind of record: the header card, actions and sections of core/record/page.html.

    A subclass fills `get_facts`, `get_sections` and `get_actions` (and its template the header's blocks); apps to
    the right add sections and actions through RECORD_SECTIONS_HOOK and RECORD_ACTIONS_HOOK.
    """

    template_name = "core/record/page.html"
    # Read with the record itself: what its header shows (a person's photo, a mission's country and tags).
    select_for_page: tuple[str, ...] = ()
    prefetch_for_page: tuple[str, ...] = ()

    def page_queryset(self, records):
        """The visible records, with what the header reads of them."""
        if self.select_for_page:
            records = records.select_related(*self.select_for_page)
        if self.prefetch_for_page:
            records = records.prefetch_related(*self.prefetch_for_page)
        return records

    def get_object(self, queryset=None):
        return get_object_or_404(self.page_queryset(self.visible_to(self.request.user)), pk=unquote(str(self.pk)))

    def get_fields(self):
        # The page says what matters itself; Wagtail's list of every column (ids, UIDs, search documents) is not
        # read at all.
        return []

    def get_page_title(self):
        return capfirst(self.model._meta.verbose_name)

    def get_facts(self) -> list[Fact]:
        return []

    def get_badges(self) -> tuple[Badge, ...]:
        return confidentiality_badges(self.object)

    def get_tags(self) -> list[str]:
        tags = getattr(self.object, "tags", None)
        return sorted(tag.name for tag in tags.all()) if tags is not None else []

    def get_sections(self) -> list[Section]:
        return []

    def get_actions(self) -> list[Action]:
        actions = []
        if edit_url := self.get_edit_url():
            actions.append(Action(str(_("Edit")), edit_url, icon="edit", order=90))
        return actions

    def all_sections(self) -> list[Section]:
        sections = list(self.get_sections())
        for add_sections in hooks.get_hooks(RECORD_SECTIONS_HOOK):
            sections.extend(add_sections(self.request, self.object) or [])
        return sorted(sections, key=lambda section: section.order)

    def all_actions(self) -> list[Action]:
        actions = list(self.get_actions())
        for add_actions in hooks.get_hooks(RECORD_ACTIONS_HOOK):
            actions.extend(add_actions(self.request, self.object) or [])
        return sorted(actions, key=lambda action: action.order)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.sections = self.all_sections()
        context.update(
            facts=self.get_facts(),
            badges=self.get_badges(),
            tags=self.get_tags(),
            actions=self.all_actions(),
            sections=self.sections,
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # The record itself is recorded by trust's middleware (a reading of its own page); the related records
        # are records of their own, shown here.
        listing_hooks.record_rows_shown(
            self.request,
            response,
            [record for section in self.sections for record in section.shown_records()],
            surface="related",
        )
        return response
