"""Staff workspace for relations: Wagtail snippet viewsets whose every view goes through a visibility selector."""

from urllib.parse import urlencode

import django_filters
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.datetime import AdminDateTimeInput
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from core.selectors import assignable_users
from core.tables import LocalDateColumn
from core.viewsets import (
    KizunaIndexView,
    KizunaInspectView,
    KizunaSnippetViewSet,
    KizunaUsageView,
    RecordsShownInChooserMixin,
    UpdatedColumn,
)
from core.widgets import Select as QuickSelect

from . import selectors, services
from .forms import EngagementForm, FollowUpForm
from .models import (
    BasicStrategy,
    Commitment,
    Engagement,
    FollowUp,
    Measure,
    TargetCountry,
    TargetRegion,
    Tie,
)
from .record_pages import EngagementRecordView, FollowUpRecordView, TieRecordView
from .widgets import AutocompleteSelectMultiple


class VisibleOnlyMixin:
    """Views of one object: an object the user may not see does not exist (404), whatever the URL."""

    visible_to = None

    def visible_queryset(self):
        return self.visible_to(self.request.user)

    # HistoryView, UsageView (BaseObjectMixin; their get_queryset lists log entries or references)
    def get_base_object_queryset(self):
        return self.visible_queryset()


class VisibleSingleObjectMixin(VisibleOnlyMixin):
    # EditView / DeleteView (SingleObjectMixin.get_object reads get_queryset)
    def get_queryset(self):
        return self.visible_queryset()


class VisibleInspectView(VisibleOnlyMixin, KizunaInspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(self.visible_queryset(), pk=self.pk)


class VisibleEditView(VisibleSingleObjectMixin, snippet_views.EditView):
    pass


class VisibleDeleteView(VisibleSingleObjectMixin, snippet_views.DeleteView):
    pass


class VisibleHistoryView(VisibleOnlyMixin, snippet_views.HistoryView):
    pass


class VisibleUsageView(VisibleOnlyMixin, KizunaUsageView):
    pass


class VisibleChooseView(RecordsShownInChooserMixin, snippet_chooser.ChooseView):
    visible_to = None

    def get_object_list(self):
        return self.visible_to(self.request.user)


class VisibleChooseResultsView(RecordsShownInChooserMixin, snippet_chooser.ChooseResultsView):
    visible_to = None

    def get_object_list(self):
        return self.visible_to(self.request.user)


class VisibleChosenView(snippet_chooser.SnippetChosenView):
    visible_to = None

    def get_object(self, pk):
        try:
            return self.visible_to(self.request.user).get(pk=pk)
        except self.model_class.DoesNotExist as error:
            raise Http404 from error


class VisibleChosenMultipleView(snippet_chooser.SnippetChosenMultipleView):
    visible_to = None

    def get_objects(self, pks):
        return self.visible_to(self.request.user).filter(pk__in=pks)


class VisibleChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = VisibleChooseView
    choose_results_view_class = VisibleChooseResultsView
    chosen_view_class = VisibleChosenView
    chosen_multiple_view_class = VisibleChosenMultipleView
    visible_to = None

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(visible_to=self.visible_to, **kwargs)


class VisibleSnippetViewSet(KizunaSnippetViewSet):
    """A snippet viewset whose listing, inspect, edit, delete, history, usage and chooser use `visible_to`."""

    visible_to = None  # a `*_visible_to(user)` selector
    inspect_view_class = VisibleInspectView
    edit_view_class = VisibleEditView
    delete_view_class = VisibleDeleteView
    history_view_class = VisibleHistoryView
    usage_view_class = VisibleUsageView
    chooser_viewset_class = VisibleChooserViewSet

    def get_queryset(self, request):
        return type(self).visible_to(request.user)

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(visible_to=type(self).visible_to, **kwargs)

    @property
    def chooser_viewset(self):
        viewset = super().chooser_viewset
        viewset.visible_to = type(self).visible_to
        return viewset


def _visible(selector):
    """Selectors are stored on classes; staticmethod keeps them unbound."""
    return staticmethod(selector)


# ---------------------------------------------------------------------------------------------------------------
# Engagements


class EngagementIndexView(KizunaIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("measure__strategy", "created_by")


class EngagementEditView(VisibleEditView):
    def save_instance(self):
        data = self.form.cleaned_data
        changes = {name: data[name] for name in services.ENGAGEMENT_FIELDS if name in data}
        changes.update({name: list(data[name]) for name in services.ENGAGEMENT_RELATIONS if name in data})
        if "tags" in data:
            changes["tags"] = list(data["tags"])
        engagement = Engagement.objects.get(pk=self.object.pk)
        return services.update_engagement(engagement=engagement, user=self.request.user, **changes)


class EngagementViewSet(VisibleSnippetViewSet):
    model = Engagement
    visible_to = _visible(selectors.engagements_visible_to)
    url_namespace = "relations_engagements"
    url_prefix = "relations/engagements"
    icon = "group"
    menu_order = 10
    index_view_class = EngagementIndexView
    edit_view_class = EngagementEditView
    base_form_class = EngagementForm
    inspect_view_class = EngagementRecordView
    list_display = [
        "subject",
        Column("get_kind_display", label=_("Kind")),
        LocalDateColumn("starts_at", label=_("Starts at")),
        "location",
        Column("get_confidentiality_display", label=_("Confidentiality")),
        UpdatedColumn(),
    ]
    list_filter = ["kind", "status", "confidentiality", "measure"]
    list_export = [
        "uid",
        "subject",
        "kind",
        "status",
        "starts_at",
        "ends_at",
        "time_zone",
        "location",
        "summary",
        "outcomes",
        "measure",
        "confidentiality",
        "created_by",
    ]
    export_filename = "engagements"
    ordering = ["-starts_at", "-id"]
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("status"), FieldPanel("confidentiality")]),
                FieldPanel("subject"),
                FieldRowPanel(
                    [
                        FieldPanel("starts_at", widget=AdminDateTimeInput),
                        FieldPanel("ends_at", widget=AdminDateTimeInput),
                        FieldPanel("time_zone"),
                    ]
                ),
                FieldPanel("location"),
            ],
            heading=_("When and where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("people", widget=AutocompleteSelectMultiple(source="people")),
                FieldPanel("staff"),
                FieldPanel("missions", widget=AutocompleteSelectMultiple(source="missions")),
                FieldPanel("regions", widget=AutocompleteSelectMultiple(source="regions")),
                FieldPanel("organizations", widget=AutocompleteSelectMultiple(source="organizations")),
                FieldPanel("countries", widget=AutocompleteSelectMultiple(source="countries")),
            ],
            heading=_("Who"),
        ),
        MultiFieldPanel(
            [FieldPanel("summary"), FieldPanel("outcomes"), FieldPanel("measure"), FieldPanel("tags")],
            heading=_("What"),
        ),
    ]

    @property
    def add_view(self):
        from .views import LogMeetingView

        return LogMeetingView.as_view()


# ---------------------------------------------------------------------------------------------------------------
# Follow-ups


class FollowUpIndexView(KizunaIndexView):
    related_records_shown = ("shown_engagement",)

    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("owner")
        if self.is_export:
            return queryset.select_related("engagement")
        # A page names 25 engagements: read by key once the page's rows are known (one query), not joined before
        # the sort, which would make the database join every follow-up with its engagement to sort by owner.
        return queryset.prefetch_related("engagement")


class FollowUpEditView(VisibleEditView):
    def save_instance(self):
        data = self.form.cleaned_data
        follow_up = FollowUp.objects.get(pk=self.object.pk)
        return services.update_follow_up(
            follow_up=follow_up,
            user=self.request.user,
            **{name: data[name] for name in ("title", "owner", "due_on", "done_note") if name in data},
        )


class FollowUpCreateView(snippet_views.CreateView):
    """A follow-up of its own, or of the engagement named by ?engagement=<id> ("Add a follow-up" on a record page),
    when the user may see that engagement; the saved follow-up then opens that engagement's page."""

    @cached_property
    def engagement(self):
        value = self.request.GET.get("engagement", "")
        if not value.isdigit() or len(value) > 18:
            return None
        return selectors.engagements_visible_to(self.request.user).filter(pk=int(value)).first()

    def get_add_url(self):
        url = super().get_add_url()
        if self.engagement is None:
            return url
        return f"{url}{'&' if '?' in url else '?'}{urlencode({'engagement': self.engagement.pk})}"

    def get_page_subtitle(self):
        if self.engagement is None:
            return super().get_page_subtitle()
        return _("Follow-up of “%(subject)s”") % {"subject": self.engagement.subject}

    def get_success_url(self):
        if self.engagement is None:
            return super().get_success_url()
        return reverse("relations_engagements:inspect", args=[self.engagement.pk])

    def save_instance(self):
        data = self.form.cleaned_data
        return services.add_follow_up(
            user=self.request.user,
            title=data["title"],
            owner=data["owner"],
            due_on=data["due_on"],
            engagement=self.engagement,
        )


class FollowUpFilterSet(WagtailFilterSet):
    # Wagtail's default would offer every account ever made; owners are picked among the assignable users.
    owner = django_filters.ModelChoiceFilter(widget=QuickSelect, label=_("Owner"), queryset=assignable_users())

    class Meta:
        model = FollowUp
        fields = ["status", "confidentiality", "owner"]


class FollowUpViewSet(VisibleSnippetViewSet):
    model = FollowUp
    visible_to = _visible(selectors.follow_ups_visible_to)
    url_namespace = "relations_follow_ups"
    url_prefix = "relations/follow-ups"
    icon = "tasks"
    menu_order = 20
    index_view_class = FollowUpIndexView
    inspect_view_class = FollowUpRecordView
    edit_view_class = FollowUpEditView
    add_view_class = FollowUpCreateView
    base_form_class = FollowUpForm
    filterset_class = FollowUpFilterSet
    search_fields = None
    list_display = [
        "title",
        "owner",
        LocalDateColumn("due_on", label=_("Due on")),
        Column("get_status_display", label=_("Status")),
        Column("shown_engagement_label", label=_("Engagement")),
        UpdatedColumn(),
    ]
    list_export = [
        "uid",
        "title",
        "owner",
        "due_on",
        "status",
        "done_on",
        "done_note",
        "shown_engagement_label",
        "confidentiality",
    ]
    export_headings = {"shown_engagement_label": _("Engagement")}
    export_filename = "follow-ups"
    ordering = ["due_on", "id"]
    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("owner"), FieldPanel("due_on", widget=AdminDateInput)]),
        FieldPanel("done_note"),
    ]


# ---------------------------------------------------------------------------------------------------------------
# Ties


class TieIndexView(KizunaIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("partner_region", "country", "local_party")


class TieCreateView(snippet_views.CreateView):
    def save_instance(self):
        # Wagtail's create action saves the tie with its inline instruments and logs "wagtail.create".
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class TieViewSet(VisibleSnippetViewSet):
    model = Tie
    visible_to = _visible(selectors.ties_visible_to)
    url_namespace = "relations_ties"
    url_prefix = "relations/ties"
    icon = "link"
    menu_order = 30
    index_view_class = TieIndexView
    add_view_class = TieCreateView
    # Searched by Tie.objects.search (its partner's and its municipality's names), like every other listing.
    search_fields = ["partner_region__search_document", "local_party__search_document"]
    inspect_view_class = TieRecordView
    list_display = [
        Column("__str__", label=_("Tie")),
        Column("get_status_display", label=_("Status")),
        LocalDateColumn("established_on", label=_("Established on")),
        UpdatedColumn(),
    ]
    list_filter = ["kind", "status", "confidentiality"]
    list_export = [
        "local_party",
        "partner_region",
        "country",
        "kind",
        "status",
        "established_on",
        "ended_on",
        "measure",
        "notes",
        "confidentiality",
    ]
    export_filename = "ties"
    ordering = ["-established_on", "id"]
    panels = [
        FieldRowPanel([FieldPanel("local_party"), FieldPanel("partner_region"), FieldPanel("country")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("status"), FieldPanel("confidentiality")]),
        FieldRowPanel(
            [FieldPanel("established_on", widget=AdminDateInput), FieldPanel("ended_on", widget=AdminDateInput)]
        ),
        FieldPanel("measure"),
        FieldPanel("notes"),
        InlinePanel(
            "instruments",
            heading=_("Instruments"),
            label=_("Instrument"),
            panels=[
                FieldRowPanel([FieldPanel("kind"), FieldPanel("signed_on", widget=AdminDateInput)]),
                FieldPanel("title"),
                FieldPanel("place"),
                FieldPanel("signatories", widget=AutocompleteSelectMultiple(source="people")),
                FieldPanel("document"),
                FieldPanel("notes"),
            ],
        ),
    ]


class CommitmentIndexView(KizunaIndexView):
    # A commitment and its instrument are part of their tie: a confidential tie's commitment is the tie read.
    related_records_shown = ("instrument.tie",)

    def get_base_queryset(self):
        tie = "instrument__tie"  # its title names its parties
        return (
            super()
            .get_base_queryset()
            .select_related(f"{tie}__local_party", f"{tie}__partner_region", f"{tie}__country")
        )


class CommitmentViewSet(VisibleSnippetViewSet):
    model = Commitment
    index_view_class = CommitmentIndexView
    visible_to = _visible(selectors.commitments_visible_to)
    url_namespace = "relations_commitments"
    url_prefix = "relations/commitments"
    icon = "check"
    menu_order = 40
    search_fields = None
    list_display = [
        "__str__",
        "instrument",
        LocalDateColumn("due_on", label=_("Due on")),
        Column("get_status_display", label=_("Status")),
    ]
    list_filter = ["status", "recurrence"]
    list_export = ["instrument", "text", "due_on", "recurrence", "status", "done_on", "notes"]
    export_filename = "commitments"
    panels = [
        FieldPanel("instrument"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("due_on", widget=AdminDateInput), FieldPanel("recurrence")]),
        FieldRowPanel([FieldPanel("status"), FieldPanel("done_on", widget=AdminDateInput)]),
        FieldPanel("notes"),
    ]


class RelationsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Relations")
    menu_icon = "group"
    menu_order = 210
    items = (EngagementViewSet, FollowUpViewSet, TieViewSet, CommitmentViewSet)


# ---------------------------------------------------------------------------------------------------------------
# Strategy


class BasicStrategyViewSet(VisibleSnippetViewSet):
    model = BasicStrategy
    visible_to = _visible(selectors.strategies_visible_to)
    url_namespace = "relations_strategies"
    url_prefix = "relations/strategies"
    icon = "list-ol"
    search_fields = None
    list_display = ["number", "name_ja", "name_en", "name_vi"]
    list_export = ["number", "name_ja", "name_en", "name_vi", "first_fiscal_year", "last_fiscal_year"]
    export_filename = "basic-strategies"


class MeasureViewSet(VisibleSnippetViewSet):
    model = Measure
    visible_to = _visible(selectors.measures_visible_to)
    url_namespace = "relations_measures"
    url_prefix = "relations/measures"
    icon = "list-ul"
    search_fields = None
    # In context: Wagtail's own "Number" is a form field's type (数値).
    list_display = [Column("code", label=pgettext_lazy("measure", "Number")), "name_ja", "name_en", "name_vi"]
    list_filter = ["strategy"]
    list_export = ["strategy", "number", "name_ja", "name_en", "name_vi", "description_ja", "description_en"]
    export_filename = "measures"


class TargetCountryViewSet(VisibleSnippetViewSet):
    model = TargetCountry
    visible_to = _visible(selectors.target_countries_visible_to)
    url_namespace = "relations_target_countries"
    url_prefix = "relations/target-countries"
    icon = "globe"
    search_fields = None
    list_display = [Column("fiscal_year_label", label=_("Fiscal year")), "country", "measure"]
    list_filter = ["fiscal_year"]
    list_export = ["fiscal_year", "country", "measure", "notes"]
    export_filename = "target-countries"


class TargetRegionViewSet(VisibleSnippetViewSet):
    model = TargetRegion
    visible_to = _visible(selectors.target_regions_visible_to)
    url_namespace = "relations_target_regions"
    url_prefix = "relations/target-regions"
    icon = "site"
    search_fields = None
    list_display = [Column("fiscal_year_label", label=_("Fiscal year")), "region", "measure"]
    list_filter = ["fiscal_year"]
    list_export = ["fiscal_year", "region", "measure", "notes"]
    export_filename = "target-regions"


class StrategyViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Strategy")
    menu_icon = "list-ol"
    menu_order = 215
    items = (BasicStrategyViewSet, MeasureViewSet, TargetCountryViewSet, TargetRegionViewSet)
