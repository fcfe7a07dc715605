"""Links to the calendar feeds for the public site's templates.

{% load calendar_feeds %}
{% public_calendar_urls country="VN" lang="en" as feed %}
<a href="{{ feed.webcal }}">Subscribe</a> <a href="{{ feed.https }}">.ics</a>
"""

from django import template

from events.feeds import public_feed_urls

register = template.Library()


@register.simple_tag(takes_context=True)
def public_calendar_urls(context, **filters) -> dict[str, str]:
    return public_feed_urls(context.get("request"), **{name: str(value) for name, value in filters.items()})
