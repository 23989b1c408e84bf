"""The events of salary files' months dispatched in one batch give the same summary tables, employer wage record and
risk signals as the same events dispatched one by one; an event that fails in the batch does not lose the others."""

from datetime import timedelta

import pytest

from corridor.core import events
from corridor.core.models import DomainEvent, EventDelivery
from corridor.indicators import services as indicator_services
from corridor.indicators.models import Tally
from corridor.inspection.models import RiskScore, RiskSignal
from corridor.registry import services as registry_services
from corridor.registry.models import EmployerWageRecord
from corridor.wages import services
from tests.wages.conftest import csv_file

pytestmark = pytest.mark.django_db

NAME = "wages.months_reconciled"
TABLES = ("arrears_by_currency", "late_pay_by_currency")
# one worker's December, corrected four times: in full, short, late, short (the one the registry refuses), both
PAID = [("1500.00", "2026-12-31"), ("1350.00", "2026-12-31"), ("1500.00", "2027-01-09"), ("1389.00", "2026-12-31"),
        ("1200.00", "2027-01-12")]


def snapshot():
    return (sorted(Tally.objects.filter(table__in=TABLES).values_list("table", "period", "key", "count", "amount")),
            sorted(EmployerWageRecord.objects.values_list("employer_id", "period", "currency", "workers",
                                                          "with_findings", "late", "not_paid", "shortfall")),
            sorted(RiskSignal.objects.values_list("employer_id", "factor", "magnitude", "source", "source_ref")),
            sorted(RiskScore.objects.values_list("employer_id", "worksite_id", "score")))


def test_a_batch_and_one_by_one_give_the_same_tables(arrival, dest_officer, employer, monkeypatch):
    for paid, on in PAID:  # each file's one event dispatched at its commit: one by one
        services.salary_file_import(acting_user=dest_officer, format="csv",
                                    data=csv_file([{"basic": paid, "paid_amount": paid, "paid_on": on}]))
    pks = list(DomainEvent.objects.filter(name=NAME).order_by("pk").values_list("pk", flat=True))
    assert len(pks) == len(PAID) and not DomainEvent.objects.filter(pk__in=pks, done_at__isnull=True).exists()
    one_by_one = snapshot()
    assert one_by_one[1][0][3:] == (5, 4, 2, 0, one_by_one[1][0][7]) and one_by_one[2] and one_by_one[3]

    # the same events again, from nothing, in one batch; the registry refuses one month
    Tally.objects.filter(table__in=TABLES).delete()
    EmployerWageRecord.objects.all().delete()
    RiskSignal.objects.filter(source=NAME).delete()
    EventDelivery.objects.filter(event_id__in=pks).delete()
    DomainEvent.objects.filter(pk__in=pks).update(done_at=None, attempts=0, next_attempt_at=None)
    record, tally, batches = registry_services.employer_wage_months_record, indicator_services.tally_scoped, []

    def fragile(*, months):
        if any(month["shortfall"] == "111.00" for month in months):
            raise RuntimeError("refused")
        return record(months=months)

    def counted(*, table, payloads):
        batches.append(len(payloads))
        return tally(table=table, payloads=payloads)

    monkeypatch.setattr(registry_services, "employer_wage_months_record", fragile)
    monkeypatch.setattr(indicator_services, "tally_scoped", counted)
    assert events.dispatch_many(pks) == len(PAID) - 1
    assert batches == [len(PAID), len(PAID)]  # the indicators took the five events in one call (two tables)
    (failed,) = DomainEvent.objects.filter(pk__in=pks, done_at__isnull=True)
    assert failed.payload["shortfall"] == "111.00" and failed.attempts == 1 and "registry" in failed.last_error
    assert EmployerWageRecord.objects.get().workers == len(PAID) - 1  # the others were counted

    monkeypatch.setattr(registry_services, "employer_wage_months_record", record)
    assert events.sweep(now=failed.next_attempt_at + timedelta(seconds=1)) == 1
    assert snapshot() == one_by_one
