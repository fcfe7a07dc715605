import functools

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Confidentiality(models.TextChoices):
    """How widely a record may be seen. Each model's `*_visible_to(user)` selector enforces it."""

    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    CONFIDENTIAL = "confidential", _("Confidential")


def choice_label(choices, value: str) -> str:
    """A choice's label in the active language. Model.get_FOO_display() translates every choice again on each
    call, which dominated the time of a 5,000-item feed."""
    return _choice_labels(choices, translation.get_language()).get(value, value)


@functools.lru_cache(maxsize=128)
def _choice_labels(choices, language: str | None) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}
