"""Several audit chains (issue 12): heads 2 to 8 beside the existing head 1, whose entries stay as they are."""

from django.db import migrations, models

GENESIS = "0" * 64
CHAINS = 8


def add_heads(apps, schema_editor):
    head = apps.get_model("core", "AuditHead")
    for chain in range(2, CHAINS + 1):
        head.objects.get_or_create(pk=chain, defaults={"seq": 0, "entry_hash": GENESIS})


def remove_heads(apps, schema_editor):
    head = apps.get_model("core", "AuditHead")
    if head.objects.filter(pk__gt=1, seq__gt=0).exists():
        raise RuntimeError("chains 2 and above have entries: the audit trail cannot go back to one chain")
    head.objects.filter(pk__gt=1).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0009_throttle_buckets")]
    operations = [
        migrations.RemoveConstraint(model_name="audithead", name="audit_head_singleton"),
        migrations.AddConstraint(
            model_name="audithead",
            constraint=models.CheckConstraint(condition=models.Q(id__gte=1, id__lte=64), name="audit_head_chains"),
        ),
        migrations.RunPython(add_heads, remove_heads),
    ]
