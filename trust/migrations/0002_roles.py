from django.db import migrations


def create_roles(apps, schema_editor):
    from trust.roles import sync_roles

    # Creates the groups and grants the permissions that exist so far; the post_migrate handler completes the
    # map once every app (including ones added later) has its permissions.
    sync_roles(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("trust", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
