"""Hostile values posted to every staff add and edit form of the snippet registry: never a 500, never a partial
write, and whatever is accepted comes back escaped."""

import pytest
from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail import hooks
from wagtail.models import ModelLogEntry
from wagtail.snippets.models import get_snippet_models

from tests.factories.core import UserFactory

HOSTILE_VALUES = {
    "very_long": "長" * 100_001,
    "nul_byte": "Tanaka\x00Taro",
    "escape_sequence": "\x1b[31mred\x1b[0m\x07",
    "bidi_override": "user\u202egnp.exe",
    "script": "<script>alert('kizuna')</script><img src=x onerror=alert(1)>",
    "invalid_date": "2026-02-30",
    "invalid_datetime": "2026-13-45 25:61",
    "invalid_time_zone": "Mars/Olympus_Mons",
    "huge_number": "9" * 40,
    "unicode_edge": "👨‍👩‍👧‍👦 Ｎｇｕｙễｎ ｶﾀｶﾅ e\u0301\u0301\u0301 \ufeff\u200b",
    "sql_like": "'; DROP TABLE partners_country; --",
}
SCRIPT = HOSTILE_VALUES["script"]


def snippet_models():
    hooks.search_for_hooks()
    return sorted(
        (model for model in get_snippet_models() if model._meta.app_label not in ("wagtailcore", "cms")),
        key=lambda model: model._meta.label,
    )


MODELS = snippet_models()


def _gift():
    from tests.factories.contacts import PersonFactory
    from tests.factories.events import GiftFactory

    return GiftFactory(person=PersonFactory())


def _factory(path):
    def make():
        from django.utils.module_loading import import_string

        return import_string(path)()

    return make


# A row to edit for every model whose table starts empty (countries and the strategy come with migrations).
ROW_FACTORIES = {
    "attachments.Attachment": _factory("tests.factories.attachments.AttachmentFactory"),
    "contacts.Person": _factory("tests.factories.contacts.PersonFactory"),
    "contacts.Post": _factory("tests.factories.contacts.PostFactory"),
    "events.Delegation": _factory("tests.factories.events.DelegationFactory"),
    "events.Event": _factory("tests.factories.events.EventFactory"),
    "events.Gift": _gift,
    "partners.Mission": _factory("tests.factories.partners.MissionFactory"),
    "partners.Organization": _factory("tests.factories.partners.OrganizationFactory"),
    "partners.PartnerRegion": _factory("tests.factories.partners.PartnerRegionFactory"),
    "relations.Commitment": _factory("tests.factories.relations.CommitmentFactory"),
    "relations.Engagement": _factory("tests.factories.relations.EngagementFactory"),
    "relations.FollowUp": _factory("tests.factories.relations.FollowUpFactory"),
    "relations.TargetCountry": _factory("tests.factories.relations.TargetCountryFactory"),
    "relations.TargetRegion": _factory("tests.factories.relations.TargetRegionFactory"),
    "relations.Tie": _factory("tests.factories.relations.TieFactory"),
}


def row_state(model):
    return sorted(map(repr, model._default_manager.values()))


def field_names(response):
    form = response.context["form"]
    names = list(form.fields)
    for formset in getattr(form, "formsets", {}).values():
        names += [f"{formset.prefix}-{key}" for key in ("TOTAL_FORMS", "INITIAL_FORMS")]
    return form, names


def post_everything(client, url, names, value):
    data = dict.fromkeys(names, value)
    response = client.post(url, data)
    # 400: the request itself is refused (e.g. larger than DATA_UPLOAD_MAX_MEMORY_SIZE) before any form runs.
    assert response.status_code in (200, 302, 400), (url, value[:40], response.status_code)
    return response


def assert_escaped_if_accepted(client, model, response):
    if response.status_code != 302:
        return
    listing = client.get(reverse(model.snippet_viewset.get_url_name("list"))).content.decode()
    assert "<script>alert('kizuna')</script>" not in listing


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=[model._meta.label for model in MODELS])
def test_fuzz_add_forms_reject_hostile_input_without_partial_writes(model, client):
    client.force_login(UserFactory(is_superuser=True))
    url = reverse(model.snippet_viewset.get_url_name("add"))
    _form, names = field_names(client.get(url))

    for label, value in HOSTILE_VALUES.items():
        before, log_count = row_state(model), ModelLogEntry.objects.count()
        response = post_everything(client, url, names, value)
        if response.status_code != 302:
            assert (label, row_state(model)) == (label, before)
            assert (label, ModelLogEntry.objects.count()) == (label, log_count)
        assert_escaped_if_accepted(client, model, response)


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=[model._meta.label for model in MODELS])
def test_fuzz_edit_forms_reject_hostile_input_without_partial_writes(model, client, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(is_superuser=True))
    instance = model._default_manager.order_by("pk").first()
    if instance is None:
        instance = ROW_FACTORIES[model._meta.label]()
    url = reverse(model.snippet_viewset.get_url_name("edit"), args=[quote(instance.pk)])
    _form, names = field_names(client.get(url))

    for label, value in HOSTILE_VALUES.items():
        before, log_count = row_state(model), ModelLogEntry.objects.count()
        response = post_everything(client, url, names, value)
        if response.status_code != 302:
            assert (label, row_state(model)) == (label, before)
            assert (label, ModelLogEntry.objects.count()) == (label, log_count)
        assert_escaped_if_accepted(client, model, response)


def test_fuzz_covers_the_registry():
    assert len(MODELS) >= 1


@pytest.mark.django_db
def test_fuzz_every_edit_form_has_a_row_to_edit():
    empty = [model._meta.label for model in MODELS if not model._default_manager.exists()]

    assert sorted(empty) == sorted(ROW_FACTORIES)
