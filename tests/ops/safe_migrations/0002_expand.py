from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]

    operations = [
        migrations.AddField("job", "queue", models.CharField(max_length=20, db_default="default")),
        migrations.AddField("job", "note", models.TextField(null=True)),
    ]
