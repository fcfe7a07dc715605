"""Whole-response cache for the public site.

Only anonymous GET/HEAD requests without a session are served from or stored in the cache, so editors (who are
signed in) always see fresh pages with their user bar and never have their pages stored for others. The key is the
full path, which carries the language prefix (/ja/, /zh/ ...) and the query string (filters, pagination), so one
language can never be served for another. Any publish, unpublish, move or delete of a page, and any change of a
CRM event, moves the cache to a new generation; the timeout bounds staleness of time-dependent lists (upcoming
events) anyway.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from core import versions

PUBLIC_PAGE_TIMEOUT = getattr(settings, "KIZUNA_PUBLIC_PAGE_CACHE_SECONDS", 300)
GENERATION_KEY = "cms:public-html:generation"
CACHE_STATUS_HEADER = "X-Kizuna-Cache"


def invalidate_public_pages(**_signal_kwargs) -> None:
    versions.move_on(GENERATION_KEY)


def mark_cacheable(request) -> None:
    """Called while serving a page that anyone may see (no view restriction)."""
    request.kizuna_public_cacheable = True


def _may_use_cache(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.user.is_authenticated
    )


def _key(request) -> str:
    digest = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
    return f"cms:public-html:{versions.current(GENERATION_KEY)}:{digest}"


def cache_public_page(view):
    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not _may_use_cache(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
            response[CACHE_STATUS_HEADER] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if (
            response.status_code == 200
            and getattr(request, "kizuna_public_cacheable", False)
            and not response.streaming
            and not response.cookies
        ):
            cache.set(key, (response.content, response["Content-Type"]), PUBLIC_PAGE_TIMEOUT)
            response[CACHE_STATUS_HEADER] = "miss"
        return response

    return cached_view
