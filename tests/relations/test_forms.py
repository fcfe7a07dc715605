"""relations.forms: a meeting's zone is chosen from a select, its times are read on its place's clock, and a date
that is no date is refused with a message rather than replaced."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse

from partners.models import Country
from relations.models import Engagement
from tests.factories.relations import EngagementFactory, PersonFactory

pytestmark = pytest.mark.django_db

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _select(content: str, name: str) -> str:
    return re.search(rf'<select name="{name}".*?</select>', content, re.S).group(0)


def _meeting(staff_user, **changes) -> dict:
    data = {
        "kind": "meeting",
        "subject": "Trade talk",
        "date": "2026-05-12",
        "start_time": "10:00",
        "end_time": "11:00",
        "time_zone": "Asia/Tokyo",
        "people": [PersonFactory().pk],
        "staff": [staff_user.pk],
        "confidentiality": "internal",
        "followups-TOTAL_FORMS": "1",
        "followups-INITIAL_FORMS": "0",
        "followups-0-title": "Send the brochure",
        "followups-0-owner": staff_user.pk,
        "followups-0-due_on": "2026-05-20",
    }
    data.update(changes)
    return data


def test_logging_a_meeting_offers_a_select_of_zones_with_tokyo_chosen(staff_client):
    content = staff_client.get(reverse("relations_engagements:add")).content.decode()

    select = _select(content, "time_zone")
    assert re.findall(r'<option value="([^"]*)"', select)[:2] == ["Asia/Tokyo", "Asia/Ho_Chi_Minh"]
    assert re.findall(r'<option value="([^"]*)" selected>', select) == ["Asia/Tokyo"]
    assert 'type="text" name="time_zone"' not in content


@pytest.mark.parametrize(("field", "typed"), [("date", "2026-02-30"), ("date", "2026-12-32"), ("start_time", "25:00")])
def test_a_date_that_is_no_date_is_refused_with_a_message_and_kept_as_typed(staff_client, staff_user, field, typed):
    response = staff_client.post(reverse("relations_engagements:add"), _meeting(staff_user, **{field: typed}))

    errors = response.context["form"].errors.as_data()
    assert response.status_code == 400
    assert Engagement.objects.count() == 0
    assert {name: [error.code for error in errors[name]] for name in errors} == {field: ["invalid"]}
    assert f'value="{typed}"' in response.content.decode()


def test_a_follow_ups_due_date_that_is_no_date_is_refused_too(staff_client, staff_user):
    data = _meeting(staff_user, **{"followups-0-title": "", "followups-0-due_on": "2026-13-01"})

    response = staff_client.post(reverse("relations_engagements:add"), data)

    errors = response.context["follow_ups"].forms[0].errors.as_data()
    assert response.status_code == 400
    assert {name: [error.code for error in errors[name]] for name in errors} == {"due_on": ["invalid"]}


def test_a_meeting_abroad_is_edited_on_the_clock_of_its_place_with_its_countrys_zone_offered(staff_client):
    engagement = EngagementFactory(
        starts_at=datetime.datetime(2026, 5, 12, 9, 30, tzinfo=HANOI), ends_at=None, time_zone="Asia/Ho_Chi_Minh"
    )
    engagement.countries.set([Country.objects.get(code="VN")])

    content = staff_client.get(reverse("relations_engagements:edit", args=[engagement.pk])).content.decode()

    select = _select(content, "time_zone")
    assert 'value="2026-05-12 09:30"' in content  # not 11:30, the reader's clock in Tokyo
    assert re.findall(r'<option value="([^"]*)"', select)[:2] == ["Asia/Tokyo", "Asia/Ho_Chi_Minh"]
    assert re.findall(r'<option value="([^"]*)" selected>', select) == ["Asia/Ho_Chi_Minh"]
