"""Template tags of the staff (Wagtail admin) pages."""

from django import template
from django.utils.safestring import mark_safe

from core import sidebar

register = template.Library()


@register.simple_tag(takes_context=True)
def cached_sidebar_props(context):
    """Wagtail's `{% sidebar_props %}`, kept per reader (core.sidebar)."""
    return mark_safe(sidebar.sidebar_props(context))  # noqa: S308 - Wagtail's own json_script output
