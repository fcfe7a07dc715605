from django.db import models
from django.utils.translation import gettext_lazy as _


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
    PRIVATE = "private", _("Private")
    ASSISTANT = "assistant", _("Assistant or secretary")
    OTHER = "other", _("Other")
