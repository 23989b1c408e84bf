"""Contributions in bulk: set-based, balanced, one audit entry per batch, all or nothing per file."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from corridor.core.models import AuditEntry
from corridor.welfare import selectors, services
from corridor.welfare.errors import ContributionWrong, PayerNotAllowed
from corridor.welfare.models import Contribution, LedgerTransaction, Leg, Membership, MembershipEvent
from tests.factories.accounts import WorkerFactory

pytestmark = pytest.mark.django_db


def _rows(workers, **change):
    return [{"worker_id": str(w.pk), "contract_months": "24", "starts_on": "2026-02-01", "payer": "employer",
             "amount": "25.00", "currency": "USD", "exchange_rate": "58.25", "rate_source": "BSP (test)",
             "receipt": f"OR-{w.pk}", "destination": "sa", **change} for w in workers]


def test_a_file_is_posted_balanced_with_one_audit_entry_per_batch(fund_officer):
    workers = [WorkerFactory() for _i in range(3)]
    assert services.contributions_import(acting_user=fund_officer, fund_id="ph-owwa", rows=_rows(workers),
                                         batch_size=2) == 3
    assert Membership.objects.count() == 3 and MembershipEvent.objects.count() == 3
    assert Contribution.objects.count() == 3 and LedgerTransaction.objects.count() == 3 and Leg.objects.count() == 6
    assert not selectors.unbalanced_transactions(fund="ph-owwa")
    assert selectors.trial_balance(fund="ph-owwa")["total"] == 0
    entries = list(AuditEntry.objects.filter(action="contribution.import_batch").order_by("pk"))
    assert [e.detail["count"] for e in entries] == [2, 1] and all(len(e.detail["sha256"]) == 64 for e in entries)
    assert entries[0].detail["sha256"] != entries[1].detail["sha256"]
    member = Membership.objects.get(worker=workers[0])
    assert member.destination == "SA" and member.status == "active"
    statement = selectors.member_statement(user=fund_officer, membership=member)
    assert statement["totals"]["contributions"] == pytest.approx(1456.25)
    assert LedgerTransaction.objects.get(membership=member).exchange_rate == pytest.approx(58.25)


def test_a_bad_row_in_a_later_batch_writes_nothing_at_all(fund_officer):
    workers = [WorkerFactory() for _i in range(3)]
    rows = _rows(workers)
    rows[2]["amount"] = "20.00"
    with pytest.raises(ContributionWrong) as refused:
        services.contributions_import(acting_user=fund_officer, fund_id="ph-owwa", rows=rows, batch_size=2)
    assert "row 3" in refused.value.fields
    assert not Membership.objects.exists() and not Leg.objects.exists()
    assert not AuditEntry.objects.filter(action="contribution.import_batch").exists()
    with pytest.raises(PayerNotAllowed):
        services.contributions_import(acting_user=fund_officer, fund_id="ph-owwa", rows=_rows(workers, payer="worker"))
    assert not Membership.objects.exists()


def test_an_attache_cannot_import_and_a_worker_cannot(fund_officer):
    from corridor.accounts.choices import Role
    from corridor.core.errors import PermissionDenied
    from tests.factories.accounts import UserFactory, verified

    for role in (Role.AUDITOR, Role.WORKER):
        with pytest.raises(PermissionDenied):
            services.contributions_import(acting_user=verified(UserFactory(role=role)), fund_id="ph-owwa",
                                          rows=_rows([WorkerFactory()]))
    assert not Membership.objects.exists()


def test_the_command_imports_a_csv_or_nothing(tmp_path, capsys):
    workers = [WorkerFactory() for _i in range(2)]
    header = "worker_id,contract_months,starts_on,payer,amount,currency,exchange_rate,rate_source,receipt,destination\n"
    good = tmp_path / "good.csv"
    good.write_text(header + "".join(f"{w.pk},24,2026-02-01,employer,25.00,USD,58.25,BSP,OR-{w.pk},SA\n" for w in workers))
    call_command("welfare", "import-contributions", "--fund", "ph-owwa", "--paid-on", "2026-02-01", str(good))
    assert "2 membership(s)" in capsys.readouterr().out and Membership.objects.count() == 2
    bad = tmp_path / "bad.csv"
    bad.write_text(header + f"{workers[0].pk},24,2026-02-01,employer,25.00,USD,,,,SA\n")  # no rate
    with pytest.raises(CommandError):
        call_command("welfare", "import-contributions", "--fund", "ph-owwa", str(bad))
    missing = tmp_path / "missing.csv"
    missing.write_text("worker_id,amount\n1,25\n")
    with pytest.raises(CommandError):
        call_command("welfare", "import-contributions", "--fund", "ph-owwa", str(missing))
    assert Membership.objects.count() == 2


def test_a_waived_contribution_is_recorded_without_a_posting_and_each_posting_is_the_members(fund_officer):
    workers = [WorkerFactory() for _i in range(3)]
    rows = _rows(workers)
    rows[1].update(payer="waived", amount="0", exchange_rate="", rate_source="")
    assert services.contributions_import(acting_user=fund_officer, fund_id="ph-owwa", rows=rows) == 3
    assert LedgerTransaction.objects.count() == 2 and Leg.objects.count() == 4
    waived = Contribution.objects.get(membership__worker=workers[1])
    assert waived.posting is None and waived.payer == "waived"
    for worker in (workers[0], workers[2]):
        paid = Contribution.objects.select_related("posting", "membership").get(membership__worker=worker)
        assert paid.posting.membership_id == paid.membership_id
        assert paid.posting.description == f"Contribution {paid.membership.reference} (employer)"
        member_legs = Leg.objects.filter(transaction=paid.posting, membership=paid.membership)
        assert [str(leg.amount) for leg in member_legs] == ["-1456.25"]
    assert MembershipEvent.objects.filter(action="start", detail__import=True).count() == 3
    assert not selectors.unbalanced_transactions(fund="ph-owwa")
