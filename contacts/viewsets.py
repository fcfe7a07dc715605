"""Staff workspace for people and posts, and the "Directory" menu group that also holds the partners records."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import CreateView, SnippetViewSetGroup

from core.forms import KizunaAdminModelForm
from core.tables import LocalDateColumn
from core.viewsets import KizunaInspectView, KizunaSnippetViewSet, tags_column
from core.widgets import Select as QuickSelect
from partners.choices import MissionKind
from partners.viewsets import (
    CountryViewSet,
    MissionViewSet,
    OrganizationViewSet,
    PartnerRegionViewSet,
    country_queryset,
    tags_used_on,
)

from . import selectors, services
from .choices import Rank
from .models import Person, Post
from .record_pages import (
    CountryRecordView,
    MissionRecordView,
    OrganizationRecordView,
    PartnerRegionRecordView,
    PersonRecordView,
)


class PostInspectView(KizunaInspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        post = self.object
        context["is_current"] = post.is_current()
        context["successor"] = selectors.posts_visible_to(self.request.user).filter(predecessor=post).first()
        return context


class PersonFilterSet(WagtailFilterSet):
    nationality = django_filters.ModelChoiceFilter(
        widget=QuickSelect, label=_("Nationality"), queryset=country_queryset
    )
    serving_country = django_filters.ModelChoiceFilter(
        widget=QuickSelect,
        label=_("Serving country"),
        queryset=country_queryset,
        method="filter_serving_country",
        help_text=_("People with a current post at a mission, region or organization of this country."),
    )
    current_rank = django_filters.ChoiceFilter(
        label=_("Current rank"), choices=Rank.choices, method="filter_current_rank"
    )
    tags = django_filters.ModelMultipleChoiceFilter(
        label=_("Tags"), queryset=tags_used_on(Person.tags.through), distinct=True
    )

    class Meta:
        model = Person
        fields = ["nationality", "serving_country", "current_rank", "tags"]

    def filter_serving_country(self, queryset, name, value):
        posts = Post.objects.current().filter(
            Q(mission__country=value) | Q(region__country=value) | Q(organization__country=value)
        )
        return queryset.filter(id__in=posts.values("person_id"))

    def filter_current_rank(self, queryset, name, value):
        return queryset.filter(id__in=Post.objects.current().filter(rank=value).values("person_id"))


class PersonViewSet(KizunaSnippetViewSet):
    model = Person
    visible_to = staticmethod(selectors.people_visible_to)
    icon = "user"
    menu_label = _("People")
    add_to_admin_menu = False
    filterset_class = PersonFilterSet
    list_display = [
        "__str__",
        Column("latin_name", label=_("Romanized name")),
        Column("kana_name", label=_("Reading")),
        Column("current_posts_summary", label=_("Current posts")),
        "nationality",
        tags_column(),
    ]
    list_export = [
        "family_name",
        "given_name",
        "family_name_latin",
        "given_name_latin",
        "family_name_kana",
        "given_name_kana",
        "honorific_prefix",
        "nationality",
        "languages",
        "current_posts_summary",
        "tag_list",
    ]
    export_headings = {"current_posts_summary": _("Current posts"), "tag_list": _("Tags")}
    export_filename = "people"
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("family_name"), FieldPanel("given_name")]),
                FieldRowPanel([FieldPanel("family_name_latin"), FieldPanel("given_name_latin")]),
                FieldRowPanel([FieldPanel("family_name_kana"), FieldPanel("given_name_kana")]),
                FieldPanel("name_order"),
                FieldRowPanel([FieldPanel("honorific_prefix"), FieldPanel("honorific_suffix_ja")]),
            ],
            heading=_("Names"),
        ),
        FieldPanel("photo"),
        FieldRowPanel([FieldPanel("nationality"), FieldPanel("languages")]),
        InlinePanel("emails", label=_("E-mail addresses")),
        InlinePanel("phones", label=_("Phone numbers")),
        FieldPanel("notes"),
        FieldPanel("tags"),
    ]
    inspect_template_name = "contacts/person/inspect.html"
    inspect_view_class = PersonRecordView

    def get_queryset(self, request):
        return selectors.people_for_listing(request.user)


class PostForm(KizunaAdminModelForm):
    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        if self.instance._state.adding:
            # A new head of mission replaces the open one: start_post ends that post first, so the
            # "one open head per mission" constraint is checked by the service, not against today's data.
            exclude.add("end_date")
        return exclude

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        credentials = cleaned.get("credentials_presented_on")
        if credentials and not cleaned.get("is_head_of_mission"):
            self.add_error("credentials_presented_on", _("Only a head of mission presents credentials."))
        if self.instance._state.adding and cleaned.get("is_head_of_mission") and cleaned.get("mission"):
            current = selectors.current_head_of_mission(cleaned["mission"])
            if current and not start:
                self.add_error("start_date", _("Enter the start date: the current head's post ends the day before."))
            if current and current.person_id == getattr(cleaned.get("person"), "id", None):
                self.add_error("person", _("This person already heads this mission."))
        return cleaned


class PostCreateView(CreateView):
    """New posts go through start_post, which links the predecessor and ends the previous head's post."""

    def save_instance(self):
        data = self.form.cleaned_data
        post = services.start_post(
            person=data["person"],
            mission=data.get("mission"),
            organization=data.get("organization"),
            region=data.get("region"),
            title=data["title"],
            title_ja=data.get("title_ja", ""),
            rank=data["rank"],
            is_head_of_mission=data.get("is_head_of_mission", False),
            start_date=data.get("start_date"),
            credentials_presented_on=data.get("credentials_presented_on"),
            user=self.request.user,
        )
        if data.get("end_date"):
            post = services.end_post(post=post, end_date=data["end_date"], user=self.request.user)
        return post


class PostFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("current", pgettext_lazy("post", "Current")), ("past", pgettext_lazy("post", "Ended"))],
        method="filter_status",
    )
    is_head_of_mission = django_filters.BooleanFilter(label=_("Head of mission"), widget=forms.NullBooleanSelect)
    rank = django_filters.ChoiceFilter(label=_("Rank"), choices=Rank.choices)
    mission_kind = django_filters.ChoiceFilter(
        label=_("Mission kind"), choices=MissionKind.choices, field_name="mission__kind"
    )
    country = django_filters.ModelChoiceFilter(
        widget=QuickSelect, label=_("Country"), queryset=country_queryset, method="filter_country"
    )

    class Meta:
        model = Post
        fields = ["status", "is_head_of_mission", "rank", "mission_kind", "country"]

    def filter_status(self, queryset, name, value):
        # On the listing's own rows (not "id IN current posts"), so its first page is read in the listing's order.
        return queryset.current() if value == "current" else queryset.ended()

    def filter_country(self, queryset, name, value):
        return queryset.filter(Q(mission__country=value) | Q(region__country=value) | Q(organization__country=value))


class PostViewSet(KizunaSnippetViewSet):
    model = Post
    visible_to = staticmethod(selectors.posts_visible_to)
    icon = "tag"
    menu_label = _("Posts")
    add_to_admin_menu = False
    add_view_class = PostCreateView
    search_fields = ["person__search_document"]
    filterset_class = PostFilterSet
    list_display = [
        Column("person", label=_("Person"), accessor="person"),
        Column("title", label=pgettext_lazy("person's job title", "Title"), accessor="display_title"),
        Column("body", label=_("Serves at"), accessor="body"),
        "rank",
        "is_head_of_mission",
        LocalDateColumn("start_date", label=pgettext_lazy("post", "Start date"), sort_key="start_date"),
        LocalDateColumn("end_date", label=pgettext_lazy("post", "End date"), sort_key="end_date"),
    ]
    list_export = [
        "person",
        "title",
        "title_ja",
        "body",
        "get_rank_display",
        "is_head_of_mission",
        "start_date",
        "end_date",
        "credentials_presented_on",
        "predecessor",
    ]
    export_headings = {"body": _("Serves at"), "get_rank_display": _("Rank")}
    export_related = ["predecessor__person", "predecessor__mission", "predecessor__organization", "predecessor__region"]
    export_filename = "posts"
    edit_handler = ObjectList(
        [
            FieldPanel("person"),
            MultiFieldPanel(
                [FieldPanel("mission"), FieldPanel("organization"), FieldPanel("region")],
                heading=_("Serves at (exactly one)"),
            ),
            FieldRowPanel([FieldPanel("title"), FieldPanel("title_ja")]),
            FieldRowPanel([FieldPanel("rank"), FieldPanel("is_head_of_mission")]),
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            FieldPanel("credentials_presented_on"),
        ],
        base_form_class=PostForm,
    )
    inspect_template_name = "contacts/post/inspect.html"
    inspect_view_class = PostInspectView
    inspect_view_fields = [
        "title",
        "title_ja",
        "rank",
        "is_head_of_mission",
        "start_date",
        "end_date",
        "credentials_presented_on",
    ]

    def get_queryset(self, request):
        return self.visible_to(request.user).select_related("predecessor__person")


class DirectoryMissionViewSet(MissionViewSet):
    inspect_view_class = MissionRecordView


class DirectoryPartnerRegionViewSet(PartnerRegionViewSet):
    inspect_view_class = PartnerRegionRecordView


class DirectoryOrganizationViewSet(OrganizationViewSet):
    inspect_view_class = OrganizationRecordView


class DirectoryCountryViewSet(CountryViewSet):
    inspect_view_class = CountryRecordView


class DirectoryViewSetGroup(SnippetViewSetGroup):
    """The people and places of diplomacy in one menu ("名簿")."""

    menu_label = _("Directory")
    menu_icon = "group"
    menu_order = 200
    items = (
        PersonViewSet,
        PostViewSet,
        DirectoryMissionViewSet,
        DirectoryPartnerRegionViewSet,
        DirectoryOrganizationViewSet,
        DirectoryCountryViewSet,
    )
