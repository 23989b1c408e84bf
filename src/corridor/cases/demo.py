"""Demo cases: one in every state, an urgent one, an anonymous one (its receipt code is printed), a roster,
claims down the liability chain, and a resolved case that fed the registry. All fictional."""

import datetime as dt
import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from corridor.cases import services
from corridor.cases.services import history
from corridor.clearance.demo import GIVEN_F, GIVEN_M, SURNAMES, year_months

NARRATIVES = {
    "fil": "Kinuha ng amo ko ang aking pasaporte at hindi ako pinapayagang lumabas ng bahay. Tatlong buwan na akong walang sahod.",
    "en": "My salary has been paid late for four months and the company deducts money for the visa.",
    "ne": "साहुले मेरो राहदानी खोस्यो र तीन महिनादेखि तलब दिएन।",
}


def _verified(user):
    user.is_verified = lambda: True
    return user


def load(ctx) -> None:
    consulate = ctx.organisations["consulate"]
    origin, abroad = consulate.country_id, consulate.post_country_id
    # On the origin node the attaché works nationals' cases abroad; on the destination node the inspectorate does.
    attache = _verified(ctx.users["attache"] if ctx.country == origin else ctx.users["inspector"])
    officer = _verified(ctx.users["officer"])
    now = timezone.now()
    services.duty_shift_add(acting_user=None, user=attache, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=60))
    services.duty_shift_add(acting_user=None, user=attache, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=60),
                            is_supervisor=True)
    employer_org = ctx.organisations["employer"]

    def file(user=None, **kwargs):
        data = {"grievances": ["unpaid_wages"], "nationality": origin, "country_where": abroad, "place": "Riyadh",
                "respondents": [{"role": "employer", "name": employer_org.name, "organisation": employer_org},
                                {"role": "agency", "name": ctx.organisations["agency"].name,
                                 "organisation": ctx.organisations["agency"]}],
                "narrative": NARRATIVES["en"], "language": "en", "answers": {"paid_in_full": "no"}}
        data.update(kwargs)
        return services.complaint_file(acting_user=user, **data)

    # An anonymous worker in danger: urgent, top of the queue, the on-duty attaché alerted.
    anonymous = file(grievances=["documents_taken", "confinement", "unpaid_wages"], narrative=NARRATIVES["fil"],
                     language="fil", answers={"can_leave": "no", "passport_holder": "employer"}, consent_referral=True)
    ctx.extra["cases_receipt_code"] = anonymous.receipt_code
    ctx.accounts.append(("Anonymous complainant", "-",
                         f"receipt code {anonymous.receipt_code} (follow at /complaints/follow/); urgent case"))

    steps = ["received", "triaged", "assigned", "in_progress", "awaiting_party", "resolved", "closed", "reopened"]
    worker = ctx.workers[1] if len(ctx.workers) > 1 else None
    cases = {}
    for i, state in enumerate(steps):
        filed = file(attache, complainant={"full_name": worker.full_name if worker else "Demo worker", "phone": "+00 000"},
                     worker=worker, consent_referral=i % 2 == 0,
                     respondents=[{"role": "employer", "name": "Desert Rose Cleaning Est. (demo)"},
                                  {"role": "sub_agent", "name": "Pedro Magbanua"}] if state == "in_progress" else None
                     or [{"role": "employer", "name": employer_org.name, "organisation": employer_org},
                         {"role": "agency", "name": ctx.organisations["agency"].name, "organisation": ctx.organisations["agency"]}])
        case = filed.case
        path = steps[1:steps.index(state) + 1] if state != "reopened" else ["triaged", "assigned", "in_progress", "resolved",
                                                                          "reopened"]
        for step in path:
            case = _step(step, attache, case)
        cases[state] = case
    case = cases["in_progress"]
    services.note_add(acting_user=attache, case=case, body="Can you send a photo of your payslips?", visibility="shared",
                      is_question=True)
    services.task_add(acting_user=attache, case=case, title="Call the employer's HR", due_date=timezone.localdate())
    wages = services.claim_add(acting_user=attache, case=case, kind="wages", amount="4500.00", currency="SAR",
                               description="Three months at 1,500 SAR")
    services.recovery_record(acting_user=attache, claim=wages, respondent=wages.liabilities.get(rank=1).respondent,
                             amount="1500.00", note="First month paid at the labour office")
    services.claim_default(acting_user=attache, claim=wages, reason="The cleaning company closed; the contractor answers.")
    services.claim_add(acting_user=attache, case=case, kind="fees", amount="45000.00", currency="PHP",
                       description="Placement fee charged by the sub-agent")
    # A case past its time limit, escalated to the supervisor.
    late = cases["triaged"]
    type(late).objects.filter(pk=late.pk).update(stage_due_at=now - timedelta(hours=5))
    services.case_escalate_overdue()
    del officer


def _step(step, officer, case):
    if step == "triaged":
        return services.case_triage(acting_user=officer, case=case)
    if step == "assigned":
        return services.case_assign(acting_user=officer, case=case, officer=officer)
    if step == "in_progress":
        return services.case_start(acting_user=officer, case=case)
    if step == "awaiting_party":
        return services.case_await_party(acting_user=officer, case=case, reason="Show the payroll for the last four months.")
    if step == "resolved":
        return services.case_resolve(acting_user=officer, case=case, resolution="Arrears paid in full at the labour office.")
    if step == "closed":
        return services.case_close(acting_user=officer, case=case, reason="Worker confirmed payment.")
    if step == "reopened":
        return services.case_reopen(acting_user=officer, case=case, reason="Payments stopped again.")
    raise ValueError(step)


# --- a year of past complaints (for the statistics: docs/indicators.md, "The demo") ----------------------------------
# Complaints a month per node (a mean; the demo draws around it) and a seasonal factor by calendar month (more in the
# hot months, when contracts end and workers run away from abusive households): the shape is illustrative, the
# figures fictional. Grievances: each drawn with its share, as in the demo's idea of a Gulf domestic-work caseload
# (wages first, then hours, documents, fees and substitution); never a real office's figures.
YEAR_MEAN = 45
SEASON = {1: 0.9, 2: 0.85, 3: 0.95, 4: 1.0, 5: 1.05, 6: 1.15, 7: 1.25, 8: 1.2, 9: 1.05, 10: 0.95, 11: 0.9, 12: 0.85}
GRIEVANCE_SHARES = {"unpaid_wages": 0.6, "excessive_hours": 0.28, "documents_taken": 0.24,
                    "contract_substitution": 0.16, "recruitment_fees": 0.16, "unfair_dismissal": 0.08,
                    "violence": 0.09, "confinement": 0.08, "threats": 0.08, "abandonment": 0.05, "debt": 0.05,
                    "unsafe_work": 0.05}
# The structured answers that go with a grievance (the triage questions), so that the screening finds what a
# complainant with that grievance would say.
GRIEVANCE_ANSWERS = {"unpaid_wages": ("paid_in_full", "no"), "documents_taken": ("passport_holder", "employer"),
                     "excessive_hours": ("rest_day", "no"), "confinement": ("can_leave", "no"),
                     "contract_substitution": ("job_as_promised", "no"), "threats": ("threatened", "yes"),
                     "violence": ("hurt", "yes")}
# Where the complaints come from: on the origin node its nationals abroad (the demo corridor's destination first);
# on the destination node the workers of every nationality working here.
ORIGIN_WHERE = (0.7, "AE", "SA")  # the demo corridor's destination, else the UAE (Saudi Arabia if that is the corridor)
DEST_NATIONALITIES = {"PH": 0.35, "NP": 0.2, "BD": 0.15, "IN": 0.12, "LK": 0.1, "ID": 0.08}
WAGE = {"SA": (Decimal(1500), "SAR"), "AE": (Decimal(1500), "AED")}
FEES = {"PH": ("PHP", 20000, 90000)}  # fees charged at home, refunded in the origin's money; elsewhere in the wage's
PLACES = {"SA": ["Riyadh", "Jeddah", "Dammam", "Mecca"], "AE": ["Dubai", "Abu Dhabi", "Sharjah"]}
RESOLUTIONS = ["Arrears paid at the labour office (demo).", "Settled by agreement with the employer (demo).",
               "Passport returned and transfer to a new employer (demo).", "Fees refunded by the agency (demo).",
               "Worker repatriated at the agency's cost (demo)."]


def _pick(rng, shares: dict) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def _at(day: dt.date, rng) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randint(7, 16), rng.randint(0, 59)), tzinfo=dt.UTC)


def year_plan(*, today: dt.date, country: str, abroad: str, employer: str, agency: str, seed: int = 2026) -> list:
    """The year's past complaints of this node (deterministic for a seed), as `cases_backfill` takes them."""
    rng = random.Random(f"{seed}-{country}")
    nationality_here = country if country != abroad else None  # the origin node: its nationals abroad
    now = dt.datetime.combine(today, dt.time(0), tzinfo=dt.UTC)
    plan = []
    months = year_months(today)
    # a node's caseload does not start empty: no case of the year is resolved or paid back in its first month (a
    # first month with a handful of resolutions would be suppressed, and with it, on a node whose cases all happened
    # in one country, the whole family of resolution tables)
    settled_from = dt.datetime.combine(months[1], dt.time(8), tzinfo=dt.UTC)
    for month in months:
        for _i in range(max(0, round(rng.gauss(YEAR_MEAN * SEASON[month.month], 5)))):
            if country == nationality_here:
                share, other, instead = ORIGIN_WHERE
                nationality, where = country, abroad if rng.random() < share else other if abroad != other else instead
            else:
                nationality, where = _pick(rng, DEST_NATIONALITIES), country
            wage, currency = WAGE.get(where, (Decimal(1500), "SAR"))
            grievances = tuple(g for g, share in GRIEVANCE_SHARES.items() if rng.random() < share) or ("other",)
            answers = dict(GRIEVANCE_ANSWERS[g] for g in grievances if g in GRIEVANCE_ANSWERS)
            if rng.random() < 0.3:
                answers["knows_help"] = "no"
            filed = _at(month + dt.timedelta(days=rng.randint(0, 27)), rng)
            steps, t = [], filed
            # first response: most within three days, a tail of weeks; a few closed at once (withdrawn, no case)
            t += dt.timedelta(days=rng.choice([0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 6, 9, 12, 20]), hours=rng.randint(1, 8))
            if t < now and rng.random() < 0.07:
                steps.append(("close", t))
            elif t < now:
                steps.append(("triage", t))
                for action, days in (("assign", rng.randint(0, 2)), ("start", rng.randint(0, 3))):
                    t += dt.timedelta(days=days, hours=1)
                    if t < now:
                        steps.append((action, t))
                # time to resolution (from filing): weeks to months, a few over half a year
                done = max(t + dt.timedelta(days=3), settled_from + dt.timedelta(hours=rng.randint(0, 240)), filed + dt.timedelta(
                    days=rng.choice([10, 20, 25, 30, 40, 45, 50, 60, 75, 85, 100, 130, 170, 220]) + rng.randint(0, 9)))
                if steps[-1][0] == "start" and rng.random() < 0.3 and t + dt.timedelta(days=8) < min(done, now):
                    steps.append(("await_party", t + dt.timedelta(days=5)))
                    if done < now:
                        steps.append(("resume", done - dt.timedelta(days=2)))
                if steps[-1][0] == "start" or steps[-1][0] == "resume":
                    if done < now:
                        steps.append(("resolve", done) if rng.random() < 0.88 else ("close", done))
                        if steps[-1][0] == "resolve" and done + dt.timedelta(days=14) < now:
                            steps.append(("close", done + dt.timedelta(days=rng.randint(7, 14))))
            resolved = next((at for action, at in steps if action == "resolve"), None)
            started = next((at for action, at in steps if action == "start"), None)
            claims = []
            owed = []
            if started is not None:
                if "unpaid_wages" in grievances and rng.random() < 0.8:
                    owed.append(("wages", wage * rng.choice([1, 1, 2, 2, 3, 4, 6]), currency, "Unpaid months"))
                if "recruitment_fees" in grievances and rng.random() < 0.7:
                    fee_currency, low, high = FEES.get(nationality, (currency, 2, 8))
                    step = 1000 if fee_currency == "PHP" else 500
                    owed.append(("fees", Decimal(rng.randint(low if fee_currency == "PHP" else low * 1000,
                                                             high if fee_currency == "PHP" else high * 1000)
                                                 // step * step), fee_currency, "Placement fee charged"))
                if "abandonment" in grievances and rng.random() < 0.6:
                    owed.append(("repatriation", Decimal(rng.randint(12, 25) * 100), currency, "Ticket home"))
                if "violence" in grievances and rng.random() < 0.3:
                    owed.append(("compensation", Decimal(rng.randint(5, 20) * 1000), currency, "Injury"))
            for kind, amount, cur, description in owed:
                added = started + dt.timedelta(days=rng.randint(1, 6))
                if added >= now:
                    continue
                until = min(resolved or now, now) - dt.timedelta(days=1)
                paid, draw = [], rng.random()
                pay_from = max(added, settled_from - dt.timedelta(days=1))
                if until > pay_from and (resolved is not None and draw < 0.9 or resolved is None and draw < 0.35):
                    full = resolved is not None and draw < 0.7
                    share = amount if full else (amount * Decimal(rng.choice([25, 40, 50, 60])) / 100).quantize(Decimal(1))
                    parts = [share] if share < 2 or rng.random() < 0.6 else [(share / 2).quantize(Decimal(1))] * 2
                    parts[-1] = share - sum(parts[:-1])
                    span = max(1, (until - pay_from).days)
                    days = sorted(rng.randint(1, span) for _p in parts)
                    paid = [(part, (pay_from + dt.timedelta(days=d)).date()) for part, d in zip(parts, days, strict=True)]
                claims.append(history.PastClaim(kind=kind, amount=amount, currency=cur, added_at=added,
                                                recoveries=tuple(paid), description=description))
            sex_f = rng.random() < 0.75
            name = (f"{rng.choice(GIVEN_F if sex_f else GIVEN_M)} {rng.choice(SURNAMES)}")
            plan.append(history.PastComplaint(
                grievances=grievances, nationality=nationality, country_where=where, complainant_name=name,
                respondents=(("employer", employer if where == abroad else f"Household employer in {where} (demo)"),
                             ("agency", agency)),
                filed_at=filed, steps=tuple(steps), answers=answers, place=rng.choice(PLACES.get(where, [""])),
                resolution=rng.choice(RESOLUTIONS) if resolved else "", claims=tuple(claims)))
    return plan


def load_year(ctx) -> None:
    """A year of past complaints (the twelve months before this one), written in bulk by `cases_backfill` with their
    real dates; the statistics count them at the indicators' rebuild. Called by the indicators' demo (the last one)."""
    consulate = ctx.organisations.get("consulate")
    if consulate is None or not {"attache", "inspector"} & set(ctx.users):
        return
    officer = _verified(ctx.users["attache"] if ctx.country == consulate.country_id else ctx.users["inspector"])
    plan = year_plan(today=timezone.localdate(), country=ctx.country, abroad=consulate.post_country_id, employer=ctx.organisations["employer"].name,
                     agency=ctx.organisations["agency"].name)
    written = history.cases_backfill(acting_user=None, officer=officer, past=plan)
    ctx.accounts.append(("Cases demo (a year)", officer.get_username(),
                         f"{written} past complaints of the last twelve months (for the statistics at /statistics/)"))
