"""Cases opened from the wages app's findings: a worker's wage arrears (and, later, money owed at departure)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from corridor.accounts.selectors import event_actor
from corridor.cases.choices import ClaimKind, GrievanceType, RespondentRole
from corridor.cases.models import Case, WageArrearsCase
from corridor.cases.services._common import OPEN_STATUSES, _event
from corridor.cases.services.intake import complaint_file
from corridor.cases.services.remedies import _claim_create, _money
from corridor.clearance import selectors as clearance_selectors
from corridor.core import audit, node
from corridor.registry import selectors as registry_selectors


def case_for_wage_arrears(*, arrival_id: int, employer_id: int | None, total_arrears: str, currency: str,
                          months_unpaid: int, right_to_stay: bool = False) -> Case | None:
    """Open (or bring up to date) the case of an arriving worker whose employer owes wages: the employer (and the
    parties the registry says answer with it) as respondents, and a wages claim for the arrears not yet claimed, on
    the liability chain of `chain_for`. Filed in the name of the officer who recorded the arrival; the worker's
    identity stays on this node (no referral, no identity shared with the other party, until the worker consents)."""
    arrival = clearance_selectors.arrival_by_id(arrival_id)
    if arrival is None:
        return None
    officer = event_actor(arrival.recorded_by_id)
    clearance = arrival.clearance
    employer = registry_selectors.employer_by_id(employer_id) if employer_id else None
    total = _money(total_arrears)
    with transaction.atomic():
        link = WageArrearsCase.objects.select_for_update().filter(arrival_id=arrival_id).select_related("case").first()
        if link is None or link.case.status not in OPEN_STATUSES:
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
                link = WageArrearsCase.objects.create(case=filed.case, arrival_id=arrival_id, right_to_stay=right_to_stay)
            else:
                link.case, link.claimed = filed.case, Decimal("0")
        case = link.case
        increase = total - link.claimed
        if increase > 0:
            _claim_create(acting_user=officer, case=case, kind=ClaimKind.WAGES, value=increase,
                          currency_code=(currency or "").upper() or None,
                          description=_("Wage arrears: %(months)d month(s) short or unpaid") % {"months": months_unpaid},
                          chain=None)
            link.claimed = total
        if right_to_stay and not link.right_to_stay:
            link.right_to_stay = True
            _event(case, officer, "right_to_stay", reason=_("The worker may stay to pursue the wage claim."))
        link.save()
        audit.record(actor=officer, action="case.wage_arrears", target=case,
                     detail={"arrival": arrival_id, "total": str(total), "currency": currency, "months": months_unpaid,
                             "right_to_stay": link.right_to_stay})
    return case


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
