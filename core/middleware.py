"""Request-scoped middleware: request ids with one log line per request, and clean 503s when a dependency is down."""

import logging
import re
import time
import uuid

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.functional import empty
from django.utils.translation import gettext as _

from core.logging import request_id_var

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
            dependency = "database"
        elif _REDIS_ERRORS and isinstance(exception, _REDIS_ERRORS):
            dependency = "cache"
        else:
            return None
        dependency_logger.warning(
            "%s unavailable: %s", dependency, exception, extra={"dependency": dependency, "path": request.path}
        )
        message = _("The service is briefly unavailable. Please try again in a moment.")
        if "application/json" in request.headers.get("Accept", "") or request.path.startswith("/api/"):
            response = JsonResponse({"status": "unavailable", "dependency": dependency, "detail": message}, status=503)
        else:
            response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "5"
        return response
