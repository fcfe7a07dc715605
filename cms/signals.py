"""Keeps the public page cache honest: whatever changes what a visitor sees starts a new cache generation."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import invalidate_public_pages

# Models outside the page tree whose changes show on public pages (CRM events are rendered by EventIndexPage).
RENDERED_ELSEWHERE = ["events.Event", "events.EventTranslation", "partners.PartnerRegion", "wagtailimages.Image"]


def connect() -> None:
    page_published.connect(invalidate_public_pages, dispatch_uid="cms-cache-published")
    page_unpublished.connect(invalidate_public_pages, dispatch_uid="cms-cache-unpublished")
    post_page_move.connect(invalidate_public_pages, dispatch_uid="cms-cache-moved")
    for model in apps.get_app_config("cms").get_models():
        post_delete.connect(invalidate_public_pages, sender=model, dispatch_uid=f"cms-cache-delete-{model.__name__}")
    for label in RENDERED_ELSEWHERE:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        post_save.connect(invalidate_public_pages, sender=model, dispatch_uid=f"cms-cache-save-{label}")
        post_delete.connect(invalidate_public_pages, sender=model, dispatch_uid=f"cms-cache-delete-{label}")
