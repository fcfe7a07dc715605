"""The briefing pack as a PDF: same contents as the page, local resources only, a clear page when it cannot be made."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from core.choices import Confidentiality
from events import pdf
from tests.factories.core import UserFactory
from tests.factories.relations import EngagementFactory, MissionFactory, PersonFactory, PostFactory

pypdf = pytest.importorskip("pypdf")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not pdf.available(), reason="WeasyPrint or Pango is not installed"),
]


def _pdf_text(document: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(document)).pages)


@pytest.fixture
def embassy():
    embassy = MissionFactory(name="Embassy of the Republic of Korea")
    ambassador = PersonFactory(family_name="김", given_name="철수", family_name_latin="Kim", given_name_latin="Cheolsu")
    PostFactory(person=ambassador, mission=embassy, title="Ambassador", is_head_of_mission=True)
    EngagementFactory(subject="知事表敬訪問").people.add(ambassador)
    EngagementFactory(subject="極秘協議", confidentiality=Confidentiality.CONFIDENTIAL).people.add(ambassador)
    return embassy


def test_briefing_pdf_is_a_download_with_the_page_contents(client, embassy):
    client.force_login(UserFactory(is_superuser=True))

    response = client.get(reverse("events_briefing", args=["mission", embassy.pk]), {"lang": "ja", "format": "pdf"})

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="briefing-mission-{embassy.pk}-ja.pdf"'
    assert response.content.startswith(b"%PDF-")
    text = _pdf_text(response.content)
    assert "Embassy of the Republic of Korea" in text
    assert all(name in text for name in ("知事表敬訪問", "김", "철수")), text


def test_briefing_pdf_keeps_confidential_items_out_for_other_staff(client, embassy):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    response = client.get(reverse("events_briefing", args=["mission", embassy.pk]), {"format": "pdf"})

    text = _pdf_text(response.content)
    assert response["Content-Type"] == "application/pdf"
    assert "極秘協議" not in text


def test_briefing_page_offers_the_pdf_download(client, embassy):
    client.force_login(UserFactory(is_superuser=True))

    page = client.get(reverse("events_briefing", args=["mission", embassy.pk]), {"lang": "en"}).content.decode()

    assert "?lang=en&amp;format=pdf" in page


def test_briefing_page_says_why_when_no_pdf_can_be_made(client, embassy, monkeypatch):
    monkeypatch.setattr(pdf, "available", lambda: False)
    client.force_login(UserFactory(is_superuser=True))

    response = client.get(reverse("events_briefing", args=["mission", embassy.pk]), {"lang": "en", "format": "pdf"})

    page = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "A PDF cannot be made on this server" in page
    assert "format=pdf" not in page


def test_pdf_reads_static_files_locally_and_fetches_nothing_else():
    fetcher = pdf._fetcher_class(pdf._weasyprint())()

    stylesheet = fetcher.fetch("http://testserver/static/events/briefing.css")

    assert b"@page" in stylesheet.read()
    with pytest.raises(ValueError, match="not fetched"):
        fetcher.fetch("http://169.254.169.254/latest/meta-data/")
    with pytest.raises(ValueError, match="not fetched"):
        fetcher.fetch("http://testserver/static/../config/settings/base.py")
