from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]

    operations = [
        migrations.RemoveField("job", "message"),
        migrations.AddField("job", "queue", models.CharField(max_length=20, default="default")),
    ]
