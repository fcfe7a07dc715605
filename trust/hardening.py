"""Two gaps in the frameworks that turn hostile form input into a server error (found by tests/trust/test_fuzz.py).

- Django's ModelChoiceField looks the posted key up in the database; a number beyond 64 bits raises OverflowError
  on SQLite, which it does not catch. We turn it into the field's own "invalid choice" error.
- modelcluster's inline formsets (Wagtail's InlinePanel) read each initial form's id straight from the POST data;
  a missing or malformed id raises KeyError. Tampered inline data is refused as a bad request (400).
- Wagtail's chooser widgets, re-rendering a form with errors, look the posted value up as a primary key and catch
  only DoesNotExist; a non-numeric value raises ValueError. We show such a value as "nothing chosen".
"""

from django import forms
from django.core.exceptions import SuspiciousOperation, ValidationError
from modelcluster.forms import BaseTransientModelFormSet
from wagtail.admin.widgets.chooser import BaseChooser

_LOOKUP_ERRORS = (ValueError, TypeError, OverflowError, ValidationError)


def apply():
    if getattr(forms.ModelChoiceField.to_python, "trust_hardened", False):
        return
    original_to_python = forms.ModelChoiceField.to_python
    original_check_values = forms.ModelMultipleChoiceField._check_values
    original_get_instance = BaseChooser.get_instance

    def to_python(self, value):
        try:
            return original_to_python(self, value)
        except OverflowError as error:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            ) from error

    def check_values(self, value):
        try:
            return original_check_values(self, value)
        except OverflowError as error:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": str(value)[:50]}
            ) from error

    def get_instance(self, value):
        try:
            return original_get_instance(self, value)
        except _LOOKUP_ERRORS:
            return None

    original_construct_form = BaseTransientModelFormSet._construct_form

    def construct_form(self, i, **kwargs):
        try:
            return original_construct_form(self, i, **kwargs)
        except (KeyError, IndexError, *_LOOKUP_ERRORS) as error:
            raise SuspiciousOperation(f"Inline form {i} of {self.prefix} has a missing or invalid id") from error

    to_python.trust_hardened = True
    BaseTransientModelFormSet._construct_form = construct_form
    forms.ModelChoiceField.to_python = to_python
    forms.ModelMultipleChoiceField._check_values = check_values
    BaseChooser.get_instance = get_instance
