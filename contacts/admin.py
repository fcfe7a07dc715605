"""Django admin registrations for superusers repairing data (e.g. a wrong predecessor link)."""

from django.contrib import admin

from .models import Person, PersonEmail, PersonPhone, Post


class PersonEmailInline(admin.TabularInline):
    model = PersonEmail
    extra = 0


class PersonPhoneInline(admin.TabularInline):
    model = PersonPhone
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "nationality"]
    search_fields = ["search_document"]
    inlines = [PersonEmailInline, PersonPhoneInline]
    raw_id_fields = ["photo"]
    autocomplete_fields = ["nationality"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["person", "title", "rank", "is_head_of_mission", "start_date", "end_date"]
    list_filter = ["rank", "is_head_of_mission"]
    raw_id_fields = ["person", "mission", "organization", "region", "predecessor"]
