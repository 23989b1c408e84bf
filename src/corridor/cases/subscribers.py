"""Cases' reactions to other apps' domain events (registered from CasesConfig.ready()). Referral's own subscriber
(`case.transitioned`) lives in cases/referral.py, beside the messages it sends."""

from decimal import Decimal

from django.utils.translation import gettext as _

from corridor.accounts.selectors import event_actor
from corridor.cases import services
from corridor.cases.choices import RespondentRole
from corridor.core import events


@events.subscriber("registry.case_outcome_applied")
def on_case_outcome_applied(*, record_id: int, watchlist_entry_id=None, sanction_id=None, **_payload) -> None:
    services.registry_record_link(record_id=record_id, watchlist_entry_id=watchlist_entry_id, sanction_id=sanction_id)


@events.subscriber("wages.arrears_alert")
def on_wages_arrears_alert(*, arrival_id=None, employer_id=None, total_arrears: str, currency: str, months_unpaid: int,
                           **_payload) -> None:
    """A worker's wage arrears crossed the threshold: open (or update) the worker's case with a wages claim. A line
    matched to no arrival names nobody the node knows; it stays on the wages pages."""
    if arrival_id is None:
        return
    services.case_for_wage_arrears(arrival_id=arrival_id, employer_id=employer_id, total_arrears=total_arrears,
                                   currency=currency, months_unpaid=months_unpaid)


@events.subscriber("wages.line_disputed")
def on_wages_line_disputed(*, arrival_id=None, employer_id=None, actor_id=None, period: str, owed=None, paid: str,
                           shortfall: str, currency: str, codes=(), note: str = "", **_payload) -> None:
    """A worker disputed a month's salary line: a case in the worker's name with the month's figures."""
    services.case_for_disputed_month(arrival_id=arrival_id, employer_id=employer_id, actor_id=actor_id, period=period,
                                     owed=owed, paid=paid, shortfall=shortfall, currency=currency, codes=list(codes),
                                     note=note)


@events.subscriber("wages.settlement_unpaid")
def on_wages_settlement_unpaid(*, arrival_id: int, employer_id=None, outstanding: str, currency: str, claimed=None,
                               **_payload) -> None:
    """A worker leaves with wages owed, or the final settlement is overdue: the worker's case holds the money owed,
    and records the right to stay to pursue the claim."""
    services.case_for_wage_arrears(arrival_id=arrival_id, employer_id=employer_id, total_arrears=outstanding,
                                   currency=currency, months_unpaid=0, right_to_stay=True, claimed=claimed)


@events.subscriber("wages.settlement_paid")
def on_wages_settlement_paid(*, arrival_id: int, employer_id=None, total: str, paid: str, outstanding: str,
                             claimed: str, currency: str, paid_on: str, **_payload) -> None:
    """The employer's payment of the final settlement: the worker's case claims the whole settlement (opened, with
    the right to stay, when something is still owed), and what was paid is recovered from the employer."""
    owed = Decimal(outstanding) > 0
    case = services.case_for_wage_arrears(arrival_id=arrival_id, employer_id=employer_id, total_arrears=total,
                                          currency=currency, months_unpaid=0, right_to_stay=owed, claimed=claimed,
                                          open_case=owed)
    if case is not None and Decimal(paid) > 0:
        services.wage_payment_apply(arrival_id=arrival_id, amount=paid, currency=currency, paid_on=paid_on,
                                    payer="employer", note=_("Final settlement paid by the employer."))


@events.subscriber("wages.fund_paid")
def on_wages_fund_paid(*, arrival_id=None, amount: str, currency: str, paid_on: str, fund_name: str, **_payload) -> None:
    """The destination's wage guarantee fund paid a worker's arrears: a recovery on the worker's wage claims."""
    if arrival_id is not None:
        services.wage_payment_apply(arrival_id=arrival_id, amount=amount, currency=currency, paid_on=paid_on,
                                    payer="fund", note=_("Paid by the wage guarantee fund: %(fund)s.") % {"fund": fund_name})


@events.subscriber("wages.arrears_defaulted")
def on_wages_arrears_defaulted(*, arrival_id: int, deadline: str, **_payload) -> None:
    """A worker's wage arrears were not paid by the deadline: the wages claims fall to the next party of the chain."""
    services.wage_claims_default(arrival_id=arrival_id, reason=_("Wage arrears not paid by %(deadline)s.")
                                 % {"deadline": deadline})


@events.subscriber("reintegration.case_requested")
def on_return_debrief_case(*, user_id: int, nationality: str, country_where: str, grievances=(), agency_name: str = "",
                           sub_agent_name: str = "", narrative: str = "", **_payload) -> None:
    """A returned worker asked, at the return debrief, for a case about their recruitment or employment: filed in the
    worker's own name (as if they had filed it), against the agency and sub-agent they named."""
    worker_user = event_actor(user_id)
    if worker_user is None:
        return
    respondents = [{"role": RespondentRole.AGENCY, "name": agency_name}] if agency_name else []
    if sub_agent_name:
        respondents.append({"role": RespondentRole.SUB_AGENT, "name": sub_agent_name})
    services.complaint_file(acting_user=worker_user, grievances=list(grievances) or ["other"],
                            respondents=respondents or [{"role": RespondentRole.OTHER, "name": "Not named at the debrief"}],
                            nationality=nationality, country_where=country_where or nationality, narrative=narrative)
