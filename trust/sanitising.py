"""Applies core.validators to the text fields of every CRM model, in one place, for models that exist now and later.

Validators added here run in model validation (ModelForm, Wagtail's edit forms, `full_clean` in imports), and are
not part of the fields' migrations state. Tags are text too: taggit's Tag model gets the one-line rule, and every
tag field of the Wagtail admin is core.tags.CheckedTagField (a tag is saved through the tagged record's form,
never through the Tag's own validation).
"""

from django.apps import apps
from django.conf import settings
from django.db import models

from core.validators import text_length_validator, validate_no_control_characters, validate_single_line

DEFAULT_SANITISED_APPS = ("core", "partners", "contacts", "relations", "events", "attachments", "cms", "taggit")


def apply_field_policy():
    app_labels = getattr(settings, "TRUST_SANITISED_APPS", DEFAULT_SANITISED_APPS)
    for model in apps.get_models():
        if model._meta.app_label not in app_labels:
            continue
        for field in model._meta.concrete_fields:
            if field.choices or not isinstance(field, models.CharField | models.TextField):
                continue
            added = []
            if isinstance(field, models.TextField):
                added = [validate_no_control_characters, text_length_validator()]
            elif "password" not in field.name:
                added = [validate_single_line]
            for validator in added:
                if validator not in field.validators:
                    field.validators.append(validator)
    _check_tag_fields()


def _check_tag_fields():
    from taggit.managers import TaggableManager
    from wagtail.admin.forms.models import register_form_field_override

    from core.tags import CheckedTagField

    # Replaces Wagtail's own override for tag fields (the same, with Wagtail's TagField).
    register_form_field_override(
        TaggableManager,
        override=lambda db_field: {"form_class": CheckedTagField, "tag_model": db_field.related_model},
    )
