import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_i18n_unknown_record_in_the_workspace_is_a_plain_404(staff_client):
    response = staff_client.get(reverse("relations_engagements:edit", args=[999_999]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_i18n_unknown_workspace_url_is_not_redirected_to_a_language_prefix(staff_client):
    response = staff_client.get("/admin/no-such-screen/")

    assert response.status_code == 404


@pytest.mark.django_db
def test_i18n_unknown_calendar_token_is_a_plain_404(client):
    response = client.get("/calendar/u/" + "x" * 43 + ".ics")

    assert response.status_code == 404


@pytest.mark.django_db
def test_i18n_public_path_without_prefix_still_redirects_to_the_language(client):
    response = client.get("/news/", HTTP_ACCEPT_LANGUAGE="en")

    assert (response.status_code, response["Location"]) == (302, "/en/news/")
    assert "Accept-Language" in response["Vary"]
