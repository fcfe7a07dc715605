import json
import logging
import logging.config
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import RequestFactory

from core.logging import json_logging_config, request_id_var
from core.middleware import DependencyUnavailableMiddleware
from core.views import server_error


def test_request_id_is_echoed_when_the_proxy_sends_a_valid_one(client):
    response = client.get("/healthz", headers={"X-Request-ID": "proxy-1234.abc"})

    assert response["X-Request-ID"] == "proxy-1234.abc"


def test_request_id_is_generated_when_missing(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]

    assert len(first) == 32
    assert first != second


def test_request_id_is_replaced_when_it_could_inject_into_logs(client):
    response = client.get("/healthz", headers={"X-Request-ID": 'evil"\n{"level":"ERROR"}'})

    assert len(response["X-Request-ID"]) == 32
    assert "evil" not in response["X-Request-ID"]


def test_request_log_line_carries_the_request_id_and_status(client, caplog):
    with caplog.at_level(logging.INFO, logger="kizuna.request"):
        client.get("/healthz", headers={"X-Request-ID": "req-42"})

    [record] = [record for record in caplog.records if record.name == "kizuna.request"]
    assert (record.method, record.path, record.status, record.user_id) == ("GET", "/healthz", 200, None)
    assert record.getMessage() == "GET /healthz 200"
    assert request_id_var.get() == ""  # reset once the response left


@contextmanager
def production_logging():
    """Logging configured as in production, writing to the sys.stderr of the moment; then the test settings again."""
    logging.config.dictConfig(json_logging_config(level="INFO"))
    try:
        yield
    finally:
        logging.config.dictConfig(settings.LOGGING)


def test_production_logs_one_parseable_line_with_request_id_and_extras(capsys):
    token = request_id_var.set("abc123")
    try:
        with production_logging():
            logging.getLogger("kizuna.request").info("GET %s", "/admin/", extra={"status": 200, "place": "東京"})
    finally:
        request_id_var.reset(token)

    [line] = capsys.readouterr().err.splitlines()
    payload = json.loads(line)
    assert payload.pop("time").endswith("+00:00")
    assert payload == {
        "level": "INFO",
        "logger": "kizuna.request",
        "message": "GET /admin/",
        "request_id": "abc123",
        "status": 200,
        "place": "東京",
    }
    assert "東京" in line  # written as it is, not as \u escapes


def test_production_logs_keep_the_traceback_in_the_same_line(capsys):
    with production_logging():
        try:
            raise ValueError("boom")
        except ValueError:
            logging.getLogger("kizuna").exception("failed")

    [line] = capsys.readouterr().err.splitlines()
    payload = json.loads(line)
    assert (payload["level"], payload["message"], payload["request_id"]) == ("ERROR", "failed", "")
    assert payload["exception"].startswith("Traceback")
    assert payload["exception"].endswith("ValueError: boom")


def test_production_logging_config_uses_json_lines():
    config = json_logging_config(level="WARNING")

    assert config["root"] == {"handlers": ["console"], "level": "WARNING"}
    assert config["handlers"]["console"]["formatter"] == "json"
    assert config["handlers"]["console"]["filters"] == ["request_id"]


def test_lost_database_in_a_view_answers_503_with_retry_after():
    request = RequestFactory().get("/admin/", headers={"Accept": "application/json"})

    response = DependencyUnavailableMiddleware(get_response=None).process_exception(
        request, OperationalError("server closed the connection unexpectedly")
    )

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert json.loads(response.content)["dependency"] == "database"


def test_other_errors_are_left_to_the_normal_500_handling():
    request = RequestFactory().get("/admin/")

    assert DependencyUnavailableMiddleware(get_response=None).process_exception(request, ValueError("bug")) is None


@pytest.mark.parametrize(("error", "status"), [(OperationalError("gone"), 503), (KeyError("bug"), 500)])
def test_server_error_handler_tells_outages_from_bugs(error, status):
    request = RequestFactory().get("/ja/")
    try:
        raise error
    except type(error):
        response = server_error(request)

    assert response.status_code == status


@pytest.mark.parametrize("production", [False, True])
def test_weasyprint_narration_is_left_out_of_the_logs_but_its_warnings_are_not(production):
    logging.config.dictConfig(json_logging_config(level="INFO") if production else settings.LOGGING)
    try:
        progress = logging.getLogger("weasyprint.progress")
        assert not progress.isEnabledFor(logging.INFO)
        assert progress.isEnabledFor(logging.WARNING)
        assert logging.getLogger("weasyprint").level == logging.NOTSET  # its warnings follow the root level
    finally:
        logging.config.dictConfig(settings.LOGGING)
