"""Contributions at national scale: a file of memberships with their contributions, written set-based.

`contributions_import` checks every row as `membership_start` does (the fund's rules, amount, payer, exchange rate),
then writes each batch set-based: on PostgreSQL one `COPY` into a temporary staging table, then one
`INSERT ... SELECT` per table (memberships, their events, postings, legs, contributions) and one query that checks
every posting of the batch balances; elsewhere `bulk_create`. Each batch's legs go in one statement, so the
PostgreSQL balance trigger (a statement trigger, `ledger_sql.py`) also checks the whole batch at once. One audit entry per batch names its
count and the SHA-256 of its rows. The whole file is one transaction: a bad row anywhere writes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core import audit
from corridor.core.errors import CorridorError, InvalidInput
from corridor.core.lifecycle import require
from corridor.welfare.choices import MembershipSource, MembershipStatus, Payer, PostingKind
from corridor.welfare.errors import LedgerUnbalanced
from corridor.welfare.models import Contribution, LedgerTransaction, Leg, Membership, MembershipEvent
from corridor.welfare.services import ledger
from corridor.welfare.services.membership import _reference, contribution_check, cover_until, fund_get

COLUMNS = ("worker_id", "contract_months", "starts_on", "payer", "amount", "currency", "exchange_rate", "rate_source",
           "receipt", "destination")
BATCH = 50_000


def read_csv(path) -> Iterator[dict]:
    """The rows of a contributions file (a header line naming at least worker_id, contract_months, starts_on, payer,
    amount, currency)."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = set(COLUMNS[:6]) - set(reader.fieldnames or ())
        if missing:
            raise InvalidInput(fields={"file": [_("Missing columns: %(cols)s.") % {"cols": ", ".join(sorted(missing))}]})
        yield from reader


def _chunks(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _prepare(fund_id: str, row: dict, number: int, funds: dict):
    try:
        starts_on = row["starts_on"] if isinstance(row["starts_on"], dt.date) else dt.date.fromisoformat(row["starts_on"])
        if starts_on not in funds:
            funds[starts_on] = fund_get(fund_id, on=starts_on)
        fund = funds[starts_on]
        amount = ledger.money(row["amount"], allow_zero=True)
        months = int(row["contract_months"])
        if not 1 <= months <= 120:
            raise InvalidInput(fields={"contract_months": [_("Enter the contract's length in months (1 to 120).")]})
        worker_id = int(row["worker_id"])
        # The checks are pure functions of their inputs, and a year's rows repeat a few combinations: each
        # combination is checked (and converted) once per file; a refused one raises before it is remembered.
        passed = funds.setdefault("passed", {})
        key = (fund.id, fund.version, months, row["payer"], amount, row["currency"], row.get("exchange_rate") or None,
               row.get("rate_source") or "")
        if key not in passed:
            contribution_check(fund, contract_months=months, payer=row["payer"], amount=amount, currency=row["currency"])
            passed[key] = (Decimal(0), None) if row["payer"] == Payer.WAIVED else ledger.convert(
                fund, amount, row["currency"], rate=row.get("exchange_rate") or None,
                rate_source=row.get("rate_source") or "")
        in_fund, foreign = passed[key]
    except CorridorError as exc:
        messages = [str(m) for ms in exc.fields.values() for m in ms] or [str(exc.message)]
        raise type(exc)(fields={f"row {number}": messages}) from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(fields={f"row {number}": [_("Unreadable row: %(error)s") % {"error": exc}]}) from exc
    return fund, starts_on, worker_id, months, amount, in_fund, foreign, row


def _digest(rows: list[dict]) -> str:
    canonical = json.dumps([{k: str(row.get(k) or "") for k in COLUMNS} for row in rows], sort_keys=True,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _next_ids(model, count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                       [model._meta.db_table, count])
        return [row[0] for row in cursor.fetchall()]


def _write_batch_orm(prepared: list, *, actor, paid_on: dt.date, chart: dict) -> list[str]:
    """SQLite (and any other database): the batch through bulk_create. Returns the references written."""
    members = Membership.objects.bulk_create([
        Membership(reference=_reference(fund, starts_on), worker_id=worker_id, fund=fund.id, fund_version=fund.version,
                   source=MembershipSource.CLEARANCE, destination=(row.get("destination") or "").upper()[:2],
                   contract_months=months, starts_on=starts_on, created_by=actor,
                   ends_on=cover_until(fund, starts_on=starts_on, contract_months=months, source=MembershipSource.CLEARANCE))
        for fund, starts_on, worker_id, months, _amount, _in_fund, _foreign, row in prepared])
    MembershipEvent.objects.bulk_create([MembershipEvent(membership=m, actor=actor, action="start", to_status=m.status,
                                                         detail={"import": True}) for m in members], batch_size=2_000)
    paying = [(m, p) for m, p in zip(members, prepared, strict=True) if p[7]["payer"] != Payer.WAIVED]
    txns = LedgerTransaction.objects.bulk_create([
        LedgerTransaction(fund=p[0].id, kind=PostingKind.CONTRIBUTION, posted_on=paid_on, membership=m,
                          description=f"Contribution {m.reference} ({p[7]['payer']})",
                          reference=str(p[7].get("receipt") or "")[:60], posted_by=actor,
                          foreign_amount=p[6].amount if p[6] else None, foreign_currency=p[6].currency if p[6] else "",
                          exchange_rate=p[6].rate if p[6] else None, rate_source=(p[6].source if p[6] else "")[:100])
        for m, p in paying])
    legs = []
    for (m, p), txn in zip(paying, txns, strict=True):
        fund, in_fund = p[0], p[5]
        ledger.check_balanced([("bank", in_fund), ("contributions", -in_fund)], fund.currency)
        legs.append(Leg(transaction=txn, account=chart["bank"], amount=in_fund, currency=fund.currency))
        legs.append(Leg(transaction=txn, account=chart["contributions"], amount=-in_fund, currency=fund.currency,
                        membership=m))
    Leg.objects.bulk_create(legs, batch_size=2_000)
    by_member = {txn.membership_id: txn for txn in txns}
    Contribution.objects.bulk_create([
        Contribution(membership=m, amount=p[4], currency=p[7]["currency"], payer=p[7]["payer"], paid_on=paid_on,
                     receipt=str(p[7].get("receipt") or "")[:60], posting=by_member.get(m.pk), recorded_by=actor)
        for m, p in zip(members, prepared, strict=True)], batch_size=2_000)
    return [m.reference for m in members]


STAGE = "welfare_contribution_stage"
STAGE_COLUMNS = ("n", "membership_id", "txn_id", "reference", "worker_id", "fund", "fund_version", "destination",
                 "months", "starts_on", "ends_on", "payer", "amount", "currency", "in_fund", "fund_currency",
                 "foreign_amount", "foreign_currency", "rate", "rate_source", "receipt")


def _write_batch_postgres(prepared: list, *, actor, paid_on: dt.date, chart: dict) -> list[str]:
    """PostgreSQL, set-based: the checked rows go by one COPY into a temporary staging table (ids taken from the
    sequences in one query each); memberships, their start events, the postings, their legs (both legs of every
    posting in one statement, so the balance trigger checks the batch once) and the contributions are then each one
    INSERT ... SELECT from it; one query checks that every posting of the batch balances. Returns the references."""
    paying = sum(1 for p in prepared if p[7]["payer"] != Payer.WAIVED)
    member_ids = iter(_next_ids(Membership, len(prepared)))
    txn_ids = iter(_next_ids(LedgerTransaction, paying) if paying else ())
    rows, references = [], []
    for n, (fund, starts_on, worker_id, months, amount, in_fund, foreign, row) in enumerate(prepared):
        reference = _reference(fund, starts_on)
        references.append(reference)
        pays = row["payer"] != Payer.WAIVED
        rows.append((n, next(member_ids), next(txn_ids) if pays else None, reference, worker_id, fund.id, fund.version,
                     (row.get("destination") or "").upper()[:2], months, starts_on,
                     cover_until(fund, starts_on=starts_on, contract_months=months, source=MembershipSource.CLEARANCE),
                     row["payer"], amount, row["currency"], in_fund, fund.currency,
                     foreign.amount if foreign else None, foreign.currency if foreign else "",
                     foreign.rate if foreign else None, (foreign.source if foreign else "")[:100],
                     str(row.get("receipt") or "")[:60]))
    actor_id, now = getattr(actor, "pk", None), timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(f"""CREATE TEMPORARY TABLE IF NOT EXISTS {STAGE} (
            n integer, membership_id bigint, txn_id bigint, reference varchar(40), worker_id bigint, fund varchar(20),
            fund_version varchar(20), destination varchar(2), months integer, starts_on date, ends_on date,
            payer varchar(12), amount numeric(14, 2), currency varchar(3), in_fund numeric(14, 2),
            fund_currency varchar(3), foreign_amount numeric(14, 2), foreign_currency varchar(3), rate numeric(18, 8),
            rate_source varchar(100), receipt varchar(60)) ON COMMIT DROP""")
        cursor.execute(f"TRUNCATE {STAGE}")
        with cursor.copy(f"COPY {STAGE} ({', '.join(STAGE_COLUMNS)}) FROM STDIN") as copy:
            for values in rows:
                copy.write_row(values)
        # Statistics for the staging table, so that the balance check below joins the batch's legs through the legs'
        # transaction index instead of scanning every leg written so far (which made each batch slower than the last).
        cursor.execute(f"ANALYZE {STAGE}")
        cursor.execute(f"""INSERT INTO welfare_membership (id, reference, worker_id, fund, fund_version, source,
            clearance_reference, destination, contract_months, starts_on, ends_on, status, return_cause,
            return_reference, created_by_id, created_at)
            SELECT membership_id, reference, worker_id, fund, fund_version, %s, '', destination, months, starts_on,
                   ends_on, %s, '', '', %s, %s FROM {STAGE} ORDER BY n""",
                       [MembershipSource.CLEARANCE, MembershipStatus.ACTIVE, actor_id, now])
        cursor.execute(f"""INSERT INTO welfare_membershipevent (actor_id, action, from_status, to_status, reason, detail,
            created_at, membership_id)
            SELECT %s, 'start', '', %s, '', CAST(%s AS jsonb), %s, membership_id FROM {STAGE} ORDER BY n""",
                       [actor_id, MembershipStatus.ACTIVE, json.dumps({"import": True}), now])
        cursor.execute(f"""INSERT INTO welfare_ledgertransaction (id, fund, kind, posted_on, description, reference,
            membership_id, foreign_amount, foreign_currency, exchange_rate, rate_source, posted_by_id, created_at)
            SELECT txn_id, fund, %s, %s, 'Contribution ' || reference || ' (' || payer || ')', receipt, membership_id,
                   foreign_amount, foreign_currency, rate, rate_source, %s, %s
            FROM {STAGE} WHERE txn_id IS NOT NULL ORDER BY n""", [PostingKind.CONTRIBUTION, paid_on, actor_id, now])
        cursor.execute(f"""INSERT INTO welfare_leg (transaction_id, account_id, amount, currency, membership_id)
            SELECT txn_id, %s, in_fund, fund_currency, NULL FROM {STAGE} WHERE txn_id IS NOT NULL
            UNION ALL
            SELECT txn_id, %s, -in_fund, fund_currency, membership_id FROM {STAGE} WHERE txn_id IS NOT NULL""",
                       [chart["bank"].pk, chart["contributions"].pk])
        # The balance check as one query: no zero or sub-cent leg, and every posting of the batch sums to zero.
        cursor.execute(f"""SELECT 1 FROM {STAGE} WHERE txn_id IS NOT NULL AND (in_fund <= 0 OR in_fund <> ROUND(in_fund, 2))
            UNION ALL
            SELECT 1 FROM welfare_leg l JOIN {STAGE} s ON s.txn_id = l.transaction_id
            GROUP BY l.transaction_id, l.currency HAVING SUM(l.amount) <> 0 OR COUNT(*) < 2 LIMIT 1""")
        if cursor.fetchone() is not None:
            raise LedgerUnbalanced()
        cursor.execute(f"""INSERT INTO welfare_contribution (membership_id, amount, currency, payer, paid_on, receipt,
            posting_id, recorded_by_id, recorded_at)
            SELECT membership_id, amount, currency, payer, %s, receipt, txn_id, %s, %s FROM {STAGE} ORDER BY n""",
                       [paid_on, actor_id, now])
    return references


def _write_batch(prepared: list, *, actor, paid_on: dt.date, chart: dict) -> list[str]:
    if connection.vendor == "postgresql":
        return _write_batch_postgres(prepared, actor=actor, paid_on=paid_on, chart=chart)
    return _write_batch_orm(prepared, actor=actor, paid_on=paid_on, chart=chart)


def contributions_import(*, acting_user, fund_id: str, rows: Iterable[dict], paid_on: dt.date | None = None,
                         batch_size: int = BATCH) -> int:
    """A file's memberships and contributions, set-based, all or nothing: rows are
    {worker_id, contract_months, starts_on, payer, amount, currency, exchange_rate?, rate_source?, receipt?,
    destination?} (strings from a CSV, or Python values). Returns the number of memberships written."""
    require(acting_user, "welfare.enrol")
    paid_on = paid_on or timezone.localdate()
    actor = acting_user if getattr(acting_user, "is_authenticated", False) else None
    funds: dict = {}
    total = 0
    with transaction.atomic():
        chart = None
        for number, batch in enumerate(_chunks(rows, max(1, batch_size)), start=1):
            prepared = [_prepare(fund_id, row, total + i, funds) for i, row in enumerate(batch, start=1)]
            chart = chart or ledger.accounts(prepared[0][0])
            references = _write_batch(prepared, actor=actor, paid_on=paid_on, chart=chart)
            total += len(references)
            audit.record(actor=acting_user, action="contribution.import_batch", object_type="welfare.membership",
                         detail={"fund": fund_id, "batch": number, "count": len(references), "sha256": _digest(batch),
                                 "first": references[0], "last": references[-1]})
    return total
