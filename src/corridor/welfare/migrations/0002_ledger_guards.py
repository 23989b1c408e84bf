"""The ledger and the event tables are append-only; on PostgreSQL a posting that does not balance is refused."""

from django.db import migrations

from corridor.core.lifecycle import AppendOnly
from corridor.welfare.ledger_sql import install_balanced, remove_balanced


class Migration(migrations.Migration):

    dependencies = [("welfare", "0001_initial")]

    operations = [
        AppendOnly("welfare_membershipevent"),
        AppendOnly("welfare_claimevent"),
        AppendOnly("welfare_repatriationevent"),
        AppendOnly("welfare_loanevent"),
        AppendOnly("welfare_ledgertransaction"),
        AppendOnly("welfare_leg"),
        migrations.RunPython(install_balanced, remove_balanced),
    ]
