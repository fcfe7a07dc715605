"""Input hygiene every form and import shares: no control characters, no oversized text.

HTML and script in text are not "cleaned": they are stored as typed and always escaped on output (Django's
autoescaping), so nothing a person wrote is silently altered.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# C0 controls except tab/newline/carriage return, DEL, C1 controls, the noncharacters U+FFFE/U+FFFF, lone
# surrogates, and the bidirectional overrides that make text display differently from what it stores.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff\u202a-\u202e\u2066-\u2069"
MULTILINE_FORBIDDEN = re.compile(f"[{_CONTROL}]")
SINGLE_LINE_FORBIDDEN = re.compile(f"[{_CONTROL}\t\n\r\u2028\u2029]")
# Long enough for minutes of a long meeting, short enough that a pasted file is refused with a clear message.
TEXT_MAX_LENGTH = 50_000


def _reject(pattern, value):
    if not isinstance(value, str):
        return
    match = pattern.search(value)
    if match:
        raise ValidationError(
            _("Remove the invisible control character %(character)s (at position %(position)s)."),
            code="control_character",
            params={"character": f"U+{ord(match.group()):04X}", "position": match.start() + 1},
        )


@deconstructible
class NoControlCharactersValidator:
    """For multi-line text: tabs and line breaks are fine, other control characters are not."""

    def __call__(self, value):
        _reject(MULTILINE_FORBIDDEN, value)

    def __eq__(self, other):
        return isinstance(other, type(self))


@deconstructible
class SingleLineValidator:
    """For one-line fields (names, titles): no control characters and no line breaks or tabs."""

    def __call__(self, value):
        _reject(SINGLE_LINE_FORBIDDEN, value)

    def __eq__(self, other):
        return isinstance(other, type(self))


validate_no_control_characters = NoControlCharactersValidator()
validate_single_line = SingleLineValidator()


def validate_tag_names(names) -> None:
    """Tags are one-line text like a name: the same characters are refused, with the tag named in the message."""
    for name in names:
        try:
            validate_single_line(name)
        except ValidationError as error:
            raise ValidationError(
                _("Tag “%(tag)s”: %(problem)s"),
                code="control_character",
                params={"tag": SINGLE_LINE_FORBIDDEN.sub("", name), "problem": error.messages[0]},
            ) from None


def text_length_validator(limit: int = TEXT_MAX_LENGTH) -> MaxLengthValidator:
    return MaxLengthValidator(
        limit,
        message=_("This text is too long: at most %(limit_value)d characters (it has %(show_value)d)."),
    )


class SanitisedFormMixin:
    """For forms that are not model forms: every text field gets the same policy as model fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django import forms

        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
                multiline = isinstance(field.widget, forms.Textarea)
                field.validators.append(validate_no_control_characters if multiline else validate_single_line)
                if multiline and field.max_length is None:
                    field.validators.append(text_length_validator())
