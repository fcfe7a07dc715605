"""Tags follow the text rules of every one-line field: refused with a message in every admin form."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from taggit.managers import TaggableManager
from taggit.models import Tag
from wagtail.admin.forms.models import formfield_for_dbfield

from cms.models import NewsPage
from contacts.models import Person
from core.tags import CheckedTagField
from partners.choices import OrganizationKind
from partners.models import Country, Mission, Organization, PartnerRegion
from relations.models import Engagement
from tests.factories.partners import OrganizationFactory

REFUSED = {
    "right-to-left override": ("bad\u202eone", "U+202E"),
    "line separator": ("bad\u2028one", "U+2028"),
    "escape": ("bad\x1bone", "U+001B"),
    "NUL": ("bad\x00one", "U+0000"),
}


@pytest.mark.parametrize(("tag", "character"), REFUSED.values(), ids=REFUSED.keys())
def test_checked_tag_field_refuses_a_tag_with_a_control_character_naming_it(tag, character):
    field = CheckedTagField(required=False)

    with pytest.raises(ValidationError) as raised, translation.override("en"):
        field.clean(f"good, {tag}")

    with translation.override("en"):
        # (A NUL also gets Django's own "Null characters are not allowed.")
        assert f"Remove the invisible control character {character} (at position" in " ".join(raised.value.messages)


def test_checked_tag_field_keeps_ordinary_tags():
    assert sorted(CheckedTagField(required=False).clean('trade, 経済交流, "Nguyễn Văn", 👨‍👩‍👧')) == sorted(
        ["trade", "経済交流", "Nguyễn Văn", "👨‍👩‍👧"]
    )


@pytest.mark.parametrize("model", [Person, Mission, Organization, PartnerRegion, Engagement, NewsPage])
def test_every_tag_field_of_the_admin_is_the_checked_one(model):
    tag_fields = [field for field in model._meta.get_fields() if isinstance(field, TaggableManager)]

    assert [type(formfield_for_dbfield(field)) for field in tag_fields] == [CheckedTagField]


@pytest.mark.django_db
def test_a_tag_with_a_right_to_left_override_is_refused_through_the_admin_form_with_a_message(client):
    from tests.factories.core import UserFactory

    client.force_login(UserFactory(is_superuser=True))
    organization = OrganizationFactory(name="JETRO")
    organization.tags.set(["trade"])
    url = reverse("wagtailsnippets_partners_organization:edit", args=[organization.pk])

    response = client.post(
        url,
        {
            "name": "JETRO",
            "kind": OrganizationKind.COMPANY,
            "country": Country.objects.get(code="JP").pk,
            "tags": "trade, invoice\u202egnp.exe",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert response.context["form"].errors["tags"] == [
        "Remove the invisible control character U+202E (at position 15)."
    ]
    assert sorted(organization.tags.names()) == ["trade"]
    assert list(Tag.objects.filter(name__contains="\u202e")) == []


@pytest.mark.django_db
def test_a_tag_with_a_control_character_is_refused_by_the_tag_model_itself():
    with pytest.raises(ValidationError) as raised:
        Tag(name="bad\u202eone", slug="bad-one").full_clean()

    assert list(raised.value.message_dict) == ["name"]
