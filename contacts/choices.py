from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NameOrder(models.TextChoices):
    """Which name is written first. Family-first is the rule in Japanese, Korean, Chinese and Vietnamese."""

    FAMILY_FIRST = "family_first", _("Family name first")
    GIVEN_FIRST = "given_first", _("Given name first")


class Rank(models.TextChoices):
    """Diplomatic ranks in the order of precedence, plus the posts a prefecture usually meets."""

    AMBASSADOR = "ambassador", _("Ambassador Extraordinary and Plenipotentiary")
    CHARGE_DAFFAIRES = "charge_daffaires", _("Chargé d'affaires")
    MINISTER = "minister", _("Minister")
    MINISTER_COUNSELLOR = "minister_counsellor", _("Minister-counsellor")
    COUNSELLOR = "counsellor", _("Counsellor")
    FIRST_SECRETARY = "first_secretary", _("First secretary")
    SECOND_SECRETARY = "second_secretary", _("Second secretary")
    THIRD_SECRETARY = "third_secretary", _("Third secretary")
    ATTACHE = "attache", _("Attaché")
    CONSUL_GENERAL = "consul_general", _("Consul-general")
    CONSUL = "consul", _("Consul")
    HONORARY_CONSUL = "honorary_consul", _("Honorary consul")
    GOVERNOR = "governor", _("Governor or head of government")
    VICE_GOVERNOR = "vice_governor", _("Vice-governor or deputy head")
    MAYOR = "mayor", _("Mayor")
    DIRECTOR = "director", _("Director")
    MANAGER = "manager", _("Manager")
    OFFICER = "officer", _("Officer")
    OTHER = "other", _("Other")


class ContactLabel(models.TextChoices):
    WORK = "work", _("Work")
    MOBILE = "mobile", _("Mobile")
    # Wagtail's "Private" is a page's privacy (非公開); a private phone is 私用.
    PRIVATE = "private", pgettext_lazy("e-mail or phone", "Private")
    ASSISTANT = "assistant", _("Assistant or secretary")
    OTHER = "other", _("Other")


# A person's work e-mail and work phone side by side must not both read "Work" (勤務先): each says what it labels.
EMAIL_HEADINGS = {
    ContactLabel.WORK: _("Work e-mail"),
    ContactLabel.MOBILE: _("Mobile e-mail"),
    ContactLabel.PRIVATE: _("Private e-mail"),
    ContactLabel.ASSISTANT: _("E-mail of the assistant or secretary"),
    ContactLabel.OTHER: _("Other e-mail"),
}
PHONE_HEADINGS = {
    ContactLabel.WORK: _("Work phone"),
    ContactLabel.MOBILE: _("Mobile phone"),
    ContactLabel.PRIVATE: _("Private phone"),
    ContactLabel.ASSISTANT: _("Phone of the assistant or secretary"),
    ContactLabel.OTHER: _("Other phone"),
}
