"""Public URL prefixes for languages.

Django and Wagtail keep the language code ``zh-hans`` (it selects their own Simplified Chinese catalogues, date
formats and the Wagtail locale), while visitors see the short, stable ``/zh/`` prefix the prefecture publishes.
Every other language uses its code as its prefix.
"""

import re

from django.conf import settings
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, URLResolver, get_script_prefix, is_valid_path, resolve
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation
from django.utils.cache import patch_vary_headers

URL_PREFIX_BY_LANGUAGE = {"zh-hans": "zh"}
# The staff workspace and Django's admin are not under a language prefix: their 404s stay 404s.
LANGUAGE_NEUTRAL_PREFIXES = ("/admin/", "/django-admin/")
_LANGUAGE_CODE_PREFIX = re.compile(r"^/(\w+([@-]\w+){0,2})(/|$)")


def url_prefix_for(language_code: str) -> str:
    return URL_PREFIX_BY_LANGUAGE.get(language_code.lower(), language_code)


def language_from_path(path: str) -> str | None:
    """The language a public path is in, only when it uses the published prefix (``/zh/``, never ``/zh-hans/``)."""
    match = _LANGUAGE_CODE_PREFIX.match(path)
    if not match:
        return None
    prefix = match[1].lower()
    for code, _name in settings.LANGUAGES:
        if url_prefix_for(code) == prefix:
            return code
    return None


class PublicLocalePrefixPattern(LocalePrefixPattern):
    @property
    def language_prefix(self):
        language_code = translation.get_language() or settings.LANGUAGE_CODE
        if language_code == settings.LANGUAGE_CODE and not self.prefix_default_language:
            return ""
        return f"{url_prefix_for(language_code)}/"


def public_i18n_patterns(*urls):
    """Like ``i18n_patterns(..., prefix_default_language=True)`` but with the public prefixes above."""
    return [URLResolver(PublicLocalePrefixPattern(prefix_default_language=True), list(urls))]


def _is_public_miss(request) -> bool:
    """A 404 that a language prefix might fix: not already prefixed, not the workspace, and not a language-neutral
    URL whose view said "no such record" (an unknown calendar token is not found in /ja/ either)."""
    path = request.path_info
    if language_from_path(path) or path.startswith(LANGUAGE_NEUTRAL_PREFIXES):
        return False
    try:
        resolve(path, getattr(request, "urlconf", None))
    except Resolver404:
        return True
    return False


class PublicLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, redirecting prefix-less paths to the *public* prefix (``/`` -> ``/zh/``)."""

    def process_request(self, request):
        # Only the published prefix selects a language from the path; Accept-Language and the language cookie
        # decide elsewhere (Django's own get_language_from_path would also accept /zh-hans/ and /zh-cn/).
        language = language_from_path(request.path_info) or translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        alias = translation.get_language_from_path(request.path_info)
        if response.status_code == 404 and alias and not language_from_path(request.path_info):
            # /zh-hans/... or /zh-cn/...: the same language under another spelling; send visitors to /zh/...
            typed = _LANGUAGE_CODE_PREFIX.match(request.path_info)[1]
            url = request.get_full_path().replace(f"/{typed}/", f"/{url_prefix_for(alias)}/", 1)
            if url != request.get_full_path():
                return HttpResponseRedirect(url)
        if response.status_code == 404 and _is_public_miss(request):
            urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
            prefix = url_prefix_for(translation.get_language() or settings.LANGUAGE_CODE)
            language_path = f"/{prefix}{request.path_info}"
            needs_slash = (
                not is_valid_path(language_path, urlconf)
                and settings.APPEND_SLASH
                and not language_path.endswith("/")
                and is_valid_path(f"{language_path}/", urlconf)
            )
            if is_valid_path(language_path, urlconf) or needs_slash:
                script_prefix = get_script_prefix()
                url = request.get_full_path(force_append_slash=needs_slash).replace(
                    script_prefix, f"{script_prefix}{prefix}/", 1
                )
                redirect = HttpResponseRedirect(url)
                redirect.headers["Vary"] = "Accept-Language, Cookie"
                return redirect
        # Django's own process_response would redirect every other 404 (the workspace's too) to a prefixed URL, so
        # only its header handling is kept.
        if not language_from_path(request.path_info):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
