"""Remittances invested, with matching funds: hometown associations and their members, proposals checked for
eligibility and scored against the published criteria (criteria.py), decided by the committee with its reasons,
matched by each public level, and disbursed in tranches against milestones. Every amount is a posting in the
double-entry ledger the welfare fund keeps (welfare.services.post), in a ledger of its own per currency:

- a pledge:            debit pledges_receivable, credit project_funds;
- the money received:  debit bank, credit pledges_receivable;
- a tranche paid out:  debit project_funds, credit bank.

A project whose pledges are all received and whose tranches are all paid leaves every account at zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from corridor.core import audit, lifecycle
from corridor.core.errors import InvalidInput
from corridor.core.lifecycle import require
from corridor.core.money import CENT, to_decimal
from corridor.reintegration import criteria as programme
from corridor.reintegration import errors
from corridor.reintegration.choices import PledgeLevel, ProjectKind, ProposalStatus, TrancheStatus
from corridor.reintegration.lifecycles import PROPOSAL
from corridor.reintegration.models import Association, Member, Pledge, Proposal, Tranche
from corridor.reintegration.services._common import new_reference, user_or_none
from corridor.welfare import services as welfare
from corridor.welfare.choices import AccountKind, PostingKind

CHART = (("bank", AccountKind.ASSET), ("pledges_receivable", AccountKind.ASSET),
         ("project_funds", AccountKind.LIABILITY))
OPEN = (ProposalStatus.SUBMITTED, ProposalStatus.ELIGIBLE, ProposalStatus.SCORED, ProposalStatus.APPROVED)


@dataclass(frozen=True)
class MatchingLedger:
    """The matching-fund programme's books in one currency, kept in the welfare fund's ledger tables."""

    id: str
    currency: str
    chart: tuple = CHART


def ledger_for(currency: str) -> MatchingLedger:
    return MatchingLedger(id=f"matching-{currency.lower()}", currency=currency.upper())


def _money(value, field: str) -> Decimal:
    try:
        amount = to_decimal(str(value))
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise InvalidInput(fields={field: ["not an amount"]}) from exc
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(CENT) or amount >= Decimal("1e13"):
        raise InvalidInput(fields={field: ["Enter a positive amount with at most two decimals."]})
    return amount.quantize(CENT)


# --- associations ------------------------------------------------------------------------------------------------


def association_register(*, acting_user, name: str, hometown: str, based_in: str, region: str = "", contact: str = "",
                         members: list[dict] = ()) -> Association:
    require(acting_user, "reintegration.matching")
    name, hometown, based_in = (name or "").strip(), (hometown or "").strip(), (based_in or "").strip().upper()
    problems = {k: ["missing"] for k, v in (("name", name), ("hometown", hometown)) if not v}
    if len(based_in) != 2 or not based_in.isalpha():
        problems["based_in"] = ["a two-letter country code"]
    if problems:
        raise InvalidInput(fields=problems)
    with transaction.atomic():
        association = Association.objects.create(
            reference=new_reference("HTA"), name=name[:200], hometown=hometown[:200], region=region.strip()[:200],
            based_in=based_in, contact=contact.strip()[:200], registered_by=user_or_none(acting_user))
        for member in members:
            _member_create(association, member)
        audit.record(actor=acting_user, action="association.register", target=association,
                     detail={"name": name, "members": len(members)})
    return association


def _member_create(association: Association, member: dict) -> Member:
    full_name = (member.get("full_name") or "").strip()
    lives_in = (member.get("lives_in") or association.based_in).strip().upper()
    if not full_name or len(lives_in) != 2:
        raise InvalidInput(fields={"members": ["each member needs a name and a country"]})
    return Member.objects.create(association=association, full_name=full_name[:200], lives_in=lives_in,
                                 worker=member.get("worker"), is_representative=bool(member.get("is_representative")))


def member_add(*, acting_user, association: Association, full_name: str, lives_in: str = "",
               is_representative: bool = False) -> Member:
    require(acting_user, "reintegration.matching")
    with transaction.atomic():
        member = _member_create(association, {"full_name": full_name, "lives_in": lives_in,
                                              "is_representative": is_representative})
        audit.record(actor=acting_user, action="association.member_add", target=association, detail={"member": member.pk})
    return member


# --- proposals ---------------------------------------------------------------------------------------------------


def proposal_submit(*, acting_user, association: Association, title: str, description: str, kind: str,
                    municipality: str, migrant_amount, currency: str) -> Proposal:
    require(acting_user, "reintegration.matching")
    problems = {k: ["missing"] for k, v in (("title", title), ("description", description), ("municipality", municipality))
                if not (v or "").strip()}
    if kind not in ProjectKind.values:
        problems["kind"] = ["unknown kind of project"]
    currency = (currency or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        problems["currency"] = ["a three-letter currency code"]
    if problems:
        raise InvalidInput(fields=problems)
    amount = _money(migrant_amount, "migrant_amount")
    with transaction.atomic():
        proposal = Proposal.objects.create(
            reference=new_reference("PRJ"), association=association, title=title.strip()[:200],
            description=description.strip(), kind=kind, municipality=municipality.strip()[:200], migrant_amount=amount,
            currency=currency, criteria_version=programme.current().version, submitted_by=user_or_none(acting_user))
        lifecycle.create(PROPOSAL, proposal, "submit", acting_user=acting_user,
                         detail={"association": association.reference, "amount": str(amount), "currency": currency})
    return proposal


def eligibility(proposal: Proposal) -> list[dict]:
    """Each published eligibility rule, and whether the proposal meets it (a pure reading of the data)."""
    rules = programme.current()
    members = proposal.association.members.all()
    others = (Proposal.objects.filter(association=proposal.association, status__in=OPEN).exclude(pk=proposal.pk).exists())
    checks = [
        {"key": "members", "ok": members.count() >= rules.min_members,
         "detail": f"{members.count()} members, at least {rules.min_members}"},
        {"key": "kind", "ok": proposal.kind in rules.kinds, "detail": proposal.kind},
        {"key": "description", "ok": len(proposal.description) >= rules.min_description,
         "detail": f"{len(proposal.description)} characters, at least {rules.min_description}"},
    ]
    if rules.representative_required:
        checks.append({"key": "representative", "ok": members.filter(is_representative=True).exists(), "detail": ""})
    if rules.one_open_per_association:
        checks.append({"key": "one_open", "ok": not others, "detail": ""})
    return checks


def proposal_check(*, acting_user, proposal: Proposal) -> Proposal:
    checks = eligibility(proposal)
    ok = all(c["ok"] for c in checks)
    return lifecycle.transition(
        PROPOSAL, proposal, "check", acting_user=acting_user, changes={"eligibility": checks},
        to_status=ProposalStatus.ELIGIBLE if ok else ProposalStatus.INELIGIBLE,
        reason="" if ok else "Not eligible: " + ", ".join(c["key"] for c in checks if not c["ok"]),
        detail={"checks": checks})


def proposal_score(*, acting_user, proposal: Proposal, scores: dict) -> Proposal:
    rules = programme.current()
    clean = {}
    for criterion in rules.scoring:
        try:
            value = int(str(scores.get(criterion.key, "")).strip())
        except ValueError as exc:
            raise errors.ScoreInvalid(fields={criterion.key: [str(errors.ScoreInvalid.default_message)]}) from exc
        if not 0 <= value <= criterion.max:
            raise errors.ScoreInvalid(fields={criterion.key: [str(errors.ScoreInvalid.default_message)]})
        clean[criterion.key] = value
    if set(scores) - set(clean):
        raise errors.ScoreInvalid(fields={"scores": ["unknown criterion"]})
    total = Decimal(sum(clean.values()))
    return lifecycle.transition(PROPOSAL, proposal, "score", acting_user=acting_user,
                                changes={"scores": clean, "total_score": total}, detail={"scores": clean, "total": str(total)})


def matching_amounts(proposal: Proposal) -> dict[str, Decimal]:
    """Each level's pledge: the migrants' contribution, and each public level's match at the published ratio."""
    rules = programme.current()
    amounts = {PledgeLevel.MIGRANTS.value: proposal.migrant_amount}
    for level, ratio in rules.match.items():
        amounts[level] = (proposal.migrant_amount * ratio).quantize(CENT)
    return amounts


def proposal_reject(*, acting_user, proposal: Proposal, reason: str) -> Proposal:
    reason = (reason or "").strip()
    if not reason:
        raise errors.ReasonsRequired(fields={"reason": [str(errors.ReasonsRequired.default_message)]})
    return lifecycle.transition(PROPOSAL, proposal, "reject", acting_user=acting_user, reason=reason,
                                changes={"decision_reason": reason})


def proposal_approve(*, acting_user, proposal: Proposal, reason: str, tranches: list[tuple[str, object]],
                     pledged_on: dt.date | None = None) -> Proposal:
    """The committee approves, with its reasons and the tranches (milestone, amount) that add up to the project's
    money; each level's pledge is posted."""
    reason = (reason or "").strip()
    if not reason:
        raise errors.ReasonsRequired(fields={"reason": [str(errors.ReasonsRequired.default_message)]})
    amounts = matching_amounts(proposal)
    total = sum(amounts.values(), Decimal("0.00"))
    plan = []
    for number, (milestone, amount) in enumerate(tranches, start=1):
        if not (milestone or "").strip():
            raise InvalidInput(fields={"tranches": ["each tranche needs its milestone"]})
        plan.append((number, milestone.strip()[:300], _money(amount, "tranches")))
    if not plan or sum(a for _n, _m, a in plan) != total:
        raise errors.TranchesExceedFunds(fields={"tranches": [str(errors.TranchesExceedFunds.default_message)]})
    pledged_on = pledged_on or timezone.localdate()
    ledger = ledger_for(proposal.currency)

    def after(locked: Proposal) -> None:
        for level, amount in amounts.items():
            posting = welfare.post(fund=ledger, kind=PostingKind.PLEDGE, posted_on=pledged_on, acting_user=acting_user,
                                   description=f"Pledge {level} {locked.reference}", reference=locked.reference,
                                   legs=[("pledges_receivable", amount), ("project_funds", -amount)])
            Pledge.objects.create(proposal=locked, level=level, amount=amount, currency=locked.currency,
                                  pledge_posting=posting)
        Tranche.objects.bulk_create([Tranche(proposal=locked, sequence=n, milestone=m, amount=a) for n, m, a in plan])

    return lifecycle.transition(PROPOSAL, proposal, "approve", acting_user=acting_user, reason=reason,
                                changes={"decision_reason": reason}, after=after,
                                detail={"pledges": {k: str(v) for k, v in amounts.items()}, "tranches": len(plan)})


def pledge_receive(*, acting_user, pledge: Pledge, received_on: dt.date | None = None, reference: str = "") -> Pledge:
    require(acting_user, "reintegration.matching_pay")
    received_on = received_on or timezone.localdate()
    ledger = ledger_for(pledge.currency)
    with transaction.atomic():
        locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
        if locked.received_on is not None:
            raise InvalidInput(fields={"pledge": ["already received"]})
        locked.receipt_posting = welfare.post(
            fund=ledger, kind=PostingKind.PLEDGE_PAID, posted_on=received_on, acting_user=acting_user,
            description=f"Received {locked.level} {locked.proposal.reference}", reference=reference or locked.proposal.reference,
            legs=[("bank", locked.amount), ("pledges_receivable", -locked.amount)])
        locked.received_on = received_on
        locked.save(update_fields=["received_on", "receipt_posting"])
        audit.record(actor=acting_user, action="pledge.receive", target=locked,
                     detail={"proposal": locked.proposal.reference, "level": locked.level, "amount": str(locked.amount)})
    return locked


def funds_available(proposal: Proposal) -> Decimal:
    received = proposal.pledges.filter(received_on__isnull=False).aggregate(s=Sum("amount"))["s"] or Decimal("0")
    paid = proposal.tranches.filter(status=TrancheStatus.DISBURSED).aggregate(s=Sum("amount"))["s"] or Decimal("0")
    return received - paid


def tranche_disburse(*, acting_user, tranche: Tranche, evidence: str, disbursed_on: dt.date | None = None,
                     reference: str = "") -> Tranche:
    """Pay a tranche against its milestone's evidence, in order, from money received; the last one completes the
    project."""
    require(acting_user, "reintegration.matching_pay")
    evidence = (evidence or "").strip()
    if not evidence:
        raise InvalidInput(fields={"evidence": ["Say how the milestone was shown to be reached."]})
    disbursed_on = disbursed_on or timezone.localdate()
    with transaction.atomic():
        locked = Tranche.objects.select_for_update().select_related("proposal").get(pk=tranche.pk)
        proposal = locked.proposal
        if proposal.status != ProposalStatus.APPROVED or locked.status != TrancheStatus.PLANNED \
                or proposal.tranches.filter(sequence__lt=locked.sequence, status=TrancheStatus.PLANNED).exists():
            raise errors.TrancheOutOfOrder()
        if funds_available(proposal) < locked.amount:
            raise errors.PledgesIncomplete()
        locked.posting = welfare.post(
            fund=ledger_for(proposal.currency), kind=PostingKind.DISBURSEMENT, posted_on=disbursed_on,
            acting_user=acting_user, description=f"Tranche {locked.sequence} {proposal.reference}",
            reference=reference or proposal.reference, legs=[("project_funds", locked.amount), ("bank", -locked.amount)])
        locked.status, locked.evidence, locked.disbursed_on = TrancheStatus.DISBURSED, evidence[:4000], disbursed_on
        locked.save(update_fields=["posting", "status", "evidence", "disbursed_on"])
        audit.record(actor=acting_user, action="tranche.disburse", target=locked,
                     detail={"proposal": proposal.reference, "sequence": locked.sequence, "amount": str(locked.amount)})
        if not proposal.tranches.filter(status=TrancheStatus.PLANNED).exists():
            lifecycle.transition(PROPOSAL, proposal, "complete", acting_user=acting_user,
                                 reason=f"Last tranche paid on {disbursed_on.isoformat()}.")
    return locked
