"""Structured logging: one JSON object per line, carrying the id of the request that produced it.

Production's LOGGING (`json_logging_config`) formats records with python-json-logger and stamps them with
`RequestIdFilter`; the request id itself is set by `core.middleware.RequestIdMiddleware` for the duration of each
request.
"""

import contextvars
import logging

# A context variable (not a thread-local) so the id follows the request through async views too.
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


class RequestIdFilter(logging.Filter):
    """Stamps every record with the current request id (empty outside a request)."""

    def filter(self, record):
        if not getattr(record, "request_id", ""):
            record.request_id = request_id_var.get()
        return True


# One line per record: time (UTC), level, logger, message, request_id, every `extra=` field, and the traceback or
# stack as one string.
JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": ["levelname", "name", "message", "request_id"],
    "rename_fields": {"levelname": "level", "name": "logger", "exc_info": "exception", "stack_info": "stack"},
    "timestamp": "time",
    "json_ensure_ascii": False,
}

# Libraries that narrate their work at INFO: WeasyPrint logs each rendering step and page of every briefing PDF
# (twenty lines for a delegation's pack). Their warnings and errors still pass.
QUIET_LIBRARY_LOGGERS = {"weasyprint.progress": {"level": "WARNING"}}


def json_logging_config(level="INFO"):
    """The LOGGING dict production uses: everything to stderr as JSON lines, request ids attached."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "core.logging.RequestIdFilter"}},
        "formatters": {"json": {**JSON_FORMATTER}},
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
