"""Contributions at national scale: a file of memberships with their contributions, written set-based.

`contributions_import` checks every row as `membership_start` does (the fund's rules, amount, payer, exchange rate),
then writes each batch with one statement per table: on PostgreSQL `COPY` (memberships and postings get their ids
from their sequences first, so the rows that point at them are written in the same pass), elsewhere `bulk_create`.
Each batch's legs go in one statement, so the PostgreSQL balance trigger (a statement trigger, `ledger_sql.py`)
checks the whole batch at once and refuses it if any posting does not balance. One audit entry per batch names its
count and the SHA-256 of its rows. The whole file is one transaction: a bad row anywhere writes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from operator import attrgetter

from django.db import connection, transaction
from django.db.models import JSONField
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core import audit
from corridor.core.errors import CorridorError, InvalidInput
from corridor.core.lifecycle import require
from corridor.welfare.choices import MembershipSource, Payer, PostingKind
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
        contribution_check(fund, contract_months=months, payer=row["payer"], amount=amount, currency=row["currency"])
        in_fund, foreign = (Decimal(0), None) if row["payer"] == Payer.WAIVED else ledger.convert(
            fund, amount, row["currency"], rate=row.get("exchange_rate") or None, rate_source=row.get("rate_source") or "")
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


def _copy(model, objects: list, *, with_pk: bool) -> None:
    """One COPY statement for `objects` (PostgreSQL): every concrete field, as Django would save it."""
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    now = timezone.now()
    # How each column is read: a timestamp Django would stamp on save (one for the batch), JSON through Django's own
    # preparation, a choice as its plain string, anything else as the attribute (psycopg adapts it).
    readers = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            readers.append(lambda obj, f=f: getattr(obj, f.attname) or now)
        elif isinstance(f, JSONField):
            readers.append(lambda obj, f=f: f.get_db_prep_save(getattr(obj, f.attname), connection))
        elif f.choices:
            readers.append(lambda obj, f=f: None if getattr(obj, f.attname) is None else str(getattr(obj, f.attname)))
        else:
            readers.append(attrgetter(f.attname))
    with connection.cursor() as cursor, cursor.copy(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
        for obj in objects:
            copy.write_row([read(obj) for read in readers])


def _write_batch(prepared: list, *, fund_id: str, actor, paid_on: dt.date, chart: dict) -> list[Membership]:
    postgres = connection.vendor == "postgresql"
    members = [Membership(reference=_reference(fund, starts_on), worker_id=worker_id, fund=fund.id,
                          fund_version=fund.version, source=MembershipSource.CLEARANCE,
                          destination=(row.get("destination") or "").upper()[:2], contract_months=months,
                          starts_on=starts_on, created_by=actor,
                          ends_on=cover_until(fund, starts_on=starts_on, contract_months=months,
                                              source=MembershipSource.CLEARANCE))
               for fund, starts_on, worker_id, months, _amount, _in_fund, _foreign, row in prepared]
    if postgres:
        for member, pk in zip(members, _next_ids(Membership, len(members)), strict=True):
            member.pk = member.id = pk
        _copy(Membership, members, with_pk=True)
    else:
        members = Membership.objects.bulk_create(members)
    events = [MembershipEvent(membership=m, actor=actor, action="start", to_status=m.status, detail={"import": True})
              for m in members]
    paying = [(m, p) for m, p in zip(members, prepared, strict=True) if p[7]["payer"] != Payer.WAIVED]
    txns = [LedgerTransaction(fund=p[0].id, kind=PostingKind.CONTRIBUTION, posted_on=paid_on, membership=m,
                              description=f"Contribution {m.reference} ({p[7]['payer']})",
                              reference=str(p[7].get("receipt") or "")[:60], posted_by=actor,
                              foreign_amount=p[6].amount if p[6] else None,
                              foreign_currency=p[6].currency if p[6] else "",
                              exchange_rate=p[6].rate if p[6] else None, rate_source=(p[6].source if p[6] else "")[:100])
            for m, p in paying]
    if postgres and txns:
        for txn, pk in zip(txns, _next_ids(LedgerTransaction, len(txns)), strict=True):
            txn.pk = txn.id = pk
        _copy(LedgerTransaction, txns, with_pk=True)
    elif txns:
        txns = LedgerTransaction.objects.bulk_create(txns)
    legs = []
    for (m, p), txn in zip(paying, txns, strict=True):
        fund, in_fund = p[0], p[5]
        ledger.check_balanced([("bank", in_fund), ("contributions", -in_fund)], fund.currency)
        legs.append(Leg(transaction=txn, account=chart["bank"], amount=in_fund, currency=fund.currency))
        legs.append(Leg(transaction=txn, account=chart["contributions"], amount=-in_fund, currency=fund.currency,
                        membership=m))
    by_member = {txn.membership_id: txn for txn in txns}
    contributions = [Contribution(membership=m, amount=p[4], currency=p[7]["currency"], payer=p[7]["payer"],
                                  paid_on=paid_on, receipt=str(p[7].get("receipt") or "")[:60],
                                  posting=by_member.get(m.pk), recorded_by=actor)
                     for m, p in zip(members, prepared, strict=True)]
    if postgres:
        _copy(MembershipEvent, events, with_pk=False)
        if legs:
            _copy(Leg, legs, with_pk=False)  # one statement: the balance trigger checks the batch once
        _copy(Contribution, contributions, with_pk=False)
    else:
        MembershipEvent.objects.bulk_create(events, batch_size=2_000)
        Leg.objects.bulk_create(legs, batch_size=2_000)
        Contribution.objects.bulk_create(contributions, batch_size=2_000)
    return members


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
            members = _write_batch(prepared, fund_id=fund_id, actor=actor, paid_on=paid_on, chart=chart)
            total += len(members)
            audit.record(actor=acting_user, action="contribution.import_batch", object_type="welfare.membership",
                         detail={"fund": fund_id, "batch": number, "count": len(members), "sha256": _digest(batch),
                                 "first": members[0].reference, "last": members[-1].reference})
    return total
