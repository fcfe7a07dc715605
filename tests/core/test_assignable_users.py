"""User pickers offer active accounts (and those already chosen), never every account ever made."""

import pytest
from django import forms
from django.contrib.auth import get_user_model

from core.forms import AssignableUsersFormMixin
from core.selectors import assignable_users
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def test_active_accounts_are_offered_and_retired_ones_only_when_kept():
    active = UserFactory(display_name="Aoki")
    retired = UserFactory(display_name="Baba", is_active=False)

    assert active in assignable_users()
    assert retired not in assignable_users()
    assert set(assignable_users(keep=[retired, None])) >= {active, retired}
    assert retired in assignable_users(keep=[retired.pk])


class OwnerForm(AssignableUsersFormMixin, forms.Form):
    owner = forms.ModelChoiceField(queryset=get_user_model().objects.all())
    staff = forms.ModelMultipleChoiceField(queryset=get_user_model().objects.all(), required=False)
    note = forms.CharField(required=False)


def test_the_mixin_narrows_every_user_field_and_keeps_the_chosen_ones():
    active = UserFactory()
    retired_owner, retired_staff, stranger = (UserFactory(is_active=False) for _ in range(3))

    form = OwnerForm(initial={"owner": retired_owner.pk, "staff": [retired_staff]})

    assert set(form.fields["owner"].queryset) >= {active, retired_owner}
    assert stranger not in form.fields["owner"].queryset
    assert retired_staff in form.fields["staff"].queryset
    assert stranger not in form.fields["staff"].queryset
    assert not OwnerForm(data={"owner": stranger.pk}).is_valid()
