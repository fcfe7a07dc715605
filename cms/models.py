"""The public site's page types.

The tree per locale is: HomePage > NewsIndexPage > NewsPage, HomePage > EventIndexPage, HomePage > ContentPage,
HomePage > PartnerRegionPage. Every locale has its own copy of the tree (Wagtail i18n); `setup_public_site`
builds it. Events are not pages: the CRM's events (events.Event) are the one source and EventIndexPage renders
them through events.selectors.
"""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from partners.models import Country, PartnerRegion

from .blocks import BodyBlock

NEWS_PER_PAGE = 12
# The events index and each year of its archive show this many event cards a page (an office with years of
# public events had every one of them on one page: 2.2 s to render at size L).
EVENTS_PER_PAGE = 24


def page_of(items, request, per_page: int):
    """The page of `items` that `?page=` asks for: the first for a missing or non-numeric number, 404 past the end."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage as error:
        raise Http404 from error


INTRO_FEATURES = ["bold", "italic", "link"]


class PublicPage(Page):
    """Shared behaviour of every public page: Open Graph data and the language the content is really in."""

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events_index = EventIndexPage.objects.live().filter(locale_id=self.locale_id).first()
        context["events_index_url"] = events_index.get_url(request) if events_index else ""
        return context

    def og_description(self) -> str:
        return self.search_description or ""

    def og_image(self):
        return None

    def content_language(self) -> str:
        """The language of the text on the page.

        An alias created by "synchronise translations" shows the source page's text until an editor translates
        it, so it must not claim to be in its own locale's language.
        """
        if self.alias_of_id:
            return self.alias_of.locale.language_code
        return self.locale.language_code


class EasyJapaneseMixin(models.Model):
    """やさしい日本語: an optional plain-Japanese version of a Japanese page, for foreign residents.

    Editors write it in the "Easy Japanese" tab of the same page, so it is reviewed and published together with
    the standard text, and shown at the page's `easy/` address with a link from the standard version.
    """

    easy_title = models.CharField(
        _("title in Easy Japanese"), max_length=255, blank=True, help_text=_("The title written in Easy Japanese.")
    )
    easy_body = StreamField(
        BodyBlock(),
        verbose_name=_("body in Easy Japanese"),
        blank=True,
        help_text=_("Short sentences, everyday words, furigana in brackets for difficult kanji."),
    )

    class Meta:
        abstract = True

    easy_panels = [FieldPanel("easy_title"), FieldPanel("easy_body")]

    @property
    def has_easy_version(self) -> bool:
        return self.locale.language_code == "ja" and bool(self.easy_title and self.easy_body)

    @path("")
    def standard_version(self, request, *args, **kwargs):
        return self.render(request)

    @path("easy/", name="easy")
    def easy_version(self, request):
        if not self.has_easy_version:
            raise Http404
        return self.render(request, context_overrides={"easy": True})

    @classmethod
    def with_easy_tab(cls, content_panels, promote_panels, settings_panels):
        return TabbedInterface(
            [
                ObjectList(content_panels, heading=_("Content")),
                ObjectList(cls.easy_panels, heading=_("Easy Japanese")),
                ObjectList(promote_panels, heading=_("Promote")),
                ObjectList(settings_panels, heading=_("Settings")),
            ]
        )


class HomePage(PublicPage):
    intro = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.NewsIndexPage", "cms.EventIndexPage", "cms.ContentPage", "cms.PartnerRegionPage"]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        from .selectors import latest_news, news_index_for, upcoming_events

        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = latest_news(locale=self.locale, limit=3)
        context["news_index"] = news_index_for(self.locale)
        context["upcoming_events"] = upcoming_events()[:3]
        return context


class NewsIndexPage(RoutablePageMixin, PublicPage):
    intro = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    @path("")
    def news_list(self, request):
        from .selectors import NewsFilter, news_in

        news_filter = NewsFilter.from_query(request.GET)
        articles = page_of(news_in(index=self, news_filter=news_filter), request, NEWS_PER_PAGE)
        return self.render(
            request,
            context_overrides={
                "articles": articles,
                "news_filter": news_filter,
                "filter_choices": news_filter.choices(index=self),
            },
        )

    @path("rss/", name="rss")
    def rss_feed(self, request):
        from .feeds import NewsRssFeed

        return NewsRssFeed(index=self)(request)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        from .feeds import NewsAtomFeed

        return NewsAtomFeed(index=self)(request)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("cms.NewsPage", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("news tag")
        verbose_name_plural = _("news tags")


class NewsPage(EasyJapaneseMixin, RoutablePageMixin, PublicPage):
    date = models.DateTimeField(_("date"), default=timezone.now, help_text=_("Shown on the article and in feeds."))
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One paragraph shown in listings, feeds and link previews.")
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("listing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    listing_image_alt = models.CharField(
        _("listing image alternative text"),
        max_length=300,
        blank=True,
        help_text=_("Describe the image; leave empty only when it is purely decorative."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    countries = ParentalManyToManyField(Country, verbose_name=_("countries"), blank=True, related_name="news_pages")
    partner_regions = ParentalManyToManyField(
        PartnerRegion, verbose_name=_("partner regions"), blank=True, related_name="news_pages"
    )
    tags = ClusterTaggableManager(verbose_name=_("tags"), through=NewsPageTag, blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("summary"), FieldPanel("listing_image"), FieldPanel("listing_image_alt")],
            heading=_("Listing"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("countries"), FieldPanel("partner_regions"), FieldPanel("tags")], heading=_("Topics")
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        indexes = [models.Index(fields=["date"], name="cms_newspage_date")]

    def __str__(self):
        return self.title

    def og_description(self) -> str:
        return self.search_description or self.summary

    def og_image(self):
        return self.listing_image


NewsPage.edit_handler = NewsPage.with_easy_tab(
    NewsPage.content_panels, NewsPage.promote_panels, NewsPage.settings_panels
)


class EventIndexPage(RoutablePageMixin, PublicPage):
    """Renders the CRM's public events; the events themselves are edited in the staff workspace, not here."""

    intro = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("events index")
        verbose_name_plural = _("events indexes")

    @path("")
    def upcoming(self, request):
        from .selectors import event_archive_years, upcoming_events

        return self.render(
            request,
            context_overrides={
                "events": page_of(upcoming_events(), request, EVENTS_PER_PAGE),
                "archive_years": event_archive_years(),
            },
        )

    @path("archive/<int:year>/", name="archive")
    def archive(self, request, year):
        from .selectors import event_archive_years, past_events

        years = event_archive_years()
        if year not in years:
            raise Http404
        return self.render(
            request,
            template="cms/event_archive.html",
            context_overrides={
                "events": page_of(past_events(year=year), request, EVENTS_PER_PAGE),
                "year": year,
                "archive_years": years,
            },
        )

    @path("<slug:slug>/", name="event")
    def event(self, request, slug):
        from .selectors import public_event

        event = public_event(slug=slug)
        if event is None:
            raise Http404
        return self.render(request, template="cms/event_page.html", context_overrides={"event": event})

    def get_sitemap_urls(self, request=None):
        from .selectors import upcoming_events

        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base:
            for event in upcoming_events():
                urls.append({"location": base + self.reverse_subpage("event", kwargs={"slug": event.slug})})
        return urls


class PartnerRegionPage(PublicPage):
    """Our ties with one partner region, with its news and events gathered from the rest of the site."""

    partner_region = models.ForeignKey(
        PartnerRegion, verbose_name=_("partner region"), on_delete=models.PROTECT, related_name="public_pages"
    )
    intro = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)
    body = StreamField(
        BodyBlock(),
        verbose_name=_("our ties"),
        blank=True,
        help_text=_("The history of the relationship, agreements, exchanges."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [*Page.content_panels, FieldPanel("partner_region"), FieldPanel("intro"), FieldPanel("body")]
    promote_panels = [*Page.promote_panels, FieldPanel("image")]
    parent_page_types = ["cms.HomePage", "cms.ContentPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("partner region page")
        verbose_name_plural = _("partner region pages")

    def og_image(self):
        return self.image

    def get_context(self, request, *args, **kwargs):
        from .selectors import latest_news, upcoming_events

        context = super().get_context(request, *args, **kwargs)
        context["region_news"] = latest_news(locale=self.locale, limit=5, partner_region=self.partner_region)
        context["region_events"] = upcoming_events(partner_region=self.partner_region)[:5]
        return context


class ContentPage(EasyJapaneseMixin, RoutablePageMixin, PublicPage):
    intro = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.ContentPage"]
    subpage_types = ["cms.ContentPage", "cms.PartnerRegionPage"]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")

    def __str__(self):
        return self.title


ContentPage.edit_handler = ContentPage.with_easy_tab(
    ContentPage.content_panels, ContentPage.promote_panels, ContentPage.settings_panels
)


def home_for_language(language_code: str | None = None):
    """The live home page of a language, or None. Used by the navigation and the 404 page."""
    from wagtail.models import Locale

    try:
        locale = Locale.objects.get(language_code=language_code or settings.LANGUAGE_CODE)
    except Locale.DoesNotExist:
        return None
    return HomePage.objects.live().filter(locale=locale).first()
