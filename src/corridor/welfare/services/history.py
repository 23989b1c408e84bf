"""Demo only: a year of the welfare fund's past activity loaded in bulk (`welfare_backfill`), so that the demo's
statistics (claims by benefit, repatriations by destination) show months of figures. A backfill, as a fund taking
over an earlier system's records would load them: written with the dates they happened on, in a few INSERTs per
table, publishing NO domain event and sending no message to the destination (the indicators' rebuild counts the
records from the same fact queries the events use).

What it writes is what the services would have: memberships (the fund's rules of the day, cover computed by
`cover_until`, the contribution checked by `contribution_check` and posted, balanced, to the ledger), claims assessed
by the fund's eligibility rules (`_assess`: inputs frozen, amount from the fund) and moved through the claim
lifecycle's table on their days (recommend, approve with four eyes above the fund's threshold, pay with its
posting, or reject), and repatriations (requested, approved, ticket paid and posted, return recorded). One audit
entry (`welfare.backfill`) records it. Only the system may call it (the demo loader).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from corridor.core import audit
from corridor.core.backfill import dated, require_system
from corridor.welfare.choices import ClaimStatus, MembershipSource, PostingKind, RepatriationStatus
from corridor.welfare.lifecycles import CLAIM
from corridor.welfare.models import (
    Claim,
    ClaimEvent,
    Contribution,
    LedgerTransaction,
    Leg,
    Membership,
    MembershipEvent,
    Repatriation,
    RepatriationEvent,
)
from corridor.welfare.services import ledger
from corridor.welfare.services.claims import _assess, _validate
from corridor.welfare.services.membership import _reference, contribution_check, cover_until, fund_get


@dataclass(frozen=True)
class PastMember:
    """A membership started on `starts_on`, its contribution (`amount` in `currency`, at `rate` fund units per unit
    when it is not the fund's) paid on `paid_on`."""

    worker_id: int
    destination: str
    starts_on: dt.date
    contract_months: int
    paid_on: dt.date
    payer: str
    amount: Decimal
    currency: str
    rate: Decimal | None = None
    rate_source: str = ""
    clearance_reference: str = ""
    source: str = MembershipSource.CLEARANCE


@dataclass(frozen=True)
class PastClaim:
    """A claim on members[`member`], filed `filed_on`, then `steps` (action, day): recommend, approve, pay or
    reject, in the claim lifecycle's order."""

    member: int
    benefit: str
    claimant_kind: str
    event_date: dt.date
    filed_on: dt.date
    claimant_name: str = ""
    claimant_relationship: str = ""
    cause: str = ""
    requested_amount: Decimal | None = None
    steps: tuple[tuple[str, dt.date], ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class PastRepatriation:
    """A distressed worker (members[`member`]) brought home: requested, approved, ticket paid (`cost` in
    `currency` at `rate`), home on `returned_on`."""

    member: int
    reason: str
    requested_on: dt.date
    approved_on: dt.date
    paid_on: dt.date
    returned_on: dt.date
    cost: Decimal
    currency: str
    rate: Decimal | None = None
    rate_source: str = ""
    case_reference: str = ""


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def welfare_backfill(*, acting_user, fund_id: str, officer, approver, members: list[PastMember],
                     claims: list[PastClaim] = (), repatriations: list[PastRepatriation] = ()) -> dict:
    """Write the past members, claims and repatriations in bulk (see the module's docstring); returns the counts.
    `officer` files, recommends, pays and decides repatriations; `approver` (another fund officer) approves the
    claims above the fund's four-eyes threshold."""
    require_system(acting_user)
    today = timezone.localdate()
    if any(d > today for p in members for d in (p.starts_on, p.paid_on)) or any(
            d > today for c in claims for d in (c.filed_on, c.event_date, *(day for _a, day in c.steps))) or any(
            r.returned_on > today for r in repatriations):
        raise ValueError("a backfill writes the past only")
    if approver is None or approver.pk == officer.pk:
        raise ValueError("four eyes: the approver must be another officer")
    if not members:
        return {"members": 0, "claims": 0, "repatriations": 0}
    funds, converted = {}, {}
    for p in members:
        fund = funds.setdefault(p.starts_on, fund_get(fund_id, on=p.starts_on))
        key = (fund.id, fund.version, p.contract_months, p.payer, p.amount, p.currency, p.rate)
        if key not in converted:
            contribution_check(fund, contract_months=p.contract_months, payer=p.payer, amount=p.amount,
                               currency=p.currency)
            converted[key] = ledger.convert(fund, p.amount, p.currency, rate=p.rate, rate_source=p.rate_source)
    with transaction.atomic(), dated(Membership, MembershipEvent, LedgerTransaction, Contribution, Claim, ClaimEvent,
                                     Repatriation, RepatriationEvent):
        chart = ledger.accounts(next(iter(funds.values())))
        rows = []
        for p in members:
            fund = funds[p.starts_on]
            rows.append(Membership(
                reference=_reference(fund, p.starts_on), worker_id=p.worker_id, fund=fund.id, fund_version=fund.version,
                source=p.source, clearance_reference=p.clearance_reference[:40], destination=p.destination[:2],
                contract_months=p.contract_months, starts_on=p.starts_on, created_by=officer,
                ends_on=cover_until(fund, starts_on=p.starts_on, contract_months=p.contract_months, source=p.source),
                created_at=_at(p.paid_on, 9)))
        memberships = Membership.objects.bulk_create(rows, batch_size=500)
        MembershipEvent.objects.bulk_create([MembershipEvent(
            membership=m, actor=officer, action="start", to_status=m.status, detail={"backfill": True},
            created_at=m.created_at) for m in memberships], batch_size=1000)
        postings = []  # (transaction, legs): the legs of one transaction always go in one statement (balance trigger)

        def post(kind, on, description, legs, member, foreign=None, member_legs=()):
            fund = funds[member.starts_on] if isinstance(member, PastMember) else member
            ledger.check_balanced(legs, fund.currency)
            postings.append((LedgerTransaction(
                fund=fund.id, kind=kind, posted_on=on, description=description[:300], posted_by=officer,
                foreign_amount=foreign.amount if foreign else None, foreign_currency=foreign.currency if foreign else "",
                exchange_rate=foreign.rate if foreign else None, rate_source=(foreign.source if foreign else "")[:100],
                created_at=_at(on, 11)), legs, member_legs))

        for m, p in zip(memberships, members, strict=True):
            fund = funds[p.starts_on]
            in_fund, foreign = converted[(fund.id, fund.version, p.contract_months, p.payer, p.amount, p.currency, p.rate)]
            post(PostingKind.CONTRIBUTION, p.paid_on, f"Contribution {m.reference} ({p.payer})",
                 [("bank", in_fund), ("contributions", -in_fund)], p, foreign, ("contributions",))
        member_of = {}
        claim_rows, claim_events, paid = [], [], []
        for c in claims:
            m, p = memberships[c.member], members[c.member]
            _validate(m, c.benefit, c.claimant_kind, c.cause)
            claim = Claim(reference=f"CLM-{c.filed_on.year}-{len(claim_rows) + 1:05d}-{m.pk:06d}", membership=m,
                          benefit=c.benefit, status=ClaimStatus.FILED, claimant_kind=c.claimant_kind,
                          claimant_name=c.claimant_name[:200], claimant_relationship=c.claimant_relationship[:50],
                          event_date=c.event_date, cause=c.cause[:30], requested_amount=c.requested_amount,
                          filed_on=c.filed_on, filed_by=officer, created_at=_at(c.filed_on, 9))
            _assess(claim, m, filed_on=c.filed_on)
            events = [("file", "", ClaimStatus.FILED, c.filed_on, "")]
            for action, day in c.steps:
                step = CLAIM.actions.get(action)
                if step is None or claim.status not in step.source or day < events[-1][3]:
                    raise ValueError(f"claim step {action} is not allowed from {claim.status} on {day}")
                if action == "recommend" and not claim.eligible:
                    raise ValueError("only an eligible claim is recommended")
                if action == "recommend":
                    claim.recommended_by = officer
                if action == "approve":
                    fund = funds[p.starts_on]
                    claim.four_eyes_waived = claim.amount is not None and claim.amount <= fund.four_eyes_above
                    claim.approved_by = officer if claim.four_eyes_waived else approver
                if action == "pay":
                    paid.append((len(claim_rows), day))
                events.append((action, claim.status, step.target, day, c.reason if action == "reject" else ""))
                claim.status = step.target
            claim_rows.append(claim)
            claim_events.append(events)
            member_of[len(claim_rows) - 1] = p
        claim_rows = Claim.objects.bulk_create(claim_rows, batch_size=500)
        ClaimEvent.objects.bulk_create([ClaimEvent(
            claim=claim, actor=officer if action != "approve" or claim.four_eyes_waived else approver, action=action,
            from_status=before, to_status=after, reason=reason, created_at=_at(day, 9 + n),
            detail={"benefit": claim.benefit, "eligible": claim.eligible, "inputs_hash": claim.inputs_hash}
            if action == "file" else {})
            for claim, events in zip(claim_rows, claim_events, strict=True)
            for n, (action, before, after, day, reason) in enumerate(events)], batch_size=1000)
        claim_postings = len(postings)
        for index, day in paid:
            claim = claim_rows[index]
            post(PostingKind.BENEFIT, day, f"Claim {claim.reference} ({claim.benefit})",
                 [("benefits", claim.amount), ("bank", -claim.amount)], member_of[index], None, ("benefits",))
        repatriation_rows, repatriation_postings = [], len(postings)
        for n, r in enumerate(repatriations):
            m, p = memberships[r.member], members[r.member]
            if not r.requested_on <= r.approved_on <= r.paid_on <= r.returned_on:
                raise ValueError("a repatriation is requested, approved, paid and done in that order")
            in_fund, foreign = ledger.convert(funds[p.starts_on], ledger.money(r.cost), r.currency, rate=r.rate,
                                              rate_source=r.rate_source)
            repatriation_rows.append(Repatriation(
                reference=f"REP-{r.requested_on.year}-{n + 1:05d}-{m.pk:06d}", membership=m,
                case_reference=r.case_reference[:40], reason=r.reason[:2000], status=RepatriationStatus.RETURNED,
                travel_on=r.paid_on + dt.timedelta(days=2), cost=in_fund, returned_on=r.returned_on,
                requested_by=officer, created_at=_at(r.requested_on, 9)))
            post(PostingKind.REPATRIATION, r.paid_on, f"Repatriation {repatriation_rows[-1].reference}",
                 [("repatriation", in_fund), ("bank", -in_fund)], p, foreign, ("repatriation",))
        repatriation_rows = Repatriation.objects.bulk_create(repatriation_rows, batch_size=500)
        R = RepatriationStatus
        RepatriationEvent.objects.bulk_create([RepatriationEvent(
            repatriation=rep, actor=officer, action=action, from_status=before, to_status=after, created_at=_at(day),
            detail={"returned_on": r.returned_on.isoformat()} if action == "record_return" else {})
            for rep, r in zip(repatriation_rows, repatriations, strict=True)
            for action, before, after, day in (("request", "", R.REQUESTED, r.requested_on),
                                               ("approve", R.REQUESTED, R.APPROVED, r.approved_on),
                                               ("pay", R.APPROVED, R.TICKETED, r.paid_on),
                                               ("record_return", R.TICKETED, R.RETURNED, r.returned_on))],
            batch_size=1000)
        # the postings, with the record each belongs to, then their legs (two per transaction, in even batches)
        owners = (list(memberships)
                  + [claim_rows[index].membership for index, _day in paid]
                  + [rep.membership for rep in repatriation_rows])
        for (txn, _legs, _member_legs), owner in zip(postings, owners, strict=True):
            txn.membership = owner
        txns = LedgerTransaction.objects.bulk_create([t for t, _l, _m in postings], batch_size=500)
        Leg.objects.bulk_create([
            Leg(transaction=txn, account=chart[code], amount=amount, currency=chart[code].currency,
                membership=txn.membership if code in member_legs else None)
            for txn, (_t, legs, member_legs) in zip(txns, postings, strict=True) for code, amount in legs],
            batch_size=1000)
        Contribution.objects.bulk_create([Contribution(
            membership=m, amount=p.amount, currency=p.currency, payer=p.payer, paid_on=p.paid_on, posting=txn,
            recorded_by=officer, recorded_at=_at(p.paid_on, 11))
            for m, p, txn in zip(memberships, members, txns[:len(memberships)], strict=True)], batch_size=1000)
        for n, (index, _day) in enumerate(paid):
            claim_rows[index].posting = txns[claim_postings + n]
        Claim.objects.bulk_update([claim_rows[i] for i, _d in paid], ["posting"], batch_size=500)
        for rep, txn in zip(repatriation_rows, txns[repatriation_postings:], strict=True):
            rep.posting = txn
        Repatriation.objects.bulk_update(repatriation_rows, ["posting"], batch_size=500)
        counts = {"members": len(memberships), "claims": len(claim_rows), "repatriations": len(repatriation_rows)}
        audit.record(actor=acting_user, action="welfare.backfill", object_type="welfare.Membership",
                     detail={**counts, "demo": True, "fund": fund_id,
                             "from": min(p.paid_on for p in members).isoformat(),
                             "until": max([p.paid_on for p in members] + [c.filed_on for c in claims]).isoformat()})
    return counts

