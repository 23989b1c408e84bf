"""Demo reintegration (origin node): a catalogue of services, returned workers with plans, referrals, follow-ups (one
done, one overdue) and a skills certificate; a hometown association with an approved project (pledges received, a
first tranche paid) and another association's rejected proposal. All fictional."""

import datetime as dt
import random

from django.utils import timezone

from corridor.clearance.demo import GIVEN_F, GIVEN_M, SURNAMES
from corridor.clearance.models import Clearance
from corridor.reintegration import services
from corridor.reintegration.choices import FOLLOW_UP_MONTHS
from corridor.reintegration.models import FollowUp, Service
from corridor.reintegration.services import history

CURRENCIES = {"PH": "PHP", "NP": "NPR", "LK": "LKR", "MX": "MXN", "BD": "BDT", "ID": "IDR"}
CATALOGUE = [
    ("Public Employment Service Office (demo)", "Batangas", [
        ("jobs", "Job matching at home", "Vacancies matched to the skills a worker brings back."),
        ("skills", "Skills assessment and certification", "Assessment against ISCO-08 occupations; a signed certificate."),
        ("training", "Technical-vocational training", "Short courses, free for returning workers.")]),
    ("Migrant Care Centre (demo)", "Metro Manila", [
        ("psychosocial", "Counselling after return", "Individual and family counselling."),
        ("legal", "Help with claims still open abroad", "Unpaid wages and settlements pursued through the attaché.")]),
    ("Overseas Workers Welfare Fund (demo)", "Metro Manila", [
        ("business", "Starting a small business", "Business plan coaching for returning workers and their families."),
        ("loan", "Livelihood loan", "A loan from the welfare fund, on the fund's own terms.")]),
]


def _verified(user):
    user.is_verified = lambda: True
    return user


def load(ctx) -> None:
    if not {"officer", "caseworker", "fund", "attache"} <= set(ctx.users) or not ctx.workers:
        return
    officer, caseworker = _verified(ctx.users["officer"]), _verified(ctx.users["caseworker"])
    fund, attache = _verified(ctx.users["fund"]), _verified(ctx.users["attache"])
    today = timezone.localdate()
    catalogue = {}
    for provider_name, region, offered in CATALOGUE:
        provider = services.provider_register(acting_user=officer, name=provider_name, region=region)
        for kind, name, description in offered:
            catalogue[kind] = services.service_add(acting_user=officer, provider=provider, kind=kind, name=name,
                                                   description=description)
    destination = getattr(ctx.organisations.get("consulate"), "post_country_id", "") or "SA"

    # Came home seven months ago; a plan with the caseworker: a job (3-month follow-up done, 6-month one overdue).
    earlier = ctx.workers[1] if len(ctx.workers) > 1 else ctx.workers[0]
    first = services.return_record(acting_user=officer, returned_on=today - dt.timedelta(days=220), cause="end_of_contract",
                                   source="officer", worker=earlier, worker_name=earlier.full_name, destination=destination,
                                   note="Came home at the end of a two-year contract (demo).")
    plan = services.plan_create(acting_user=caseworker, record=first, goals="Work as a driver at home; training first.")
    jobs = services.referral_make(acting_user=caseworker, plan=plan, service=catalogue["jobs"],
                                  referred_on=today - dt.timedelta(days=200))
    services.referral_make(acting_user=caseworker, plan=plan, service=catalogue["training"],
                           referred_on=today - dt.timedelta(days=200))
    services.follow_up_record(acting_user=caseworker, follow_up=FollowUp.objects.get(referral=jobs, months=3),
                              outcome="in_training", note="Driving course started (demo).",
                              done_on=today - dt.timedelta(days=105))

    # Came home on the departed clearance: skills recognised with a certificate.
    departed = (Clearance.objects.filter(status="departed", destination_id=destination)  # where the attaché is posted
                .select_related("worker").order_by("pk").first())
    if departed is not None:
        second = services.return_record(acting_user=attache, returned_on=today, cause="exit", source="attache",
                                        clearance_reference=departed.reference,
                                        note="Left the employer after months of late wages (demo).")
        plan = services.plan_create(acting_user=caseworker, record=second, goals="Skills recognised; a job as a cook.")
        skills = services.referral_make(acting_user=caseworker, plan=plan, service=catalogue["skills"])
        services.referral_make(acting_user=caseworker, plan=plan, service=catalogue["legal"])
        services.certificate_issue(acting_user=officer, referral=skills, isco_code="5120", level="Experienced cook")

    # The signed-in demo worker came home ten days ago: no plan yet, the debrief still to give.
    worker = ctx.workers[0]
    services.return_record(acting_user=officer, returned_on=today - dt.timedelta(days=10), cause="end_of_contract",
                           source="officer", worker=worker, worker_name=worker.full_name, destination=destination)
    ctx.extra["reintegration_return"] = first

    _matching(ctx, officer, fund, today)
    ctx.accounts.append(("Reintegration demo", "caseworker", "returned workers with plans, referrals, an overdue "
                                                            "follow-up and a skills certificate; matching-fund projects"))


def _matching(ctx, officer, fund, today) -> None:
    currency = CURRENCIES.get(ctx.country, "USD")
    members = [{"full_name": name, "lives_in": "SA", "is_representative": index == 0} for index, name in enumerate(
        ["Rodel Macaraeg", "Liza Panganiban", "Ernesto Dimaculangan", "Marites Katigbak", "Jonathan Mendoza",
         "Aileen Recto", "Noel Hernandez", "Cristina Magpantay", "Danilo Pasia", "Rowena Gutierrez", "Arnel Lat"])]
    hometown = services.association_register(acting_user=officer, name="Samahang Lipeño sa Riyadh (demo)",
                                             hometown="Lipa City", region="Batangas", based_in="SA",
                                             contact="samahang-lipeno@example.org", members=members)
    proposal = services.proposal_submit(
        acting_user=officer, association=hometown, title="Clean water for Barangay Malagonlong (demo)", kind="infrastructure",
        municipality="Lipa City", migrant_amount="250000.00", currency=currency,
        description="A covered water tank and 2 km of pipes bringing clean water to 300 households; the barangay "
                    "council keeps it up from a small monthly fee per household (demo).")
    proposal = services.proposal_check(acting_user=officer, proposal=proposal)
    proposal = services.proposal_score(acting_user=officer, proposal=proposal,
                                       scores={"benefit": 26, "poverty": 20, "jobs": 8, "sustainability": 12, "community": 8})
    proposal = services.proposal_approve(
        acting_user=officer, proposal=proposal, pledged_on=today - dt.timedelta(days=60),
        reason="74 of 100 points: clean water for 300 households, upkeep paid by the barangay (demo).",
        tranches=[("Tank built and inspected", "400000.00"), ("Pipes laid to every purok", "400000.00"),
                  ("Water flowing, handed over to the barangay", "200000.00")])
    for pledge in proposal.pledges.all():
        services.pledge_receive(acting_user=fund, pledge=pledge, received_on=today - dt.timedelta(days=45),
                                reference=f"DEMO-{pledge.level.upper()}")
    services.tranche_disburse(acting_user=fund, tranche=proposal.tranches.get(sequence=1),
                              evidence="Municipal engineer's inspection report and photos (demo).",
                              disbursed_on=today - dt.timedelta(days=20))

    other = services.association_register(
        acting_user=officer, name="Ilonggo Workers in Dubai (demo)", hometown="Iloilo City", region="Iloilo", based_in="AE",
        members=[{"full_name": f"Member {i + 1} (demo)", "lives_in": "AE", "is_representative": i == 0} for i in range(10)])
    rejected = services.proposal_submit(
        acting_user=officer, association=other, title="Town plaza fountain (demo)", kind="community",
        municipality="Iloilo City", migrant_amount="150000.00", currency=currency,
        description="A decorative fountain for the town plaza, kept up by the municipality's own maintenance crew (demo).")
    rejected = services.proposal_check(acting_user=officer, proposal=rejected)
    rejected = services.proposal_score(acting_user=officer, proposal=rejected,
                                       scores={"benefit": 8, "poverty": 5, "jobs": 2, "sustainability": 6, "community": 5})
    services.proposal_reject(acting_user=officer, proposal=rejected,
                             reason="26 of 100 points, below the pass mark of 60: little benefit for the need (demo).")
    ctx.extra["reintegration_project"] = proposal
    ctx.extra["reintegration_association"] = hometown


# --- a year of follow-ups, for the statistics -------------------------------------------------------------------

# The demo's fiction (no survey's figures): what caseworkers record at each follow-up of a referral, by the kind of
# service, at 3, 6 and 12 months, as weights over the outcomes. Jobs and businesses take time; training ends in a
# certificate or a job; some workers cannot be reached or stop coming.
YEAR_OUTCOMES = {
    "jobs": {3: {"helped": 4, "employed": 3, "no_change": 3, "not_reached": 1},
             6: {"employed": 5, "helped": 2, "no_change": 2, "not_reached": 1, "dropped": 1},
             12: {"employed": 6, "self_employed": 1, "no_change": 2, "not_reached": 1, "dropped": 1}},
    "training": {3: {"in_training": 7, "dropped": 1, "not_reached": 1},
                 6: {"certified": 4, "in_training": 2, "employed": 2, "dropped": 1},
                 12: {"employed": 5, "certified": 2, "self_employed": 1, "no_change": 1, "not_reached": 1}},
    "skills": {3: {"certified": 6, "helped": 2, "no_change": 1}, 6: {"employed": 4, "certified": 3, "no_change": 2},
               12: {"employed": 5, "self_employed": 1, "no_change": 2, "not_reached": 1}},
    "business": {3: {"helped": 6, "no_change": 2, "dropped": 1}, 6: {"self_employed": 4, "helped": 3, "no_change": 2},
                 12: {"self_employed": 6, "no_change": 2, "dropped": 1, "not_reached": 1}},
    "loan": {3: {"helped": 5, "self_employed": 3, "no_change": 1}, 6: {"self_employed": 5, "helped": 2, "dropped": 1},
             12: {"self_employed": 6, "no_change": 2, "not_reached": 1}},
    "psychosocial": {3: {"helped": 7, "no_change": 2, "dropped": 1}, 6: {"helped": 6, "no_change": 2, "dropped": 1},
                     12: {"helped": 5, "employed": 2, "no_change": 1, "not_reached": 1}},
    "legal": {3: {"helped": 6, "no_change": 3}, 6: {"helped": 5, "no_change": 3, "dropped": 1},
              12: {"helped": 4, "no_change": 3, "not_reached": 2}},
}
YEAR_GOALS = ["A job at home in the trade learnt abroad.", "Start a small shop with the family.",
              "Skills recognised, then a better-paid job.", "Recover the wages still owed abroad, then find work.",
              "Training as an electrician.", "A sari-sari store and a loan to stock it."]
YEAR_DESTINATIONS = {"SA": 20, "AE": 12, "QA": 5}  # returns a month (a mean)


def year_plan(today: dt.date, services_by_kind: dict[str, int], seed: int = 2026) -> list[history.PastReturn]:
    """Returns of the last fifteen months (deterministic for a seed), so that their follow-ups fall in the last twelve:
    each referred to one or two services soon after; a follow-up due in the last three weeks, or later, is open."""
    rng = random.Random(seed)
    kinds = [k for k in YEAR_OUTCOMES if k in services_by_kind]
    plan = []
    for month in range(15, 1, -1):
        first = (today.replace(day=1) - dt.timedelta(days=30 * month)).replace(day=1)
        for destination, mean in YEAR_DESTINATIONS.items():
            for _i in range(max(0, round(rng.gauss(mean, mean / 5)))):
                returned = first + dt.timedelta(days=rng.randint(0, 27))
                planned = returned + dt.timedelta(days=rng.randint(3, 20))
                referrals = []
                for kind in rng.sample(kinds, k=1 if rng.random() < 0.6 else 2):
                    referred = planned + dt.timedelta(days=rng.randint(0, 10))
                    done = {}
                    for months in FOLLOW_UP_MONTHS:
                        on = services.add_months(referred, months) + dt.timedelta(days=rng.randint(-5, 12))
                        if on > today - dt.timedelta(days=21):
                            break
                        weights = YEAR_OUTCOMES[kind][months]
                        dropped = any(o == "dropped" for o, _on in done.values())  # recorded again at each one
                        outcome = "dropped" if dropped else rng.choices(list(weights), weights=list(weights.values()))[0]
                        done[months] = (outcome, on)
                    referrals.append(history.PastReferral(service_id=services_by_kind[kind], referred_on=referred,
                                                          done=done))
                sex_names = GIVEN_F if rng.random() < 0.7 else GIVEN_M
                plan.append(history.PastReturn(
                    worker_name=f"{rng.choice(sex_names)} {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}",
                    destination=destination, returned_on=returned, planned_on=planned,
                    cause="end_of_contract" if rng.random() < 0.8 else "exit", goals=rng.choice(YEAR_GOALS),
                    referrals=tuple(referrals)))
    return plan


def load_year(ctx) -> None:
    """Past returns and their follow-ups (those of the last twelve months done), written in bulk by
    `follow_ups_backfill` with their dates; the statistics count them at the indicators' rebuild. Called by the
    indicators' demo (the last one), after this app's own demo made the catalogue."""
    if "caseworker" not in ctx.users:
        return
    services_by_kind = dict(Service.objects.filter(active=True).order_by("pk").values_list("kind", "pk"))
    if not services_by_kind:
        return
    plan = year_plan(timezone.localdate(), services_by_kind)
    done = history.follow_ups_backfill(acting_user=None, caseworker=ctx.users["caseworker"], past=plan)
    ctx.accounts.append(("Reintegration demo (a year)", "caseworker",
                         f"{len(plan)} past returns with plans and {done} follow-ups done (for the statistics at "
                         f"/statistics/)"))
