"""Every write of the indicators app: summary tables kept by events and rebuilt from the records, recruitment-cost
samples from return debriefs, aggregate tables sent to and received from peers."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from corridor.contracts import selectors as contracts
from corridor.core import audit
from corridor.exchange import services as exchange
from corridor.exchange.choices import Direction, PeerStatus
from corridor.exchange.models import PeerGrant
from corridor.indicators import errors, selectors, suppression
from corridor.indicators.models import CostSample, PeerCell, Tally
from corridor.indicators.tables import TABLES, Table

KIND = "indicators.aggregate"
UNKNOWN = "unknown"
TALLY_BATCH = 1000  # records whose facts one query reads


def _key(value) -> str:
    return UNKNOWN if value in (None, "") else str(value)[:100]


def _period(month) -> str:
    return f"{month:%Y-%m}"


def tally_record(*, table: Table, record_id: int) -> int:
    """Add the facts of one record to `table` (its latest fact row, or all its rows); how many were added.
    Runs inside the event's delivery transaction, which records it done exactly once."""
    return tally_records(table=table, record_ids=[record_id])


def tally_records(*, table: Table, record_ids: list[int]) -> int:
    """`tally_record` for many records at once (a batch of events): their facts read in one query per
    `TALLY_BATCH`, summed per cell, one update per cell touched; a record named twice counts twice, as two events
    one by one would. How many facts were added."""
    wanted = Counter(record_ids)
    cells: dict[tuple[str, str], list] = {}
    added = 0
    ids = sorted(wanted)
    with transaction.atomic():
        for start in range(0, len(ids), TALLY_BATCH):
            facts = table.facts().filter(record__in=ids[start:start + TALLY_BATCH]).order_by("-pk")
            seen: set = set()
            for row in facts.values("record", "month", table.dimension, *([table.amount] if table.amount else [])):
                if table.latest_only and row["record"] in seen:
                    continue
                seen.add(row["record"])
                times = wanted[row["record"]]
                cell = cells.setdefault((_period(row["month"]), _key(row[table.dimension])), [0, Decimal(0)])
                cell[0] += times
                cell[1] += times * Decimal(row.get(table.amount) or 0)
                added += times
        _cells_add(table, cells)
    return added


def tally_scoped(*, table: Table, payloads: list[dict]) -> int:
    """The facts of events that each name many records (`table.scope`: a salary file's months), summed per cell by
    the database; how many were added."""
    cells: dict[tuple[str, str], list] = {}
    added = 0
    with transaction.atomic():
        for payload in payloads:
            rows = (table.scope(table.facts(), payload).order_by().values("month", table.dimension)
                    .annotate(n=Count("record"), total=Sum(table.amount) if table.amount else Count("record")))
            for row in rows:
                cell = cells.setdefault((_period(row["month"]), _key(row[table.dimension])), [0, Decimal(0)])
                cell[0] += row["n"]
                cell[1] += Decimal(row["total"] or 0) if table.amount else 0
                added += row["n"]
        _cells_add(table, cells)
    return added


def _cells_add(table: Table, cells: dict[tuple[str, str], list]) -> None:
    for (period, key), (count, amount) in sorted(cells.items()):
        cell, _created = Tally.objects.get_or_create(table=table.name, period=period, key=key)
        changes = {"count": F("count") + count}
        if table.amount:
            changes["amount"] = Coalesce(F("amount"), Decimal(0)) + amount
        Tally.objects.filter(pk=cell.pk).update(**changes)


def tally_remove(*, table: Table, period: str, keys: list[str]) -> None:
    """Take one fact of each key out of `table` in `period` (YYYY-MM): what a record counted before it changed."""
    with transaction.atomic():
        for key in keys:
            Tally.objects.filter(table=table.name, period=period, key=_key(key), count__gt=0).update(
                count=F("count") - 1)
        Tally.objects.filter(table=table.name, period=period, count=0).delete()  # as a rebuild would leave it


def indicators_rebuild(*, acting_user=None, tables: list[str] | None = None) -> dict[str, int]:
    """Recompute the summary tables from the records, set-based (one grouped query per table); cells per table."""
    chosen = [TABLES[name] for name in (tables or TABLES)]
    out = {}
    with transaction.atomic():
        Tally.objects.filter(table__in=[t.name for t in chosen]).delete()
        for table in chosen:
            grouped = (table.facts().order_by().values("month", table.dimension)
                       .annotate(n=Count("pk"), total=Sum(table.amount) if table.amount else Count("pk")))
            merged: dict[tuple[str, str], list] = {}
            for row in grouped:  # "" and NULL both read "unknown": merge them as the incremental path does
                cell = merged.setdefault((_period(row["month"]), _key(row[table.dimension])), [0, Decimal(0)])
                cell[0] += row["n"]
                if table.amount:
                    cell[1] += row["total"] or 0
            Tally.objects.bulk_create([
                Tally(table=table.name, period=p, key=k, count=n, amount=amount if table.amount else None)
                for (p, k), (n, amount) in merged.items()], batch_size=2000)
            out[table.name] = len(merged)
        audit.record(actor=acting_user, action="indicators.rebuild", object_type="indicators.Tally",
                     detail={"tables": out})
    return out


def _decimal(value, name: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise errors.DebriefInvalid(fields={name: ["not a decimal number"]}) from None
    if not amount.is_finite() or amount < 0 or amount.as_tuple().exponent < -2 or abs(amount) >= Decimal(10) ** 14:
        raise errors.DebriefInvalid(fields={name: ["out of range"]})
    return amount


def _code(value, name: str, size: int) -> str:
    text = str(value or "").strip().upper()
    if len(text) != size or not text.isalpha():
        raise errors.DebriefInvalid(fields={name: [f"{size} letters expected"]})
    return text


def debrief_record(*, reference: str, origin: str, destination: str, recruitment_cost, cost_currency: str,
                   monthly_earnings, earnings_currency: str, returned_on: str, agency_licence: str = "", sex: str = "",
                   occupation: str = "") -> CostSample:
    """Keep one return debrief's cost and earnings (SDG 10.7.1) and count the return; a debrief seen twice counts once."""
    reference = str(reference or "").strip()
    if not reference or len(reference) > 40:
        raise errors.DebriefInvalid(fields={"reference": ["missing"]})
    try:
        returned = dt.date.fromisoformat(str(returned_on))
    except ValueError:
        raise errors.DebriefInvalid(fields={"returned_on": ["an ISO date expected"]}) from None
    fields = {
        "origin": _code(origin, "origin", 2), "destination": _code(destination, "destination", 2),
        "cost": _decimal(recruitment_cost, "recruitment_cost"), "cost_currency": _code(cost_currency, "cost_currency", 3),
        "earnings": _decimal(monthly_earnings, "monthly_earnings"),
        "earnings_currency": _code(earnings_currency, "earnings_currency", 3), "occurred_on": returned,
        "agency_licence": str(agency_licence or "")[:60], "sex": str(sex or "")[:1].upper(),
        "occupation": str(occupation or "")[:4],
    }
    if fields["earnings"] <= 0:
        raise errors.DebriefInvalid(fields={"monthly_earnings": ["must be more than zero"]})
    with transaction.atomic():
        existing = CostSample.objects.filter(source=CostSample.Source.DEBRIEF, reference=reference).first()
        if existing is not None:
            return existing
        sample = CostSample.objects.create(source=CostSample.Source.DEBRIEF, reference=reference, **fields)
        tally_record(table=TABLES["returns_by_destination"], record_id=sample.pk)
        audit.record(actor=None, action="indicators.debrief_recorded", target=sample,
                     detail={"reference": reference, "destination": fields["destination"]})
    return sample


def contract_cost_record(*, version_id: int) -> CostSample | None:
    """Keep the recruitment cost (fees the registered contract says the worker pays, summed; none is a cost of 0) and
    the monthly wage it promises as an SDG 10.7.1 sample; a text seen twice counts once. Not kept: a contract whose
    wage is not monthly (no conversion is made here). Fees in another currency than the wage are kept with the
    currency "mixed" and left out of the ratio, as debriefs in two currencies are."""
    terms = contracts.registered_cost_terms(version_id)
    if terms is None or terms["wage_period"] != "month" or not terms["registered_on"]:
        return None
    try:
        wage = _decimal(terms["wage"], "wage")
        fees = [(_decimal(amount, "fees"), currency.upper()) for amount, currency in terms["fees"]]
        fields = {"origin": _code(terms["origin"], "origin", 2), "destination": _code(terms["destination"], "destination", 2),
                  "earnings_currency": _code(terms["wage_currency"], "wage_currency", 3)}
    except errors.DebriefInvalid:
        return None  # an incomplete text gives no sample (the contracts app checks its texts; nothing to count)
    if wage <= 0:
        return None
    currencies = {c for _a, c in fees} or {fields["earnings_currency"]}
    with transaction.atomic():
        sample, created = CostSample.objects.get_or_create(
            source=CostSample.Source.CONTRACT, reference=terms["reference"][:40], defaults={
                **fields, "cost": sum((a for a, _c in fees), Decimal(0)),
                "cost_currency": currencies.pop() if len(currencies) == 1 else "XXX",  # ISO 4217 "no currency": mixed
                "earnings": wage, "occurred_on": dt.date.fromisoformat(terms["registered_on"]),
                "agency_licence": terms["agency"][:60], "sex": terms["sex"].upper(), "occupation": terms["occupation"]})
        if created:
            audit.record(actor=None, action="indicators.contract_cost_recorded", target=sample,
                         detail={"reference": sample.reference, "destination": sample.destination})
    return sample


def aggregate_body() -> dict:
    """The message body: the published tables only (suppressed before they leave), never a row about a person."""
    tables = selectors.published()
    return {"node": settings.CORRIDOR_COUNTRY, "generated_at": now_iso(), "threshold": suppression.THRESHOLD,
            "tables": [{"table": name, "unit": str(t["unit"]), "months": t["months"],
                        "rows": [{"key": r["key"], "cells": r["cells"], "total": r["total"]} for r in t["rows"]],
                        "totals": t["totals"], "grand": t["grand"]} for name, t in tables.items()]}


def aggregates_share(*, acting_user) -> int:
    """Send the published tables to every active peer that agreed to receive them; how many peers."""
    grants = PeerGrant.objects.filter(direction=Direction.SEND, kind=KIND, peer__status=PeerStatus.ACTIVE)
    peers = [g.peer for g in grants.select_related("peer")]
    if not peers:
        return 0
    body = aggregate_body()
    for peer in peers:
        aggregates_send(acting_user=acting_user, peer=peer, body=body)
    return len(peers)


def aggregates_send(*, acting_user, peer, body: dict):
    """Queue the node's published (suppressed) tables for a peer that agreed to receive them."""
    with transaction.atomic():
        message = exchange.message_send(acting_user=acting_user, peer=peer, kind=KIND, body=body,
                                        ordering_key="indicators.aggregate")
        audit.record(actor=acting_user, action="indicators.aggregate_send", target=message,
                     detail={"tables": sorted(t["table"] for t in body["tables"])})
    return message


def _count(value):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise errors.AggregateInvalid(fields={"count": ["a non-negative whole number or null"]})
    return value


def peer_aggregate_receive(*, peer, body: dict, key_id: str = "") -> int:
    """Keep a peer's published tables, replacing what it sent before for those tables; cells kept."""
    try:
        generated = dt.datetime.fromisoformat(str(body["generated_at"]))
        tables = body["tables"]
    except (KeyError, TypeError, ValueError):
        raise errors.AggregateInvalid(fields={"generated_at": ["missing or not a date-time"]}) from None
    if generated.tzinfo is None:
        generated = generated.replace(tzinfo=dt.UTC)
    cells = []
    for table in tables:
        name = str(table.get("table") or "")[:60]
        if not name:
            raise errors.AggregateInvalid(fields={"table": ["missing"]})
        for row in table.get("rows", []):
            key = str(row.get("key") or "")[:100]
            for period, count in list((row.get("cells") or {}).items()) + [("total", row.get("total"))]:
                cells.append(PeerCell(peer_country=peer.country_id, key_id=key_id, table=name, period=str(period)[:7],
                                      key=key, count=_count(count), generated_at=generated))
        for period, count in list((table.get("totals") or {}).items()) + [("total", table.get("grand"))]:
            cells.append(PeerCell(peer_country=peer.country_id, key_id=key_id, table=name, period=str(period)[:7],
                                  key="total", count=_count(count), generated_at=generated))
    with transaction.atomic():
        PeerCell.objects.filter(peer_country=peer.country_id,
                                table__in=[str(t.get("table"))[:60] for t in tables]).delete()
        PeerCell.objects.bulk_create(cells, ignore_conflicts=True)
        audit.record(actor=None, action="indicators.aggregate_receive", object_type="indicators.PeerCell",
                     detail={"peer": peer.country_id, "cells": len(cells), "generated_at": generated.isoformat()})
    return len(cells)


def node_country() -> str:
    return settings.CORRIDOR_COUNTRY


def now_iso() -> str:
    return timezone.now().replace(microsecond=0).isoformat()
