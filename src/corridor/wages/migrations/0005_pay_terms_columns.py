import django.db.models.deletion
from django.db import migrations, models


def columns(apps, schema_editor):
    """The pay terms kept so far get their columns (`reconcile.pay_columns`) and their contract's reference."""
    from corridor.wages.reconcile import pay_columns

    terms = apps.get_model("wages", "ContractPayTerms")
    for row in terms.objects.select_related("contract").iterator(chunk_size=2000):
        for name, value in {**pay_columns(row.terms), "reference": row.contract.reference}.items():
            setattr(row, name, value)
        row.save()


def lines(apps, schema_editor):
    """Lines matched so far point at the pay terms their months were reconciled against."""
    line_model = apps.get_model("wages", "SalaryLine")
    terms = apps.get_model("wages", "ContractPayTerms")
    clearance = apps.get_model("clearance", "PeerContract")
    for line in line_model.objects.filter(arrival__isnull=False).select_related("arrival__clearance").iterator(chunk_size=2000):
        c = line.arrival.clearance
        contracts = list(clearance.objects.filter(source_country=c.source_country, reference=c.contract_reference))
        if not contracts:
            continue
        contract = next((x for x in contracts if x.content_hash == c.content_hash), max(contracts, key=lambda x: x.version))
        line.pay_terms = terms.objects.filter(contract=contract).first()
        if line.pay_terms is not None:
            line.save(update_fields=["pay_terms"])


class Migration(migrations.Migration):

    dependencies = [
        ('wages', '0004_contract_pay_terms'),
    ]

    operations = [
        migrations.AddField(
            model_name='contractpayterms',
            name='currency',
            field=models.CharField(blank=True, max_length=3),
        ),
        migrations.AddField(
            model_name='contractpayterms',
            name='monthly_allowances',
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True),
        ),
        migrations.AddField(
            model_name='contractpayterms',
            name='monthly_basic',
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True),
        ),
        migrations.AddField(
            model_name='contractpayterms',
            name='origin',
            field=models.CharField(blank=True, max_length=2),
        ),
        migrations.AddField(
            model_name='contractpayterms',
            name='reference',
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name='contractpayterms',
            name='sector',
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name='salaryline',
            name='pay_terms',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wages.contractpayterms'),
        ),
        migrations.RunPython(columns, migrations.RunPython.noop),
        migrations.RunPython(lines, migrations.RunPython.noop),
    ]
