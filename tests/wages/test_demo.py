"""The wages demo on a destination: three employers' files for last month, one paid, one short, one late."""

import pytest

from corridor.core.demo import DemoContext
from corridor.wages import demo
from corridor.wages.models import MonthReconciliation, SalaryFile

pytestmark = pytest.mark.django_db


def test_demo_month_of_salary_files(arrival, dest_officer):
    ctx = DemoContext(country="SA", users={"inspector": dest_officer})
    demo.load(ctx)
    assert SalaryFile.objects.count() == 3
    codes = {code for m in MonthReconciliation.objects.all() for code in m.codes}
    assert {"wage.shortfall", "wage.late", "wage.deduction_unlawful"} <= codes
    matched = MonthReconciliation.objects.get(arrival=arrival)
    assert matched.shortfall > 0
