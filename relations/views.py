"""Thin staff views: permission -> selector -> form -> service -> response."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from contacts.models import Person, Post
from partners.models import Country, Mission, Organization, PartnerRegion
from trust import audit

from . import selectors, services
from .forms import CompleteFollowUpForm, FollowUpDraftFormSet, LogMeetingForm

AUTOCOMPLETE_SOURCES = {
    "people": Person,
    "missions": Mission,
    "regions": PartnerRegion,
    "organizations": Organization,
    "countries": Country,
}

TIMELINE_MODELS = {
    "person": Person,
    "mission": Mission,
    "region": PartnerRegion,
    "organization": Organization,
    "country": Country,
}


@require_GET
def autocomplete(request, source):
    """JSON matches for the autocomplete widgets; at most 20 rows, whatever the table size."""
    model = AUTOCOMPLETE_SOURCES.get(source)
    if model is None:
        raise Http404
    query = request.GET.get("q", "")[:100]
    if model is Person:
        rows = list(selectors.people_matching(request.user, query))
        current_posts = {
            post.person_id: post
            for post in Post.objects.current()
            .filter(person__in=rows)
            .select_related("mission", "organization", "region")
            .order_by("person_id", "-start_date")
        }
        results = [
            {
                "id": person.pk,
                "label": person.display_name,
                "detail": _post_detail(current_posts.get(person.pk)),
            }
            for person in rows
        ]
    else:
        results = [
            {"id": row.pk, "label": str(row), "detail": ""}
            for row in selectors.partners_matching(request.user, model, query)
        ]
    return JsonResponse({"results": results})


def _post_detail(post) -> str:
    if post is None:
        return ""
    return f"{post.title_ja or post.title}, {post.body}"


class LogMeetingView(WagtailAdminTemplateMixin, TemplateView):
    """The fast "log a meeting" form: engagement and its follow-ups on one screen, saved in one transaction."""

    template_name = "relations/log_meeting.html"
    page_title = gettext_lazy("Log a meeting")
    header_icon = "group"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("relations_engagements:list"), "label": gettext_lazy("Engagements")},
            {"url": "", "label": self.page_title},
        ]

    # ?people=<id>&missions=<id>...: the counterparts chosen from a record page ("Log a meeting" on a person's page);
    # the form offers only records the user may see, so an id of any other is dropped.
    COUNTERPART_FIELDS = ("people", "missions", "regions", "organizations", "countries")
    MAX_COUNTERPARTS = 50

    def get_initial(self) -> dict:
        initial = {"date": timezone.localdate()}
        for field in self.COUNTERPART_FIELDS:
            keys = [key for key in self.request.GET.getlist(field) if key.isdigit() and len(key) <= 18]
            if keys:
                initial[field] = keys[: self.MAX_COUNTERPARTS]
        return initial

    def get(self, request, *args, **kwargs):
        form = LogMeetingForm(user=request.user, initial=self.get_initial())
        return self.render_to_response(
            self.get_context_data(form=form, follow_ups=FollowUpDraftFormSet(prefix="followups"))
        )

    def post(self, request, *args, **kwargs):
        form = LogMeetingForm(request.POST, user=request.user)
        follow_ups = FollowUpDraftFormSet(request.POST, prefix="followups")
        if form.is_valid() and follow_ups.is_valid():
            drafts = [draft for draft in (f.draft() for f in follow_ups.forms) if draft]
            try:
                engagement = services.create_engagement(user=request.user, follow_ups=drafts, **form.engagement_data())
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    _("Logged “%(subject)s” with %(count)s follow-ups.")
                    % {"subject": engagement.subject, "count": len(drafts)},
                )
                if "log_another" in request.POST:
                    return redirect("relations_engagements:add")
                return redirect("relations_engagements:inspect", engagement.pk)
        messages.error(request, _("The meeting could not be logged. Please correct the errors below."))
        return self.render_to_response(self.get_context_data(form=form, follow_ups=follow_ups), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["media"] = context["form"].media + context["follow_ups"].media
        return context


class FollowUpListView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "relations/follow_up_list.html"
    header_icon = "tasks"
    per_page = 100
    reading_surface = None  # a key of trust.audit.SURFACES

    def get_rows(self):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # Each row also names the follow-up's engagement, when the user may see it.
        shown = [record for item in self.rows for record in (item, item.shown_engagement)]
        audit.record_confidential_views_once_rendered(request, response, shown, surface=self.reading_surface)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(self.get_rows()[: self.per_page + 1])
        self.rows = rows[: self.per_page]
        context.update(
            rows=self.rows,
            more=len(rows) > self.per_page,
            today=timezone.localdate(),
            complete_form=CompleteFollowUpForm(),
            show_owner=self.show_owner,
        )
        return context


class MyFollowUpsView(FollowUpListView):
    page_title = gettext_lazy("My follow-ups")
    show_owner = False
    reading_surface = "my_follow_ups"

    def get_rows(self):
        return selectors.open_follow_ups_of(self.request.user)


class OverdueFollowUpsView(FollowUpListView):
    page_title = gettext_lazy("Overdue follow-ups")
    show_owner = True
    reading_surface = "overdue_follow_ups"

    def get_rows(self):
        return selectors.overdue_follow_ups(self.request.user)


@require_POST
def complete_follow_up(request, pk):
    follow_up = get_object_or_404(selectors.follow_ups_visible_to(request.user), pk=pk)
    form = CompleteFollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.complete_follow_up(follow_up=follow_up, user=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Done: %(title)s") % {"title": follow_up.title})
    else:
        messages.error(request, _("The note is too long."))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/admin/"):
        return redirect(next_url)
    return redirect("relations_my_follow_ups")


def timeline_records(entries) -> list:
    """The records a page of the timeline shows; an instrument is shown as part of its tie."""
    shown = {"engagement": lambda item: item, "follow_up": lambda item: item, "tie": lambda item: item}
    shown["instrument"] = lambda item: item.tie
    return [shown[entry.kind](entry.item) for entry in entries if entry.kind in shown]


class TimelineView(WagtailAdminTemplateMixin, TemplateView):
    """Everything that happened with a person, mission, region, organization or country, newest first."""

    template_name = "relations/timeline.html"
    header_icon = "history"
    per_page = 25

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        model = TIMELINE_MODELS.get(kwargs["kind"])
        if model is None:
            raise Http404
        self.record = get_object_or_404(model, pk=kwargs["pk"])

    def get_page_title(self):
        return _("Timeline")

    def get_page_subtitle(self):
        return str(self.record)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            page = max(1, int(self.request.GET.get("p", "1")))
        except ValueError:
            page = 1
        timeline = selectors.timeline(self.request.user, self.record, page=page, per_page=self.per_page)
        audit.record_confidential_views(self.request.user, timeline_records(timeline.entries), surface="timeline")
        context.update(
            record=self.record,
            timeline=timeline,
            entries=timeline.entries,
            previous_page=timeline.page - 1 if timeline.page > 1 else None,
            next_page=timeline.page + 1 if timeline.has_more else None,
        )
        return context
