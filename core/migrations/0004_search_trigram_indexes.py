"""Listing, chooser and autocomplete searches read a trigram index on PostgreSQL.

`search_document__contains` is `LIKE '%term%'`, which a B-tree cannot serve: at 300,000 engagements every search
scanned the table (150 ms per query, twice per listing page: the count and the page). With a pg_trgm GIN index a
term of three characters or more is an index look-up. Shorter terms (a two-kanji family name) still scan, as
the trigram index cannot answer them.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from core.migration_operations import AddTrigramIndexConcurrently

SEARCHABLE = [
    ("contacts.Person", "contacts_person_search_trgm"),
    ("partners.Organization", "partners_organization_search_trgm"),
    ("partners.Mission", "partners_mission_search_trgm"),
    ("partners.PartnerRegion", "partners_partnerregion_search_trgm"),
    ("relations.Engagement", "relations_engagement_search_trgm"),
    ("events.Event", "events_event_search_trgm"),
    ("events.Delegation", "events_delegation_search_trgm"),
    ("attachments.Attachment", "attachments_attachment_search_trgm"),
]


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("core", "0003_calendar_feed_token"),
        ("contacts", "0003_refinements"),
        ("partners", "0003_refinements"),
        ("relations", "0003_remove_engagement_attachments"),
        ("events", "0002_delegations_gifts"),
        ("attachments", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        *(
            AddTrigramIndexConcurrently(model_name=model, column="search_document", name=name)
            for model, name in SEARCHABLE
        ),
    ]
