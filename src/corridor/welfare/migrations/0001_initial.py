"""The welfare fund: memberships, contributions, the ledger, claims, repatriations and loans."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0002_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Account',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fund', models.CharField(max_length=20, verbose_name='fund')),
                ('code', models.CharField(max_length=30, verbose_name='code')),
                ('kind', models.CharField(choices=[('asset', 'Asset'), ('liability', 'Liability'), ('income', 'Income'), ('expense', 'Expense'), ('equity', 'Equity')], max_length=10, verbose_name='kind')),
                ('currency', models.CharField(max_length=3, verbose_name='currency')),
            ],
            options={
                'ordering': ['fund', 'code'],
                'constraints': [models.UniqueConstraint(fields=('fund', 'code'), name='welfare_account_unique')],
            },
        ),
        migrations.CreateModel(
            name='BankStatementLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fund', models.CharField(max_length=20, verbose_name='fund')),
                ('booked_on', models.DateField(verbose_name='booked on')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='amount')),
                ('currency', models.CharField(max_length=3, verbose_name='currency')),
                ('reference', models.CharField(blank=True, max_length=60, verbose_name='reference')),
                ('imported_at', models.DateTimeField(auto_now_add=True)),
                ('imported_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['booked_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Claim',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(max_length=40, unique=True, verbose_name='reference')),
                ('benefit', models.CharField(max_length=40, verbose_name='benefit')),
                ('status', models.CharField(choices=[('prompted', 'Opened for the family'), ('filed', 'Filed'), ('recommended', 'Recommended'), ('approved', 'Approved'), ('rejected', 'Rejected'), ('appealed', 'Appealed'), ('paid', 'Paid'), ('withdrawn', 'Withdrawn')], default='filed', max_length=12, verbose_name='status')),
                ('claimant_kind', models.CharField(choices=[('member', 'The member'), ('next_of_kin', 'Next of kin'), ('attache', 'An attaché for them')], max_length=12, verbose_name='filed by')),
                ('claimant_name', models.CharField(blank=True, max_length=200, verbose_name='claimant')),
                ('claimant_relationship', models.CharField(blank=True, max_length=50, verbose_name='relationship to the member')),
                ('event_date', models.DateField(verbose_name='date of the event')),
                ('cause', models.CharField(blank=True, max_length=30, verbose_name='cause or degree')),
                ('requested_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=18, null=True, verbose_name='amount asked')),
                ('filed_on', models.DateField(blank=True, null=True, verbose_name='filed on')),
                ('prompted_by', models.CharField(blank=True, max_length=60, verbose_name='prompted by')),
                ('inputs', models.JSONField(blank=True, default=dict, verbose_name='inputs evaluated')),
                ('inputs_hash', models.CharField(blank=True, max_length=64)),
                ('eligible', models.BooleanField(null=True, verbose_name='eligible')),
                ('decision', models.JSONField(blank=True, default=list, verbose_name='reasons')),
                ('amount', models.DecimalField(blank=True, decimal_places=2, max_digits=18, null=True, verbose_name='amount')),
                ('currency', models.CharField(blank=True, max_length=3, verbose_name='currency')),
                ('four_eyes_waived', models.BooleanField(default=False)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('filed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recommended_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'claim',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='ClaimDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('storage_name', models.CharField(max_length=64, unique=True)),
                ('content_type', models.CharField(max_length=60)),
                ('size', models.PositiveIntegerField()),
                ('sha256', models.CharField(max_length=64)),
                ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='welfare.claim')),
                ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='ClaimEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(max_length=40, verbose_name='action')),
                ('from_status', models.CharField(blank=True, max_length=20, verbose_name='from')),
                ('to_status', models.CharField(blank=True, max_length=20, verbose_name='to')),
                ('reason', models.TextField(blank=True, verbose_name='reason')),
                ('detail', models.JSONField(blank=True, default=dict)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='welfare.claim')),
            ],
            options={
                'verbose_name': 'claim event',
                'ordering': ['created_at', 'id'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='LedgerTransaction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fund', models.CharField(max_length=20, verbose_name='fund')),
                ('kind', models.CharField(choices=[('contribution', 'Contribution'), ('benefit', 'Benefit paid'), ('repatriation', 'Repatriation paid'), ('loan', 'Loan paid out'), ('repayment', 'Loan repayment'), ('opening', 'Opening balance')], max_length=12, verbose_name='kind')),
                ('posted_on', models.DateField(verbose_name='value date')),
                ('description', models.CharField(max_length=300, verbose_name='description')),
                ('reference', models.CharField(blank=True, db_index=True, max_length=60, verbose_name='bank or receipt reference')),
                ('foreign_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=18, null=True, verbose_name='amount paid')),
                ('foreign_currency', models.CharField(blank=True, max_length=3, verbose_name='currency paid')),
                ('exchange_rate', models.DecimalField(blank=True, decimal_places=8, max_digits=18, null=True, verbose_name='exchange rate')),
                ('rate_source', models.CharField(blank=True, max_length=100, verbose_name='rate source')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('posted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['posted_on', 'id'],
            },
        ),
        migrations.AddField(
            model_name='claim',
            name='posting',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare.ledgertransaction'),
        ),
        migrations.CreateModel(
            name='Loan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(max_length=40, unique=True, verbose_name='reference')),
                ('principal', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='principal')),
                ('currency', models.CharField(max_length=3, verbose_name='currency')),
                ('status', models.CharField(choices=[('outstanding', 'Being repaid'), ('repaid', 'Repaid')], default='outstanding', max_length=12, verbose_name='status')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.AddField(
            model_name='ledgertransaction',
            name='loan',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='transactions', to='welfare.loan'),
        ),
        migrations.CreateModel(
            name='LoanEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(max_length=40, verbose_name='action')),
                ('from_status', models.CharField(blank=True, max_length=20, verbose_name='from')),
                ('to_status', models.CharField(blank=True, max_length=20, verbose_name='to')),
                ('reason', models.TextField(blank=True, verbose_name='reason')),
                ('detail', models.JSONField(blank=True, default=dict)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('loan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='welfare.loan')),
            ],
            options={
                'verbose_name': 'loan event',
                'ordering': ['created_at', 'id'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(max_length=40, unique=True, verbose_name='membership number')),
                ('fund', models.CharField(max_length=20, verbose_name='fund')),
                ('fund_version', models.CharField(max_length=20, verbose_name='fund rules version')),
                ('source', models.CharField(choices=[('clearance', 'At departure clearance'), ('enrolment', 'Enrolled abroad')], max_length=12, verbose_name='how it started')),
                ('clearance_reference', models.CharField(blank=True, db_index=True, max_length=40, verbose_name='clearance')),
                ('destination', models.CharField(blank=True, max_length=2, verbose_name='destination country')),
                ('contract_months', models.PositiveIntegerField(verbose_name='contract length (months)')),
                ('starts_on', models.DateField(verbose_name='cover from')),
                ('ends_on', models.DateField(verbose_name='cover until')),
                ('status', models.CharField(choices=[('active', 'Covered'), ('ended', 'Ended')], default='active', max_length=12, verbose_name='status')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('renewal_of', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare.membership')),
                ('worker', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.worker', verbose_name='member')),
            ],
            options={
                'verbose_name': 'membership',
                'ordering': ['-starts_on', '-id'],
            },
        ),
        migrations.AddField(
            model_name='loan',
            name='membership',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='loans', to='welfare.membership'),
        ),
        migrations.CreateModel(
            name='Leg',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='amount')),
                ('currency', models.CharField(max_length=3, verbose_name='currency')),
                ('account', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='legs', to='welfare.account')),
                ('transaction', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='legs', to='welfare.ledgertransaction')),
                ('membership', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='legs', to='welfare.membership')),
            ],
            options={
                'ordering': ['transaction_id', 'id'],
            },
        ),
        migrations.AddField(
            model_name='ledgertransaction',
            name='membership',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='transactions', to='welfare.membership'),
        ),
        migrations.CreateModel(
            name='Contribution',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='amount')),
                ('currency', models.CharField(max_length=3, verbose_name='currency')),
                ('payer', models.CharField(choices=[('employer', 'Employer'), ('agency', 'Recruitment agency'), ('worker', 'Worker'), ('waived', 'Waived')], max_length=10, verbose_name='paid by')),
                ('paid_on', models.DateField(verbose_name='paid on')),
                ('receipt', models.CharField(blank=True, max_length=60, verbose_name='receipt')),
                ('recorded_at', models.DateTimeField(auto_now_add=True)),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('posting', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare.ledgertransaction')),
                ('membership', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='contributions', to='welfare.membership')),
            ],
            options={
                'ordering': ['paid_on', 'id'],
            },
        ),
        migrations.AddField(
            model_name='claim',
            name='membership',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='claims', to='welfare.membership', verbose_name='membership'),
        ),
        migrations.CreateModel(
            name='MembershipEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(max_length=40, verbose_name='action')),
                ('from_status', models.CharField(blank=True, max_length=20, verbose_name='from')),
                ('to_status', models.CharField(blank=True, max_length=20, verbose_name='to')),
                ('reason', models.TextField(blank=True, verbose_name='reason')),
                ('detail', models.JSONField(blank=True, default=dict)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('membership', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='welfare.membership')),
            ],
            options={
                'verbose_name': 'membership event',
                'ordering': ['created_at', 'id'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='PeerRepatriation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source_country', models.CharField(max_length=2)),
                ('reference', models.CharField(max_length=40)),
                ('body', models.JSONField(default=dict)),
                ('received_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('source_country', 'reference'), name='welfare_peer_repatriation_unique')],
            },
        ),
        migrations.CreateModel(
            name='Repatriation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(max_length=40, unique=True, verbose_name='reference')),
                ('case_reference', models.CharField(blank=True, max_length=40, verbose_name='case')),
                ('remains', models.BooleanField(default=False, verbose_name='repatriation of remains')),
                ('reason', models.TextField(verbose_name='reason')),
                ('status', models.CharField(choices=[('requested', 'Requested'), ('approved', 'Approved'), ('ticketed', 'Ticket paid'), ('returned', 'Returned home'), ('refused', 'Refused')], default='requested', max_length=12, verbose_name='status')),
                ('travel_on', models.DateField(blank=True, null=True, verbose_name='travel date')),
                ('cost', models.DecimalField(blank=True, decimal_places=2, max_digits=18, null=True, verbose_name='ticket cost')),
                ('returned_on', models.DateField(blank=True, null=True, verbose_name='arrived home on')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('membership', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='repatriations', to='welfare.membership', verbose_name='membership')),
                ('posting', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare.ledgertransaction')),
                ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='RepatriationEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(max_length=40, verbose_name='action')),
                ('from_status', models.CharField(blank=True, max_length=20, verbose_name='from')),
                ('to_status', models.CharField(blank=True, max_length=20, verbose_name='to')),
                ('reason', models.TextField(blank=True, verbose_name='reason')),
                ('detail', models.JSONField(blank=True, default=dict)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('repatriation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='welfare.repatriation')),
            ],
            options={
                'verbose_name': 'repatriation event',
                'ordering': ['created_at', 'id'],
                'abstract': False,
            },
        ),
        migrations.AddIndex(
            model_name='membership',
            index=models.Index(fields=['worker', '-starts_on'], name='welfare_member_worker_idx'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['active', 'ended'])), name='welfare_membership_status_known'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='welfare_membership_dates'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.UniqueConstraint(condition=models.Q(('clearance_reference', ''), _negated=True), fields=('clearance_reference',), name='welfare_one_membership_per_clearance'),
        ),
        migrations.AddConstraint(
            model_name='loan',
            constraint=models.CheckConstraint(condition=models.Q(('principal__gt', 0)), name='welfare_loan_positive'),
        ),
        migrations.AddIndex(
            model_name='leg',
            index=models.Index(fields=['membership', 'transaction'], name='welfare_leg_member_idx'),
        ),
        migrations.AddIndex(
            model_name='leg',
            index=models.Index(fields=['account', 'transaction'], name='welfare_leg_account_idx'),
        ),
        migrations.AddConstraint(
            model_name='leg',
            constraint=models.CheckConstraint(condition=models.Q(('amount', 0), _negated=True), name='welfare_leg_not_zero'),
        ),
        migrations.AddConstraint(
            model_name='ledgertransaction',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('foreign_currency', ''), ('exchange_rate__isnull', True), ('foreign_amount__isnull', True)), models.Q(models.Q(('foreign_currency', ''), _negated=True), ('exchange_rate__gt', 0), ('foreign_amount__gt', 0)), _connector='OR'), name='welfare_txn_foreign_complete'),
        ),
        migrations.AddConstraint(
            model_name='contribution',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gte', 0)), name='welfare_contribution_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='contribution',
            constraint=models.CheckConstraint(condition=models.Q(('payer__in', ['employer', 'agency', 'worker', 'waived'])), name='welfare_contribution_payer_known'),
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['prompted', 'filed', 'recommended', 'approved', 'rejected', 'appealed', 'paid', 'withdrawn'])), name='welfare_claim_status_known'),
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=models.CheckConstraint(condition=models.Q(('four_eyes_waived', True), ('approved_by__isnull', True), ('recommended_by__isnull', True), models.Q(('approved_by', models.F('recommended_by')), _negated=True), _connector='OR'), name='welfare_claim_four_eyes'),
        ),
        migrations.AddConstraint(
            model_name='repatriation',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['requested', 'approved', 'ticketed', 'returned', 'refused'])), name='welfare_repatriation_status_known'),
        ),
    ]
