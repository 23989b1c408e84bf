"""Demo data for wages, on a destination node: a month of salary files from three employers, one that paid in full,
one that paid a worker short (the arrears reach the worker's case and, through the exchange, the origin's attaché)
and one that paid late."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from corridor.accounts.models import Worker
from corridor.clearance import selectors as clearance_selectors
from corridor.clearance import services as clearance_services
from corridor.clearance.models import Arrival
from corridor.core import node
from corridor.core.money import quantize
from corridor.registry.models import Employer
from corridor.wages import parsing, reconcile, services

HEADER = ("employer_id,worker_id,period,pay_start,pay_end,days_in_period,unpaid_leave_days,basic,allowances,variable,"
          "deductions,paid_amount,paid_on,currency,own_account")


def _verified(user):
    user.is_verified = lambda: True
    return user


def _row(employer: str, worker: str, first: dt.date, basic: str, paid: str, paid_on: dt.date, currency: str,
         deductions: str = "") -> str:
    end = parsing.month_end(first)
    return ",".join([employer, worker, f"{first:%Y-%m}", first.isoformat(), end.isoformat(), str(end.day), "0", basic,
                     "0", "0", deductions, paid, paid_on.isoformat(), currency, "yes"])


def load(ctx) -> None:
    if "inspector" not in ctx.users:
        return
    arrivals = list(Arrival.objects.select_related("clearance").order_by("id")[:2])
    if not arrivals:
        return
    officer = _verified(ctx.users["inspector"])
    month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)  # last month
    end = parsing.month_end(month)
    contract_employer, currency, wage = "", "SAR", "1500.00"
    for index, arrival in enumerate(arrivals):
        clearance_services.arrival_work_permit_set(acting_user=officer, arrival=arrival,
                                                   work_permit_number=f"2{arrival.pk:013d}")
        contract = clearance_selectors.arrival_contract(arrival)
        if contract is not None:
            terms = contract.as_document()
            contract_employer = str((terms.get("employer") or {}).get("registration_number") or "")
            basic, _allowances, currency, _period = reconcile.contract_month(terms)
            wage = str(quantize(basic)) if basic is not None else wage
        if index == 0 and "worker" in ctx.users:
            worker = Worker.objects.filter(user=ctx.users["worker"]).first()
            if worker is not None:
                clearance_services.arrival_worker_link(acting_user=officer, arrival=arrival, worker=worker)
    others = [e.registration_number for e in Employer.objects.filter(country_id=node.identity().country)
              .exclude(registration_number=contract_employer).order_by("id")[:2]]
    paid_employer, late_employer = (others + ["DEMO-PAID-001", "DEMO-LATE-002"])[:2]
    short = int(wage.split(".")[0]) - 400
    # the arrived workers' employer: the first worker paid short (and a recruitment fee deducted), the second in full
    underpaying = [HEADER, _row(contract_employer, f"2{arrivals[0].pk:013d}", month, f"{short}.00", f"{short - 100}.00",
                                end, currency, deductions="recruitment fee=100.00")]
    if len(arrivals) > 1:
        underpaying.append(_row(contract_employer, f"2{arrivals[1].pk:013d}", month, wage, wage, end, currency))
    paid = [HEADER] + [_row(paid_employer, f"30000000000{i:03d}", month, "1800.00", "1800.00", end, currency) for i in range(3)]
    late = [HEADER] + [_row(late_employer, f"40000000000{i:03d}", month, "1600.00", "1600.00", end + dt.timedelta(days=21),
                            currency) for i in range(2)]
    for name, rows in (("underpaying", underpaying), ("paid", paid), ("late", late)):
        services.salary_file_import(acting_user=officer, data=("\n".join(rows) + "\n").encode(), format="csv",
                                    filename=f"demo-{name}-{month:%Y-%m}.csv")
    ctx.accounts.append(("Wages demo", "inspector", f"salary files of {month:%Y-%m}: one employer paid, one short, one late"))
