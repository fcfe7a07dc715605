"""Staff workspace for countries, partner regions, missions and organizations (registered by contacts)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.models import Tag
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import NumberColumn

from core.viewsets import KizunaInspectView, KizunaSnippetViewSet, tags_column
from core.widgets import Select as QuickSelect

from . import selectors
from .choices import MissionKind, OrganizationKind, RegionLevel
from .models import Country, CountryGroup, Mission, Organization, PartnerRegion


def tags_used_on(through_model):
    """A filter queryset of the tags actually used on one model, so the filter stays short."""

    def queryset(request):
        return Tag.objects.filter(id__in=through_model.objects.values("tag_id")).order_by("name")

    return queryset


def country_queryset(request):
    return selectors.countries_visible_to(request.user).order_by(
        "name_ja" if request.LANGUAGE_CODE == "ja" else "name_en"
    )


# How many related rows an inspect page lists before pointing to the filtered listing.
INSPECT_LIMIT = 50


class CountryInspectView(KizunaInspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        country = self.object
        missions = selectors.missions_visible_to(user).filter(country=country)
        regions = selectors.partner_regions_visible_to(user).filter(country=country)
        organizations = selectors.organizations_visible_to(user).filter(country=country)
        context.update(
            missions=missions[:INSPECT_LIMIT],
            mission_count=missions.count(),
            regions=regions[:INSPECT_LIMIT],
            region_count=regions.count(),
            organizations=organizations[:INSPECT_LIMIT],
            organization_count=organizations.count(),
            inspect_limit=INSPECT_LIMIT,
        )
        return context


class CountryFilterSet(WagtailFilterSet):
    groups = django_filters.ModelChoiceFilter(widget=QuickSelect, label=_("Group"), queryset=CountryGroup.objects.all())

    class Meta:
        model = Country
        fields = ["groups"]


# Numbers of records, headed 公館数 and not 在日公館 (the records themselves) in Japanese.
COUNT_HEADINGS = {
    "mission_count": pgettext_lazy("number of", "Missions"),
    "region_count": pgettext_lazy("number of", "Partner regions"),
    "organization_count": pgettext_lazy("number of", "Organizations"),
}


class CountryViewSet(KizunaSnippetViewSet):
    """Countries are reference data (all of ISO 3166-1): staff mostly read them and their related records."""

    model = Country
    visible_to = staticmethod(selectors.countries_with_counts)
    icon = "globe"
    menu_label = _("Countries")
    add_to_admin_menu = False
    search_fields = ["name_en", "name_ja", "code"]
    filterset_class = CountryFilterSet
    list_display = [
        "code",
        "name_ja",
        "name_en",
        NumberColumn("mission_count", label=COUNT_HEADINGS["mission_count"], sort_key="mission_count"),
        NumberColumn("region_count", label=COUNT_HEADINGS["region_count"], sort_key="region_count"),
        NumberColumn("organization_count", label=COUNT_HEADINGS["organization_count"], sort_key="organization_count"),
    ]
    list_export = ["code", "name_en", "name_ja", "mission_count", "region_count", "organization_count"]
    export_headings = COUNT_HEADINGS
    export_filename = "countries"
    panels = [FieldPanel("code"), FieldPanel("name_en"), FieldPanel("name_ja"), FieldPanel("groups")]
    inspect_template_name = "partners/country/inspect.html"
    inspect_view_class = CountryInspectView
    inspect_view_fields = ["code", "name_en", "name_ja", "groups"]

    def get_queryset(self, request):
        return self.visible_to(request.user).prefetch_related("groups")


class PartnerRegionFilterSet(WagtailFilterSet):
    country = django_filters.ModelChoiceFilter(widget=QuickSelect, label=_("Country"), queryset=country_queryset)
    level = django_filters.ChoiceFilter(label=pgettext_lazy("region level", "Level"), choices=RegionLevel.choices)
    tags = django_filters.ModelMultipleChoiceFilter(
        label=_("Tags"), queryset=tags_used_on(PartnerRegion.tags.through), distinct=True
    )

    class Meta:
        model = PartnerRegion
        fields = ["country", "level", "tags"]


class PartnerRegionViewSet(KizunaSnippetViewSet):
    model = PartnerRegion
    visible_to = staticmethod(selectors.partner_regions_visible_to)
    icon = "site"
    menu_label = _("Partner regions")
    add_to_admin_menu = False
    filterset_class = PartnerRegionFilterSet
    list_display = ["__str__", "name_native", "level", "country", tags_column()]
    list_export = [
        "name",
        "name_native",
        "name_ja",
        "get_level_display",
        "country",
        "website",
        "population",
        "tag_list",
    ]
    export_headings = {"tag_list": _("Tags"), "get_level_display": pgettext_lazy("region level", "Level")}
    export_filename = "partner-regions"
    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("name_native"), FieldPanel("name_ja"), FieldPanel("slug")],
            heading=_("Names"),
        ),
        FieldRowPanel([FieldPanel("level"), FieldPanel("country")]),
        FieldPanel("website"),
        FieldPanel("population"),
        FieldPanel("notes"),
        FieldPanel("tags"),
    ]
    inspect_template_name = "partners/partnerregion/inspect.html"
    inspect_view_fields = [
        "name",
        "name_native",
        "name_ja",
        "level",
        "country",
        "website",
        "population",
        "notes",
        "tags",
    ]

    def get_queryset(self, request):
        return self.visible_to(request.user).prefetch_related("tags")


class MissionFilterSet(WagtailFilterSet):
    country = django_filters.ModelChoiceFilter(widget=QuickSelect, label=_("Country"), queryset=country_queryset)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=MissionKind.choices)
    tags = django_filters.ModelMultipleChoiceFilter(
        label=_("Tags"), queryset=tags_used_on(Mission.tags.through), distinct=True
    )

    class Meta:
        model = Mission
        fields = ["country", "kind", "tags"]


class MissionViewSet(KizunaSnippetViewSet):
    model = Mission
    visible_to = staticmethod(selectors.missions_visible_to)
    icon = "home"
    menu_label = _("Missions")
    add_to_admin_menu = False
    filterset_class = MissionFilterSet
    list_display = ["__str__", "kind", "country", "city", tags_column()]
    list_export = ["name", "name_ja", "get_kind_display", "country", "city", "address", "website", "parent", "tag_list"]
    export_headings = {"tag_list": _("Tags"), "get_kind_display": _("Kind")}
    export_filename = "missions"
    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("name_ja")], heading=_("Names")),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("country")]),
        FieldPanel("parent"),
        FieldPanel("city"),
        FieldPanel("address"),
        FieldPanel("phones"),
        FieldPanel("emails"),
        FieldPanel("website"),
        FieldPanel("tags"),
    ]
    inspect_template_name = "partners/mission/inspect.html"
    inspect_view_fields = ["name", "name_ja", "kind", "country", "parent", "city", "address", "website", "tags"]

    def get_queryset(self, request):
        return self.visible_to(request.user).prefetch_related("tags")


class OrganizationFilterSet(WagtailFilterSet):
    country = django_filters.ModelChoiceFilter(widget=QuickSelect, label=_("Country"), queryset=country_queryset)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganizationKind.choices)
    tags = django_filters.ModelMultipleChoiceFilter(
        label=_("Tags"), queryset=tags_used_on(Organization.tags.through), distinct=True
    )

    class Meta:
        model = Organization
        fields = ["country", "kind", "tags"]


class OrganizationViewSet(KizunaSnippetViewSet):
    model = Organization
    visible_to = staticmethod(selectors.organizations_visible_to)
    icon = "group"
    menu_label = _("Organizations")
    add_to_admin_menu = False
    filterset_class = OrganizationFilterSet
    list_display = ["__str__", "name_native", "kind", "country", tags_column()]
    list_export = ["name", "name_native", "name_ja", "get_kind_display", "country", "website", "tag_list"]
    export_headings = {"tag_list": _("Tags"), "get_kind_display": _("Kind")}
    export_filename = "organizations"
    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("name_native"), FieldPanel("name_ja")], heading=_("Names")),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("country")]),
        FieldPanel("website"),
        FieldPanel("notes"),
        FieldPanel("tags"),
    ]
    inspect_template_name = "partners/organization/inspect.html"
    inspect_view_fields = ["name", "name_native", "name_ja", "kind", "country", "website", "notes", "tags"]

    def get_queryset(self, request):
        return self.visible_to(request.user).prefetch_related("tags")
