"""Request-scoped middleware: request ids with one log line per request, a clean 400 for parameters no view can use,
and clean 503s when a dependency is down (and only then)."""

import logging
import re
import sqlite3
import time
import uuid
from urllib.parse import parse_qsl

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.functional import empty
from django.utils.translation import gettext as _

from core.logging import request_id_var
from core.text import SEARCH_QUERY_MAX_LENGTH

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy-supplied id is trusted only when it cannot smuggle anything into a log line or a header.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

request_logger = logging.getLogger("kizuna.request")
dependency_logger = logging.getLogger("kizuna.dependency")

try:  # redis is a production dependency; the demo may run without the package imported anywhere else.
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    _REDIS_ERRORS: tuple[type[BaseException], ...] = (RedisConnectionError, RedisTimeoutError)
except ImportError:  # pragma: no cover - redis is pinned in requirements.txt
    _REDIS_ERRORS = ()


try:  # psycopg is the production driver; errors it raises outside Django's wrapper (closing a server-side cursor
    # while rendering a template that iterates a queryset) escape as psycopg's own classes, not django.db's.
    import psycopg

    _DATABASE_ERRORS: tuple[type[BaseException], ...] = (
        OperationalError,
        InterfaceError,
        psycopg.OperationalError,
        psycopg.InterfaceError,
    )
except ImportError:  # pragma: no cover - the demo on SQLite may run without psycopg
    _DATABASE_ERRORS = (OperationalError, InterfaceError)


def incoming_request_id(request) -> str:
    """The X-Request-ID the proxy sent when it is well-formed, a fresh random id otherwise."""
    candidate = request.headers.get(REQUEST_ID_HEADER, "")
    if _VALID_REQUEST_ID.match(candidate):
        return candidate
    return uuid.uuid4().hex


def resolved_user_id(request):
    """The signed-in user's id if the request already loaded it; logging must not cost a session lookup."""
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is None or wrapped is empty or not getattr(wrapped, "is_authenticated", False):
        return None
    return wrapped.pk


class RequestIdMiddleware:
    """Gives each request an id (honouring X-Request-ID), echoes it in the response and logs one line per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = incoming_request_id(request)
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": resolved_user_id(request),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


# Longer query strings are refused: a link or a form of Kizuna never comes near, and each view would otherwise parse
# whatever it is sent.
QUERY_STRING_MAX_LENGTH = 16_384
# The parameters the workspace's searches read (listings, choosers, autocompletes, the admin API). Kizuna's own search
# reads at most as much (core.text); Wagtail's nests one more expression per word, and somewhat over a hundred words
# exceed Python's recursion limit (sooner on PostgreSQL): a longer search is refused before it gets there.
SEARCH_PARAMETERS = frozenset({"q", "search", "term"})
SEARCH_PARAMETER_MAX_LENGTH = SEARCH_QUERY_MAX_LENGTH
SEARCH_PARAMETER_MAX_WORDS = 32
_FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def _raw(text: str) -> bytes:
    """The bytes a WSGI server passed as `text` (PEP 3333: decoded as ISO-8859-1); an ASGI server's UTF-8 text."""
    try:
        return text.encode("iso-8859-1")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def parameters_problem(raw: bytes) -> str | None:
    """Why the URL-encoded parameters `raw` cannot be used, or None: bytes that are not UTF-8 (a lone surrogate such
    as %ED%A0%80 is not), a NUL character, which no text field or database column holds, or a search too long."""
    try:
        pairs = parse_qsl(
            raw.decode("utf-8"),  # percent-encoded as a rule, but clients may send UTF-8 as it is
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        )
    except UnicodeDecodeError:
        return _("The request holds characters that are not valid text (UTF-8). Check the address or the form.")
    except ValueError:
        return None  # more fields than allowed: Django refuses the request itself when the view reads them
    if any("\x00" in key or "\x00" in value for key, value in pairs):
        return _("The request holds a NUL character, which no field accepts. Remove it and try again.")
    searches = [value for key, value in pairs if key in SEARCH_PARAMETERS]
    if any(
        len(value) > SEARCH_PARAMETER_MAX_LENGTH or len(value.split()) > SEARCH_PARAMETER_MAX_WORDS
        for value in searches
    ):
        return _("The search is too long: at most %(characters)s characters and %(words)s words.") % {
            "characters": SEARCH_PARAMETER_MAX_LENGTH,
            "words": SEARCH_PARAMETER_MAX_WORDS,
        }
    return None


def _refusal(request, http_status: int, message: str, **details) -> HttpResponse:
    """`message` as plain text, or as JSON (with `details`) for a client that reads JSON."""
    if "application/json" in request.headers.get("Accept", "") or request.path.startswith("/api/"):
        return JsonResponse({**details, "detail": message}, status=http_status)
    return HttpResponse(message, status=http_status, content_type="text/plain; charset=utf-8")


class InvalidParametersMiddleware:
    """Answers 400 with a message for query strings and URL-encoded forms that no view can use, before any view
    passes them to the database (a NUL in a search made SQLite fail, which read as an outage: a 503).

    Multipart forms are left to the forms, whose fields refuse NUL (Django) and control characters
    (core.validators) with a message beside the field; their bodies are not read here, so uploads stream as before.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self.problem(request)
        if problem is not None:
            return _refusal(request, 400, problem, status="invalid")
        return self.get_response(request)

    def problem(self, request) -> str | None:
        query = request.META.get("QUERY_STRING", "")
        if len(query) > QUERY_STRING_MAX_LENGTH:
            return _("The address is too long (at most %(limit)s characters after the “?”). Shorten the search.") % {
                "limit": f"{QUERY_STRING_MAX_LENGTH:,}"
            }
        problem = parameters_problem(_raw(query)) if query else None
        if problem is None and request.method == "POST" and request.content_type == _FORM_CONTENT_TYPE:
            # request.body is bounded by DATA_UPLOAD_MAX_MEMORY_SIZE (a larger one is refused with a 400).
            problem = parameters_problem(request.body)
        return problem


# SQLite's errors that mean the database cannot be used right now; its other OperationalErrors ("no such table",
# a full-text query it cannot parse, a statement too deep) are bugs or bad input, not an outage.
_SQLITE_UNAVAILABLE = (
    "database is locked",
    "database table is locked",
    "unable to open",
    "disk i/o error",
    "disk is full",
)


def is_outage(exception) -> bool:
    """Whether a database error means the database is unavailable (a 503 the client should retry)."""
    cause = exception.__cause__ if isinstance(exception, OperationalError) else exception
    if isinstance(cause, sqlite3.Error):
        message = str(cause).lower()
        return any(phrase in message for phrase in _SQLITE_UNAVAILABLE)
    return True


class DependencyUnavailableMiddleware:
    """Turns a lost database or cache connection into a 503 with Retry-After instead of a 500.

    While PostgreSQL or Redis restarts, requests fail; clients and proxies should retry, not report a bug.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, _DATABASE_ERRORS):
            if not is_outage(exception):
                return None
            dependency = "database"
        elif _REDIS_ERRORS and isinstance(exception, _REDIS_ERRORS):
            dependency = "cache"
        else:
            return None
        dependency_logger.warning(
            "%s unavailable: %s", dependency, exception, extra={"dependency": dependency, "path": request.path}
        )
        message = _("The service is briefly unavailable. Please try again in a moment.")
        response = _refusal(request, 503, message, status="unavailable", dependency=dependency)
        response["Retry-After"] = "5"
        return response
