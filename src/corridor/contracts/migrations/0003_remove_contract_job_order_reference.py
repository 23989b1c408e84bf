"""The free-text job order reference, replaced by the job order itself (see 0002)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('contracts', '0002_contract_job_order'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='contract',
            name='job_order_reference',
        ),
    ]
