"""Remedies and liability: respondents, claims, recoveries and the chain that answers for a default."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.choices import OrganisationKind as K
from corridor.accounts.models import Organisation
from corridor.cases import registry_link
from corridor.cases.choices import (
    ClaimKind,
    LiabilityStatus,
    RespondentRole,
)
from corridor.cases.errors import (
    ClaimError,
)
from corridor.cases.models import (
    Case,
    Claim,
    Liability,
    Recovery,
    Respondent,
)
from corridor.cases.scope import can_decide
from corridor.cases.services._common import _event, _require
from corridor.core import audit, events
from corridor.core.errors import InvalidInput, NotFound
from corridor.core.models import Currency

RESPONDENT_ORG_KINDS = {
    RespondentRole.EMPLOYER: {K.EMPLOYER}, RespondentRole.PRINCIPAL_CONTRACTOR: {K.EMPLOYER},
    RespondentRole.AGENCY: {K.RECRUITMENT_AGENCY}, RespondentRole.SUB_AGENT: {K.RECRUITMENT_AGENCY},
    RespondentRole.OTHER: {K.EMPLOYER, K.RECRUITMENT_AGENCY},
}


# Who answers first for each kind of claim; a claim unpaid by one falls to the next.
CHAIN_ORDER: dict[str, tuple[str, ...]] = {
    ClaimKind.WAGES: ("employer", "principal_contractor", "agency", "sub_agent", "other"),
    ClaimKind.COMPENSATION: ("employer", "principal_contractor", "agency", "sub_agent", "other"),
    ClaimKind.FEES: ("agency", "sub_agent", "employer", "principal_contractor", "other"),
    ClaimKind.DOCUMENTS: ("employer", "agency", "sub_agent", "principal_contractor", "other"),
    ClaimKind.REPATRIATION: ("agency", "employer", "principal_contractor", "sub_agent", "other"),
    ClaimKind.OTHER: ("employer", "principal_contractor", "agency", "sub_agent", "other"),
}


def _respondent_create(case: Case, r: dict) -> Respondent:
    return Respondent.objects.create(
        case=case, role=r["role"], organisation=r.get("organisation"), name=(r.get("name") or "").strip()[:200],
        employer=r.get("employer"), agency=r.get("agency"), subagent=r.get("subagent"),
        added_from_registry=bool(r.get("from_registry")))


def _money(amount) -> Decimal:
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise ClaimError(fields={"amount": [_("Not an amount.")]}) from exc
    if not value.is_finite() or value < 0 or value >= Decimal("1e12"):
        raise ClaimError(fields={"amount": [_("Not an amount.")]})
    return value


def respondent_add(*, acting_user, case: Case, role: str, name: str = "", organisation: Organisation | None = None,
                   employer=None, agency=None, subagent=None) -> Respondent:
    """Add a party to the case (linked to the registry where it can be), with the parties the registry says answer too."""
    if not can_decide(acting_user, case):
        raise NotFound()
    if role not in RespondentRole.values or (not name.strip() and organisation is None and employer is None
                                               and agency is None and subagent is None):
        raise InvalidInput(fields={"name": [_("Each party needs a name.")]})
    if organisation is not None and organisation.kind not in RESPONDENT_ORG_KINDS[role]:
        raise InvalidInput(fields={"organisation": [_("This organisation cannot be a party in that role.")]})
    entry = registry_link.resolve({"role": role, "name": name, "organisation": organisation, "employer": employer,
                                   "agency": agency, "subagent": subagent})
    existing = [{"employer": r.employer, "agency": r.agency} for r in case.respondents.select_related("employer", "agency")]
    with transaction.atomic():
        respondent = _respondent_create(case, entry)
        for extra in registry_link.chain_extras([*existing, entry])[:2]:
            if (extra.get("employer") and case.respondents.filter(employer=extra["employer"]).exists()) or (
                    extra.get("agency") and case.respondents.filter(agency=extra["agency"]).exists()):
                continue
            _respondent_create(case, extra)
        _event(case, acting_user, "respondent_add", reason=str(respondent))
        audit.record(actor=acting_user, action="case.respondent_add", target=case,
                     detail={"respondent": respondent.pk, "role": role, "employer": respondent.employer_id,
                             "agency": respondent.agency_id, "subagent": respondent.subagent_id})
    return respondent


def chain_for(case: Case, kind: str) -> list[Respondent]:
    order = CHAIN_ORDER.get(kind, CHAIN_ORDER[ClaimKind.OTHER])
    parties = list(case.respondents.all())
    return sorted(parties, key=lambda r: (order.index(r.role) if r.role in order else len(order), r.pk))


def claim_add(*, acting_user, case: Case, kind: str, amount=None, currency: str = "", description: str = "",
              chain: list[Respondent] | None = None) -> Claim:
    """Record what is owed: money (Decimal + currency) or, for identity documents, the documents themselves.
    The chain of who answers for it defaults to the parties of the case in the order the law makes them answer."""
    if not can_decide(acting_user, case):
        raise NotFound()
    _require(acting_user, "case.remedy")
    if kind not in ClaimKind.values:
        raise ClaimError(fields={"kind": [_("Unknown choice.")]})
    if kind == ClaimKind.DOCUMENTS:
        value, currency_code = Decimal("0.00"), None
    else:
        value = _money(amount)
        currency_code = (currency or "").upper()
        if value <= 0:
            raise ClaimError(fields={"amount": [_("Not an amount.")]})
        if not Currency.objects.filter(code=currency_code).exists():
            raise ClaimError(fields={"currency": [_("Unknown currency.")]})
    return _claim_create(acting_user=acting_user, case=case, kind=kind, value=value, currency_code=currency_code,
                         description=description, chain=chain)


def _claim_create(*, acting_user, case: Case, kind: str, value: Decimal, currency_code: str | None, description: str,
                  chain: list[Respondent] | None) -> Claim:
    """The claim and its liability chain (the parties in the order the law makes them answer, `chain_for`)."""
    chain = chain if chain is not None else chain_for(case, kind)
    if not chain or any(r.case_id != case.pk for r in chain):
        raise ClaimError(fields={"chain": [_("A claim needs at least one party of this case to answer for it.")]})
    with transaction.atomic():
        claim = Claim.objects.create(case=case, kind=kind, amount=value, currency_id=currency_code,
                                     description=description.strip()[:300])
        Liability.objects.bulk_create([
            Liability(claim=claim, respondent=r, rank=i + 1,
                      status=LiabilityStatus.CURRENT if i == 0 else LiabilityStatus.LIABLE)
            for i, r in enumerate(chain)
        ])
        _event(case, acting_user, "claim_add", reason=f"{kind} {value} {currency_code or ''}".strip())
        events.publish("case.claim_added", pk=claim.pk)  # counted by indicators
        audit.record(actor=acting_user, action="case.claim_add", target=case,
                     detail={"claim": claim.pk, "kind": kind, "amount": str(value), "currency": currency_code,
                             "chain": [r.pk for r in chain]})
    return claim


def claim_recovered(claim: Claim) -> Decimal:
    return claim.recoveries.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


def recovery_record(*, acting_user, claim: Claim, amount=None, respondent: Respondent | None = None,
                    recovered_on: date | None = None, note: str = "") -> Recovery:
    """What was recovered for a claim and from whom: money (never more than is owed), or the documents returned."""
    case = claim.case
    if not can_decide(acting_user, case):
        raise NotFound()
    _require(acting_user, "case.remedy")
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if claim.settled_on is not None:
            raise ClaimError(fields={"claim": [_("This claim is settled.")]}, code="cases.claim_settled")
        if claim.kind == ClaimKind.DOCUMENTS:
            value = Decimal("0.00")
        else:
            value = _money(amount)
            outstanding = claim.amount - claim_recovered(claim)
            if value <= 0 or value > outstanding:
                raise ClaimError(fields={"amount": [_("More than what is still owed (%(owed)s).") % {"owed": outstanding}]})
        if respondent is not None and not claim.liabilities.filter(respondent=respondent).exists():
            raise ClaimError(fields={"respondent": [_("This party is not in the claim's chain.")]})
        return _recovery_add(acting_user, claim, value, respondent=respondent, day=recovered_on or timezone.now().date(),
                             note=note)


def _recovery_add(actor, claim: Claim, value: Decimal, *, respondent: Respondent | None, day: date, note: str = "",
                  automatic: bool = False) -> Recovery:
    """Record money (or documents) recovered for a locked claim: the claim is settled, and its chain discharged,
    once nothing is owed. The case's event, `case.recovery_recorded` (counted by indicators) and the audit entry."""
    recovery = Recovery.objects.create(claim=claim, respondent=respondent, amount=value, recovered_on=day,
                                       note=note[:300])
    if claim.kind == ClaimKind.DOCUMENTS or claim.amount - claim_recovered(claim) <= 0:
        claim.settled_on = day
        claim.save(update_fields=["settled_on"])
        claim.liabilities.filter(status=LiabilityStatus.CURRENT).update(status=LiabilityStatus.DISCHARGED)
    _event(claim.case, actor, "recovery", reason=f"{claim.kind} {value} {claim.currency_id or ''}".strip())
    events.publish("case.recovery_recorded", pk=recovery.pk)
    audit.record(actor=actor, action="case.recovery", target=claim.case,
                 detail={"claim": claim.pk, "amount": str(value), "respondent": respondent.pk if respondent else None,
                         **({"automatic": True, "note": note[:300]} if automatic else {})})
    return recovery


def claim_default(*, acting_user, claim: Claim, reason: str) -> Liability | None:
    """The party asked to pay did not: the claim falls to the next party in the chain. Returns the new one."""
    case = claim.case
    if not can_decide(acting_user, case):
        raise NotFound()
    _require(acting_user, "case.remedy")
    if not reason.strip():
        raise InvalidInput(fields={"reason": [_("Say what happened.")]})
    with transaction.atomic():
        current = claim.liabilities.select_for_update().filter(status=LiabilityStatus.CURRENT).first()
        if current is None:
            raise ClaimError(fields={"claim": [_("Nobody is being asked to pay this claim now.")]}, code="cases.claim_no_current_party")
        current.status = LiabilityStatus.DEFAULTED
        current.save(update_fields=["status"])
        nxt = claim.liabilities.filter(status=LiabilityStatus.LIABLE, rank__gt=current.rank).order_by("rank").first()
        if nxt is not None:
            nxt.status = LiabilityStatus.CURRENT
            nxt.save(update_fields=["status"])
        _event(case, acting_user, "claim_default", reason=reason)
        audit.record(actor=acting_user, action="case.claim_default", target=case,
                     detail={"claim": claim.pk, "defaulted": current.respondent_id, "next": nxt.respondent_id if nxt else None})
    return nxt
