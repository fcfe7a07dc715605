"""Reads for the public site. Only live, public pages and only public events ever leave this module.

Events come from the CRM through events.selectors (the one visibility source for events); the functions here
only narrow them for a page.
"""

from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import QuerySet
from django.urls import reverse
from taggit.models import Tag
from wagtail.models import Locale

from events import selectors as event_selectors
from partners.models import Country, PartnerRegion

from .models import NewsIndexPage, NewsPage

# News ----------------------------------------------------------------------------------------------------


def live_news() -> QuerySet[NewsPage]:
    """Every published, unrestricted news article, newest first, with what a listing shows prefetched."""
    return (
        NewsPage.objects.live()
        .public()
        .defer_streamfields()
        .select_related("listing_image", "locale")
        .prefetch_related("listing_image__renditions", "countries", "partner_regions")
        .order_by("-date", "-id")
    )


def latest_news(*, locale: Locale, limit: int, partner_region: PartnerRegion | None = None) -> list[NewsPage]:
    news = live_news().filter(locale=locale)
    if partner_region is not None:
        news = news.filter(partner_regions=partner_region)
    return list(news[:limit])


@dataclass(frozen=True)
class NewsFilter:
    """The visitor's filter on a news index, read from the query string; unknown values filter nothing out."""

    country: str = ""
    region: str = ""
    tag: str = ""

    @classmethod
    def from_query(cls, query) -> "NewsFilter":
        return cls(
            country=(query.get("country") or "").strip().upper()[:2],
            region=(query.get("region") or "").strip()[:100],
            tag=(query.get("tag") or "").strip()[:100],
        )

    @property
    def is_active(self) -> bool:
        return bool(self.country or self.region or self.tag)

    @property
    def query_prefix(self) -> str:
        """The filter as the start of a query string ("country=VN&tag=trade&"), for links to its other pages."""
        fields = (("country", self.country), ("region", self.region), ("tag", self.tag))
        return "".join(f"{name}={quote(value, safe='/')}&" for name, value in fields if value)

    def apply(self, news: QuerySet[NewsPage]) -> QuerySet[NewsPage]:
        if self.country:
            news = news.filter(countries__code=self.country)
        if self.region:
            news = news.filter(partner_regions__slug=self.region)
        if self.tag:
            news = news.filter(tags__slug=self.tag)
        return news.distinct() if self.is_active else news

    def choices(self, *, index: NewsIndexPage) -> dict:
        """Countries, regions and tags that at least one article of this index carries."""
        article_ids = news_in(index=index).values("id")
        return {
            "countries": list(Country.objects.filter(news_pages__in=article_ids).distinct().order_by("code")),
            "regions": list(PartnerRegion.objects.filter(news_pages__in=article_ids).distinct().order_by("name")),
            "tags": list(Tag.objects.filter(cms_newspagetag_items__content_object__in=article_ids).distinct()),
        }


def news_in(*, index: NewsIndexPage, news_filter: NewsFilter | None = None) -> QuerySet[NewsPage]:
    news = live_news().child_of(index)
    return news_filter.apply(news) if news_filter else news


def news_index_for(locale: Locale) -> NewsIndexPage | None:
    return NewsIndexPage.objects.live().filter(locale=locale).first()


# Events --------------------------------------------------------------------------------------------------


def upcoming_events(*, partner_region: PartnerRegion | None = None):
    events = event_selectors.upcoming_public_events()
    if partner_region is not None:
        events = events.filter(regions=partner_region)
    return events


def past_events(*, year: int):
    return event_selectors.past_public_events(year=year)


def event_archive_years() -> list[int]:
    return event_selectors.past_public_event_years()


def public_event(*, slug: str):
    return event_selectors.public_event_by_slug(slug)


def event_page_urls(request, language: str):
    """For the calendar feeds (events.feeds.register_event_page_urls): event -> its public page, looked up once."""
    from django.conf import settings

    from .i18n import language_from_path
    from .models import EventIndexPage

    wanted = language_from_path(f"/{(language or '').lower()}/") or settings.LANGUAGE_CODE
    indexes = {
        index.locale.language_code: index
        for index in EventIndexPage.objects.live()
        .select_related("locale")
        .filter(locale__language_code__in={wanted, settings.LANGUAGE_CODE})
    }
    index = indexes.get(wanted) or indexes.get(settings.LANGUAGE_CODE)
    if index is None:
        # No public site set up (yet): keep the feeds' own default, the single-event download.
        template = request.build_absolute_uri(reverse("events:event_ics", kwargs={"slug": "SLUG"}))
        return lambda event: template.replace("SLUG", event.slug)
    relative = index.get_url(request)
    base = request.build_absolute_uri(relative) if request is not None else index.get_full_url()
    return lambda event: f"{base}{event.slug}/" if event.is_public else None
