"""What the virtual users do. To add a scenario when a feature lands, append to STAFF_BROWSE, STAFF_SEARCH,
STAFF_WRITES or PUBLIC_PAGES: candidates that do not answer 200 on this build are skipped (and reported), so the
lists can name endpoints that are not merged yet.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass

# Staff listings and pages (GET, signed in). The first ones exist in every build.
STAFF_BROWSE = [
    "/admin/",
    "/admin/relations/engagements/",
    "/admin/relations/follow-ups/",
    "/admin/relations/ties/",
    "/admin/relations/commitments/",
    "/admin/relations/my-follow-ups/",
    "/admin/relations/overdue/",
    "/admin/relations/measures/",
    "/admin/pages/",
    "/admin/jobs/",
    "/admin/redirects/",
    "/admin/users/",
    "/admin/snippets/",
    "/admin/snippets/partners/organization/",
    "/admin/snippets/partners/mission/",
    "/admin/snippets/contacts/person/",
    "/admin/snippets/relations/engagement/",
    "/admin/snippets/relations/followup/",
    "/admin/snippets/relations/tie/",
    "/admin/snippets/events/event/",
    "/admin/snippets/events/delegation/",
]

# Searches: a listing URL and the terms typed into it (Japanese, romanised, partial).
STAFF_SEARCH = [
    ("/admin/relations/engagements/", ["lt", "会談", "meeting", "visit"]),
    ("/admin/users/", ["load", "staff1", "職員"]),
    ("/admin/redirects/", ["loadtest", "example"]),
    ("/admin/pages/search/", ["welcome", "交流"]),
    ("/admin/snippets/partners/organization/", ["大使館", "embassy", "viet"]),
    ("/admin/snippets/contacts/person/", ["やまだ", "nguyen", "kim"]),
    ("/admin/snippets/relations/engagement/", ["meeting", "会談"]),
]

# Public site and feeds (GET, anonymous).
PUBLIC_PAGES = [
    "/ja/",
    "/en/",
    "/vi/",
    "/ko/",
    "/zh-hans/",
    "/sitemap.xml",
    "/calendar/events.ics",
    "/feeds/events.ics",
    "/ja/events/",
    "/ja/news/",
    "/healthz",
]


@dataclass(frozen=True)
class Write:
    """A form a person submits in the staff workspace, carrying a unique marker so stored rows can be counted.

    `fields(marker, rng, context, username)` builds the POST body (`context` holds ids looked up once before the
    run, see run.py); `count_sql` returns (marker, count) rows for this run's markers (`%(prefix)s`).
    """

    name: str
    add_url: str
    fields: Callable
    count_sql: str
    success_status: int = 302


def _meeting_fields(marker, rng, context, username):
    """The "log a meeting" form of relations: a meeting with a country and one follow-up for the person logging."""
    fields = {
        "kind": "meeting",
        "subject": marker,
        "date": context["today"],
        "start_time": f"{rng.randint(9, 17):02d}:{rng.choice(['00', '15', '30', '45'])}",
        "end_time": "",
        "time_zone": "Asia/Tokyo",
        "location": "県庁 会議室",
        "countries": str(rng.choice(context["country_ids"])),
        "staff": str(context["user_ids"][username]),
        "summary": "Load test meeting",
        "outcomes": "",
        "tags": "",
        "confidentiality": "internal",
        "followups-TOTAL_FORMS": "1",
        "followups-INITIAL_FORMS": "0",
        "followups-MIN_NUM_FORMS": "0",
        "followups-MAX_NUM_FORMS": "20",
        "followups-0-title": f"Send thanks ({marker})",
        "followups-0-owner": str(context["user_ids"][username]),
        "followups-0-due_on": context["today"],
    }
    return fields


def _redirect_fields(marker, rng, context, username):
    return {
        "old_path": f"/{marker}",
        "site": "",
        "is_permanent": "on",
        "redirect_page": "",
        "redirect_link": f"https://example.org/{marker}",
    }


STAFF_WRITES = [
    Write(
        name="log_meeting",
        add_url="/admin/relations/engagements/add/",
        fields=_meeting_fields,
        count_sql=(
            "SELECT subject, count(*) FROM relations_engagement WHERE subject LIKE %(prefix)s || '%%' GROUP BY subject"
        ),
    ),
]

# A Wagtail redirect: a real admin form (CSRF, validation, a row in PostgreSQL) that exists in every build; used
# only when "log a meeting" is not available.
FALLBACK_WRITES = [
    Write(
        name="create_redirect",
        add_url="/admin/redirects/add/",
        fields=_redirect_fields,
        count_sql=(
            "SELECT substr(old_path, 2), count(*) FROM wagtailredirects_redirect "
            "WHERE old_path LIKE '/' || %(prefix)s || '%%' GROUP BY old_path"
        ),
    ),
]


def pick(rng: random.Random, weighted):
    choices, weights = zip(*weighted, strict=True)
    return rng.choices(choices, weights=weights, k=1)[0]
