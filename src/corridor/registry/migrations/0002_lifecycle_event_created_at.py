"""Lifecycle kit: the event's time is `created_at` in every event table (renamed in place; every row kept)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [
        migrations.RenameField("licenceevent", "at", "created_at"),
        migrations.RenameField("joborderevent", "at", "created_at"),
    ]
