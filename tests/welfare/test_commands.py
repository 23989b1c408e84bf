"""`corridor welfare verify | expire | bank-import`."""


import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from corridor.welfare.models import BankStatementLine

pytestmark = pytest.mark.django_db


def test_verify_expire_and_bank_import(member, tmp_path, capsys):
    call_command("welfare", "verify")
    assert "the ledger balances." in capsys.readouterr().out
    statement = tmp_path / "bank.csv"
    statement.write_text(f"booked_on,amount,reference\n2026-01-15,1456.25,{member.contributions.get().receipt}\n")
    call_command("welfare", "bank-import", "--fund", "ph-owwa", str(statement))
    assert BankStatementLine.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("booked_on,amount\nyesterday,1\n")
    with pytest.raises(CommandError):
        call_command("welfare", "bank-import", "--fund", "ph-owwa", str(bad))
    call_command("welfare", "expire")
    assert "0 membership(s) ended." in capsys.readouterr().out
