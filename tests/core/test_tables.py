"""The lean columns (core.tables) write Wagtail's cell markup themselves: every listing must stay the table Wagtail's
own column classes and templates write, in each language of the staff workspace."""

import datetime
import html
import re
import zoneinfo

import pytest
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.template.defaultfilters import date as date_format
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.models import get_snippet_models
from wagtail.users.models import UserProfile

from core.choices import Confidentiality
from core.tables import LEAN_COLUMNS, LeanColumn, LeanColumnMixin, LeanDateColumn, LocalDateColumn, lean_column
from core.viewsets import KizunaIndexView
from relations.models import Engagement
from tests.factories import attachments, contacts, events, partners, relations
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db

TOKYO = datetime.timezone(datetime.timedelta(hours=9))
# Each row's "updated" moment, set after the rows are made: "just now" would turn into "1 minute ago" if a minute
# passed between the two renderings compared.
UPDATED_AT = datetime.datetime(2024, 1, 15, 10, 30, tzinfo=TOKYO)


def _engagements():
    relations.EngagementFactory(subject="Courtesy call <on the governor>", location="県庁 本館")
    engagement = relations.EngagementFactory(location="", confidentiality=Confidentiality.CONFIDENTIAL)
    engagement.tags.add("農業")


def _follow_ups():
    relations.FollowUpFactory(engagement=relations.EngagementFactory(subject="Trade mission"))
    relations.FollowUpFactory(confidentiality=Confidentiality.CONFIDENTIAL)
    relations.FollowUpFactory(due_on=datetime.date(2026, 3, 31))


def _people():
    contacts.PersonFactory(family_name="阮", given_name="文安", family_name_kana="グエン").tags.add("VIP")
    contacts.PersonFactory()


def _organizations():
    partners.OrganizationFactory(name="O'Brien & Partners").tags.add("商社", "輸出")
    partners.OrganizationFactory()


def _missions():
    partners.MissionFactory(city="")
    partners.MissionFactory().tags.add("ASEAN")


def _posts():
    contacts.PostFactory()
    contacts.AmbassadorPostFactory(end_date=datetime.date(2027, 3, 31))


def _ties():
    relations.TieFactory()
    relations.TieFactory(established_on=None, confidentiality=Confidentiality.CONFIDENTIAL)


def _commitments():
    relations.CommitmentFactory(due_on=datetime.date(2026, 12, 1))
    relations.CommitmentFactory()


def _attachments():
    attachments.AttachmentFactory()
    attachments.AttachmentFactory(confidentiality=Confidentiality.CONFIDENTIAL)


def _delegations():
    events.DelegationFactory()
    events.DelegationFactory(confidentiality=Confidentiality.CONFIDENTIAL, destination="")


def _gifts():
    events.GiftFactory(person=contacts.PersonFactory())
    events.GiftFactory(mission=partners.MissionFactory(), value_yen=None, confidentiality=Confidentiality.CONFIDENTIAL)


def _events():
    events.EventFactory()
    events.ConfidentialEventFactory(venue="")


def _seeded():
    """Countries, strategies and measures ship with the database."""


ROWS = {
    "attachments.attachment": _attachments,
    "contacts.person": _people,
    "contacts.post": _posts,
    "events.delegation": _delegations,
    "events.event": _events,
    "events.gift": _gifts,
    "partners.country": _seeded,
    "partners.mission": _missions,
    "partners.organization": _organizations,
    "partners.partnerregion": lambda: [partners.PartnerRegionFactory(), partners.PartnerRegionFactory(name_native="")],
    "relations.basicstrategy": _seeded,
    "relations.commitment": _commitments,
    "relations.engagement": _engagements,
    "relations.followup": _follow_ups,
    "relations.measure": _seeded,
    "relations.targetcountry": lambda: [
        relations.TargetCountryFactory(),
        relations.TargetCountryFactory(fiscal_year=2027, measure=None),
    ],
    "relations.targetregion": lambda: [relations.TargetRegionFactory()],
    "relations.tie": _ties,
}


def _listings() -> list:
    """Every listing built on KizunaIndexView, from the snippet registry (as bench.pages discovers them)."""
    return sorted(
        model._meta.label_lower
        for model in get_snippet_models()
        if issubclass(getattr(getattr(model, "snippet_viewset", None), "index_view_class", object), KizunaIndexView)
    )


def _model(label):
    return next(model for model in get_snippet_models() if model._meta.label_lower == label)


def _normalised(html: str) -> str:
    """The markup with each run of whitespace as one space (as a browser reads it), and none before a tag's end."""
    html = re.sub(r"\s+", " ", html)
    return re.sub(r" (/?>)", r"\1", html).strip()


def _table(response) -> str:
    content = response.content.decode()
    start = content.index('<table class="listing')
    return content[start : content.index("</table>", start) + len("</table>")]


def _render(client, url, *, lean, monkeypatch):
    monkeypatch.setattr(KizunaIndexView, "lean_columns", lean)
    cache.clear()  # both renders build the sidebar (core.sidebar keeps it per reader), so their queries compare
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


@pytest.fixture
def superuser():
    return UserFactory(is_superuser=True)


def _speaking(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def test_every_listing_has_rows_for_the_comparison():
    assert sorted(ROWS) == _listings()


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("label", _listings())
def test_lean_columns_write_the_table_wagtails_columns_write(client, superuser, monkeypatch, label, language):
    model = _model(label)
    ROWS[label]()
    if any(field.name == "updated_at" for field in model._meta.get_fields()):
        model._default_manager.update(updated_at=UPDATED_AT)
    _speaking(superuser, language)
    client.force_login(superuser)
    url = reverse(model.snippet_viewset.get_url_name("list"))

    wagtail, wagtail_queries = _render(client, url, lean=False, monkeypatch=monkeypatch)
    lean, lean_queries = _render(client, url, lean=True, monkeypatch=monkeypatch)

    assert _normalised(_table(lean)) == _normalised(_table(wagtail))
    assert lean_queries == wagtail_queries
    assert f'<html lang="{language}"' in lean.content.decode()
    assert len(lean.context["page_obj"].object_list) >= 1
    # Each column of a class core.tables writes for became its lean counterpart (the title column's class is made
    # by Wagtail for the view: ButtonsColumnMixin on LeanTitleColumn), and the reference used none.
    not_swapped = [
        column.name
        for column in lean.context["view"].columns
        if type(column) in LEAN_COLUMNS or (isinstance(column, TitleColumn) and not isinstance(column, LeanColumnMixin))
    ]
    assert not_swapped == []
    assert [column for column in wagtail.context["view"].columns if isinstance(column, LeanColumnMixin)] == []


class Shouted(Column):
    """A column core.tables does not know: its own context (and it could have its own template)."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = str(context["value"]).upper()
        return context


class PrivateButton(ListingButton):
    """A button of a class core.tables does not know, rendered by its own template."""

    template_name = "wagtailadmin/shared/icon.html"

    def get_context_data(self, parent_context):
        return {"name": "lock", "classname": "private", "title": self.label}


def _engagement_listing(rf, user, list_display, *, lean, monkeypatch):
    """The engagement listing as its viewset builds it, with other columns."""
    viewset = _model("relations.engagement").snippet_viewset
    view = viewset.construct_view(viewset.index_view_class, **viewset.get_index_view_kwargs(list_display=list_display))
    monkeypatch.setattr(KizunaIndexView, "lean_columns", lean)
    request = rf.get(reverse("relations_engagements:list"))
    request.user = user
    response = view(request)
    return response.render(), response.context_data["view"].columns


def test_columns_and_buttons_core_tables_does_not_know_keep_wagtails_rendering(rf, superuser, monkeypatch):
    relations.EngagementFactory(subject="Courtesy call", location="県庁")
    list_display = ["subject", DateColumn("starts_at"), Shouted("shouted", accessor="subject")]
    private_button = [PrivateButton("Private", "/p/")]

    with hooks.register_temporarily("register_snippet_listing_buttons", lambda *args, **kwargs: private_button):
        wagtail, _columns = _engagement_listing(rf, superuser, list_display, lean=False, monkeypatch=monkeypatch)
        lean, columns = _engagement_listing(rf, superuser, list_display, lean=True, monkeypatch=monkeypatch)

    assert _normalised(_table(lean)) == _normalised(_table(wagtail))
    assert [type(column) for column in columns][2:] == [LEAN_COLUMNS[DateColumn], Shouted]
    assert "<td> COURTESY CALL </td>" in _normalised(_table(lean))
    assert '<svg class="icon icon-lock private" aria-hidden="true">' in _table(lean)


def test_lean_column_copies_a_column_it_knows_and_leaves_others_as_they_are():
    shouted = Shouted("location")
    shared = DateColumn("starts_at", label="starts", sort_key="starts_at", classname="w-text-16")

    lean = lean_column(shared)

    assert lean_column(shouted) is shouted
    assert (type(lean), lean.name, lean.label, lean.sort_key, lean.classname, lean.header.column) == (
        LeanDateColumn,
        "starts_at",
        "starts",
        "starts_at",
        "w-text-16",
        lean,
    )
    assert (type(shared), shared.header.column) == (DateColumn, shared)


def test_a_lean_column_given_another_template_renders_through_it(rf):
    class Flagged(LeanColumn):
        cell_template_name = "wagtailadmin/tables/boolean_cell.html"

    class WagtailFlagged(Column):
        cell_template_name = "wagtailadmin/tables/boolean_cell.html"

    engagement = relations.EngagementFactory(location="県庁")
    context = {"row": None, "table": None, "request": rf.get("/")}

    lean = Flagged("location").render_cell_html(engagement, context)

    assert lean == WagtailFlagged("location").render_cell_html(engagement, context)
    assert "icon-check" in lean


NBSP = "\u00a0"


def _time_cells(response) -> dict[str, tuple[str, str]]:
    """Each <time> of the listing's table: its datetime attribute -> (title, text)."""
    cells = re.findall(r'<time datetime="([^"]+)"(?: title="([^"]*)")?>([^<]*)</time>', _table(response))
    return {moment: (html.unescape(title), html.unescape(text)) for moment, title, text in cells}


def _tokyo_clock(moment: datetime.datetime) -> str:
    local = moment.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo"))
    return f"{local.year}年{local.month}月{local.day}日 {local.hour}:{local.minute:02d}{NBSP}JST"


def test_a_listing_shows_a_meeting_at_the_clock_of_its_place_with_the_readers_time_on_hover(client, superuser):
    tokyo = relations.EngagementFactory(starts_at=datetime.datetime(2027, 2, 1, 14, 0, tzinfo=TOKYO))
    hanoi = relations.EngagementFactory(
        starts_at=datetime.datetime(2027, 2, 2, 9, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")),
        time_zone="Asia/Ho_Chi_Minh",
    )
    client.force_login(superuser)

    cells = _time_cells(client.get(reverse("relations_engagements:list")))

    assert cells[tokyo.starts_at.astimezone(TOKYO).isoformat()] == (
        f"2027年2月1日 14:00{NBSP}JST (Asia/Tokyo)",
        f"2027年2月1日 14:00{NBSP}JST",
    )
    assert cells["2027-02-02T09:30:00+07:00"] == (
        f"2027年2月2日 9:30{NBSP}UTC+7 (Asia/Ho_Chi_Minh) （あなたの時刻：2027年2月2日 11:30{NBSP}JST）",
        f"2027年2月2日 9:30{NBSP}UTC+7",
    )
    assert hanoi.time_zone == "Asia/Ho_Chi_Minh"


def test_a_meeting_six_hours_ahead_is_listed_at_its_time_not_as_just_now(client, superuser):
    starts_at = (timezone.now() + datetime.timedelta(hours=6)).replace(second=0, microsecond=0)
    relations.EngagementFactory(starts_at=starts_at)
    _speaking(superuser, "en")
    client.force_login(superuser)

    cells = _time_cells(client.get(reverse("relations_engagements:list")))

    local = starts_at.astimezone(TOKYO)
    with translation.override("en"):
        clock = f"{date_format(local, 'DATE_FORMAT')} {local.hour}:{local.minute:02d}{NBSP}JST"
    assert cells[local.isoformat()] == (f"{clock} (Asia/Tokyo)", clock)


def test_when_a_record_changed_is_time_passed_with_the_moment_on_hover(client, superuser):
    engagement = relations.EngagementFactory(starts_at=datetime.datetime(2027, 2, 1, 14, 0, tzinfo=TOKYO))
    changed = timezone.now() - datetime.timedelta(hours=3, minutes=1)
    Engagement.objects.filter(pk=engagement.pk).update(updated_at=changed)
    client.force_login(superuser)

    cells = _time_cells(client.get(reverse("relations_engagements:list")))

    assert cells[changed.astimezone(TOKYO).isoformat()] == (f"{_tokyo_clock(changed)} (Asia/Tokyo)", "3時間前")


def test_no_listing_writes_a_date_time_as_time_passed_or_on_the_readers_clock_alone():
    """Every date-time column of every listing is a LocalDateColumn (Wagtail's DateColumn wrote "Just now" of the
    future); a date field named by its name is written as the date itself."""
    wrong = []
    for label in _listings():
        model = _model(label)
        viewset = model.snippet_viewset
        view = viewset.index_view_class(**{**viewset.get_common_view_kwargs(), **viewset.get_index_view_kwargs()})
        for column in view.columns:
            field = _model_field(model, column.accessor if isinstance(column.accessor, str) else "")
            if type(column) in (DateColumn, LeanDateColumn) or (
                isinstance(field, models.DateTimeField) and not isinstance(column, LocalDateColumn)
            ):
                wrong.append(f"{label}: {column.name}")

    assert wrong == []


def _model_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
