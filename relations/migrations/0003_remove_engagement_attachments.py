# Engagement.attachments (Wagtail documents, served to anyone holding the link) gives way to attachments.Attachment,
# which is served only after the visibility selector. Expand/contract: this release forgets the field in Django's
# state only; the old version, still serving during the deploy, keeps its (never filled) table. A later release
# drops the table relations_engagement_attachments.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("relations", "0002_strategy_2026_2030"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField(model_name="engagement", name="attachments")],
            database_operations=[],
        ),
    ]
