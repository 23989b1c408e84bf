"""Claims: filed by the member, the next of kin or an attaché (or opened by the fund for the family when a case
records a death or an injury); eligibility evaluated on frozen inputs; four-eyes approval above the fund's
threshold; payment posted in the ledger; appeal."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.choices import Role
from corridor.core import audit, lifecycle
from corridor.core.errors import NotFound
from corridor.core.lifecycle import require
from corridor.welfare import eligibility, storage
from corridor.welfare.choices import ClaimantKind, ClaimStatus, PostingKind
from corridor.welfare.errors import ClaimantNotAllowed, FourEyes, NotEligible, UnknownBenefit
from corridor.welfare.funds import fund_version
from corridor.welfare.lifecycles import CLAIM
from corridor.welfare.models import Claim, ClaimDocument, Membership
from corridor.welfare.scope import can_act_on_membership
from corridor.welfare.services import ledger


def _reference(on: dt.date) -> str:
    return f"CLM-{on.year}-{secrets.token_hex(5).upper()}"


def _assess(claim: Claim, membership: Membership, *, filed_on: dt.date) -> list[str]:
    """Freeze the inputs and store the answer they give (returns the fields it set)."""
    fund = fund_version(membership.fund, membership.fund_version)
    inputs = eligibility.freeze(fund=fund, benefit=claim.benefit, claimant_kind=claim.claimant_kind,
                                event_date=claim.event_date, filed_on=filed_on, cover_from=membership.starts_on,
                                cover_until=membership.ends_on, cause=claim.cause,
                                requested_amount=claim.requested_amount)
    answer = eligibility.evaluate(inputs)
    claim.inputs, claim.inputs_hash = inputs, eligibility.inputs_hash(inputs)
    claim.eligible, claim.decision = answer["eligible"], answer["reasons"]
    claim.amount = None if answer["amount"] is None else ledger.money(answer["amount"])
    claim.currency = answer["currency"]
    return ["inputs", "inputs_hash", "eligible", "decision", "amount", "currency"]


def _fund_of(claim: Claim):
    """The fund version a claim was assessed under: its frozen inputs name it (the membership's pinned version, read
    without loading the membership again); a claim never assessed falls back on the membership."""
    inputs = claim.inputs or {}
    if inputs.get("fund") and inputs.get("fund_version"):
        return fund_version(inputs["fund"], inputs["fund_version"])
    return fund_version(claim.membership.fund, claim.membership.fund_version)


def _validate(membership: Membership, benefit: str, claimant_kind: str, cause: str):
    fund = fund_version(membership.fund, membership.fund_version)
    spec = fund.benefit(benefit) if fund is not None else None
    if spec is None:
        raise UnknownBenefit(fields={"benefit": [str(UnknownBenefit.default_message)]})
    if claimant_kind not in ClaimantKind.values or claimant_kind not in spec.claimants:
        raise ClaimantNotAllowed(fields={"claimant_kind": [str(ClaimantNotAllowed.default_message)]})
    return fund, spec


def claim_file(*, acting_user, membership: Membership, benefit: str, claimant_kind: str, event_date: dt.date,
               claimant_name: str = "", claimant_relationship: str = "", cause: str = "", requested_amount=None,
               filed_on: dt.date | None = None) -> Claim:
    """File a claim. A worker files for their own membership (as the member or as next of kin); an attaché files for
    a member in the country of the post; a fund officer files at the counter."""
    require(acting_user, "welfare.claim_file")
    if acting_user is not None and not can_act_on_membership(acting_user, membership):
        raise NotFound()
    if acting_user is not None and acting_user.role == Role.CONSULAR_ATTACHE:
        claimant_kind = ClaimantKind.ATTACHE
    _validate(membership, benefit, claimant_kind, cause)
    requested = None if requested_amount in (None, "") else ledger.money(requested_amount)
    filed_on = filed_on or timezone.localdate()
    with transaction.atomic():
        claim = Claim(reference=_reference(filed_on), membership=membership, benefit=benefit, status=ClaimStatus.FILED,
                      claimant_kind=claimant_kind, claimant_name=(claimant_name or "").strip()[:200],
                      claimant_relationship=(claimant_relationship or "").strip()[:50], event_date=event_date,
                      cause=(cause or "")[:30], requested_amount=requested, filed_on=filed_on,
                      filed_by=acting_user if getattr(acting_user, "is_authenticated", False) else None)
        _assess(claim, membership, filed_on=filed_on)
        claim.save()
        lifecycle.event(CLAIM, claim, "file", acting_user=acting_user, to_status=claim.status,
                        detail={"benefit": benefit, "eligible": claim.eligible, "inputs_hash": claim.inputs_hash})
        # what claim_complete's transition publishes for a prompted claim (the statistics count claims filed on it)
        lifecycle.publish(CLAIM, claim, "file", acting_user=acting_user, from_status="", to_status=claim.status)
        audit.record(actor=acting_user, action="claim.file", target=claim, to_state=claim.status,
                     detail={"benefit": benefit, "claimant_kind": claimant_kind, "eligible": claim.eligible,
                             "amount": str(claim.amount) if claim.amount is not None else None})
    return claim


def claim_prompt(*, membership: Membership, benefit: str, event_date: dt.date, cause: str = "",
                 prompted_by: str = "", claimant_kind: str = ClaimantKind.NEXT_OF_KIN) -> Claim | None:
    """The fund opens a claim for the family when a death or an injury is recorded elsewhere (a case): it waits for
    the family (or an attaché) to file it with documents. Nothing is opened twice for the same prompt."""
    if prompted_by and Claim.objects.filter(membership=membership, prompted_by=prompted_by, benefit=benefit).exists():
        return None
    fund = fund_version(membership.fund, membership.fund_version)
    if fund is None or fund.benefit(benefit) is None:
        return None
    with transaction.atomic():
        claim = Claim.objects.create(reference=_reference(event_date), membership=membership, benefit=benefit,
                                     status=ClaimStatus.PROMPTED, claimant_kind=claimant_kind,
                                     event_date=event_date, cause=cause[:30], prompted_by=prompted_by[:60])
        lifecycle.event(CLAIM, claim, "prompt", to_status=claim.status, detail={"prompted_by": prompted_by})
        audit.record(actor=None, action="claim.prompt", target=claim, to_state=claim.status,
                     detail={"benefit": benefit, "prompted_by": prompted_by})
    return claim


def claim_complete(*, acting_user, claim: Claim, claimant_kind: str, claimant_name: str = "",
                   claimant_relationship: str = "", cause: str | None = None, requested_amount=None,
                   filed_on: dt.date | None = None) -> Claim:
    """File a claim the fund opened for the family: who claims, and the inputs are frozen now."""
    if acting_user is not None and acting_user.role == Role.CONSULAR_ATTACHE:
        claimant_kind = ClaimantKind.ATTACHE
    _validate(claim.membership, claim.benefit, claimant_kind, cause or claim.cause)
    requested = None if requested_amount in (None, "") else ledger.money(requested_amount)
    filed_on = filed_on or timezone.localdate()

    def changes(locked: Claim):
        locked.claimant_kind, locked.claimant_name = claimant_kind, (claimant_name or "").strip()[:200]
        locked.claimant_relationship = (claimant_relationship or "").strip()[:50]
        if cause is not None:
            locked.cause = cause[:30]
        locked.requested_amount, locked.filed_on = requested, filed_on
        locked.filed_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
        return ["claimant_kind", "claimant_name", "claimant_relationship", "cause", "requested_amount", "filed_on",
                "filed_by", *_assess(locked, locked.membership, filed_on=filed_on)]

    return lifecycle.transition(CLAIM, claim, "file", acting_user=acting_user, changes=changes)


def claim_document_add(*, acting_user, claim: Claim, name: str, data: bytes) -> ClaimDocument:
    require(acting_user, "welfare.claim_file")
    lifecycle.check_permission(CLAIM, "file", acting_user, claim)
    if claim.status in {ClaimStatus.PAID, ClaimStatus.WITHDRAWN}:
        raise CLAIM.not_allowed()
    stored = storage.save(name, data)
    with transaction.atomic():
        document = ClaimDocument.objects.create(claim=claim, name=(name or "document")[:200], storage_name=stored.storage_name,
                                                content_type=stored.content_type, size=stored.size, sha256=stored.sha256,
                                                uploaded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None)
        lifecycle.event(CLAIM, claim, "add_document", acting_user=acting_user, detail={"sha256": stored.sha256})
        audit.record(actor=acting_user, action="claim.add_document", target=claim,
                     detail={"document": document.pk, "sha256": stored.sha256, "size": stored.size})
    return document


def claim_recommend(*, acting_user, claim: Claim, reason: str = "") -> Claim:
    """An officer recommends paying an eligible claim (the answer on its frozen inputs)."""

    def check(locked: Claim):
        if not locked.eligible:
            raise NotEligible(fields={"claim": [eligibility.explain(r) for r in locked.decision if not r["passed"]]})

    def changes(locked: Claim):
        locked.recommended_by = acting_user
        return ["recommended_by"]

    return lifecycle.transition(CLAIM, claim, "recommend", acting_user=acting_user, reason=reason, check=check,
                                changes=changes, detail={"amount": str(claim.amount), "inputs_hash": claim.inputs_hash})


def claim_approve(*, acting_user, claim: Claim, reason: str = "") -> Claim:
    """Approve a recommended claim. Above the fund's threshold the approver must be another officer (four eyes)."""

    def check(locked: Claim):
        fund = _fund_of(locked)
        above = locked.amount is not None and locked.amount > fund.four_eyes_above
        if above and (acting_user is None or locked.recommended_by_id == acting_user.pk):
            raise FourEyes()

    def changes(locked: Claim):
        fund = _fund_of(locked)
        locked.approved_by = acting_user
        locked.four_eyes_waived = locked.amount is not None and locked.amount <= fund.four_eyes_above
        return ["approved_by", "four_eyes_waived"]

    return lifecycle.transition(CLAIM, claim, "approve", acting_user=acting_user, reason=reason, check=check,
                                changes=changes)


def claim_reject(*, acting_user, claim: Claim, reason: str) -> Claim:
    return lifecycle.transition(CLAIM, claim, "reject", acting_user=acting_user, reason=(reason or "").strip()
                                or _("Not eligible under the fund's rules."))


def claim_appeal(*, acting_user, claim: Claim, reason: str, cause: str | None = None, requested_amount=None) -> Claim:
    """The claimant (or an attaché) appeals a rejection, possibly with corrected facts: the inputs are frozen again."""
    requested = None if requested_amount in (None, "") else ledger.money(requested_amount)

    def changes(locked: Claim):
        if cause is not None:
            locked.cause = cause[:30]
        if requested is not None:
            locked.requested_amount = requested
        return ["cause", "requested_amount", *_assess(locked, locked.membership, filed_on=locked.filed_on or timezone.localdate())]

    return lifecycle.transition(CLAIM, claim, "appeal", acting_user=acting_user, reason=(reason or "").strip(),
                                changes=changes)


def claim_withdraw(*, acting_user, claim: Claim, reason: str = "") -> Claim:
    return lifecycle.transition(CLAIM, claim, "withdraw", acting_user=acting_user, reason=reason or "")


def claim_pay(*, acting_user, claim: Claim, paid_on: dt.date | None = None, reference: str = "") -> Claim:
    """Pay an approved claim: the posting (benefits expense, out of the bank) and the transition commit together, or
    neither does."""
    paid_on = paid_on or timezone.localdate()

    def changes(locked: Claim):
        locked.posting = ledger.post(fund=_fund_of(locked), kind=PostingKind.BENEFIT, posted_on=paid_on,
                                     acting_user=acting_user, description=f"Claim {locked.reference} ({locked.benefit})",
                                     reference=reference, membership_id=locked.membership_id,
                                     legs=[("benefits", locked.amount), ("bank", -locked.amount)],
                                     member_legs=("benefits",))
        return ["posting"]

    return lifecycle.transition(CLAIM, claim, "pay", acting_user=acting_user, changes=changes,
                                detail={"amount": str(claim.amount), "currency": claim.currency})
