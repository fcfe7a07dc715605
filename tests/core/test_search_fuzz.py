"""Hostile queries sent to every search and autocomplete endpoint of the site, found by walking the URL
configuration (a new listing, chooser or autocomplete is covered without being named here): never a 5xx (a NUL in
the autocomplete used to answer 503 "database unavailable"), and a 400 with a message for a query no view can use."""

import json
from urllib.parse import quote, urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from relations.views import AUTOCOMPLETE_SOURCES
from tests.factories.contacts import PersonFactory
from tests.factories.core import UserFactory
from tests.factories.partners import OrganizationFactory

pytestmark = pytest.mark.django_db

# URL names (after the namespace) of the views that take a search query, and the parameter each reads it from.
SEARCHING_VIEWS = ("list", "list_results", "choose", "choose_results", "index", "index_results")
SEARCHING_NAMES = {
    "wagtailadmin_pages:search": "q",
    "wagtailadmin_pages:search_results": "q",
    "wagtailadmin_choose_page": "q",
    "wagtailadmin_choose_page_search": "q",
    "wagtailadmin_tag_autocomplete": "term",
    "wagtailadmin_api:pages:listing": "search",
    "wagtailadmin_api:documents:listing": "search",
    "wagtailadmin_api:images:listing": "search",
}

NUL = "tan\x00aka"
LONE_SURROGATE = "%ED%A0%80abc"  # the UTF-8 bytes of U+D800, which UTF-8 may not encode
HUNDRED_KB = "a" * 100_000
THOUSANDS_OF_TERMS = "+".join(["ab", "cd", "efg"] * 1_500)  # under the address's length limit
MOST_TERMS = " ".join(f"w{number:03d}" for number in range(32))  # the most words a search may have


def _named_patterns(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def search_endpoints() -> list[tuple[str, str]]:
    """(URL, query parameter) of every endpoint that searches."""
    endpoints = set()
    for name, pattern in _named_patterns(get_resolver().url_patterns):
        if pattern.pattern.regex.groups:
            continue  # needs arguments: the ones that search are added below
        view = name.rsplit(":", 1)[-1]
        if name in SEARCHING_NAMES:
            endpoints.add((reverse(name), SEARCHING_NAMES[name]))
        elif view in SEARCHING_VIEWS or view.endswith("_changelist"):
            endpoints.add((reverse(name), "q"))
    for source in AUTOCOMPLETE_SOURCES:
        endpoints.add((reverse("relations_autocomplete", args=[source]), "q"))
    endpoints.add((reverse("wagtailadmin_tag_model_autocomplete", args=["taggit", "tag"]), "term"))
    admin_autocomplete = "app_label=contacts&model_name=person&field_name=nationality"
    endpoints.add((f"{reverse('admin:autocomplete')}?{admin_autocomplete}", "term"))
    return sorted(endpoints)


ENDPOINTS = search_endpoints()


def _url(endpoint, parameter, encoded_query):
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{parameter}={encoded_query}"


def _message(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content)["detail"]
    return response.content.decode()


def test_the_walk_finds_every_kind_of_search_endpoint():
    urls = {endpoint for endpoint, _parameter in ENDPOINTS}

    assert {
        reverse("relations_autocomplete", args=["people"]),
        reverse("relations_engagements:list"),
        reverse("relations_engagements:list_results"),
        reverse("wagtailsnippets_contacts_person:list"),
        reverse("wagtailsnippetchoosers_contacts_person:choose_results"),
        reverse("wagtailadmin_pages:search"),
        reverse("wagtailadmin_tag_autocomplete"),
        reverse("admin:contacts_person_changelist"),
    } <= urls
    assert len(ENDPOINTS) > 80


@pytest.fixture
def signed_in(client):
    client.force_login(UserFactory(is_superuser=True))
    PersonFactory(family_name_latin="Tanaka", given_name_latin="Taro", family_name="田中")
    OrganizationFactory(name="Tanaka Trading")
    return client


@pytest.mark.parametrize(
    ("label", "encoded_query", "message"),
    [
        ("nul", quote(NUL), "The request holds a NUL character, which no field accepts. Remove it and try again."),
        (
            "lone surrogate",
            LONE_SURROGATE,
            "The request holds characters that are not valid text (UTF-8). Check the address or the form.",
        ),
        (
            "100 KB",
            HUNDRED_KB,
            "The address is too long (at most 16,384 characters after the “?”). Shorten the search.",
        ),
        ("thousands of terms", THOUSANDS_OF_TERMS, "The search is too long: at most 200 characters and 32 words."),
    ],
)
def test_every_search_endpoint_refuses_a_query_it_cannot_use_with_a_400_and_a_message(
    signed_in, label, encoded_query, message
):
    answers = {
        endpoint: signed_in.get(_url(endpoint, parameter, encoded_query), HTTP_ACCEPT_LANGUAGE="en")
        for endpoint, parameter in ENDPOINTS
    }

    assert {endpoint: response.status_code for endpoint, response in answers.items()} == dict.fromkeys(answers, 400)
    assert {_message(response) for response in answers.values()} == {message}


def test_every_search_endpoint_answers_the_longest_search_of_the_most_words_as_an_ordinary_one(signed_in):
    def statuses(query):
        return {
            endpoint: signed_in.get(_url(endpoint, parameter, urlencode({"": query})[1:])).status_code
            for endpoint, parameter in ENDPOINTS
        }

    ordinary = statuses("tanaka")
    hostile = statuses(MOST_TERMS)

    assert hostile == ordinary
    assert [endpoint for endpoint, status in ordinary.items() if status >= 500] == []


def test_the_autocomplete_answers_nul_in_json_for_a_client_that_reads_json(signed_in):
    response = signed_in.get(
        _url(reverse("relations_autocomplete", args=["organizations"]), "q", quote(NUL)),
        HTTP_ACCEPT="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert (response.status_code, json.loads(response.content)) == (
        400,
        {
            "status": "invalid",
            "detail": "The request holds a NUL character, which no field accepts. Remove it and try again.",
        },
    )
