"""Panels of the staff home page (Wagtail admin home): what to do next. Each reads through selectors only."""

from django.forms import Media
from django.utils import timezone
from wagtail.admin.ui.components import Component

from trust import audit

from . import selectors


class RelationsPanel(Component):
    order = 50

    def __init__(self, request):
        self.request = request

    @property
    def media(self):
        return Media(css={"all": ["relations/relations.css"]})


class MyFollowUpsPanel(RelationsPanel):
    name = "relations_my_follow_ups"
    template_name = "relations/panels/follow_ups.html"
    order = 20

    def get_context_data(self, parent_context=None):
        overdue, due_soon = selectors.overdue_and_due_soon_of(self.request.user)
        # Each row also names the follow-up's engagement, when the user may see it.
        shown = [record for item in [*overdue, *due_soon] for record in (item, item.shown_engagement)]
        audit.record_confidential_views(self.request.user, shown, surface="dashboard")
        return {"overdue": overdue, "due_soon": due_soon}


class MeetingsPanel(RelationsPanel):
    """Today's and this week's meetings, the reader's own first, each on its place's clock."""

    name = "relations_meetings"
    template_name = "relations/panels/meetings.html"
    order = 10

    def get_context_data(self, parent_context=None):
        week = selectors.meetings_of_week(self.request.user)
        audit.record_confidential_views(self.request.user, [*week.today, *week.later], surface="dashboard")
        return {"week": week}


class ColdRelationshipsPanel(RelationsPanel):
    name = "relations_cold"
    template_name = "relations/panels/cold.html"
    order = 40

    def get_context_data(self, parent_context=None):
        cold, total = selectors.cold_relationships(self.request.user, limit=10)
        return {"cold": cold, "total": total, "months": selectors.cold_after_months()}


class AnniversariesPanel(RelationsPanel):
    name = "relations_anniversaries"
    template_name = "relations/panels/anniversaries.html"
    order = 50

    def get_context_data(self, parent_context=None):
        anniversaries = selectors.upcoming_anniversaries(self.request.user)[:15]
        audit.record_confidential_views(self.request.user, [item.tie for item in anniversaries], surface="dashboard")
        return {"anniversaries": anniversaries}


class HeadsOfMissionPanel(RelationsPanel):
    name = "relations_heads_of_mission"
    template_name = "relations/panels/heads_of_mission.html"
    order = 60

    def get_context_data(self, parent_context=None):
        long, recent = selectors.heads_of_mission_to_watch(self.request.user, today=timezone.localdate(), limit=10)
        leaving = selectors.heads_of_mission_leaving(self.request.user, today=timezone.localdate())
        return {"long": long, "recent": recent, "leaving": leaving, "today": timezone.localdate()}


PANELS = [MeetingsPanel, MyFollowUpsPanel, ColdRelationshipsPanel, AnniversariesPanel, HeadsOfMissionPanel]
