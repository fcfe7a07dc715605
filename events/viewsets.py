"""Staff workspace for delegations, events and gifts. Every view goes through a `*_visible_to(user)` selector
(relations.viewsets.VisibleSnippetViewSet: listing, inspect, edit, delete, history, usage and chooser)."""

import django_filters
from django.contrib import messages
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import AdminDateInput, BooleanRadioSelect
from wagtail.admin.widgets.datetime import AdminDateTimeInput
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from core.panels import LeanRowPanel
from core.viewsets import KizunaIndexView, UpdatedColumn
from relations.viewsets import VisibleEditView, VisibleSnippetViewSet
from relations.widgets import AutocompleteSelectMultiple

from . import selectors, services
from .choices import GiftDirection
from .forms import DelegationForm, DelegationMemberForm, EventForm, ItineraryItemForm
from .models import Delegation, Event, Gift, gift_report_threshold_yen
from .record_pages import DelegationRecordView, EventRecordView, GiftRecordView


class FormInlinePanel(InlinePanel):
    """An InlinePanel whose rows use `form_class` (Wagtail uses its default child form otherwise), laid out by
    `LeanRowPanel` (the same markup, written without the template engine: a delegation has many rows)."""

    def __init__(self, *args, form_class=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_class = form_class

    @cached_property
    def child_edit_handler(self):
        return LeanRowPanel(self.panel_definitions, heading=self.heading).bind_to_model(self.db_field.related_model)

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "form_class": self.form_class}

    def get_form_options(self):
        options = super().get_form_options()
        if self.form_class is not None:
            options["formsets"][self.relation_name]["form"] = self.form_class
        return options


def _partner_panels():
    return [
        FieldPanel("countries", widget=AutocompleteSelectMultiple(source="countries")),
        FieldPanel("regions", widget=AutocompleteSelectMultiple(source="regions")),
        FieldPanel("missions", widget=AutocompleteSelectMultiple(source="missions")),
        FieldPanel("organizations", widget=AutocompleteSelectMultiple(source="organizations")),
    ]


# Delegations ----------------------------------------------------------------------------------------------


class DelegationIndexView(KizunaIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("lead")


class DelegationCreateView(snippet_views.CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class DelegationEditView(VisibleEditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.fingerprint_before = services.delegation_fingerprint(self.object)

    def save_instance(self):
        instance = super().save_instance()
        services.record_delegation_change(
            delegation=instance, before=self.fingerprint_before, user=self.request.user, log_action=False
        )
        return instance


class DelegationViewSet(VisibleSnippetViewSet):
    model = Delegation
    visible_to = staticmethod(selectors.delegations_visible_to)
    url_namespace = "events_delegations"
    url_prefix = "events/delegations"
    icon = "site"
    menu_label = _("Delegations")
    index_view_class = DelegationIndexView
    add_view_class = DelegationCreateView
    edit_view_class = DelegationEditView
    inspect_view_class = DelegationRecordView
    list_display = [
        "title",
        Column("get_direction_display", label=_("Direction")),
        Column("get_status_display", label=_("Status")),
        Column("dates_label", label=_("Dates")),
        "lead",
        Column("get_confidentiality_display", label=_("Confidentiality")),
        UpdatedColumn(),
    ]
    list_filter = ["direction", "status", "confidentiality"]
    list_export = [
        "uid",
        "title",
        "direction",
        "status",
        "start_date",
        "end_date",
        "destination",
        "purpose",
        "lead",
        "measure",
        "confidentiality",
    ]
    export_filename = "delegations"
    ordering = ["-start_date", "-id"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("title"),
                    FieldRowPanel([FieldPanel("direction"), FieldPanel("status"), FieldPanel("confidentiality")]),
                    FieldRowPanel(
                        [
                            FieldPanel("start_date", widget=AdminDateInput),
                            FieldPanel("end_date", widget=AdminDateInput),
                        ]
                    ),
                    FieldPanel("destination"),
                    FieldPanel("purpose"),
                    FieldRowPanel([FieldPanel("lead"), FieldPanel("measure")]),
                    MultiFieldPanel(_partner_panels(), heading=_("Partners")),
                    FieldPanel("budget_notes"),
                ],
                heading=_("Delegation"),
            ),
            ObjectList(
                [
                    FormInlinePanel(
                        "members",
                        form_class=DelegationMemberForm,
                        heading=_("Members"),
                        label=_("Member"),
                        panels=[
                            FieldRowPanel([FieldPanel("role"), FieldPanel("user")]),
                            FieldPanel("person"),
                            FieldPanel("organization"),
                            FieldRowPanel([FieldPanel("dietary_needs"), FieldPanel("access_needs")]),
                            FieldPanel("notes"),
                        ],
                    )
                ],
                heading=_("Members"),
            ),
            ObjectList(
                [
                    FormInlinePanel(
                        "itinerary_items",
                        form_class=ItineraryItemForm,
                        heading=_("Itinerary"),
                        label=_("Itinerary item"),
                        panels=[
                            FieldRowPanel([FieldPanel("kind"), FieldPanel("title")]),
                            FieldRowPanel(
                                [
                                    FieldPanel("starts_at", widget=AdminDateTimeInput),
                                    FieldPanel("time_zone"),
                                ]
                            ),
                            FieldRowPanel(
                                [
                                    FieldPanel("ends_at", widget=AdminDateTimeInput),
                                    FieldPanel("end_time_zone"),
                                ]
                            ),
                            FieldPanel("location"),
                            FieldPanel("counterparts", widget=AutocompleteSelectMultiple(source="people")),
                            FieldPanel(
                                "counterpart_organizations",
                                widget=AutocompleteSelectMultiple(source="organizations"),
                            ),
                            FieldPanel("notes"),
                        ],
                    )
                ],
                heading=_("Itinerary"),
            ),
            ObjectList([FieldPanel("visit_report")], heading=_("After the visit")),
        ],
        base_form_class=DelegationForm,
    )


# Events ---------------------------------------------------------------------------------------------------


class EventCreateView(snippet_views.CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class EventEditView(VisibleEditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.fingerprint_before = services.event_fingerprint(self.object)

    def save_instance(self):
        instance = super().save_instance()
        services.record_event_change(
            event=instance, before=self.fingerprint_before, user=self.request.user, log_action=False
        )
        return instance


class EventViewSet(VisibleSnippetViewSet):
    model = Event
    visible_to = staticmethod(selectors.events_visible_to)
    url_namespace = "events_events"
    url_prefix = "events/events"
    icon = "calendar"
    menu_label = _("Events")
    add_view_class = EventCreateView
    edit_view_class = EventEditView
    inspect_view_class = EventRecordView
    list_display = [
        "title",
        Column("get_kind_display", label=_("Kind")),
        Column("local_time_label", label=_("When (local time)")),
        Column("get_status_display", label=_("Status")),
        Column("get_confidentiality_display", label=_("Confidentiality")),
        "is_published",
        UpdatedColumn(),
    ]
    list_filter = ["kind", "status", "confidentiality", "is_published"]
    list_export = [
        "uid",
        "slug",
        "title",
        "kind",
        "status",
        "all_day",
        "starts_at",
        "ends_at",
        "start_date",
        "end_date",
        "time_zone",
        "venue",
        "address",
        "city",
        "organizer",
        "registration_url",
        "confidentiality",
        "is_published",
    ]
    export_filename = "events"
    ordering = ["-starts_at", "-id"]
    inspect_view_fields = [
        "title",
        "kind",
        "status",
        "local_time_label",
        "venue",
        "address",
        "city",
        "organizer",
        "registration_url",
        "description",
        "confidentiality",
        "is_published",
        "measure",
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("title"),
                    FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
                    FieldPanel("description"),
                    MultiFieldPanel(
                        [
                            FieldPanel("all_day"),
                            FieldRowPanel(
                                [
                                    FieldPanel("starts_at", widget=AdminDateTimeInput),
                                    FieldPanel("ends_at", widget=AdminDateTimeInput),
                                ]
                            ),
                            FieldRowPanel(
                                [
                                    FieldPanel("start_date", widget=AdminDateInput),
                                    FieldPanel("end_date", widget=AdminDateInput),
                                ]
                            ),
                            FieldPanel("time_zone"),
                        ],
                        heading=_("When"),
                    ),
                    MultiFieldPanel(
                        [
                            FieldPanel("venue"),
                            FieldPanel("address"),
                            FieldRowPanel([FieldPanel("city"), FieldPanel("latitude"), FieldPanel("longitude")]),
                        ],
                        heading=_("Where"),
                    ),
                    FieldRowPanel([FieldPanel("organizer"), FieldPanel("registration_url")]),
                    FieldPanel("image"),
                    MultiFieldPanel(_partner_panels(), heading=_("Partners")),
                    FieldRowPanel([FieldPanel("staff"), FieldPanel("measure")]),
                    FieldRowPanel([FieldPanel("confidentiality"), FieldPanel("is_published"), FieldPanel("slug")]),
                ],
                heading=_("Event"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "translations",
                        heading=_("Translations"),
                        label=_("Translation"),
                        panels=[
                            FieldPanel("language"),
                            FieldPanel("title"),
                            FieldPanel("venue"),
                            FieldPanel("description"),
                        ],
                    )
                ],
                heading=_("Translations"),
            ),
        ],
        base_form_class=EventForm,
    )


# Gifts ----------------------------------------------------------------------------------------------------


class GiftFilterSet(WagtailFilterSet):
    to_report = django_filters.BooleanFilter(
        label=_("Ethics report due"), method="filter_to_report", widget=BooleanRadioSelect
    )

    class Meta:
        model = Gift
        fields = ["direction", "confidentiality"]

    def filter_to_report(self, queryset, name, value):
        due = Q(direction=GiftDirection.RECEIVED, value_yen__gt=gift_report_threshold_yen(), reported_on__isnull=True)
        if value is None:
            return queryset
        return queryset.filter(due) if value else queryset.exclude(due)


class GiftIndexView(KizunaIndexView):
    def get_base_queryset(self):
        return (
            super().get_base_queryset().select_related("person", "organization", "mission", "delegation", "engagement")
        )


def _warn_about_gift(request, gift):
    earlier = list(selectors.earlier_gifts_of_same_item(request.user, gift)[:5])
    if earlier:
        messages.warning(
            request,
            ngettext(
                "“%(item)s” was already given to %(counterpart)s on %(dates)s.",
                "“%(item)s” was already given to %(counterpart)s on %(dates)s.",
                len(earlier),
            )
            % {
                "item": gift.item,
                "counterpart": gift.counterpart,
                "dates": ", ".join(f"{previous.given_on:%Y-%m-%d}" for previous in earlier),
            },
        )
    if gift.needs_ethics_report and not gift.reported_on:
        messages.warning(
            request,
            _("This gift is worth more than %(threshold)s yen: report it under the ethics rules.")
            % {"threshold": f"{gift_report_threshold_yen():,}"},
        )


class GiftCreateView(snippet_views.CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        gift = super().save_instance()
        _warn_about_gift(self.request, gift)
        return gift


class GiftEditView(VisibleEditView):
    def save_instance(self):
        gift = super().save_instance()
        _warn_about_gift(self.request, gift)
        return gift


class GiftViewSet(VisibleSnippetViewSet):
    model = Gift
    visible_to = staticmethod(selectors.gifts_visible_to)
    url_namespace = "events_gifts"
    url_prefix = "events/gifts"
    icon = "tag"
    menu_label = _("Gifts")
    index_view_class = GiftIndexView
    add_view_class = GiftCreateView
    edit_view_class = GiftEditView
    inspect_view_class = GiftRecordView
    list_display = [
        "item",
        Column("get_direction_display", label=_("Direction")),
        "given_on",
        Column("counterpart", label=_("Counterpart")),
        "value_yen",
        Column("ethics_report_label", label=_("Ethics report")),
    ]
    filterset_class = GiftFilterSet
    list_export = [
        "direction",
        "given_on",
        "item",
        "description",
        "value_yen",
        "person",
        "organization",
        "mission",
        "delegation",
        "engagement",
        "reported_on",
        "confidentiality",
    ]
    export_filename = "gifts"
    ordering = ["-given_on", "-id"]
    panels = [
        FieldRowPanel([FieldPanel("direction"), FieldPanel("given_on", widget=AdminDateInput)]),
        FieldRowPanel([FieldPanel("item"), FieldPanel("value_yen")]),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("person"),
                FieldPanel("organization"),
                FieldPanel("mission"),
            ],
            heading=_("Counterpart"),
        ),
        FieldRowPanel([FieldPanel("delegation"), FieldPanel("engagement")]),
        FieldRowPanel([FieldPanel("reported_on", widget=AdminDateInput), FieldPanel("confidentiality")]),
    ]


class DelegationsAndEventsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Delegations & events")
    menu_name = "delegations-and-events"
    menu_icon = "site"
    menu_order = 220
    submenu_hook = "register_delegations_and_events_menu_item"
    items = (DelegationViewSet, EventViewSet, GiftViewSet)
