"""Demo welfare fund (origin node): members from the clearance demo (and one enrolled abroad), a pending death claim
opened by the fund when a case recorded a death, a claim waiting for the second officer, an approved repatriation,
and a loan being repaid. All fictional; exchange rates are demo figures."""

import datetime as dt

from django.utils import timezone

from corridor.cases.models import Case
from corridor.clearance.models import Clearance
from corridor.welfare import funds, services, subscribers
from corridor.welfare.models import Membership

DEMO_RATE = "58.00"  # pesos to the dollar, a demo figure only


def _verified(user):
    user.is_verified = lambda: True
    return user


def _contribution(fund, months: int) -> dict:
    due = fund.contribution_due(contract_months=months)
    payer = "employer" if fund.payer == "employer" else fund.payer
    rate = DEMO_RATE if fund.contribution_currency != fund.currency else None
    return {"payer": payer, "amount": due, "currency": fund.contribution_currency, "exchange_rate": rate,
            "rate_source": "demo rate" if rate else ""}


def load(ctx) -> None:
    fund = funds.fund_of_country(ctx.country)
    if fund is None or not {"fund", "attache"} <= set(ctx.users):
        return
    officer, attache = _verified(ctx.users["fund"]), _verified(ctx.users["attache"])
    today = timezone.localdate()
    members = []
    for index, clearance in enumerate(Clearance.objects.filter(status__in=["applied", "granted", "departed"])
                                      .select_related("worker").order_by("pk")):
        members.append(services.membership_start(
            acting_user=officer, worker=clearance.worker, contract_months=24, starts_on=clearance.departure_date,
            destination=clearance.destination_id, clearance_reference=clearance.reference, receipt=f"OR-DEMO-{index + 1:04d}",
            paid_on=today, **_contribution(fund, 24)))
    # A worker already abroad enrols through the attaché (the signed-in demo worker, if not a member yet).
    worker = ctx.workers[0] if ctx.workers else None
    if worker is not None and not Membership.objects.filter(worker=worker).exists():
        consulate = ctx.organisations.get("consulate")
        members.append(services.membership_start(
            acting_user=attache, worker=worker, contract_months=24, starts_on=today - dt.timedelta(days=200),
            destination=getattr(consulate, "post_country_id", "") or "SA", source="enrolment", receipt="OR-DEMO-ABROAD",
            paid_on=today - dt.timedelta(days=200), **_contribution(fund, 24)))
    if not members:
        return
    # The fund's bank statement for the contributions (reconciliation has something to match).
    services.bank_line_import(acting_user=officer, fund=fund, lines=[
        {"booked_on": c.paid_on, "amount": c.posting.legs.get(account__code="bank").amount, "reference": c.receipt}
        for m in members for c in m.contributions.exclude(posting=None)])
    # A case recorded a death: the fund opens the claim for the family (what `case.death_or_injury_recorded` does).
    case = Case.objects.order_by("pk").first()
    deceased = members[1] if len(members) > 1 else members[0]
    if case is not None:
        subscribers.on_death_or_injury(pk=case.pk, worker_id=deceased.worker_id, kind="death",
                                       on=max(deceased.starts_on, today - dt.timedelta(days=5)).isoformat())
    # A disability claim recommended by the fund officer, waiting for a second officer (four eyes).
    injured = members[-1]
    disability = fund.benefit("disability")
    if disability is not None:
        claim = services.claim_file(acting_user=officer, membership=injured, benefit="disability",
                                    claimant_kind="member", claimant_name=injured.worker.full_name,
                                    event_date=max(injured.starts_on, today - dt.timedelta(days=10)),
                                    cause="total_permanent" if disability.degrees or disability.degree_ranges else "",
                                    requested_amount=None if disability.degrees else next(
                                        (high for degree, _low, high in disability.degree_ranges
                                         if degree == "total_permanent"), disability.max_amount))
        if claim.eligible:
            services.claim_recommend(acting_user=officer, claim=claim, reason="Medical report received (demo).")
    # A distressed worker is brought home: requested by the attaché for a case, approved by the fund.
    repatriation = services.repatriation_request(
        acting_user=attache, membership=members[0], case_reference=case.reference if case else "",
        reason="The worker sheltered at the labour office after leaving an abusive employer (demo).")
    services.repatriation_approve(acting_user=officer, repatriation=repatriation, travel_on=today + dt.timedelta(days=7))
    # A livelihood loan on return, being repaid.
    loan = services.loan_grant(acting_user=officer, membership=members[0], principal="50000.00",
                               paid_on=today - dt.timedelta(days=90), reference="LOAN-DEMO-1")
    services.loan_repay(acting_user=officer, loan=loan, amount="5000.00", paid_on=today - dt.timedelta(days=30),
                        reference="REPAY-DEMO-1")
    ctx.extra["welfare_membership"] = members[0]
    ctx.accounts.append(("Welfare fund demo", "fund", f"{len(members)} member(s) of {fund.name}, a death claim opened "
                                                      "for a family, a claim waiting for a second officer, an approved "
                                                      "repatriation, a loan being repaid"))
