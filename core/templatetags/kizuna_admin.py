"""Template tags of the staff (Wagtail admin) pages."""

from django import template
from django.utils.safestring import mark_safe

from core import local_time, record_pages, sidebar

register = template.Library()


@register.simple_tag(takes_context=True)
def cached_sidebar_props(context):
    """Wagtail's `{% sidebar_props %}`, kept per reader (core.sidebar)."""
    return mark_safe(sidebar.sidebar_props(context))  # noqa: S308 - Wagtail's own json_script output


@register.simple_tag
def place_time(record, field_name):
    """`{% place_time engagement "starts_at" %}`: the record's date-time on its place's clock, with the zone and the
    reader's own clock where it differs (core.local_time)."""
    return local_time.place_time_html(getattr(record, field_name), local_time.zone_name_for(record, field_name))


@register.filter
def record_url(record):
    """`{{ record|record_url }}`: the URL of the record's page in the workspace, "" when it has none."""
    return record_pages.record_url(record)
