"""Template helpers of the public site: navigation, language versions, hreflang, Open Graph."""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language_info
from wagtail.models import Locale, Page

from cms.i18n import url_prefix_for
from cms.models import HomePage

register = template.Library()

OPEN_GRAPH_LOCALES = {"ja": "ja_JP", "en": "en_US", "vi": "vi_VN", "ko": "ko_KR", "zh-hans": "zh_CN"}


@register.filter
def html_lang(language_code: str) -> str:
    """BCP 47 spelling for the lang and hreflang attributes: zh-hans -> zh-Hans."""
    parts = (language_code or "").split("-")
    return "-".join([parts[0].lower()] + [part.title() if len(part) == 4 else part.upper() for part in parts[1:]])


@register.filter
def language_name(language_code: str) -> str:
    """The language's own name (日本語, Tiếng Việt, 한국어 ...), as shown in the language switcher."""
    return get_language_info(language_code)["name_local"]


@register.filter
def open_graph_locale(language_code: str) -> str:
    return OPEN_GRAPH_LOCALES.get(language_code, language_code)


def _homes_by_language() -> dict[str, Page]:
    homes = HomePage.objects.live().select_related("locale")
    return {home.locale.language_code: home for home in homes}


def _subpath(page, request) -> str:
    """The part of the address below a routable page (an event's slug), carried over to other languages."""
    page_url = page.get_url(request) or ""
    path = request.path if request else ""
    if page_url and path.startswith(page_url):
        suffix = path[len(page_url) :]
        return "" if suffix == "easy/" else suffix
    return ""


@register.simple_tag(takes_context=True)
def language_versions(context, page=None):
    """One entry per public language: where this page is in that language, or that language's home page.

    `available` is False when the page has no version in that language; the switcher then says so instead of
    sending the visitor to a page in another language without warning.
    """
    request = context.get("request")
    current = translation.get_language()
    translations = {}
    suffix = ""
    if isinstance(page, Page) and page.pk:
        suffix = _subpath(page, request)
        for version in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[version.locale.language_code] = version
    homes = _homes_by_language()
    versions = []
    for code, _name in settings.LANGUAGES:
        version = translations.get(code)
        target = version or homes.get(code)
        url = (target.get_url(request) + (suffix if version else "")) if target else None
        versions.append(
            {
                "code": code,
                "prefix": url_prefix_for(code),
                "name": language_name(code),
                "url": url,
                "full_url": request.build_absolute_uri(url) if request and url else url,
                "available": version is not None,
                "current": code == current,
            }
        )
    return versions


@register.simple_tag(takes_context=True)
def public_navigation(context):
    """The home page of the active language and its menu pages."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    locale = Locale.objects.filter(language_code=language).first()
    home = HomePage.objects.live().filter(locale=locale).first() if locale else None
    if home is None:
        return {"home": None, "items": []}
    page = context.get("page")
    current_path = page.path if isinstance(page, Page) else ""
    items = [
        {"page": item, "current": bool(current_path) and current_path.startswith(item.path)}
        for item in home.get_children().live().public().in_menu()
    ]
    return {"home": home, "items": items}


@register.simple_tag(takes_context=True)
def absolute_url(context, relative_url):
    request = context.get("request")
    if not relative_url:
        return ""
    return request.build_absolute_uri(relative_url) if request else relative_url
