"""Pages of the public site. Wagtail pages are created in the tree (add_child) and published, like editors do."""

import datetime
import itertools
import zoneinfo

from cms.models import ContentPage, NewsPage
from cms.services import publish_new_page
from partners.models import PartnerRegion
from tests.factories import partners as partner_factories

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
_numbers = itertools.count(1)


def news_page(*, index, publish=True, countries=(), partner_regions=(), tags=(), **fields) -> NewsPage:
    number = next(_numbers)
    fields.setdefault("title", f"交流ニュース {number}")
    fields.setdefault("slug", f"news-{number}")
    fields.setdefault("summary", f"記事 {number} の概要")
    fields.setdefault("date", datetime.datetime(2025, 7, 1, 9, 0, tzinfo=TOKYO) + datetime.timedelta(days=number))
    fields.setdefault("body", [{"type": "paragraph", "value": f"<p>本文 {number}</p>"}])
    page = NewsPage(locale=index.locale, **fields)
    if publish:
        publish_new_page(parent=index, page=page)
    else:
        page.live = False
        index.add_child(instance=page)
        page.save_revision()
    if countries or partner_regions or tags:
        page.countries.set(countries)
        page.partner_regions.set(partner_regions)
        page.tags.set(list(tags))
        revision = page.save_revision()
        if publish:
            revision.publish()
    return page


def content_page(*, parent, **fields) -> ContentPage:
    number = next(_numbers)
    fields.setdefault("title", f"お知らせ {number}")
    fields.setdefault("slug", f"content-{number}")
    return publish_new_page(parent=parent, page=ContentPage(locale=parent.locale, **fields))


def partner_region(*, country_code="VN", **fields) -> PartnerRegion:
    number = next(_numbers)
    fields.setdefault("name", f"Province {number}")
    fields.setdefault("slug", f"province-{number}")
    return PartnerRegion.objects.create(country=partner_factories.country(country_code), **fields)
