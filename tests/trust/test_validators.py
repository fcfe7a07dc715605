import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from core.validators import (
    SanitisedFormMixin,
    text_length_validator,
    validate_no_control_characters,
    validate_single_line,
)
from partners.models import Country, PartnerRegion


@pytest.mark.parametrize(
    "value", ["山田 太郎", "Nguyễn Văn An", "<script>alert(1)</script>", "👨‍👩‍👧", "O'Brien", "e\u0301"]
)
def test_validators_accept_ordinary_and_markup_text(value):
    validate_single_line(value)
    validate_no_control_characters(value)


@pytest.mark.parametrize(
    ("value", "character"),
    [
        ("a\x00b", "U+0000"),
        ("\x1b[31m", "U+001B"),
        ("x\x85", "U+0085"),
        ("user\u202egnp.exe", "U+202E"),
        ("\ufffe", "U+FFFE"),
    ],
)
def test_validators_reject_control_characters_naming_them(value, character):
    with pytest.raises(ValidationError) as raised, translation.override("en"):
        validate_no_control_characters(value)

    with translation.override("en"):
        assert character in raised.value.messages[0]


def test_validators_single_line_refuses_line_breaks_multiline_keeps_them():
    validate_no_control_characters("line one\nline two\ttabbed")
    with pytest.raises(ValidationError):
        validate_single_line("line one\nline two")


def test_validators_text_length_message_is_clear():
    with pytest.raises(ValidationError) as raised, translation.override("en"):
        text_length_validator(5)("abcdefg")

    with translation.override("en"):
        assert raised.value.messages == ["This text is too long: at most 5 characters (it has 7)."]


@pytest.mark.django_db
def test_validators_apply_to_every_crm_model_text_field():
    region = PartnerRegion(name="Bad\x07Name", slug="bad", country=Country.objects.get(code="KR"), notes="x" * 50_001)

    with pytest.raises(ValidationError) as raised:
        region.full_clean()

    assert set(raised.value.message_dict) == {"name", "notes"}


def test_validators_sanitised_form_mixin():
    class MeetingForm(SanitisedFormMixin, forms.Form):
        subject = forms.CharField()
        minutes = forms.CharField(widget=forms.Textarea)

    form = MeetingForm({"subject": "a\nb", "minutes": "ok\nfine\x1b"})

    assert not form.is_valid()
    assert set(form.errors) == {"subject", "minutes"}


def test_validators_messages_are_in_japanese_for_japanese_staff():
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override("ja"):
        with pytest.raises(ValidationError) as raised:
            validate_single_line("名前\x07")
        message = str(raised.value.messages[0])  # lazy: evaluated in the language shown to the user
    assert "U+0007" in message
    assert "Remove" not in message


def test_validators_confidentiality_labels_are_in_japanese():
    from django.utils import translation

    from core.choices import Confidentiality

    with translation.override("ja"):
        labels = [str(label) for label in Confidentiality.labels]

    assert labels == ["公開", "庁内限り", "機密"]
