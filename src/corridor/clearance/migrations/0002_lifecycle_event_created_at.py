"""Lifecycle kit: the event's time is `created_at` in every event table (renamed in place; every row kept)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("clearance", "0001_initial")]
    operations = [
        migrations.RenameField("clearanceevent", "at", "created_at"),
        migrations.RenameField("substitutionmatterevent", "at", "created_at"),
    ]
