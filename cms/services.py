"""Writes of the public site: building the page tree of every locale, and publishing pages."""

import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Locale, Page, PageLogEntry, Site
from wagtail.search.backends import get_search_backend

from core.resources import insert_rows

from .cache import invalidate_public_pages
from .models import EventIndexPage, HomePage, NewsIndexPage

# The fixed skeleton of each locale: titles as an editor would type them, the same slug in every language so
# addresses line up (/ja/news/, /vi/news/ ...). Editors rename freely afterwards; re-running never overwrites.
SITE_TITLES = {
    "ja": {"home": "国際交流", "news": "ニュース", "events": "イベント"},
    "en": {"home": "International exchange", "news": "News", "events": "Events"},
    "vi": {"home": "Giao lưu quốc tế", "news": "Tin tức", "events": "Sự kiện"},
    "ko": {"home": "국제 교류", "news": "뉴스", "events": "행사"},
    "zh-hans": {"home": "国际交流", "news": "新闻", "events": "活动"},
}
# Stable translation keys tie the five versions of each skeleton page together across re-runs and machines.
TRANSLATION_KEYS = {
    "home": uuid.UUID("6a1f0c2e-6b8e-4a55-9f0e-7d7b1c3b0001"),
    "news": uuid.UUID("6a1f0c2e-6b8e-4a55-9f0e-7d7b1c3b0002"),
    "events": uuid.UUID("6a1f0c2e-6b8e-4a55-9f0e-7d7b1c3b0003"),
}


@dataclass
class LocaleTree:
    home: HomePage
    news_index: NewsIndexPage
    events_index: EventIndexPage


@dataclass
class SiteTree:
    by_language: dict[str, LocaleTree] = field(default_factory=dict)
    created: list[Page] = field(default_factory=list)


def publish_new_page(*, parent: Page, page: Page, user=None) -> Page:
    """Add `page` under `parent` and publish it, recording creation and publication in the audit log."""
    parent.add_child(instance=page)
    log(instance=page, action="wagtail.create", user=user)
    page.save_revision(user=user, log_action=False).publish(user=user)
    return page


def create_live_page(*, parent: Page, page: Page, user=None) -> Page:
    """Add a structural page (home, index) live without a first revision; editing it later starts its history.

    Cheaper than publish_new_page (no revision, no publish signals), which matters for the fifteen skeleton pages
    built for every test and every fresh install.
    """
    page.live = True
    page.first_published_at = page.last_published_at = timezone.now()
    parent.add_child(instance=page)
    log(instance=page, action="wagtail.create", user=user)
    return page


@transaction.atomic
def create_live_pages_in_bulk(*, parent: Page, pages: list[Page], user=None) -> list[Page]:
    """Append `pages` (unsaved, all of one specific type, no child rows such as tags) live under `parent` with a
    few statements in all, for benchmark volumes: `add_child` costs about 150 ms a page (tree locking, signals,
    reference index), 1,980 pages were five minutes of seeding.

    Keeps what `add_child` keeps: treebeard's path/depth/numchild (paths continue after the parent's last child),
    url_path, draft_title, a fresh translation key, the search index, a "wagtail.create" audit entry per page
    and a new public cache generation. Like create_live_page there is no first revision; no page signals are sent.
    """
    if not pages:
        return []
    model = type(pages[0])
    if any(type(page) is not model for page in pages):
        raise ValueError("create_live_pages_in_bulk takes pages of one type.")
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    last_child = parent.get_last_child()
    step = Page._str2int(last_child.path[-Page.steplen :]) if last_child else 0
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    for page in pages:
        step += 1
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, step)
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.title
        page.content_type = content_type
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.last_published_at = page.first_published_at or now
        page.locale_id = page.locale_id or parent.locale_id
        page.translation_key = page.translation_key or uuid.uuid4()
    page_fields = Page._meta.concrete_fields
    keys = insert_rows(
        Page,
        [
            {field.attname: getattr(page, field.attname) for field in page_fields if not field.primary_key}
            for page in pages
        ],
        returning_pk=True,
    )
    for page, key in zip(pages, keys, strict=True):
        page.id = page.page_ptr_id = key
        page._state.adding, page._state.db = False, connection.alias
    # The specific table (page_ptr_id plus the page type's own fields): insert_rows writes one table, and the
    # inherited fields live in wagtailcore_page.
    own_fields = list(model._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in own_fields)
    placeholders = ", ".join(["%s"] * len(own_fields))
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608 - names from model metadata
            [
                [field.get_db_prep_save(getattr(page, field.attname), connection) for field in own_fields]
                for page in pages
            ],
        )
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    PageLogEntry.objects.bulk_create(
        [
            PageLogEntry(
                page_id=page.pk,
                content_type=content_type,
                label=page.get_admin_display_title(),
                action="wagtail.create",
                timestamp=now,
                user=user,
            )
            for page in pages
        ]
    )
    get_search_backend().add_bulk(model, pages)
    invalidate_public_pages()
    return pages


def _ensure_child(*, parent: Page, model, key: str, locale: Locale, title: str, user, tree: SiteTree) -> Page:
    existing = model.objects.filter(translation_key=TRANSLATION_KEYS[key], locale=locale).first()
    if existing is not None:
        return existing
    page = model(title=title, slug=key, locale=locale, translation_key=TRANSLATION_KEYS[key], show_in_menus=True)
    create_live_page(parent=parent, page=page, user=user)
    tree.created.append(page)
    return page


@transaction.atomic
def set_up_public_site(*, user=None) -> SiteTree:
    """Create the locales and each locale's home, news index and events index; point the default site at the
    Japanese home. Idempotent: existing pages (matched by translation key and locale) are left untouched.
    Wagtail's placeholder "Welcome" page is removed when it is still the untouched default.
    """
    tree = SiteTree()
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    root = Page.get_first_root_node()
    if root is None:  # a flushed database (Wagtail's migration normally creates the root)
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))

    for code, _name in settings.LANGUAGES:
        locale = Locale.objects.get(language_code=code)
        titles = SITE_TITLES.get(code, SITE_TITLES["en"])
        home = HomePage.objects.filter(translation_key=TRANSLATION_KEYS["home"], locale=locale).first()
        if home is None:
            home = HomePage(
                title=titles["home"],
                slug=f"home-{code}",
                locale=locale,
                translation_key=TRANSLATION_KEYS["home"],
            )
            create_live_page(parent=root, page=home, user=user)
            tree.created.append(home)
        news = _ensure_child(
            parent=home, model=NewsIndexPage, key="news", locale=locale, title=titles["news"], user=user, tree=tree
        )
        events = _ensure_child(
            parent=home, model=EventIndexPage, key="events", locale=locale, title=titles["events"], user=user, tree=tree
        )
        tree.by_language[code] = LocaleTree(home=home, news_index=news, events_index=events)

    default_home = tree.by_language[settings.LANGUAGE_CODE].home
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=default_home, is_default_site=True)
    elif site.root_page_id != default_home.pk:
        placeholder = site.root_page
        site.root_page = default_home
        site.save()
        if type(placeholder.specific) is Page and placeholder.depth == 2 and placeholder.is_leaf():
            placeholder.delete()
    return tree
