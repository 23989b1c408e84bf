"""Demo data for wages, on a destination node: a month of salary files from three employers, one that paid in full,
one that paid a worker short (the arrears reach the worker's case and, through the exchange, the origin's attaché)
and one that paid late."""

from __future__ import annotations

import datetime as dt
import random
from types import SimpleNamespace

from django.utils import timezone

from corridor.accounts.models import Worker
from corridor.cases.demo import SEASON
from corridor.clearance import selectors as clearance_selectors
from corridor.clearance import services as clearance_services
from corridor.clearance.demo import base_contract, year_months
from corridor.clearance.models import Arrival
from corridor.core import node
from corridor.core.money import quantize
from corridor.registry.models import Employer
from corridor.wages import parsing, reconcile, services
from corridor.wages.models import SalaryFile
from corridor.wages.services import history

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


# --- a year of past salary files (for the statistics: docs/indicators.md, "The demo") ---------------------------------
# Five employers of domestic and cleaning workers, each with its habits: (workers, share of worker-months paid short,
# share paid late). Most pay in full and on time; one pays short, one pays late, one both. Fictional figures.
YEAR_EMPLOYERS = [("Al Noor Household Services (demo)", 40, 0.01, 0.03),
                  ("Gulf Home Care Est. (demo)", 32, 0.33, 0.08),
                  ("Desert Rose Cleaning Est. (demo)", 26, 0.03, 0.55),
                  ("Riyadh Family Staffing Co. (demo)", 22, 0.4, 0.45),
                  ("Oasis Facility Services (demo)", 36, 0.02, 0.04)]


def year_files(*, today: dt.date, employers: list, terms_of, skip: set, seed: int = 2026) -> list:
    """The twelve months before this one of salary files (deterministic for a seed), as `salary_files_backfill` takes
    them. `employers`: (registration number, name, workers, short share, late share); `terms_of(ref)`: the contract
    terms of that employer's workers; `skip`: (registration number, month) already imported."""
    rng = random.Random(f"{seed}-wages")
    files = []
    for month in year_months(today):
        end = parsing.month_end(month)
        for e, (ref, _name, workers, short, late) in enumerate(employers):
            if (ref, month) in skip:
                continue
            wage, _currency = "1500.00", "SAR"
            rows, ids = [HEADER], []
            for w in range(workers):
                worker = f"2{e + 5}{w:012d}"
                ids.append(worker)
                basic, paid, fee, paid_on = wage, wage, "", end + dt.timedelta(days=rng.randint(-2, 3))
                if rng.random() < short * SEASON[month.month]:  # a lower basic than the contract's, a fee taken
                    basic = paid = f"{1500 - 100 * rng.randint(2, 7)}.00"
                    if rng.random() < 0.3:
                        fee, paid = "recruitment fee=100.00", f"{int(basic[:-3]) - 100}.00"
                if rng.random() < late:
                    paid_on = end + dt.timedelta(days=rng.randint(10, 45))
                paid_on = min(paid_on, today - dt.timedelta(days=1))
                rows.append(_row(ref, worker, month, basic, paid, paid_on, "SAR", deductions=fee))
            terms = terms_of(ref)
            files.append(history.PastSalaryFile(
                data=("\n".join(rows) + "\n").encode(), filename=f"demo-{ref}-{month:%Y-%m}.csv",
                imported_at=dt.datetime.combine(min(end + dt.timedelta(days=rng.randint(8, 20)), today - dt.timedelta(days=1)),
                                                dt.time(9, 30), tzinfo=dt.UTC),
                terms={worker: terms for worker in ids}))
    return files


def load_year(ctx) -> None:
    """A year of past salary files of five employers (the twelve months before this one), written in bulk by
    `salary_files_backfill` with their real dates and reconciled by the real reconciliation; the statistics count
    them at the indicators' rebuild. Called by the indicators' demo (the last one), on the destination node."""
    consulate = ctx.organisations.get("consulate")
    if "inspector" not in ctx.users or consulate is None or consulate.post_country_id != ctx.country:
        return  # the destination node's inspectorate only
    officer = _verified(ctx.users["inspector"])
    known = list(Employer.objects.filter(country_id=ctx.country).order_by("id"))
    employers = []
    for n, (name, workers, short, late) in enumerate(YEAR_EMPLOYERS):
        employer = known[n] if n < len(known) else SimpleNamespace(
            name=name, registration_number=f"70{n + 1:08d}", address="Riyadh")
        employers.append((employer.registration_number, employer, workers, short, late))
    nobody = SimpleNamespace(full_name="Past worker (demo)", nationality_id="PH", date_of_birth=None, sex="F",
                             passport_number="")
    terms = {ref: base_contract(origin="PH", destination=ctx.country, employer=employer, worker=nobody)
             for ref, employer, *_rest in employers}
    skip = set(SalaryFile.objects.values_list("employer_ref", "period"))
    files = year_files(today=timezone.localdate(), employers=employers, terms_of=terms.get, skip=skip)
    counts = history.salary_files_backfill(acting_user=None, officer=officer, files=files)
    ctx.accounts.append(("Wages demo (a year)", "inspector", f"{counts['files']} past salary files ({counts['months']} "
                                                             f"worker-months) of the last twelve months (for the "
                                                             f"statistics at /statistics/)"))
