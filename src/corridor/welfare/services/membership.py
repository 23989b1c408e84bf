"""Memberships and contributions: a worker joins at departure clearance (fund officer) or enrols abroad through an
attaché; the contribution is checked against the fund's rules (amount, and who may pay it) and posted."""

from __future__ import annotations

import calendar
import datetime as dt
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core import audit, events, lifecycle
from corridor.core.lifecycle import require
from corridor.welfare import funds as fund_rules
from corridor.welfare.choices import (
    ClaimantKind,
    MembershipSource,
    MembershipStatus,
    Payer,
    PostingKind,
    ReturnCause,
)
from corridor.welfare.errors import AlreadyMember, ContributionWrong, PayerNotAllowed, UnknownFund
from corridor.welfare.lifecycles import MEMBERSHIP
from corridor.welfare.models import Contribution, LedgerTransaction, Leg, Membership, MembershipEvent
from corridor.welfare.services import ledger
from corridor.welfare.services.claims import claim_prompt


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cover_until(fund: fund_rules.Fund, *, starts_on: dt.date, contract_months: int, source: str) -> dt.date:
    """Cover runs for the contract; a fixed-period fund (or a voluntary enrolment abroad) is capped by its rules."""
    months = contract_months
    cap = fund.coverage_max_months
    if cap and (fund.membership.get("coverage") == "fixed"):
        months = cap
    elif cap and source == MembershipSource.ENROLMENT:
        months = min(months, cap)
    return add_months(starts_on, months) - dt.timedelta(days=1)


def fund_get(fund_id: str | None = None, *, on: dt.date | None = None) -> fund_rules.Fund:
    fund = fund_rules.fund_for(fund_id, on) if fund_id else fund_rules.fund_of_country(settings.CORRIDOR_COUNTRY, on)
    if fund is None:
        raise UnknownFund(fields={"fund": [str(UnknownFund.default_message)]})
    return fund


def _reference(fund: fund_rules.Fund, on: dt.date) -> str:
    return f"{fund.id.split('-')[-1].upper()}-{on.year}-{secrets.token_hex(8).upper()}"


def contribution_check(fund: fund_rules.Fund, *, contract_months: int, payer: str, amount: Decimal, currency: str,
                       renewal: bool = False) -> Decimal:
    """The contribution due; refuses a payer the law forbids (a finding) and an amount that is not the one due."""
    if payer not in Payer.values:
        raise PayerNotAllowed(fields={"payer": [_("Unknown payer.")]})
    if not fund.payer_allowed(payer):
        raise PayerNotAllowed(fields={"payer": [
            _("%(fund)s: the contribution is paid by the %(payer)s (%(source)s); charging it to the worker is a finding.")
            % {"fund": fund.name, "payer": fund.payer, "source": "; ".join(fund.contribution_sources)}]})
    due = fund.contribution_due(contract_months=contract_months, renewal=renewal)
    if payer == Payer.WAIVED:
        if amount != 0:
            raise ContributionWrong(fields={"amount": [_("A waived contribution is recorded with amount 0.")]})
        return due
    if currency != fund.contribution_currency or amount != due:
        raise ContributionWrong(fields={"amount": [
            _("%(fund)s: the contribution for a %(months)s-month contract is %(due)s %(currency)s.")
            % {"fund": fund.name, "months": contract_months, "due": due, "currency": fund.contribution_currency}]})
    return due


def _post_contribution(fund, membership: Membership, *, acting_user, amount: Decimal, currency: str, payer: str,
                       paid_on: dt.date, receipt: str, exchange_rate, rate_source: str) -> Contribution:
    posting = None
    if payer != Payer.WAIVED:
        in_fund, foreign = ledger.convert(fund, amount, currency, rate=exchange_rate, rate_source=rate_source)
        posting = ledger.post(fund=fund, kind=PostingKind.CONTRIBUTION, posted_on=paid_on, acting_user=acting_user,
                              description=f"Contribution {membership.reference} ({payer})", reference=receipt,
                              membership=membership, foreign=foreign,
                              legs=[("bank", in_fund), ("contributions", -in_fund)], member_legs=("contributions",))
    return Contribution.objects.create(membership=membership, amount=amount, currency=currency, payer=payer,
                                       paid_on=paid_on, receipt=receipt[:60], posting=posting,
                                       recorded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None)


def membership_start(*, acting_user, worker, contract_months: int, starts_on: dt.date, payer: str, amount,
                     currency: str, paid_on: dt.date | None = None, receipt: str = "", destination: str = "",
                     clearance_reference: str = "", source: str = MembershipSource.CLEARANCE, fund_id: str | None = None,
                     exchange_rate=None, rate_source: str = "", renewal_of: Membership | None = None) -> Membership:
    """A worker joins the fund for one contract, with the contribution paid (or waived) and posted.

    At clearance (fund officer) the membership is published as `welfare.membership_started` with the clearance's
    reference: clearance records it as the welfare-fund fact its check reads. Abroad, an attaché enrols the worker.
    """
    require(acting_user, "welfare.enrol")
    fund = fund_get(fund_id, on=starts_on)
    amount = ledger.money(amount, allow_zero=True)
    if source not in MembershipSource.values:
        raise UnknownFund(fields={"source": [_("Unknown source.")]})
    try:
        months = int(contract_months)
    except (TypeError, ValueError):
        months = 0
    if months < 1 or months > 120:
        raise ContributionWrong(fields={"contract_months": [_("Enter the contract's length in months (1 to 120).")]})
    contribution_check(fund, contract_months=months, payer=payer, amount=amount, currency=currency,
                       renewal=renewal_of is not None)
    paid_on = paid_on or timezone.localdate()
    with transaction.atomic():
        if clearance_reference and Membership.objects.filter(clearance_reference=clearance_reference).exists():
            raise AlreadyMember()
        membership = Membership.objects.create(
            reference=_reference(fund, starts_on), worker=worker, fund=fund.id, fund_version=fund.version, source=source,
            clearance_reference=clearance_reference, destination=(destination or "").upper()[:2], contract_months=months,
            starts_on=starts_on, ends_on=cover_until(fund, starts_on=starts_on, contract_months=months, source=source),
            renewal_of=renewal_of, created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None)
        lifecycle.event(MEMBERSHIP, membership, "start", acting_user=acting_user, to_status=membership.status,
                        detail={"fund": fund.id, "version": fund.version, "source": source})
        contribution = _post_contribution(fund, membership, acting_user=acting_user, amount=amount, currency=currency,
                                          payer=payer, paid_on=paid_on, receipt=receipt, exchange_rate=exchange_rate,
                                          rate_source=rate_source)
        audit.record(actor=acting_user, action="membership.start", target=membership, to_state=membership.status,
                     detail={"fund": fund.id, "version": fund.version, "source": source, "payer": payer,
                             "amount": str(amount), "currency": currency, "clearance": clearance_reference,
                             "contribution": contribution.pk})
        events.publish("welfare.membership_started", pk=membership.pk, reference=membership.reference,
                       worker_id=worker.pk, clearance_reference=clearance_reference,
                       ends_on=membership.ends_on.isoformat(), fund=fund.id, payer=payer,
                       actor_id=getattr(acting_user, "pk", None))
    return membership


def membership_renew(*, acting_user, membership: Membership, contract_months: int, starts_on: dt.date, payer: str,
                     amount, currency: str, paid_on: dt.date | None = None, receipt: str = "", exchange_rate=None,
                     rate_source: str = "") -> Membership:
    """A renewed or new contract: the old membership ends and a new one starts with its own contribution."""
    with transaction.atomic():
        if membership.status == MembershipStatus.ACTIVE:
            membership_end(acting_user=acting_user, membership=membership, reason=_("Renewed with a new contract."))
        return membership_start(acting_user=acting_user, worker=membership.worker, contract_months=contract_months,
                                starts_on=starts_on, payer=payer, amount=amount, currency=currency, paid_on=paid_on,
                                receipt=receipt, destination=membership.destination, source=membership.source,
                                fund_id=membership.fund, exchange_rate=exchange_rate, rate_source=rate_source,
                                renewal_of=membership)


def membership_end(*, acting_user, membership: Membership, reason: str = "") -> Membership:
    """Cover ends with the contract (or on renewal)."""
    return lifecycle.transition(MEMBERSHIP, membership, "end", acting_user=acting_user, reason=reason or "")


def membership_record_return(*, membership: Membership, return_reference: str, returned_on: dt.date,
                             cause: str) -> Membership:
    """The worker came home (the reintegration app's `worker.returned`): the membership records the return and its
    cause, an active cover ends on that day, and each benefit the fund's rules give on return is prompted to the
    member (a claim in status `prompted`, once per return). The same return recorded twice changes nothing."""
    cause = cause if cause in ReturnCause.values else ReturnCause.OTHER
    return_reference = (return_reference or "").strip()[:40]
    if membership.return_reference and membership.return_reference == return_reference:
        return membership
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        locked.returned_on, locked.return_cause, locked.return_reference = returned_on, cause, return_reference
        locked.save(update_fields=["returned_on", "return_cause", "return_reference"])
        audit.record(actor=None, action="membership.return", target=locked,
                     detail={"return": return_reference, "returned_on": returned_on.isoformat(), "cause": cause})
        if locked.status == MembershipStatus.ACTIVE:
            locked = membership_end(acting_user=None, membership=locked,
                                    reason=_("Returned home on %(day)s (%(cause)s).")
                                    % {"day": returned_on.isoformat(), "cause": ReturnCause(cause).label})
        fund = fund_rules.fund_version(locked.fund, locked.fund_version)
        for benefit in (b for b in (fund.benefits if fund else ()) if b.on_return):
            claim_prompt(membership=locked, benefit=benefit.code, event_date=returned_on,
                         prompted_by=f"return:{return_reference}" if return_reference else "return",
                         claimant_kind=ClaimantKind.MEMBER)
    return locked


def memberships_expire(*, today: dt.date | None = None) -> int:
    """The scheduled sweep: memberships whose cover ended are ended (by the system)."""
    today = today or timezone.localdate()
    count = 0
    for membership in Membership.objects.filter(status=MembershipStatus.ACTIVE, ends_on__lt=today).iterator():
        membership_end(acting_user=None, membership=membership, reason=_("The contract's cover ended."))
        count += 1
    return count


def memberships_import(*, acting_user, fund_id: str, rows: list[dict], paid_on: dt.date | None = None) -> int:
    """Bulk: memberships with their contributions, for a fund's batch (a day's processed contracts, or a migration
    from an older system). Every row is checked as `membership_start` checks it (payer, amount, rate); the batch is
    written in one transaction with one audit entry, and its postings balance like any other. Rows are
    {worker_id, contract_months, starts_on, payer, amount, currency, exchange_rate?, receipt?, destination?}.
    No clearance is fed from here (a batch carries no clearance references)."""
    require(acting_user, "welfare.enrol")
    paid_on = paid_on or timezone.localdate()
    actor = acting_user if getattr(acting_user, "is_authenticated", False) else None
    prepared = []
    for row in rows:
        fund = fund_get(fund_id, on=row["starts_on"])
        amount = ledger.money(row["amount"], allow_zero=True)
        months = int(row["contract_months"])
        contribution_check(fund, contract_months=months, payer=row["payer"], amount=amount, currency=row["currency"])
        in_fund, foreign = (Decimal(0), None) if row["payer"] == Payer.WAIVED else ledger.convert(
            fund, amount, row["currency"], rate=row.get("exchange_rate"), rate_source=row.get("rate_source", ""))
        prepared.append((fund, row, amount, months, in_fund, foreign))
    if not prepared:
        return 0
    with transaction.atomic():
        chart = ledger.accounts(prepared[0][0])
        members = Membership.objects.bulk_create([
            Membership(reference=_reference(fund, row["starts_on"]), worker_id=row["worker_id"], fund=fund.id,
                       fund_version=fund.version, source=MembershipSource.CLEARANCE, destination=row.get("destination", ""),
                       contract_months=months, starts_on=row["starts_on"],
                       ends_on=cover_until(fund, starts_on=row["starts_on"], contract_months=months,
                                           source=MembershipSource.CLEARANCE), created_by=actor)
            for fund, row, _amount, months, _in_fund, _foreign in prepared])
        MembershipEvent.objects.bulk_create([MembershipEvent(membership=m, actor=actor, action="start",
                                                             to_status=m.status, detail={"import": True})
                                             for m in members])
        paying = [(m, p) for m, p in zip(members, prepared, strict=True) if p[1]["payer"] != Payer.WAIVED]
        txns = LedgerTransaction.objects.bulk_create([
            LedgerTransaction(fund=p[0].id, kind=PostingKind.CONTRIBUTION, posted_on=paid_on, membership=m,
                              description=f"Contribution {m.reference} ({p[1]['payer']})",
                              reference=str(p[1].get("receipt", ""))[:60], posted_by=actor,
                              foreign_amount=p[5].amount if p[5] else None, foreign_currency=p[5].currency if p[5] else "",
                              exchange_rate=p[5].rate if p[5] else None, rate_source=(p[5].source if p[5] else "")[:100])
            for m, p in paying])
        legs = []
        for (m, p), txn in zip(paying, txns, strict=True):
            ledger.check_balanced([("bank", p[4]), ("contributions", -p[4])], p[0].currency)
            legs.append(Leg(transaction=txn, account=chart["bank"], amount=p[4], currency=p[0].currency))
            legs.append(Leg(transaction=txn, account=chart["contributions"], amount=-p[4], currency=p[0].currency,
                            membership=m))
        Leg.objects.bulk_create(legs)
        by_member = {txn.membership_id: txn for txn in txns}
        Contribution.objects.bulk_create([
            Contribution(membership=m, amount=p[2], currency=p[1]["currency"], payer=p[1]["payer"], paid_on=paid_on,
                         receipt=str(p[1].get("receipt", ""))[:60], posting=by_member.get(m.pk), recorded_by=actor)
            for m, p in zip(members, prepared, strict=True)])
        audit.record(actor=acting_user, action="membership.import", object_type="welfare.membership",
                     detail={"fund": fund_id, "count": len(members), "first": members[0].reference,
                             "last": members[-1].reference})
    return len(members)
