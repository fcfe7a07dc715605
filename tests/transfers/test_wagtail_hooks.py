import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from contacts.models import Person, PersonEmail
from partners.models import Country, Organization


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(username="editor", password="x", email="editor@example.org")
    client.force_login(user)
    return client


def _person_form(**names):
    return nested_form_data(
        {
            "family_name": "",
            "given_name": "",
            "family_name_latin": "",
            "given_name_latin": "",
            "family_name_kana": "",
            "given_name_kana": "",
            "name_order": "family_first",
            "notes": "",
            "tags": "",
            **names,
            "emails": inline_formset([]),
            "phones": inline_formset([]),
        }
    )


def test_creating_a_likely_duplicate_person_asks_before_saving(editor_client):
    existing = Person.objects.create(family_name_latin="Satō", given_name_latin="Yūki")
    url = reverse("wagtailsnippets_contacts_person:add")

    with translation.override("en"):
        response = editor_client.post(url, _person_form(family_name_latin="SATO", given_name_latin="Yuki"))

    assert response.status_code == 200
    assert list(response.context["similar"]) == [existing]
    assert 'name="kizuna-create-anyway"' in response.content.decode()
    assert list(Person.objects.all()) == [existing]


def test_create_anyway_saves_the_person(editor_client):
    existing = Person.objects.create(family_name_latin="Satō", given_name_latin="Yūki")
    data = {**_person_form(family_name_latin="SATO", given_name_latin="Yuki"), "kizuna-create-anyway": "1"}

    response = editor_client.post(reverse("wagtailsnippets_contacts_person:add"), data)

    assert response.status_code == 302
    assert sorted(Person.objects.values_list("family_name_latin", flat=True)) == ["SATO", "Satō"]
    assert existing.pk in Person.objects.values_list("pk", flat=True)


def test_a_person_sharing_an_email_is_flagged_before_saving(editor_client):
    existing = Person.objects.create(family_name_latin="Nguyen", given_name_latin="An")
    PersonEmail.objects.create(person=existing, address="an@example.vn")
    data = _person_form(family_name_latin="Tran", given_name_latin="Binh")
    data.update(nested_form_data({"emails": inline_formset([{"label": "work", "address": "AN@example.vn"}])}))

    response = editor_client.post(reverse("wagtailsnippets_contacts_person:add"), data)

    assert list(response.context["similar"]) == [existing]
    assert Person.objects.count() == 1


def test_a_person_unlike_any_other_is_saved_at_once(editor_client):
    Person.objects.create(family_name_latin="Nguyen", given_name_latin="An")

    response = editor_client.post(
        reverse("wagtailsnippets_contacts_person:add"),
        _person_form(family_name_latin="Kim", given_name_latin="Min-jun"),
    )

    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_creating_a_likely_duplicate_organization_asks_before_saving(editor_client):
    japan = Country.objects.get(code="JP")
    existing = Organization.objects.create(name="JETRO", name_ja="日本貿易振興機構", country=japan)
    form_response = editor_client.get(reverse("wagtailsnippets_partners_organization:add"))
    post = _organization_form(form_response)
    post.update({"name": "Ｊｅｔｒｏ", "country": str(japan.pk)})

    response = editor_client.post(reverse("wagtailsnippets_partners_organization:add"), post)

    assert list(response.context["similar"]) == [existing]
    assert list(Organization.objects.all()) == [existing]


def _organization_form(response):
    """The create form's initial data, as the browser would post it (inline formsets included)."""
    form = response.context["form"]
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        data[bound.html_name] = value
    for formset in getattr(form, "formsets", {}).values():
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
    return data
