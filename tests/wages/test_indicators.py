"""The statistics' wage tables on a hand-computed month: the worker's December paid 1,350.00 of the 1,500.00 SAR the
contract says, on 12 January (the month's wages are due by its end): one worker-month with arrears of 150.00 SAR and
one paid late; the rebuild from the records gives the same cells; a correction paid in full takes it out."""

from decimal import Decimal

import pytest

from corridor.indicators import services as indicators
from corridor.indicators.models import Tally
from corridor.wages import services
from tests.wages.conftest import csv_file

pytestmark = pytest.mark.django_db
TABLES = ("arrears_by_currency", "late_pay_by_currency")


def cells():
    return {(t, p, k): (n, a) for t, p, k, n, a in Tally.objects.filter(table__in=TABLES)
            .values_list("table", "period", "key", "count", "amount")}


def test_arrears_and_late_pay_are_counted_by_salary_month(arrival, dest_officer):
    services.salary_file_import(acting_user=dest_officer, format="csv",
                                data=csv_file([{"basic": "1350.00", "paid_amount": "1350.00", "paid_on": "2027-01-12"}]))
    got = cells()
    assert got[("arrears_by_currency", "2026-12", "SAR")] == (1, Decimal("150.00"))
    assert got[("late_pay_by_currency", "2026-12", "SAR")][0] == 1
    Tally.objects.all().delete()
    indicators.indicators_rebuild(acting_user=None)
    assert cells() == got
