"""Django admin registrations for superusers repairing data; staff work in the Wagtail workspace."""

from django.contrib import admin

from .models import Country, CountryGroup, Mission, Organization, PartnerRegion


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ja"]
    search_fields = ["code", "name_en", "name_ja"]


admin.site.register(CountryGroup)


@admin.register(PartnerRegion, Mission, Organization)
class DirectoryRecordAdmin(admin.ModelAdmin):
    list_display = ["__str__", "country"]
    list_select_related = ["country"]
    search_fields = ["search_document"]
    autocomplete_fields = ["country"]
