import json

import psycopg
import pytest
from django.test import RequestFactory
from django.utils import translation

from core.middleware import DependencyUnavailableMiddleware

MESSAGES = {
    "ja": "サービスが一時的に利用できません。しばらくしてから再度お試しください。",
    "en": "The service is briefly unavailable. Please try again in a moment.",
}


def outage_response(error, **headers):
    request = RequestFactory().get("/admin/relations/engagements/add/", headers=headers)
    return DependencyUnavailableMiddleware(get_response=None).process_exception(request, error)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_outage_message_is_in_the_visitors_language(language):
    with translation.override(language):
        response = outage_response(psycopg.OperationalError("server closed the connection unexpectedly"))

    assert (response.status_code, response["Retry-After"]) == (503, "5")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == MESSAGES[language]


def test_outage_message_in_json_is_translated_too():
    with translation.override("ja"):
        response = outage_response(psycopg.InterfaceError("connection already closed"), Accept="application/json")

    assert json.loads(response.content) == {"status": "unavailable", "dependency": "database", "detail": MESSAGES["ja"]}


def test_psycopg_error_escaping_djangos_wrapper_is_an_outage_not_a_bug():
    # Raised by psycopg itself while closing a server-side cursor as a template iterates a queryset and PostgreSQL
    # restarts: it reaches the middleware unwrapped (seen in the fault test as a 500 before this was handled).
    response = outage_response(psycopg.OperationalError("consuming input failed: server closed the connection"))

    assert response.status_code == 503


def test_psycopg_errors_that_are_bugs_still_go_to_the_500_handler():
    assert outage_response(psycopg.ProgrammingError("syntax error")) is None
