from django.urls import path, re_path

from events import feeds

app_name = "events"

urlpatterns = [
    path("calendar/public.ics", feeds.public_calendar, name="public_calendar"),
    path("calendar/events/<slug:slug>.ics", feeds.event_ics, name="event_ics"),
    # Secrets from secrets.token_urlsafe: URL-safe base64, 43 characters for 32 bytes.
    re_path(r"^calendar/u/(?P<token>[A-Za-z0-9_-]{20,100})\.ics$", feeds.private_calendar, name="private_calendar"),
]
