"""Structured logging: one JSON object per line, carrying the id of the request that produced it.

Production points Django's LOGGING at `JsonFormatter` and `RequestIdFilter`; the request id itself is set by
`core.middleware.RequestIdMiddleware` for the duration of each request.
"""

import contextvars
import json
import logging
from datetime import UTC, datetime

# A context variable (not a thread-local) so the id follows the request through async views too.
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

# Attributes every LogRecord has; anything else on a record came from `extra=` and is worth keeping.
_STANDARD_ATTRIBUTES = frozenset(
    logging.LogRecord("", 0, "", 0, "", (), None).__dict__.keys() | {"message", "asctime", "request_id"}
)


class RequestIdFilter(logging.Filter):
    """Stamps every record with the current request id (empty outside a request)."""

    def filter(self, record):
        if not getattr(record, "request_id", ""):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """Formats a record as a single JSON line: time, level, logger, message, request_id, extras, exception."""

    def format(self, record):
        payload = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or request_id_var.get(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_"):
                payload[key] = value
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            payload["stack"] = self.formatStack(record.stack_info)
        return json.dumps(payload, ensure_ascii=False, default=str)


# Libraries that narrate their work at INFO: WeasyPrint logs each rendering step and page of every briefing PDF
# (twenty lines for a delegation's pack). Their warnings and errors still pass.
QUIET_LIBRARY_LOGGERS = {"weasyprint.progress": {"level": "WARNING"}}


def json_logging_config(level="INFO"):
    """The LOGGING dict production uses: everything to stderr as JSON lines, request ids attached."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "core.logging.RequestIdFilter"}},
        "formatters": {"json": {"()": "core.logging.JsonFormatter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django logs every 4xx/5xx itself; our request log line already carries status and request id.
            "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
            "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
            **QUIET_LIBRARY_LOGGERS,
        },
    }
