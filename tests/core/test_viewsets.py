import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from core.viewsets import KizunaIndexView
from partners.models import Organization
from tests.factories.core import UserFactory


def _view(user, query=""):
    request = RequestFactory().get(f"/admin/snippets/partners/organization/{query}")
    request.user = user
    view = KizunaIndexView(model=Organization, list_export=["name", "country"])
    view.setup(request)
    return view, request


def test_listing_export_is_refused_without_the_export_permission(db):
    view, request = _view(UserFactory(), "?export=csv")

    with pytest.raises(PermissionDenied):
        view.get(request)
    assert view.show_export_buttons is False


def test_listing_export_buttons_show_with_the_export_permission(db):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="export_records"))
    view, _request = _view(user)

    assert view.show_export_buttons is True
