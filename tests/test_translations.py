"""The Japanese catalogues, and the words the staff workspace shows with them.

Django merges the catalogues of every app into one: a message found in two of them reads, everywhere, as the
catalogue of the app listed first in INSTALLED_APPS says, and a message of ours replaces Wagtail's own (contacts'
"title", a person's job title 役職名, made every delegation's, itinerary item's and page's title read 役職名). So a
message reads the same in every catalogue, a word with two Japanese meanings has a context, and each concept has
one Japanese term (docs/user-guide/glossary.md).
"""

import re
from collections import defaultdict
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from wagtail.models import Page
from wagtail.users.models import UserProfile

from contacts.models import Post
from core.wagtail_messages import WAGTAIL_MESSAGES
from events.models import Delegation, ItineraryItem
from tests.core.test_tables import ROWS, _listings, _model
from tests.factories import contacts, events, relations
from tests.factories.core import UserFactory

BASE_DIR = Path(settings.BASE_DIR)
GLOSSARY = BASE_DIR / "docs/user-guide/glossary.md"


def _our_apps() -> list[str]:
    """The apps of this repository, in the order of INSTALLED_APPS."""
    return [Path(config.path).name for config in apps.get_app_configs() if Path(config.path).parent == BASE_DIR]


CATALOGUES = {app: BASE_DIR / app / "locale/ja/LC_MESSAGES/django.po" for app in _our_apps()}
CATALOGUES["templates"] = BASE_DIR / "locale/ja/LC_MESSAGES/django.po"  # LOCALE_PATHS: the project's templates


def _translated(entry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _reading(entry):
    return entry.msgstr if not entry.msgid_plural else tuple(sorted(entry.msgstr_plural.items()))


def _messages(catalogue) -> dict:
    return {
        (entry.msgctxt, entry.msgid): _reading(entry)
        for entry in catalogue
        if entry.msgid and not entry.obsolete and "fuzzy" not in entry.flags and _translated(entry)
    }


def test_make_messages_refreshes_the_catalogue_of_every_app():
    makefile = (BASE_DIR / "Makefile").read_text(encoding="utf-8")

    listed = re.search(r"^APPS := (.+)$", makefile, re.MULTILINE).group(1).split()

    assert listed == _our_apps()


@pytest.mark.parametrize("app", sorted(CATALOGUES))
def test_japanese_catalogue_is_complete_and_current(app):
    catalogue = polib.pofile(str(CATALOGUES[app]))

    found = {
        "untranslated": [entry.msgid for entry in catalogue if not entry.obsolete and not _translated(entry)],
        "fuzzy": [entry.msgid for entry in catalogue if "fuzzy" in entry.flags]
        + (["(the header)"] if catalogue.metadata_is_fuzzy else []),
        "obsolete": [entry.msgid for entry in catalogue.obsolete_entries()],
    }

    assert found == {"untranslated": [], "fuzzy": [], "obsolete": []}


@pytest.mark.parametrize("app", sorted(CATALOGUES))
def test_compiled_catalogue_holds_what_its_source_says(app):
    source = CATALOGUES[app]

    compiled = polib.mofile(str(source.with_suffix(".mo")))

    assert _messages(compiled) == _messages(polib.pofile(str(source)))


def test_a_message_reads_the_same_in_every_catalogue():
    readings = defaultdict(dict)
    for app, path in CATALOGUES.items():
        for key, reading in _messages(polib.pofile(str(path))).items():
            readings[key][app] = reading

    differing = {key: by_app for key, by_app in readings.items() if len(set(by_app.values())) > 1}

    assert differing == {}


def _retired_words() -> list[str]:
    """The "never" column of the glossary's tables: words replaced by the one term kept for their concept."""
    words = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 4 and cells[2] not in ("", "never") and set(cells[2]) != {"-"}:
            words += [word.strip() for word in cells[2].split(",")]
    return words


def test_catalogues_use_the_glossarys_one_term_per_concept():
    retired = _retired_words()
    used = sorted(
        (app, word, entry.msgid)
        for app, path in CATALOGUES.items()
        for entry in polib.pofile(str(path))
        for word in retired
        if not entry.obsolete and any(word in text for text in [entry.msgstr, *entry.msgstr_plural.values()])
    )

    assert ("代表団" in retired, "面談" in retired, "相手地域" in retired) == (True, True, True)
    assert used == []


def test_wagtail_messages_its_catalogue_lacks_read_japanese():
    values = {"counter": 2, "user": "sato", "time": "10:00", "user_display_name": "sato"}
    with translation.override("en"):
        english = [str(message % values) for message in WAGTAIL_MESSAGES]
    with translation.override("ja"):
        japanese = [str(message % values) for message in WAGTAIL_MESSAGES]

    assert [words for words in zip(english, japanese, strict=True) if words[0] == words[1]] == []
    assert japanese[:2] == ["検索…", "2 件見つかりました"]


def test_a_title_is_a_job_title_only_on_a_post():
    def label(model):
        return str(capfirst(model._meta.get_field("title").verbose_name))

    with translation.override("ja"):
        japanese = [label(model) for model in (Post, Delegation, ItineraryItem, Page)]
    with translation.override("en"):
        english = [label(model) for model in (Post, Delegation, ItineraryItem, Page)]

    assert japanese == ["役職名", "タイトル", "タイトル", "タイトル"]
    assert english == ["Title", "Title", "Title", "Title"]


def test_our_catalogues_leave_wagtails_own_words_alone():
    """Where one of our words has another meaning than Wagtail's, ours has a context."""
    wagtail_words = ["From", "To", "Number", "Private", "Active", "label", "Pages", "title"]

    with translation.override("ja"):
        japanese = [translation.gettext(word) for word in wagtail_words]

    assert japanese == ["リダイレクト元", "リダイレクト先", "数値", "非公開", "有効", "ラベル", "ページ", "タイトル"]


# Pages as the staff see them.


def _speaking(client, language):
    user = UserFactory(is_superuser=True)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    return client


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _headings(response) -> list[str]:
    content = response.content.decode()
    start = content.index('<table class="listing')
    head = content[start : content.index("</thead>", start)]
    return [text for cell in re.findall(r"<th\b[^>]*>(.*?)</th>", head, re.DOTALL) if (text := _text(cell))]


def _field_labels(response) -> list[str]:
    """The labels of a form's fields, or of a listing's filters."""
    content = response.content.decode()
    # A field's label has Wagtail's class, or the id "<field id>-label" when it heads the panel of one field (the
    # labels of a field's choices have neither).
    labels = re.findall(
        r'<label\b(?=[^>]*(?:\bid="[^"]+-label"|class="w-field__label"))[^>]*>(.*?)</label>', content, re.DOTALL
    )
    return [_text(re.sub(r"<span[^>]*required[^>]*>\*</span>", "", label)) for label in labels]


def _terms(response) -> list[str]:
    return [_text(term) for term in re.findall(r"<dt\b[^>]*>(.*?)</dt>", response.content.decode(), re.DOTALL)]


def _label(response, field_id: str) -> str:
    """The text of the label of one form field, without the required mark."""
    content = response.content.decode()
    label = re.search(rf'<label\b[^>]*for="{field_id}"[^>]*>(.*?)</label>', content, re.DOTALL).group(1)
    return _text(re.sub(r"<span[^>]*required[^>]*>\*</span>", "", label))


@pytest.mark.django_db
def test_a_delegations_title_reads_title_and_a_posts_title_job_title_in_japanese(client):
    _speaking(client, "ja")
    delegation = events.DelegationFactory()
    events.ItineraryItemFactory(delegation=delegation)
    post = contacts.PostFactory()

    delegations = _headings(client.get(reverse("events_delegations:list")))
    delegation_form = client.get(reverse("events_delegations:edit", args=[delegation.pk]))
    delegation_terms = _terms(client.get(reverse("events_delegations:inspect", args=[delegation.pk])))
    posts = _headings(client.get(reverse("wagtailsnippets_contacts_post:list")))
    post_form = client.get(reverse("wagtailsnippets_contacts_post:edit", args=[post.pk]))
    post_terms = _terms(client.get(reverse("wagtailsnippets_contacts_post:inspect", args=[post.pk])))

    assert delegations == ["タイトル", "派遣・受入", "状況", "日程", "主担当", "機密区分", "更新日時"]
    assert [_label(delegation_form, "id_title"), _label(delegation_form, "id_itinerary_items-0-title")] == [
        "タイトル",
        "タイトル",
    ]
    assert posts == ["人物", "役職名", "所属先", "階級", "公館長", "着任日", "離任日"]
    assert _label(post_form, "id_title") == "役職名"
    assert ("役職名" in delegation_terms, "役職名" in post_terms) == (False, True)


@pytest.mark.django_db
def test_a_persons_work_email_and_work_phone_read_differently(client):
    _speaking(client, "ja")
    person = contacts.PersonFactory()
    email = contacts.PersonEmailFactory(person=person, label="work")
    work = contacts.PersonPhoneFactory(person=person, label="work")
    mobile = contacts.PersonPhoneFactory(person=person, label="mobile")

    content = client.get(reverse("wagtailsnippets_contacts_person:inspect", args=[person.pk])).content.decode()

    terms = re.findall(r"<dt\b[^>]*>(.*?)</dt>\s*<dd\b[^>]*>(.*?)</dd>", content, re.DOTALL)
    contact_terms = [
        _text(term) for term, detail in terms if _text(detail) in (email.address, work.number, mobile.number)
    ]
    assert contact_terms == ["勤務先メール", "勤務先電話", "携帯電話"]


@pytest.mark.django_db
def test_a_listing_search_says_how_many_matched_in_japanese(client):
    _speaking(client, "ja")
    relations.EngagementFactory(subject="Courtesy call on the ambassador")
    relations.EngagementFactory(subject="Phone call about the visit")

    content = client.get(reverse("relations_engagements:list"), {"q": "call"}).content.decode()

    assert re.findall(r'<h2 role="alert">\s*(.*?)\s*</h2>', content) == ["2 件見つかりました"]
    assert 'placeholder="検索…"' in content


@pytest.mark.django_db
def test_the_staff_calendar_names_the_weekdays_in_japanese(client):
    _speaking(client, "ja")

    content = client.get(reverse("events_calendar"), {"month": "2026-12"}).content.decode()

    head = re.search(r'<table class="kz-calendar">\s*<thead>(.*?)</thead>', content, re.DOTALL).group(1)
    assert re.findall(r"<th scope=\"col\">(.*?)</th>", head) == ["日", "月", "火", "水", "木", "金", "土"]


def _lower_case(words: list[str]) -> list[str]:
    return [word for word in words if word[:1].islower()]


@pytest.mark.django_db
@pytest.mark.parametrize("label", _listings())
def test_english_listing_headings_and_filters_are_in_sentence_case(client, label):
    _speaking(client, "en")
    ROWS[label]()
    model = _model(label)

    response = client.get(reverse(model.snippet_viewset.get_url_name("list")))

    assert (response.status_code, _lower_case(_headings(response) + _field_labels(response))) == (200, [])


@pytest.mark.django_db
@pytest.mark.parametrize("label", _listings())
def test_english_form_labels_are_in_sentence_case(client, label):
    _speaking(client, "en")
    model = _model(label)

    response = client.get(reverse(model.snippet_viewset.get_url_name("add")))

    labels = _field_labels(response)
    assert (response.status_code, bool(labels), _lower_case(labels)) == (200, True, [])
