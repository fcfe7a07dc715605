from django.core.management.commands import loaddata

from trust.audit import audit_suspended


class Command(loaddata.Command):
    """Django's loaddata, with the audit trail kept out: loading a fixture or a backup is not a user's edit.

    Fixture rows arrive as raw saves, which the audit already skips, but their many-to-many links are set through
    the ordinary managers; auditing those would write history entries nobody made and look up content types
    before the fixture's own are loaded.
    """

    def handle(self, *fixture_labels, **options):
        with audit_suspended():
            return super().handle(*fixture_labels, **options)
