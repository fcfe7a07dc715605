"""Forms and listing filters offer and accept only the records their user may see.

A Staff member who is on no confidential record walks every create and edit form of every model viewset of the
workspace (its inline rows included) and every listing's filters: no choice field offers a confidential record of
another author, of any kind. Posting the id of such a record is refused exactly like an id that does not exist, so
the answer tells nothing; and a row id of another record posted in an inline list is refused, never copied in.
"""

from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.contrib.admin.utils import quote
from django.test import RequestFactory
from django.urls import get_resolver, reverse
from wagtail.admin.viewsets import viewsets as viewset_registry
from wagtail.admin.viewsets.model import ModelViewSet

from contacts.choices import ContactLabel
from core.choices import Confidentiality
from core.forms import KizunaAdminModelForm, KizunaChildFormSet
from core.viewsets import KizunaIndexView, KizunaSnippetViewSet
from core.visibility import rule_for
from tests.factories.contacts import PersonEmailFactory, PersonFactory, PersonPhoneFactory
from tests.factories.events import DelegationFactory, GiftFactory
from tests.factories.relations import (
    CommitmentFactory,
    EngagementFactory,
    TieFactory,
    TieInstrumentFactory,
)
from tests.trust.test_visibility import CASES, SECRET

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PROJECT_APPS = {config.label for config in apps.get_app_configs() if Path(config.path).parent == ROOT}

# Models a choice field may offer without a visibility rule: nothing in them is hidden from a workspace user (the
# user pickers offer the assignable accounts, core.selectors.assignable_users).
OPEN_MODELS = {
    "core.User",
    "partners.CountryGroup",
    "taggit.Tag",
    "wagtaildocs.Document",
    "wagtailimages.Image",
}
INVALID_CHOICE = "invalid_choice"


def workspace_viewsets() -> list[ModelViewSet]:
    get_resolver().url_patterns  # noqa: B018 - the admin's URLs register the viewsets
    found = [
        viewset
        for viewset in viewset_registry.viewsets
        # Kizuna's own viewsets, not Wagtail's (its users and locales admin, for administrators).
        if isinstance(viewset, ModelViewSet) and type(viewset).__module__.split(".")[0] in PROJECT_APPS
    ]
    return sorted(found, key=lambda viewset: viewset.url_namespace)


def choice_fields(form, path=(), row_key=None):
    """(path, field, class-level field or None) of every model choice field of `form` and of its inline rows (but
    a row's own id, which KizunaChildFormSet checks against the record's rows)."""
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField) and name != row_key:
            yield (*path, name), field, type(form).base_fields.get(name)
    for relation, formset in getattr(form, "formsets", {}).items():
        yield from choice_fields(formset.empty_form, (*path, relation), formset.model._meta.pk.name)


@pytest.fixture
def hidden(user_in_role):
    """A confidential record of every kind, by a Staff author: {model: {pk, ...}}, all hidden from other Staff."""
    author = user_in_role("Staff")
    records = [case.make(author) for case in CASES.values()]
    tie = TieFactory(confidentiality=Confidentiality.CONFIDENTIAL, created_by=author, notes=SECRET)
    instrument = TieInstrumentFactory(tie=tie, title=f"Agreement {SECRET}")
    records += [tie, instrument, CommitmentFactory(instrument=instrument, text=f"Exchange {SECRET}")]
    person = PersonFactory()
    records += [
        PersonEmailFactory(person=person, label=ContactLabel.PRIVATE, address="home@example.org"),
        PersonPhoneFactory(person=person, label=ContactLabel.PRIVATE, number="+81-90-0000-0000"),
    ]
    by_model = {}
    for record in records:
        by_model.setdefault(type(record), set()).add(record.pk)
    return by_model


@pytest.fixture
def staff(user_in_role, client):
    """A Staff member on no confidential record, signed in."""
    user = user_in_role("Staff")
    client.force_login(user)
    return user


def test_hidden_records_are_hidden_from_the_staff_member_by_their_rules(hidden, staff):
    still_seen = {
        model._meta.label: set(rule_for(model)(staff).filter(pk__in=pks).values_list("pk", flat=True))
        for model, pks in hidden.items()
    }

    assert still_seen == {model._meta.label: set() for model in hidden}
    assert {model._meta.label for model in hidden} >= {
        "relations.Engagement",
        "relations.FollowUp",
        "relations.Tie",
        "relations.TieInstrument",
        "relations.Commitment",
        "events.Delegation",
        "events.Event",
        "events.Gift",
        "attachments.Attachment",
    }


def test_every_workspace_viewset_builds_its_forms_and_listing_on_the_visibility_hooks():
    viewsets = workspace_viewsets()
    misbuilt = []
    for viewset in viewsets:
        form_class = viewset.get_form_class()
        if not (isinstance(viewset, KizunaSnippetViewSet) and issubclass(form_class, KizunaAdminModelForm)):
            misbuilt.append(f"{viewset.url_namespace}: form {form_class.__name__}")
        if not issubclass(viewset.index_view_class, KizunaIndexView):
            misbuilt.append(f"{viewset.url_namespace}: listing {viewset.index_view_class.__name__}")
        for relation, formset_class in getattr(form_class, "formsets", {}).items():
            if not issubclass(formset_class, KizunaChildFormSet):
                misbuilt.append(f"{viewset.url_namespace}: inline {relation}")

    assert len(viewsets) >= 15
    assert misbuilt == []


def test_no_form_of_the_workspace_offers_a_hidden_record(hidden, staff):
    checked, offending, unruled = set(), [], set()
    for viewset in workspace_viewsets():
        for for_update in (False, True):
            form = viewset.get_form_class(for_update=for_update)(instance=viewset.model(), for_user=staff)
            for path, field, declared in choice_fields(form):
                model = field.queryset.model
                label = f"{viewset.url_namespace}:{'.'.join(path)}"
                rule = rule_for(model)
                if rule is None:
                    unruled.add((label, model._meta.label))
                    continue
                offered = set(field.queryset.values_list("pk", flat=True))
                if offered & hidden.get(model, set()):
                    offending.append(label)
                if declared is not None:
                    # Everything else the field offered before is still offered: only hidden records are gone.
                    expected = set(
                        declared.queryset.filter(pk__in=rule(staff).values("pk")).values_list("pk", flat=True)
                    )
                    assert (label, offered) == (label, expected)
                if hasattr(field.widget, "get_instance"):
                    # A chooser shown again after a refused post draws nothing for a hidden id.
                    drawn = [field.widget.get_instance(pk) for pk in hidden.get(model, ())]
                    assert (label, drawn) == (label, [None] * len(drawn))
                checked.add(model._meta.label)

    assert offending == []
    assert {model for _label, model in unruled} <= OPEN_MODELS, unruled
    # The three fields of the finding are among those walked, and the models of both inline lists with rules.
    assert {
        "events.Delegation",
        "relations.Engagement",
        "relations.TieInstrument",
    } <= checked


def test_no_listing_filter_of_the_workspace_offers_a_hidden_record(hidden, staff, client):
    offending, walked = [], 0
    for viewset in workspace_viewsets():
        response = client.get(reverse(viewset.get_url_name("list")))
        assert (viewset.url_namespace, response.status_code) == (viewset.url_namespace, 200)
        filters = response.context["view"].filters
        if filters is None:
            continue
        for name, field in filters.form.fields.items():
            if not isinstance(field, forms.ModelChoiceField):
                continue
            walked += 1
            model = field.queryset.model
            assert rule_for(model) is not None or model._meta.label in OPEN_MODELS, (viewset.url_namespace, name)
            if set(field.queryset.values_list("pk", flat=True)) & hidden.get(model, set()):
                offending.append(f"{viewset.url_namespace}:{name}")

    assert walked > 0
    assert offending == []


def test_a_listing_filter_on_a_confidential_model_offers_only_visible_records(hidden, staff):
    """Any filterset of any listing goes through the hook, even one naming a model with confidential records."""
    import django_filters
    from wagtail.admin.filters import WagtailFilterSet

    from events.models import Gift

    class GiftByDelegationFilterSet(WagtailFilterSet):
        delegation = django_filters.ModelChoiceFilter(queryset=DelegationFactory._meta.model.objects.all())

        class Meta:
            model = Gift
            fields = ["delegation"]

    visible = DelegationFactory(confidentiality=Confidentiality.INTERNAL)
    viewset = Gift.snippet_viewset
    view_class = viewset.index_view_class
    [hidden_delegation] = hidden[type(visible)]
    request = RequestFactory().get("/", {"delegation": hidden_delegation})
    request.user = staff
    view = view_class(**{**viewset.get_index_view_kwargs(), "filterset_class": GiftByDelegationFilterSet})
    view.setup(request)

    field = view.filters.form.fields["delegation"]

    assert set(field.queryset) == {visible, *type(visible).objects.exclude(pk=hidden_delegation)}
    assert (view.filters.is_valid(), view.filters.form.errors.as_data()["delegation"][0].code) == (
        False,
        INVALID_CHOICE,
    )


def _refusals(response, *names):
    """The errors of the re-rendered form, by field: (code, message) pairs."""
    assert response.status_code == 200, response.status_code
    errors = response.context["form"].errors.as_data()
    return {name: [(error.code, " ".join(error.messages)) for error in errors.get(name, [])] for name in names}


GIFT_POST = {
    "direction": "given",
    "given_on": "2030-05-12",
    "item": "益子焼の花瓶",
    "value_yen": "20000",
    "confidentiality": Confidentiality.INTERNAL,
}


@pytest.mark.parametrize("field", ["delegation", "engagement"])
def test_gift_form_refuses_a_hidden_id_exactly_like_a_missing_one(hidden, staff, client, field):
    from events.models import Delegation, Gift
    from relations.models import Engagement

    model = {"delegation": Delegation, "engagement": Engagement}[field]
    [hidden_pk] = hidden[model]
    missing_pk = model.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000
    person = PersonFactory()
    url = reverse("events_gifts:add")
    before = sorted(Gift.objects.values_list("pk", flat=True))

    forged = client.post(url, {**GIFT_POST, "person": person.pk, field: hidden_pk})
    missing = client.post(url, {**GIFT_POST, "person": person.pk, field: missing_pk})

    assert _refusals(forged, field) == _refusals(missing, field)
    assert [code for code, _message in _refusals(forged, field)[field]] == [INVALID_CHOICE]
    assert SECRET not in forged.content.decode()
    assert sorted(Gift.objects.values_list("pk", flat=True)) == before

    visible = (DelegationFactory if field == "delegation" else EngagementFactory)(
        confidentiality=Confidentiality.INTERNAL
    )
    accepted = client.post(url, {**GIFT_POST, "person": person.pk, field: visible.pk})

    assert accepted.status_code == 302
    assert list(Gift.objects.exclude(pk__in=before).values_list(f"{field}_id", flat=True)) == [visible.pk]


def test_gift_edit_form_refuses_a_hidden_delegation_exactly_like_a_missing_one(hidden, staff, client):
    from events.models import Delegation

    gift = GiftFactory(person=PersonFactory(), created_by=staff)
    [hidden_pk] = hidden[Delegation]
    url = reverse("events_gifts:edit", args=[quote(gift.pk)])
    data = {**GIFT_POST, "person": gift.person_id}

    forged = client.post(url, {**data, "delegation": hidden_pk})
    missing = client.post(url, {**data, "delegation": hidden_pk + 1000})

    assert _refusals(forged, "delegation") == _refusals(missing, "delegation")
    assert [code for code, _message in _refusals(forged, "delegation")["delegation"]] == [INVALID_CHOICE]
    gift.refresh_from_db()
    assert gift.delegation_id is None


def test_commitment_form_neither_lists_nor_accepts_an_instrument_of_a_hidden_tie(hidden, staff, client):
    from relations.models import Commitment, TieInstrument

    [hidden_pk] = hidden[TieInstrument]
    visible = TieInstrumentFactory(tie=TieFactory(confidentiality=Confidentiality.INTERNAL), title="Visible accord")
    url = reverse("relations_commitments:add")
    data = {"text": "Exchange students", "recurrence": "once", "status": "open"}
    before = sorted(Commitment.objects.values_list("pk", flat=True))

    page = client.get(url)
    forged = client.post(url, {**data, "instrument": hidden_pk})
    missing = client.post(url, {**data, "instrument": hidden_pk + 1000})

    assert list(page.context["form"].fields["instrument"].queryset) == [visible]
    assert SECRET not in page.content.decode()
    assert _refusals(forged, "instrument") == _refusals(missing, "instrument")
    assert [code for code, _message in _refusals(forged, "instrument")["instrument"]] == [INVALID_CHOICE]
    assert SECRET not in forged.content.decode()
    assert sorted(Commitment.objects.values_list("pk", flat=True)) == before

    accepted = client.post(url, {**data, "instrument": visible.pk})

    assert accepted.status_code == 302, _refusals(accepted, *data, "instrument")
    assert list(Commitment.objects.exclude(pk__in=before).values_list("instrument_id", flat=True)) == [visible.pk]


def _tie_post(tie, instruments):
    data = {
        "partner_region": tie.partner_region_id,
        "kind": tie.kind,
        "status": tie.status,
        "confidentiality": tie.confidentiality,
        "instruments-TOTAL_FORMS": str(len(instruments)),
        "instruments-INITIAL_FORMS": str(len(instruments)),
        "instruments-MIN_NUM_FORMS": "0",
        "instruments-MAX_NUM_FORMS": "1000",
    }
    for index, (pk, title) in enumerate(instruments):
        data.update(
            {
                f"instruments-{index}-id": str(pk),
                f"instruments-{index}-kind": "agreement",
                f"instruments-{index}-title": title,
                f"instruments-{index}-signed_on": "2024-04-01",
                f"instruments-{index}-ORDER": str(index + 1),
                f"instruments-{index}-DELETE": "",
            }
        )
    return data


def test_an_inline_row_of_another_record_is_refused_not_copied(staff, client):
    from relations.models import TieInstrument

    tie = TieFactory(confidentiality=Confidentiality.INTERNAL)
    own = TieInstrumentFactory(tie=tie, title="Own accord")
    other = TieInstrumentFactory(tie=TieFactory(confidentiality=Confidentiality.INTERNAL), title="Other accord")
    url = reverse("relations_ties:edit", args=[tie.pk])
    rows = sorted(TieInstrument.objects.values_list("pk", "tie_id", "title"))

    foreign = client.post(url, _tie_post(tie, [(own.pk, "Own accord"), (other.pk, "Taken over")]))
    missing = client.post(url, _tie_post(tie, [(own.pk, "Own accord"), (other.pk + 1000, "Taken over")]))

    assert sorted(TieInstrument.objects.values_list("pk", "tie_id", "title")) == rows
    refusals = [
        (
            response.status_code,
            response.context["form"].formsets["instruments"].non_form_errors().as_data()[0].code,
            response.context["form"].formsets["instruments"].forms[1].errors.as_data()["id"][0].code,
        )
        for response in (foreign, missing)
    ]
    assert refusals == [(200, "unknown_row", INVALID_CHOICE), (200, "unknown_row", INVALID_CHOICE)]

    renamed = client.post(url, _tie_post(tie, [(own.pk, "Own accord, renewed")]))

    assert renamed.status_code == 302
    assert sorted(TieInstrument.objects.values_list("pk", "tie_id", "title")) == sorted(
        [(own.pk, tie.pk, "Own accord, renewed"), (other.pk, other.tie_id, "Other accord")]
    )


def test_a_removed_inline_row_marked_for_deletion_is_no_error(staff, client):
    from relations.models import TieInstrument

    tie = TieFactory(confidentiality=Confidentiality.INTERNAL)
    own = TieInstrumentFactory(tie=tie, title="Own accord")
    data = _tie_post(tie, [(own.pk, "Own accord"), (own.pk + 1000, "Removed meanwhile")])
    data["instruments-1-DELETE"] = "on"

    response = client.post(reverse("relations_ties:edit", args=[tie.pk]), data)

    assert response.status_code == 302
    assert list(TieInstrument.objects.values_list("pk", "tie_id")) == [(own.pk, tie.pk)]


def test_a_persons_form_leaves_out_private_details_and_keeps_them_on_save(staff, client):
    from contacts.models import PersonEmail

    person = PersonFactory(family_name_latin="Tanaka", given_name_latin="Hanako")
    work = PersonEmailFactory(person=person, label=ContactLabel.WORK, address="tanaka@pref.example.jp")
    private = PersonEmailFactory(person=person, label=ContactLabel.PRIVATE, address="hanako@home.example.org")
    url = reverse(type(person).snippet_viewset.get_url_name("edit"), args=[person.pk])

    page = client.get(url)
    rows = page.context["form"].formsets["emails"]
    data = {
        "family_name_latin": "Tanaka",
        "given_name_latin": "Hanako",
        "name_order": person.name_order,
        "emails-TOTAL_FORMS": "1",
        "emails-INITIAL_FORMS": "1",
        "emails-MIN_NUM_FORMS": "0",
        "emails-MAX_NUM_FORMS": "1000",
        "emails-0-id": str(work.pk),
        "emails-0-label": ContactLabel.WORK,
        "emails-0-address": "hanako.tanaka@pref.example.jp",
        "emails-0-DELETE": "",
        "phones-TOTAL_FORMS": "0",
        "phones-INITIAL_FORMS": "0",
        "phones-MIN_NUM_FORMS": "0",
        "phones-MAX_NUM_FORMS": "1000",
    }
    saved = client.post(url, data)
    forged = client.post(url, {**data, "emails-0-id": str(private.pk), "emails-0-address": "forged@example.org"})

    assert [form.instance for form in rows.forms] == [work]
    assert "hanako@home.example.org" not in page.content.decode()
    assert saved.status_code == 302, saved.context and saved.context["form"].errors
    assert forged.status_code == 200
    assert sorted(PersonEmail.objects.values_list("pk", "label", "address")) == sorted(
        [
            (work.pk, ContactLabel.WORK, "hanako.tanaka@pref.example.jp"),
            (private.pk, ContactLabel.PRIVATE, "hanako@home.example.org"),
        ]
    )


def test_log_meeting_form_offers_only_visible_records(hidden, staff):
    from relations.forms import LogMeetingForm

    form = LogMeetingForm(user=staff)
    offending = [
        name
        for name, field in form.fields.items()
        if isinstance(field, forms.ModelChoiceField)
        and set(field.queryset.values_list("pk", flat=True)) & hidden.get(field.queryset.model, set())
    ]
    unruled = {
        field.queryset.model._meta.label
        for field in form.fields.values()
        if isinstance(field, forms.ModelChoiceField) and rule_for(field.queryset.model) is None
    }

    assert offending == []
    assert unruled <= OPEN_MODELS


def test_a_form_built_without_a_user_offers_no_record_of_a_model_with_a_rule(hidden):
    from events.models import Gift

    form = Gift.snippet_viewset.get_form_class()(instance=Gift())

    assert list(form.fields["delegation"].queryset) == []
    assert list(form.fields["engagement"].queryset) == []


def test_a_viewset_whose_form_skips_the_hook_is_refused():
    from django.core.exceptions import ImproperlyConfigured
    from wagtail.admin.forms import WagtailAdminModelForm
    from wagtail.admin.panels import FieldPanel

    from events.models import Gift

    class PlainGiftViewSet(KizunaSnippetViewSet):
        model = Gift
        panels = [FieldPanel("delegation")]
        base_form_class = WagtailAdminModelForm

    with pytest.raises(ImproperlyConfigured, match="KizunaAdminModelForm"):
        PlainGiftViewSet(name="plain-gifts").get_edit_handler()
