"""The tag field of every form in the Wagtail admin (given to every tag field by trust.sanitising)."""

from wagtail.admin.forms.tags import TagField

from core.validators import validate_single_line


class CheckedTagField(TagField):
    """Wagtail's tag field under the text rules of every other one-line field (core.validators): a tag with a
    control character, a bidirectional override or a line separator is refused with a message, rather than saved
    to make every export that lists tags fail later."""

    # Checked on the text as typed, before it is split into tags: every character of every tag.
    default_validators = [validate_single_line]
