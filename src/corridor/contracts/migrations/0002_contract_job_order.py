"""A contract names its registry job order (a foreign key) instead of a free-text reference.

Existing contracts whose reference matches a job order's reference are linked to it. The free text is then
dropped; so that nothing is lost, each contract that had one gets an event holding the old text: action
`job_order_link` when it was linked, `job_order_unmatched` when no job order has that reference (the contract
then stays without a job order; every contract submitted from now on has one). The column itself goes in 0003,
a migration of its own: PostgreSQL refuses to alter a table with deferred foreign key checks pending.
"""

import django.db.models.deletion
from django.db import migrations, models


def link_job_orders(apps, schema_editor):
    Contract = apps.get_model("contracts", "Contract")
    ContractEvent = apps.get_model("contracts", "ContractEvent")
    JobOrder = apps.get_model("registry", "JobOrder")
    contracts = Contract.objects.exclude(job_order_reference="").only("pk", "status", "job_order_reference")
    for contract in contracts.iterator(chunk_size=500):
        text = contract.job_order_reference.strip()
        order_id = JobOrder.objects.filter(reference=text).values_list("pk", flat=True).first() if text else None
        if order_id is not None:
            Contract.objects.filter(pk=contract.pk).update(job_order_id=order_id)
        ContractEvent.objects.create(
            contract_id=contract.pk, action="job_order_link" if order_id is not None else "job_order_unmatched",
            from_status=contract.status, to_status=contract.status,
            reason=f"Job order reference before the registry: {contract.job_order_reference}",
        )


def restore_references(apps, schema_editor):
    Contract = apps.get_model("contracts", "Contract")
    for contract in Contract.objects.filter(job_order__isnull=False).select_related("job_order").iterator(chunk_size=500):
        Contract.objects.filter(pk=contract.pk).update(job_order_reference=contract.job_order.reference[:64])


class Migration(migrations.Migration):

    dependencies = [
        ('contracts', '0001_initial'),
        ('registry', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='contract',
            name='job_order',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='contracts', to='registry.joborder', verbose_name='job order'),
        ),
        migrations.RunPython(link_job_orders, restore_references, elidable=False),
    ]
