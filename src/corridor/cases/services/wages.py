"""Cases opened from the wages app's findings: a worker's wage arrears (and, later, money owed at departure)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from corridor.accounts.selectors import event_actor
from corridor.cases.choices import ClaimKind, GrievanceType, LiabilityStatus, RespondentRole
from corridor.cases.models import Case, Claim, Liability, WageArrearsCase
from corridor.cases.services._common import OPEN_STATUSES, _event
from corridor.cases.services.intake import complaint_file
from corridor.cases.services.remedies import _claim_create, _money, _recovery_add, claim_recovered
from corridor.clearance import selectors as clearance_selectors
from corridor.core import audit, node, notifications
from corridor.registry import selectors as registry_selectors


def case_for_wage_arrears(*, arrival_id: int, employer_id: int | None, total_arrears: str, currency: str,
                          months_unpaid: int, right_to_stay: bool = False, claimed: str | None = None,
                          open_case: bool = True) -> Case | None:
    """Open (or bring up to date) the case of an arriving worker whose employer owes wages: the employer (and the
    parties the registry says answer with it) as respondents, and a wages claim for the arrears not yet claimed, on
    the liability chain of `chain_for`. Filed in the name of the officer who recorded the arrival; the worker's
    identity stays on this node (no referral, no identity shared with the other party, until the worker consents).

    `total_arrears` is what the worker is owed now; `claimed` (default the same) is that sum with what was already
    paid of it added back (a wage guarantee fund's payments), the figure an open case's claims are compared with,
    since those payments are recoveries on its claims (`wage_payment_apply`). A new case claims `total_arrears`;
    `open_case` false: only a case already open is brought up to date."""
    arrival = clearance_selectors.arrival_by_id(arrival_id)
    if arrival is None:
        return None
    officer = event_actor(arrival.recorded_by_id)
    clearance = arrival.clearance
    employer = registry_selectors.employer_by_id(employer_id) if employer_id else None
    total = _money(total_arrears)
    gross = _money(claimed) if claimed is not None else total
    with transaction.atomic():
        link = WageArrearsCase.objects.select_for_update().filter(arrival_id=arrival_id).select_related("case").first()
        if link is None or link.case.status not in OPEN_STATUSES:
            if total <= 0 or not open_case:
                return None
            filed = complaint_file(
                acting_user=officer, grievances=[GrievanceType.UNPAID_WAGES],
                respondents=[{"role": RespondentRole.EMPLOYER, "name": employer.name if employer else clearance.employer_name,
                              "employer": employer}],
                nationality=clearance.nationality, country_where=node.identity().country,
                narrative=_("Wage arrears found by the reconciliation of salary files against the registered contract "
                            "%(contract)s: %(total)s %(currency)s over %(months)d month(s).")
                % {"contract": clearance.contract_reference, "total": total, "currency": currency, "months": months_unpaid},
                complainant={"full_name": clearance.worker_name})
            if link is None:
                link = WageArrearsCase(case=filed.case, arrival_id=arrival_id, right_to_stay=right_to_stay)
            link.case, link.claimed = filed.case, gross - total  # what was paid before this case is not claimed
        case = link.case
        increase = gross - link.claimed
        if increase > 0:
            _claim_create(acting_user=officer, case=case, kind=ClaimKind.WAGES, value=increase,
                          currency_code=(currency or "").upper() or None,
                          description=(_("Wage arrears: %(months)d month(s) short or unpaid") % {"months": months_unpaid}
                                       if months_unpaid else _("Final settlement owed at the end of employment")),
                          chain=None)
            link.claimed = gross
        if right_to_stay and not link.right_to_stay:
            link.right_to_stay = True
            _event(case, officer, "right_to_stay", reason=_("The worker may stay to pursue the wage claim."))
        link.save()
        audit.record(actor=officer, action="case.wage_arrears", target=case,
                     detail={"arrival": arrival_id, "total": str(total), "currency": currency, "months": months_unpaid,
                             "right_to_stay": link.right_to_stay})
    return case


def wage_payment_apply(*, arrival_id: int, amount: str, currency: str, paid_on: str, payer: str, note: str) -> list:
    """Money the wages app saw paid toward what the worker's open wage-arrears case claims (a wage guarantee fund's
    payment, the employer's payment of the final settlement): recorded as recoveries on the case's open wages claims
    in that currency, oldest first, never more than each still owes, from the employer respondent when `payer` is
    "employer" (a fund is no party to the case). In the name of the officer who recorded the arrival."""
    link = WageArrearsCase.objects.filter(arrival_id=arrival_id).select_related("case").first()
    if link is None or link.case.status not in OPEN_STATUSES:
        return []
    arrival = clearance_selectors.arrival_by_id(arrival_id)
    officer = event_actor(arrival.recorded_by_id) if arrival is not None else None
    left, day, made = _money(amount), dt.date.fromisoformat(paid_on), []
    with transaction.atomic():
        claims = (Claim.objects.select_for_update().filter(case=link.case, kind=ClaimKind.WAGES, settled_on__isnull=True,
                                                           currency_id=(currency or "").upper() or None).order_by("id"))
        for claim in claims:
            take = min(left, claim.amount - claim_recovered(claim))
            if take <= 0:
                continue
            respondent = (claim.liabilities.filter(respondent__role=RespondentRole.EMPLOYER).order_by("rank").first()
                          if payer == "employer" else None)
            made.append(_recovery_add(officer, claim, take, respondent=respondent.respondent if respondent else None,
                                      day=day, note=note, automatic=True))
            left -= take
            if left <= 0:
                break
    return made


def case_for_disputed_month(*, arrival_id: int | None, employer_id: int | None, actor_id: int | None, period: str,
                            owed: str | None, paid: str, shortfall: str, currency: str, codes: list[str],
                            note: str = "") -> Case | None:
    """The worker disputed a month's salary line: a case filed in the worker's own name with the figures."""
    arrival = clearance_selectors.arrival_by_id(arrival_id) if arrival_id else None
    worker_user = event_actor(actor_id)
    if arrival is None or worker_user is None:
        return None
    clearance = arrival.clearance
    employer = registry_selectors.employer_by_id(employer_id) if employer_id else None
    figures = _("Salary month %(period)s: owed under the registered contract %(owed)s, paid %(paid)s, shortfall "
                "%(shortfall)s %(currency)s; findings: %(codes)s.") % {
        "period": period, "owed": owed or "-", "paid": paid, "shortfall": shortfall, "currency": currency,
        "codes": ", ".join(codes) or "-"}
    filed = complaint_file(
        acting_user=worker_user, grievances=[GrievanceType.UNPAID_WAGES],
        respondents=[{"role": RespondentRole.EMPLOYER, "name": employer.name if employer else clearance.employer_name,
                      "employer": employer}],
        nationality=clearance.nationality, country_where=node.identity().country,
        narrative=f"{figures}\n\n{note}".strip())
    return filed.case


NEXT_PARTY_MESSAGE = gettext_noop("Case %(reference)s: wage arrears of %(amount)s %(currency)s were not paid by the "
                                  "party before you in the chain of liability; you are now asked to pay them.")


def wage_claims_default(*, arrival_id: int, reason: str) -> list[Liability]:
    """The wages app found a worker's arrears unpaid by the deadline: on every open wages claim of the worker's
    wage-arrears case, the party asked to pay defaults and the claim falls to the next party of its chain, who is
    told (its organisation on this node, where it has one). In the name of the officer who recorded the arrival."""
    link = WageArrearsCase.objects.filter(arrival_id=arrival_id).select_related("case").first()
    if link is None or link.case.status not in OPEN_STATUSES:
        return []
    arrival = clearance_selectors.arrival_by_id(arrival_id)
    officer = event_actor(arrival.recorded_by_id) if arrival is not None else None
    case, moved = link.case, []
    with transaction.atomic():
        for claim in case.claims.filter(kind=ClaimKind.WAGES, settled_on__isnull=True).order_by("id"):
            current = claim.liabilities.select_for_update().filter(status=LiabilityStatus.CURRENT).first()
            if current is None:
                continue
            current.status = LiabilityStatus.DEFAULTED
            current.save(update_fields=["status"])
            nxt = (claim.liabilities.select_related("respondent__organisation", "respondent__employer__organisation",
                                                    "respondent__agency__organisation")
                   .filter(status=LiabilityStatus.LIABLE, rank__gt=current.rank).order_by("rank").first())
            if nxt is not None:
                nxt.status = LiabilityStatus.CURRENT
                nxt.save(update_fields=["status"])
                moved.append(nxt)
                party = nxt.respondent
                organisation = party.organisation or getattr(party.employer, "organisation", None) or getattr(
                    party.agency, "organisation", None)
                if organisation is not None:
                    notifications.notification_send(
                        kind="cases.liability_next", message=NEXT_PARTY_MESSAGE, organisation=organisation,
                        about=f"claim:{claim.pk}", params={"reference": case.reference, "amount": str(claim.amount),
                                                           "currency": claim.currency_id or ""})
            _event(case, officer, "claim_default", reason=reason)
            audit.record(actor=officer, action="case.claim_default", target=case,
                         detail={"claim": claim.pk, "defaulted": current.respondent_id,
                                 "next": nxt.respondent_id if nxt else None, "automatic": True})
    return moved
