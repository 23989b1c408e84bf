"""Lifecycle kit: the event's time is `created_at` in every event table (renamed in place; every row kept)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("contracts", "0003_remove_contract_job_order_reference")]
    operations = [
        migrations.RenameField("contractevent", "at", "created_at"),
    ]
