"""A salary file's months reconciled set-based on PostgreSQL: one statement for the lines that need no more than
arithmetic, with the law read once per kind of line, not once per line.

`reconcile.reconcile_month` is the definition: this computes the same months (the same amounts, findings, citations
and reasons not checked, compared line by line in tests/wages/test_bulk.py) for the lines where that takes only sums
and comparisons:

- no deductions (a deduction is weighed against the contract's list and the law's ceilings, in Python);
- at least one day worked;
- no registered contract, or one whose wage is by the month in the line's currency, exact to the cent
  (`ContractPayTerms.monthly_basic`);
- at most one statutory minimum that can be compared for the worker's origin, sector, month and currency.

What the law says for each such kind of line (origin, sector, last day paid, currency: a handful in a file) is read
in Python, by the functions `reconcile_month` calls, and passed to the statement as a small table (`_context`). Every
other line is left for `reconcile_month`. Amounts are exact: integer cents, rounded half up at the end as
`core.money.quantize` rounds. Beside it, the two statements that make it safe to run file after file: the earlier
months of the file's workers retired through the lines, and the statistics refreshed when the tables grew.
"""

from __future__ import annotations

import datetime as dt
import json

from django.db import connection

from corridor.core.money import quantize
from corridor.wages import reconcile
from corridor.wages.choices import Finding

# the finding codes of a month, sorted as `MonthResult.codes` sorts them: each with the condition of its finding
CODES = " || ".join(f"(CASE WHEN {condition} THEN '[\"{code}\"]'::jsonb ELSE '[]' END)" for code, condition in sorted({
    Finding.BELOW_MINIMUM.value: "below IS NOT NULL", Finding.SHORTFALL.value: "shortfall > 0",
    Finding.LATE.value: "paid_on > last_day", Finding.NOT_OWN_ACCOUNT.value: "own_account = false"}.items()))
# `ROUND(n, d)`: n / d rounded half up, for n, d >= 0 (integer division of numerics, exact)
ROUND = "div(2 * ({n}) + ({d}), 2 * ({d}))"
PLAIN = """
l.file_id = %(file)s AND l.deductions = '[]'::jsonb AND l.days_in_period > l.unpaid_leave_days
AND (l.pay_terms_id IS NULL OR (t.monthly_basic IS NOT NULL AND t.currency = l.currency))
"""
KINDS = f"""
SELECT DISTINCT coalesce(t.origin, ''), coalesce(t.sector, ''), l.pay_end, l.currency
FROM wages_salaryline l LEFT JOIN wages_contractpayterms t ON t.id = l.pay_terms_id
WHERE {PLAIN}
"""
CONTEXT = """
k_origin text, k_sector text, k_pay_end date, k_currency text, floor_num numeric, floor_den numeric, incl boolean,
min_finding jsonb, min_nc jsonb, short_finding jsonb, last_day date, late_finding jsonb, deadline_nc jsonb,
own_finding jsonb
"""
INSERT = f"""
WITH c AS (SELECT * FROM jsonb_to_recordset(%(contexts)s::jsonb) AS x({CONTEXT})),
m AS (
  SELECT l.id, l.arrival_id, l.worker_index, l.line_no, l.paid_on, l.currency, l.own_account, l.pay_terms_id,
         l.days_in_period AS days, l.days_in_period - l.unpaid_leave_days AS worked, l.paid_amount AS paid,
         t.reference, 100 * (t.monthly_basic + t.monthly_allowances) AS full_cents,
         100 * (l.basic + CASE WHEN c.incl THEN l.allowances ELSE 0 END) AS pay_cents, c.*
  FROM wages_salaryline l
  LEFT JOIN wages_contractpayterms t ON t.id = l.pay_terms_id
  JOIN c ON c.k_origin = coalesce(t.origin, '') AND c.k_sector = coalesce(t.sector, '') AND c.k_pay_end = l.pay_end
        AND c.k_currency = l.currency
  WHERE {PLAIN}
),
f AS MATERIALIZED (
  SELECT m.*,
         {ROUND.format(n="full_cents * worked", d="days")} / 100 AS owed,
         CASE WHEN full_cents * worked > 100 * paid * days
              THEN {ROUND.format(n="full_cents * worked - 100 * paid * days", d="days")} / 100 ELSE 0 END AS shortfall,
         CASE WHEN floor_num IS NOT NULL AND pay_cents * days * floor_den < 100 * floor_num * worked
              THEN {ROUND.format(n="pay_cents * days", d="worked")} / 100 END AS below
  FROM m
),
r AS (
  SELECT f.*,
         (CASE WHEN below IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(min_finding || jsonb_build_object(
             'actual', below::numeric(16, 2)::text || ' ' || currency)) END)
         || (CASE WHEN shortfall > 0 THEN jsonb_build_array(short_finding || jsonb_build_object(
             'expected', owed::numeric(16, 2)::text || ' ' || currency || ' (' || reference || ')',
             'actual', paid::text || ' ' || currency, 'amount', shortfall::numeric(16, 2)::text)) ELSE '[]' END)
         || (CASE WHEN paid_on > last_day THEN jsonb_build_array(late_finding || jsonb_build_object(
             'actual', to_char(paid_on, 'YYYY-MM-DD'))) ELSE '[]' END)
         || (CASE WHEN own_account = false THEN jsonb_build_array(own_finding) ELSE '[]' END) AS findings,
         min_nc
         || (CASE WHEN pay_terms_id IS NULL THEN %(no_contract)s::jsonb ELSE '[]' END)
         || (CASE WHEN paid_on IS NULL THEN %(no_pay_date)s::jsonb ELSE deadline_nc END)
         || (CASE WHEN own_account IS NULL THEN %(no_account)s::jsonb ELSE '[]' END) AS not_checked
  FROM f
)
INSERT INTO wages_monthreconciliation (line_id, arrival_id, worker_index, employer_ref, employer_id, period, owed, paid,
                                       shortfall, currency, days_late, codes, findings, not_checked, current,
                                       reconciled_at)
SELECT id, arrival_id, worker_index, %(employer_ref)s, %(employer)s, %(period)s,
       CASE WHEN pay_terms_id IS NULL THEN NULL ELSE owed END, paid,
       CASE WHEN pay_terms_id IS NULL THEN 0 ELSE shortfall END, currency,
       CASE WHEN paid_on IS NULL THEN NULL ELSE greatest(paid_on - last_day, 0) END,
       {CODES},
       findings, not_checked,
       arrival_id IS NULL OR NOT EXISTS (SELECT 1 FROM wages_salaryline o WHERE o.file_id = %(file)s
                                         AND o.arrival_id = r.arrival_id AND o.line_no > r.line_no),
       now()
FROM r ORDER BY line_no
"""


ANALYZE_LOCK = 0x7761676573  # "wages": the advisory lock of the import that analyses the wages tables
NOT_CURRENT = """
UPDATE wages_monthreconciliation m SET current = false FROM wages_salaryline l
WHERE l.file_id = %(file)s AND m.arrival_id = l.arrival_id AND m.period = %(period)s AND m.current
"""


def statistics_refresh(*tables: str) -> None:
    """ANALYZE each table of which more than a tenth (and 1,000 rows) changed since its statistics were taken, as
    autovacuum would in its own time: a month's salary files come in together, and each is planned on the months and
    lines of the ones before it (a plan made on an empty table's statistics once read every month of the period for
    each file)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT s.relname, s.n_mod_since_analyze, c.reltuples FROM pg_stat_user_tables s "
                       "JOIN pg_class c ON c.oid = s.relid WHERE s.relname = ANY(%s)", [list(tables)])
        stale = [table for table, changed, rows in cursor.fetchall() if changed > 0.1 * max(rows, 0) + 1000]
        # ANALYZE holds its table's lock to the end of the transaction, and two ANALYZEs of a table wait for each
        # other: one import at a time analyses, the others go on with the statistics there are
        if stale:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [ANALYZE_LOCK])
            if cursor.fetchone()[0]:
                for table in stale:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def earlier_months_retire(*, file) -> None:
    """The months of the file's workers for its period from earlier files (or the month close): no longer current.
    One join from the file's lines through the index of current months by arrival (PostgreSQL only)."""
    with connection.cursor() as cursor:
        cursor.execute(NOT_CURRENT, {"file": file.pk, "period": file.period})


def _array(item: dict | None) -> list:
    return [item] if item else []


def _context(destination: str, origin: str, sector: str, pay_end: dt.date, currency: str) -> dict | None:
    """What the law says for one kind of line, as `reconcile_month` would read it; None when more than one minimum
    can be compared (left to `reconcile_month`)."""
    floors = reconcile.minimum_floors(origin, destination, sector, pay_end, currency)
    compared = [f for f in floors or [] if f.floor is not None]
    if len(compared) > 1:
        return None
    floor = compared[0] if compared else None
    pay_rule = reconcile.payment_rule(origin, destination, sector, pay_end)
    deadline = reconcile.payment_deadline(destination, sector, pay_end, pay_rule)
    return {
        "k_origin": origin, "k_sector": sector, "k_pay_end": pay_end.isoformat(), "k_currency": currency,
        "floor_num": floor.floor.numerator if floor else None, "floor_den": floor.floor.denominator if floor else None,
        "incl": floor.include_allowances if floor else False,
        "min_finding": reconcile.finding(Finding.BELOW_MINIMUM, floor.rule,
                                         expected=f"{quantize(floor.floor)} {currency}") if floor else None,
        "min_nc": ([reconcile.no_minimum(destination, pay_end)] if floors is None
                   else [{"subject": f.rule.id, "reason": f.reason} for f in floors if f.floor is None]),
        "short_finding": reconcile.finding(Finding.SHORTFALL, pay_rule),
        "last_day": deadline.last_day.isoformat(),
        "late_finding": reconcile.finding(Finding.LATE, deadline.rule, expected=deadline.last_day.isoformat(),
                                          **deadline.cited),
        "deadline_nc": deadline.not_checked,
        "own_finding": reconcile.finding(Finding.NOT_OWN_ACCOUNT, reconcile.rule_by_id("ilo.c095-paid-directly", pay_end),
                                         expected="the worker's own account", actual="another account"),
    }


def months_insert(*, file, destination: str) -> int:
    """Store the months of a file's plain lines (see the module's docstring) in one statement; how many. The months
    of the workers' earlier files for the period must already be marked not current. PostgreSQL only."""
    with connection.cursor() as cursor:
        cursor.execute(KINDS, {"file": file.pk})
        contexts = [c for kind in cursor.fetchall() if (c := _context(destination, *kind)) is not None]
        if not contexts:
            return 0
        cursor.execute(INSERT, {
            "file": file.pk, "contexts": json.dumps(contexts), "employer_ref": file.employer_ref,
            "employer": file.employer_id, "period": file.period,
            "no_contract": json.dumps(_array(reconcile.NO_CONTRACT)),
            "no_pay_date": json.dumps(_array(reconcile.NO_PAY_DATE)),
            "no_account": json.dumps(_array(reconcile.NO_ACCOUNT))})
        return cursor.rowcount
