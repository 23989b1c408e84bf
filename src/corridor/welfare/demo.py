"""Demo welfare fund (origin node): members from the clearance demo (and one enrolled abroad), a pending death claim
opened by the fund when a case recorded a death, a claim waiting for the second officer, an approved repatriation,
and a loan being repaid. All fictional; exchange rates are demo figures."""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from corridor.accounts import services as accounts
from corridor.accounts.choices import Role
from corridor.cases.demo import SEASON
from corridor.cases.models import Case
from corridor.clearance.demo import GIVEN_F, GIVEN_M, SURNAMES, year_months
from corridor.clearance.models import Clearance
from corridor.welfare import funds, services, subscribers
from corridor.welfare.models import Membership
from corridor.welfare.services import history

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


# --- a year of the fund's past activity (for the statistics: docs/indicators.md, "The demo") --------------------------
# Claims a month (a mean: disability most, deaths fewer, each death with its burial claim) and repatriations of
# distressed workers a month, with the cases demo's seasonal factor. The rates are far above a real fund's (a few
# hundred demo members, not millions): they are what makes monthly figures clear the suppression threshold.
CLAIM_EVENTS_MEAN = 13
REPATRIATIONS_MEAN = 14
ONSITE_MEMBERS = 240  # workers already abroad who enrolled through the attaché before the year began
RELATIONSHIPS = ["spouse", "mother", "father", "sister", "brother", "daughter", "son"]
REPATRIATION_REASONS = ["Ran away from an abusive employer; sheltered at the labour office (demo).",
                        "Employer stopped paying wages; stranded without a ticket home (demo).",
                        "Medical: cannot work, employer refused the ticket (demo).",
                        "Contract terminated early; employer absconded (demo)."]


def _year_members(ctx, fund, today, rng, officer) -> list:
    """The year's past deployments (their clearances, backfilled by the clearance demo) and workers enrolled abroad."""
    contribution = _contribution(fund, 24)
    common = {"payer": contribution["payer"], "amount": contribution["amount"], "currency": contribution["currency"],
              "rate": Decimal(contribution["exchange_rate"]) if contribution["exchange_rate"] else None,
              "rate_source": contribution["rate_source"]}
    taken = set(Membership.objects.values_list("clearance_reference", flat=True))
    members = [history.PastMember(
        worker_id=c.worker_id, destination=c.destination_id, starts_on=c.departure_date, contract_months=24,
        paid_on=c.decided_at.date(), clearance_reference=c.reference, **common)
        for c in Clearance.objects.filter(status__in=["granted", "departed"], departure_date__lte=today)
        .exclude(reference__in=taken).order_by("pk")]
    consulate = ctx.organisations.get("consulate")
    abroad = getattr(consulate, "post_country_id", "") or "SA"
    for n in range(ONSITE_MEMBERS):
        female = rng.random() < 0.75
        worker = accounts.worker_create(
            acting_user=None, full_name=f"{rng.choice(GIVEN_F if female else GIVEN_M)} {rng.choice(SURNAMES)} "
                                        f"{rng.choice(SURNAMES)}", nationality=ctx.country, sex="F" if female else "M",
            current_country=abroad if n % 3 else "AE", recorded_by=officer.organisation)
        start = today - dt.timedelta(days=rng.randint(380, 700))
        members.append(history.PastMember(
            worker_id=worker.pk, destination=abroad if n % 3 else "AE", starts_on=start, contract_months=24,
            paid_on=start, source="enrolment", **common))
    return members


def year_plan(*, members: list, today: dt.date, seed: int = 2026) -> tuple[list, list]:
    """The year's claims and repatriations on `members` (deterministic for a seed), as `welfare_backfill` takes them."""
    rng = random.Random(f"{seed}-welfare")
    claims, repatriations = [], []

    def covered(day):
        return [i for i, m in enumerate(members) if m.starts_on <= day - dt.timedelta(days=7)
                and day < m.starts_on + dt.timedelta(days=730)]

    def steps(filed, reject=False):
        out, day = [], filed
        for action, low, high in ((("reject", 8, 20),) if reject else
                                  (("recommend", 4, 15), ("approve", 1, 5), ("pay", 3, 10))):
            day += dt.timedelta(days=rng.randint(low, high))
            if day > today:
                break
            out.append((action, day))
        if [a for a, _d in out] == ["recommend"]:  # recommended and approved together (the demo's waiting claim
            out = []  # for a second officer is the current one); a recent claim is still with the officer
        return tuple(out)

    for month in year_months(today):
        for _i in range(max(0, round(rng.gauss(CLAIM_EVENTS_MEAN * SEASON[month.month], 2)))):
            event = month + dt.timedelta(days=rng.randint(0, 20))
            filed = event + dt.timedelta(days=rng.randint(3, 9))
            pool = covered(event)
            if not pool or filed > today:
                continue
            member = rng.choice(pool)
            if rng.random() < 0.75:
                total = rng.random() < 0.15
                claims.append(history.PastClaim(
                    member=member, benefit="disability", claimant_kind="member" if rng.random() < 0.6 else "attache",
                    event_date=event, filed_on=filed, cause="total_permanent" if total else "partial",
                    requested_amount=Decimal(rng.randint(100, 200) * 500 if total else rng.randint(5, 50) * 500),
                    steps=steps(filed, reject=rng.random() < 0.1),
                    reason="The medical report does not support the degree claimed (demo)."))
            else:
                kin = {"claimant_kind": "next_of_kin", "claimant_name": f"{rng.choice(GIVEN_F)} {rng.choice(SURNAMES)}",
                       "claimant_relationship": rng.choice(RELATIONSHIPS)}
                benefit = "death_natural" if rng.random() < 0.7 else "death_accidental"
                for code in (benefit, "burial"):
                    claims.append(history.PastClaim(member=member, benefit=code, event_date=event, filed_on=filed,
                                                    steps=steps(filed), **kin))
        for _i in range(max(0, round(rng.gauss(REPATRIATIONS_MEAN * SEASON[month.month], 2)))):
            requested = month + dt.timedelta(days=rng.randint(0, 18))
            approved = requested + dt.timedelta(days=rng.randint(1, 4))
            paid = approved + dt.timedelta(days=rng.randint(1, 4))
            returned = paid + dt.timedelta(days=rng.randint(2, 6))
            pool = covered(requested)
            if not pool or returned > today:
                continue
            repatriations.append(history.PastRepatriation(
                member=rng.choice(pool), reason=rng.choice(REPATRIATION_REASONS), requested_on=requested,
                approved_on=approved, paid_on=paid, returned_on=returned,
                cost=Decimal(rng.randint(25, 48) * 1000), currency="PHP"))
    return claims, repatriations


def load_year(ctx) -> None:
    """A year of the fund's past members, claims and repatriations, written in bulk by `welfare_backfill` with their
    real dates; the statistics count them at the indicators' rebuild. Called by the indicators' demo (after the
    clearance demo's year, whose workers become members)."""
    fund = funds.fund_of_country(ctx.country)
    if fund is None or not {"fund", "attache"} <= set(ctx.users):
        return
    officer = ctx.users["fund"]
    approver = accounts.user_create(acting_user=None, username="fund-approver", password=ctx.password,
                                    role=Role.FUND_OFFICER, organisation=officer.organisation, first_name="Celia",
                                    last_name="Bautista")
    today = timezone.localdate()
    rng = random.Random("2026-welfare-members")
    members = _year_members(ctx, fund, today, rng, officer)
    claims, repatriations = year_plan(members=members, today=today)
    counts = history.welfare_backfill(acting_user=None, fund_id=fund.id, officer=officer, approver=approver,
                                      members=members, claims=claims, repatriations=repatriations)
    ctx.accounts.append(("Welfare fund demo (a year)", "fund",
                         f"{counts['members']} past members, {counts['claims']} claims and {counts['repatriations']} "
                         f"repatriations of the last twelve months (for the statistics at /statistics/); past "
                         f"approvals above the four-eyes threshold by `fund-approver`"))
