# Adds the canonical-form version of audit entries (nullable: existing rows are form 1 and are not rewritten).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0007_audit_anchor'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='canon',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='canonical form'),
        ),
    ]
