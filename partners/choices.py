from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RegionLevel(models.TextChoices):
    # In context: a state is 州 (not a record's 状態), a city 市 (not a mission's 都市).
    STATE = "state", pgettext_lazy("region level", "State")
    PROVINCE = "province", _("Province")
    PREFECTURE = "prefecture", _("Prefecture")
    REGION = "region", pgettext_lazy("region level", "Region")
    SPECIAL_CITY = "special_city", _("Special or metropolitan city")
    CITY = "city", pgettext_lazy("region level", "City")
    COUNTY = "county", _("County or district")
    TOWN = "town", _("Town or village")
    OTHER = "other", _("Other")


class MissionKind(models.TextChoices):
    EMBASSY = "embassy", _("Embassy")
    CONSULATE_GENERAL = "consulate_general", _("Consulate-general")
    CONSULATE = "consulate", _("Consulate")
    HONORARY_CONSULATE = "honorary_consulate", _("Honorary consulate")
    TRADE_OFFICE = "trade_office", _("Trade or representative office")
    INTERNATIONAL_ORGANIZATION = "international_organization", _("International organization office")


class OrganizationKind(models.TextChoices):
    GOVERNMENT_AGENCY = "government_agency", _("Government agency")
    TRADE_PROMOTION = "trade_promotion", _("Trade and investment promotion (JETRO, ...)")
    DEVELOPMENT_COOPERATION = "development_cooperation", _("Development cooperation (JICA, ...)")
    CHAMBER = "chamber", _("Chamber of commerce or business association")
    COMPANY = "company", _("Company")
    UNIVERSITY = "university", _("University or school")
    MUNICIPALITY = "municipality", _("Municipality in the prefecture")
    PREFECTURE = "prefecture", _("Prefectural government")
    FOREIGN_AGENCY = "foreign_agency", _("Foreign agency")
    ASSOCIATION = "association", _("International exchange association or NGO")
    MEDIA = "media", _("Media")
    OTHER = "other", _("Other")
