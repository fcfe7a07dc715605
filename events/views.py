"""Thin staff views: permission -> selector -> form -> service -> response."""

import calendar
import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput

from contacts.models import Person
from partners.models import Mission
from trust import audit

from . import briefing, pdf, selectors, services
from .models import ItineraryItem

BRIEFING_LANGUAGES = ("ja", "en")


def _month_from(value: str | None, today: datetime.date) -> datetime.date:
    try:
        return datetime.datetime.strptime(value or "", "%Y-%m").date().replace(day=1)  # noqa: DTZ007 - a month
    except ValueError:
        return today.replace(day=1)


def _shift_month(month: datetime.date, months: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


# A day of the month grid shows this many entries, then "+N more" (the day's list): a busy month holds thousands
# of delegations and events, and a grid of all of them is unreadable and slow to write out.
ENTRIES_PER_DAY = 4
_ANY_KEY = 987654321


def _day_from(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


class CalendarView(WagtailAdminTemplateMixin, TemplateView):
    """Upcoming delegations and events the user may see, as a month grid or a list (?view=list), the list of one
    month or of one day (?day=YYYY-MM-DD, where a day's "+N more" in the grid leads)."""

    template_name = "events/calendar.html"
    page_title = _("Delegations and events calendar")
    header_icon = "calendar"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        day = _day_from(self.request.GET.get("day"))
        month = day.replace(day=1) if day else _month_from(self.request.GET.get("month"), today)
        mode = "list" if day or self.request.GET.get("view") == "list" else "month"
        weeks = calendar.Calendar(firstweekday=6).monthdatescalendar(month.year, month.month)
        start, end = weeks[0][0], weeks[-1][-1]
        if mode == "list":
            start, end = (day, day) if day else (month, _shift_month(month, 1) - datetime.timedelta(days=1))
        entries = selectors.calendar_entries(self.request.user, start=start, end=end)
        grid = []
        if mode == "month":
            for week in weeks:
                row = []
                for date in week:
                    of_day = [entry for entry in entries if entry.start <= date <= entry.end]
                    row.append((date, of_day[:ENTRIES_PER_DAY], len(of_day) - ENTRIES_PER_DAY))
                grid.append(row)
            # An entry spanning several days is one entry.
            shown = list({id(entry): entry for row in grid for _, of_day, _ in row for entry in of_day}.values())
        else:
            shown = entries
        audit.record_confidential_views(self.request.user, [entry.record for entry in shown], surface="calendar")
        urls = {
            # Each link from a reversed pattern with the key swapped in: one reverse() per kind, not per entry.
            kind: reverse(name, args=[_ANY_KEY]).replace(str(_ANY_KEY), "{}")
            for kind, name in (("delegation", "events_delegations:inspect"), ("event", "events_events:edit"))
        }
        for entry in shown:
            object.__setattr__(entry, "url", urls[entry.kind].format(entry.record.pk))
        context.update(
            {
                "mode": mode,
                "month": month,
                "day": day,
                "previous_month": _shift_month(month, -1),
                "next_month": _shift_month(month, 1),
                "today": today,
                "entries": shown,
                "weeks": grid,
                # Django's translated abbreviations (日, 月, ...): the calendar module's are English whatever the page.
                "weekday_names": [WEEKDAYS_ABBR[(6 + offset) % 7] for offset in range(7)],
            }
        )
        return context


def _briefing_language(request) -> str:
    wanted = request.GET.get("lang") or (translation.get_language() or "ja")[:2]
    return wanted if wanted in BRIEFING_LANGUAGES else "ja"


def briefing_view(request, kind: str, pk: int):
    """One printable page for a delegation, a mission or a person, in Japanese or English (?lang=); ?format=pdf
    gives the same page as a PDF download where the server can lay one out."""
    language = _briefing_language(request)
    wants_pdf = request.GET.get("format") == "pdf"
    pdf_available = pdf.available()
    with translation.override(language):
        if kind == "delegation":
            subject = get_object_or_404(selectors.delegations_visible_to(request.user), pk=pk)
            pack = briefing.delegation_briefing(request.user, subject)
        elif kind == "mission":
            subject = get_object_or_404(Mission.objects.select_related("country"), pk=pk)
            pack = briefing.mission_briefing(request.user, subject)
        elif kind == "person":
            subject = get_object_or_404(Person, pk=pk)
            pack = briefing.person_briefing(request.user, subject)
        else:
            raise Http404
        response = TemplateResponse(
            request,
            "events/briefing.html",
            {
                "pack": pack,
                "language": language,
                "other_language": "en" if language == "ja" else "ja",
                "photo_spec": briefing.PHOTO_SPEC,
                "pdf_available": pdf_available,
                "pdf_refused": wants_pdf and not pdf_available,
            },
        )
        response.render()
    audit.record_confidential_views(request.user, pack.records(), surface="briefing")
    if wants_pdf and pdf_available:
        document = pdf.html_to_pdf(response.content.decode(), base_url=request.build_absolute_uri("/"))
        download = HttpResponse(document, content_type="application/pdf")
        download["Content-Disposition"] = f'attachment; filename="briefing-{kind}-{pk}-{language}.pdf"'
        download["Cache-Control"] = "private, no-store"
        return download
    return response


@require_POST
def record_as_engagement_view(request, pk: int):
    """The one-click "record as engagement" on a meeting of a visible delegation's itinerary."""
    item = get_object_or_404(
        ItineraryItem.objects.filter(delegation__in=selectors.delegations_visible_to(request.user).values("pk")),
        pk=pk,
    )
    if not request.user.has_perm("events.change_delegation"):
        raise PermissionDenied
    try:
        engagement = services.record_item_as_engagement(item=item, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("“%(title)s” is recorded as an engagement.") % {"title": engagement.subject},
        )
    return redirect("events_delegations:inspect", item.delegation_id)


class VisitFollowUpForm(forms.Form):
    title = forms.CharField(label=_("What"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=get_user_model().objects.filter(is_active=True))
    due_on = forms.DateField(label=_("Due on"), widget=AdminDateInput)


@require_POST
def add_visit_follow_up_view(request, pk: int):
    delegation = get_object_or_404(selectors.delegations_visible_to(request.user), pk=pk)
    if not request.user.has_perm("events.change_delegation"):
        raise PermissionDenied
    form = VisitFollowUpForm(request.POST)
    if form.is_valid():
        services.add_visit_follow_up(delegation=delegation, user=request.user, **form.cleaned_data)
        messages.success(request, _("Follow-up added."))
    else:
        messages.error(
            request, " ".join(f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items())
        )
    return redirect("events_delegations:inspect", delegation.pk)
