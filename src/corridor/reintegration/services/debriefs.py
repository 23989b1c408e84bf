"""The return debrief: the worker's voluntary answers, in their language. What leaves this module is anonymous:
`reintegration.debrief_recorded` carries no person (the indicators and the registry count it), and a case is opened
only when the worker asks, through `reintegration.case_requested`, to which cases subscribes."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from corridor.accounts.choices import Role
from corridor.clearance import selectors as clearance_selectors
from corridor.core import audit, events
from corridor.core.errors import InvalidInput, NotFound
from corridor.core.lifecycle import require
from corridor.core.money import CENT, to_decimal
from corridor.registry import selectors as registry_selectors
from corridor.reintegration import errors
from corridor.reintegration.choices import DocumentsFate, PaidTo, WagesReceived, WouldUseAgain
from corridor.reintegration.models import Debrief, Return
from corridor.reintegration.scope import can_act_on_return
from corridor.reintegration.services._common import user_or_none


def _amount(value, currency: str, *, field: str, optional: bool = False) -> tuple[Decimal | None, str]:
    if value in (None, "") and optional:
        return None, ""
    try:
        amount = to_decimal(str(value))
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise errors.AmountInvalid(fields={field: [str(errors.AmountInvalid.default_message)]}) from exc
    currency = (currency or "").strip().upper()
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(CENT) or amount >= Decimal("1e13") \
            or (amount > 0 and (len(currency) != 3 or not currency.isalpha())):
        raise errors.AmountInvalid(fields={field: [str(errors.AmountInvalid.default_message)]})
    return amount.quantize(CENT), currency


def _contract_facts(record: Return) -> dict:
    """What the registered contract says: the agency's licence, the occupation and the monthly wage."""
    facts = {"agency_licence": "", "agency_name": "", "agency_id": None, "occupation": "", "wage": None, "currency": ""}
    clearance = clearance_selectors.public_status(reference=record.clearance_reference) if record.clearance_reference else None
    if clearance is None:
        return facts
    agency = registry_selectors.agency_for_organisation(clearance.agency)
    if agency is not None:
        licence = agency.current_licence
        facts.update(agency_licence=(licence.number or "") if licence else "", agency_name=agency.name, agency_id=agency.pk)
    job_order = clearance.contract.job_order
    if job_order is not None:
        facts["occupation"] = job_order.occupation_id or ""
        if job_order.wage_period == "month":
            facts.update(wage=job_order.wage_amount, currency=job_order.wage_currency_id)
    return facts


def debrief_give(*, acting_user, record: Return, paid_to: str, recruitment_cost, cost_currency: str = "",
                 wages: str, documents: str, would_use_again: str, agency_licence: str = "", sub_agent_name: str = "",
                 monthly_earnings=None, earnings_currency: str = "", case_consent: bool = False,
                 language: str = "") -> Debrief:
    """The worker gives the debrief of their return (voluntary; once)."""
    require(acting_user, "reintegration.debrief", system=False)
    user = user_or_none(acting_user)
    if user is None or user.role != Role.WORKER or not can_act_on_return(user, record):
        raise NotFound()
    problems = {}
    for name, value, choices in (("paid_to", paid_to, PaidTo), ("wages", wages, WagesReceived),
                                 ("documents", documents, DocumentsFate), ("would_use_again", would_use_again, WouldUseAgain)):
        if value not in choices.values:
            problems[name] = [_("Choose one of the answers.")]
    if problems:
        raise InvalidInput(fields=problems)
    cost, cost_currency = _amount(recruitment_cost or "0", cost_currency, field="recruitment_cost")
    earnings, earnings_currency = _amount(monthly_earnings, earnings_currency, field="monthly_earnings", optional=True)
    facts = _contract_facts(record)
    if earnings is None and facts["wage"] is not None:
        earnings, earnings_currency = facts["wage"], facts["currency"]
    licence = (agency_licence or "").strip()[:60] or facts["agency_licence"]
    with transaction.atomic():
        if Debrief.objects.filter(return_record=record).exists():
            raise errors.DebriefExists()
        debrief = Debrief.objects.create(
            return_record=record, language=(language or "")[:8], paid_to=paid_to, recruitment_cost=cost,
            cost_currency=cost_currency, agency_licence=licence, agency_name=facts["agency_name"][:200],
            agency_id_ref=facts["agency_id"], sub_agent_name=(sub_agent_name or "").strip()[:200], wages=wages,
            monthly_earnings=earnings, earnings_currency=earnings_currency or "", documents=documents,
            would_use_again=would_use_again, case_consent=bool(case_consent))
        audit.record(actor=acting_user, action="return.debrief", target=record,
                     detail={"case_consent": bool(case_consent)})  # the answers stay in the debrief row, not the trail
        worker = record.worker
        events.publish(
            "reintegration.debrief_recorded", reference=record.reference, origin=_origin(record),
            destination=record.destination, agency_licence=licence, recruitment_cost=str(cost),
            cost_currency=cost_currency, monthly_earnings=str(earnings) if earnings is not None else "",
            earnings_currency=earnings_currency or "", returned_on=record.returned_on.isoformat(),
            sex=(worker.sex if worker else "") or "", occupation=facts["occupation"])
        if case_consent:
            events.publish("reintegration.case_requested", reference=record.reference, user_id=user.pk,
                           nationality=_origin(record), country_where=record.destination,
                           grievances=_grievances(debrief), agency_name=facts["agency_name"] or licence,
                           agency_id=facts["agency_id"], sub_agent_name=debrief.sub_agent_name,
                           narrative=_narrative(debrief))
    return debrief


def _origin(record: Return) -> str:
    worker = record.worker
    return (worker.nationality_id if worker else "") or ""


def _grievances(debrief: Debrief) -> list[str]:
    found = []
    if debrief.recruitment_cost > 0 and debrief.paid_to != PaidTo.NOBODY:
        found.append("recruitment_fees")
    if debrief.wages in (WagesReceived.LESS, WagesReceived.NOT_PAID):
        found.append("unpaid_wages")
    if debrief.documents in (DocumentsFate.EMPLOYER, DocumentsFate.AGENCY):
        found.append("documents_taken")
    return found or ["other"]


def _narrative(debrief: Debrief) -> str:
    """The case's narrative, in the office's words: what the worker answered at the return debrief."""
    parts = [f"Return debrief {debrief.return_record.reference}."]
    if debrief.recruitment_cost > 0:
        parts.append(f"Paid {debrief.recruitment_cost} {debrief.cost_currency} to be recruited ({debrief.paid_to}).")
    parts.append(f"Wages: {debrief.wages}. Documents: {debrief.documents}.")
    return " ".join(parts)
