"""Demo data for clearances, on an origin node (every stage of a clearance) and on a destination node (arrivals,
a matching contract and a substituted one). All fictional.

On an origin node the registry and contracts apps' own demo data are used when present; what is missing for a
clearance (a licensed agency, a verified employer abroad, registered contracts) is made here through their services.
"""

import copy
import datetime as dt
import os
import random
from types import SimpleNamespace

from django.utils import timezone

from corridor.accounts import services as accounts
from corridor.clearance import services
from corridor.clearance.choices import FactKind
from corridor.clearance.models import Clearance, PeerClearance
from corridor.clearance.services import history
from corridor.contracts import services as contracts
from corridor.contracts.demo import demo_contract
from corridor.contracts.models import Contract
from corridor.contracts.services import job_order_taken
from corridor.core.errors import CorridorError
from corridor.registry import services as registry
from corridor.registry.models import Agency, Employer
from corridor.registry.selectors import job_board

ORIGINS = {"PH", "NP"}
WAGES = {"SA": ("1500.00", "SAR"), "AE": ("1500.00", "AED"), "QA": ("1500.00", "QAR")}


def _verified(user):
    user.is_verified = lambda: True
    return user


def base_contract(*, origin: str, destination: str, employer, worker) -> dict:
    amount, currency = WAGES.get(destination, ("500.00", "USD"))
    return demo_contract(
        worker={"full_name": worker.full_name, "nationality": worker.nationality_id,
                "date_of_birth": worker.date_of_birth.isoformat() if worker.date_of_birth else "1990-01-01",
                "sex": worker.sex or "F", "passport_number": worker.passport_number or "P0000000", "languages": ["en"]},
        destination=destination, employer=employer, amount=amount, currency=currency,
        start=timezone.localdate() + dt.timedelta(days=45), signed_on=timezone.localdate(),
    ) | {"corridor": {"origin": origin, "destination": destination}}


def _agency(ctx, officer):
    organisation = ctx.organisations["agency"]
    agency = Agency.objects.filter(organisation=organisation).first()
    if agency is None:
        licence = registry.agency_apply(acting_user=None, organisation=organisation, name=organisation.name,
                                        address="1 Rizal Avenue, Manila", registration_number="CS-DEMO-0001")
        today = timezone.localdate()
        registry.licence_grant(acting_user=officer, licence=licence, number="DMW-DEMO-001-LB", valid_from=today - dt.timedelta(days=200),
                               valid_until=today + dt.timedelta(days=900), conditions="")
        agency = licence.agency
    return agency


def _employer(ctx, destination: str, verifier):
    organisation = ctx.organisations.get("employer")
    employer = Employer.objects.filter(country_id=destination, status="verified").first()
    if employer is None:
        if organisation is not None and organisation.country_id == destination and not hasattr(organisation, "employer"):
            employer = registry.employer_register(acting_user=None, name=organisation.name, country=destination,
                                                  registration_number="1010998877", address="King Fahd Road, Riyadh",
                                                  organisation=organisation, screen=False)
        else:
            employer = registry.employer_register(acting_user=None, name="Al Noor Home Services Co. (demo)", country=destination,
                                                  registration_number="1010998877", address="King Fahd Road, Riyadh", screen=False)
        employer = registry.employer_verify(acting_user=verifier, employer=employer, note="Commercial registration seen (demo)")
    return employer


def _job_order(ctx, *, agency, employer, officer, destination: str, places: int):
    """A job order of the agency for the employer (household service) on the board with `places` free; the
    registry demo's when it has room, else one made here."""


    for order in job_board().filter(agency=agency, employer=employer, occupation_id="9111").order_by("id"):
        if order.workers_needed - job_order_taken(order) >= places:
            return order
    nobody = SimpleNamespace(full_name="", nationality_id=ctx.country, date_of_birth=None, sex="F", passport_number="")
    terms = base_contract(origin=ctx.country, destination=destination, employer=employer, worker=nobody)
    terms.pop("worker")
    terms.pop("signatures")
    order = registry.job_order_create(acting_user=None, employer=employer, agency=agency, occupation="9111",
                                      title="Household service worker", workers_needed=places, worksite="Riyadh",
                                      offered_terms=terms, expires_on=timezone.localdate() + dt.timedelta(days=90),
                                      languages=["en"])
    return registry.job_order_approve(acting_user=officer, job_order=order)


def _facts(clearance, agency_user, fund_user, kinds=tuple(FactKind.values)):
    today = timezone.localdate()
    refs = {FactKind.ORIENTATION: ("PDOS-DEMO-%04d", agency_user, None),
            FactKind.WELFARE_FUND: ("OWWA-DEMO-%04d", fund_user, today + dt.timedelta(days=730)),
            FactKind.INSURANCE: ("POL-DEMO-%04d", agency_user, today + dt.timedelta(days=760))}
    for kind in kinds:
        pattern, user, until = refs[kind]
        services.clearance_fact_record(acting_user=user, clearance=clearance, kind=kind, document_reference=pattern % clearance.pk,
                                       valid_until=until)


EXTRA_WORKERS = [("Cristina Mae Lopez", "F", dt.date(1994, 3, 8)), ("Rosalie Dizon", "F", dt.date(1991, 7, 19)),
                 ("Marites Santiago", "F", dt.date(1989, 11, 2)), ("Analyn Pascual", "F", dt.date(1996, 1, 27)),
                 ("Evelyn Cabrera", "F", dt.date(1992, 5, 14)), ("Jennelyn Ramos", "F", dt.date(1990, 9, 30))]


def _extra_workers(ctx, agency_user) -> list:
    """Workers for the clearance stages, so that other apps' demo contracts are left as they made them."""

    return [accounts.worker_create(acting_user=None, full_name=name, nationality=ctx.country, sex=sex, date_of_birth=born,
                                   passport_number=f"P{7100000 + i}C", passport_expiry=dt.date(2032, 1, 1),
                                   recorded_by=agency_user.organisation)
            for i, (name, sex, born) in enumerate(EXTRA_WORKERS)]


STAGES = ["granted", "applied_ready", "applied_missing", "refused", "halted", "departed"]


def demo_corridor(ctx, *, places: int):
    """What a demo's deployments start from: the destination, the officer, agency and fund users (verified), the
    agency, the employer and a job order with `places` places. Returns them in that order."""
    destination = os.environ.get("DEST_COUNTRY", "SA").upper()
    officer, agency_user = _verified(ctx.users["officer"]), _verified(ctx.users["agency"])
    fund_user = _verified(ctx.users["fund"])
    agency = _agency(ctx, officer)
    employer = _employer(ctx, destination, _verified(ctx.users["attache"]))
    job_order = _job_order(ctx, agency=agency, employer=employer, officer=officer, destination=destination,
                           places=places)
    return destination, officer, agency_user, fund_user, agency, employer, job_order


def load_origin(ctx) -> None:
    destination, officer, agency_user, fund_user, agency, employer, job_order = demo_corridor(ctx, places=len(STAGES))
    workers = [w for w in ctx.workers if w.recorded_by_id == agency_user.organisation_id] + _extra_workers(ctx, agency_user)
    registered = []
    for worker in workers:
        if len(registered) == len(STAGES):
            break
        contract = Contract.objects.filter(worker=worker, status="registered", clearances__isnull=True).first()
        if contract is None and not Contract.objects.filter(worker=worker).exists():
            doc = base_contract(origin=ctx.country, destination=destination, employer=employer, worker=worker)
            try:
                contract = contracts.contract_submit(acting_user=agency_user, worker=worker, doc=doc, job_order=job_order)
                contracts.contract_approve(acting_user=officer, version=contract.versions.get())
            except CorridorError as exc:
                print(f"clearance demo: contract for {worker.full_name} not registered ({exc.code})")
                continue
            contract.refresh_from_db()
        if contract is not None:
            registered.append(contract)
    departure = timezone.localdate() + dt.timedelta(days=30)
    for contract, stage in zip(registered, STAGES, strict=False):
        clearance = services.clearance_apply(acting_user=agency_user, contract=contract, departure_date=departure)
        _facts(clearance, agency_user, fund_user, kinds=(FactKind.ORIENTATION,) if stage == "applied_missing" else tuple(FactKind.values))
        if stage in ("granted", "halted", "departed"):
            try:
                services.clearance_grant(acting_user=officer, clearance=clearance)
            except CorridorError as exc:
                print(f"clearance demo: {clearance.reference} left open, a check fails: {', '.join(exc.fields)}")
                continue
        if stage == "refused":
            services.clearance_refuse(acting_user=officer, clearance=clearance, reason="Orientation certificate could not be verified (demo).")
        if stage == "halted":
            services.clearance_halt(acting_user=officer, clearance=clearance, reason="Complaint from the worker's family about the employer (demo).")
        if stage == "departed":
            services.clearance_depart(acting_user=officer, clearance=clearance)
    granted = Clearance.objects.filter(status="granted").count()
    ctx.accounts.append(("Clearance demo", "officer", f"{len(registered)} registered contracts, {granted} granted clearance(s) to {destination}"))


def load_destination(ctx) -> None:
    """Received clearances: one arrival with a matching contract, one arrival with a substituted contract."""
    inspector = _verified(ctx.users["inspector"])
    received = [r for r in PeerClearance.objects.filter(halted_at__isnull=True).order_by("id") if services.registered_for(r)]
    for index, record in enumerate(received[:2]):
        services.arrival_record(acting_user=inspector, clearance=record, arrived_on=timezone.localdate(), port="King Khalid International Airport")
        presented = copy.deepcopy(services.registered_for(record).as_document())
        if index == 1:
            presented["wage"]["amount"] = "1100.00"
            presented["rest"]["weekly_rest_hours"] = 0
            presented["job"]["worksite"] = "Dammam"
        services.presented_check(acting_user=inspector, clearance=record, document=presented,
                                 source="upload" if index == 0 else "paper")
    ctx.accounts.append(("Arrivals demo", "inspector", f"{PeerClearance.objects.count()} clearance(s) received from peers"))
    load_transfers(ctx, inspector)


def _new_employment(order, record) -> dict:
    """A contract for the worker under the new employer's job order: the worker's registered contract (its protections
    kept: rest, fees, transport, payment by bank) with the new employer, job, wage and term of the order."""
    doc = copy.deepcopy(services.registered_for(record).as_document())
    offered = order.offered_terms
    doc["employer"], doc["job"] = copy.deepcopy(offered["employer"]), copy.deepcopy(offered["job"])
    doc["wage"] = {**doc.get("wage", {}), **copy.deepcopy(offered.get("wage", {}))}
    doc["term"] = {**doc.get("term", {}), **copy.deepcopy(offered.get("term", {})),
                   "start_date": timezone.localdate().isoformat()}
    doc["signatures"] = {"worker_signed_on": timezone.localdate().isoformat(),
                         "employer_signed_on": timezone.localdate().isoformat()}
    return doc


def load_transfers(ctx, inspector) -> None:
    """A way out: a granted change of employer (the worker signs in as `worker-abroad`) and a refused one, and a
    right to stay while a claim is open. The demo contracts are for domestic work, which the encoded Saudi rules do
    not cover: the law's answer says so (not checked) and the officer decides by hand, with the reason."""
    arrivals = [r.arrival for r in PeerClearance.objects.filter(arrival__isnull=False).order_by("id")[:2]]
    if len(arrivals) < 2:
        return
    granted_arrival, refused_arrival = arrivals
    record = granted_arrival.clearance
    worker = accounts.worker_create(acting_user=None, full_name=record.worker_name, nationality=record.nationality,
                                    passport_number=f"DEMO{record.pk:04d}{record.passport_tail}", current_country=ctx.country)
    accounts.worker_link_user(worker=worker, username="worker-abroad", password=ctx.password,
                              first_name=record.worker_name.split()[0])
    services.arrival_worker_link(acting_user=inspector, arrival=granted_arrival, worker=worker)
    worker_user = _verified(worker.user)
    granted = services.transfer_request(acting_user=worker_user, arrival=granted_arrival, ground="unpaid_wages",
                                        statement="My wages have not been paid for three months (demo).")
    granted = services.transfer_accept(acting_user=inspector, transfer=granted,
                                       reason="Three months' wages unpaid, confirmed by the inspectorate (demo). "
                                              "Domestic workers are outside the encoded rules: decided by hand.")
    old = granted.old_employer_id
    for order in job_board().filter(country_id=ctx.country).exclude(employer_id=old).order_by("id")[:5]:
        try:
            services.transfer_complete(acting_user=inspector, transfer=granted, job_order_reference=order.reference,
                                       document=_new_employment(order, record))
            break
        except CorridorError as exc:
            print(f"clearance demo: transfer {granted.reference} not completed with {order.reference} ({exc.code})")
    refused = services.transfer_request(acting_user=inspector, arrival=refused_arrival, ground="none",
                                        statement="Wants to move nearer to her sister (demo).")
    services.transfer_refuse(acting_user=inspector, transfer=refused,
                             reason="No ground was shown and domestic workers are outside the encoded rules (demo); "
                                    "the worker may appeal.")
    services.stay_right_record(acting_user=inspector, arrival=refused_arrival, case_reference="SA-DEMO-CASE-0001",
                               reason="Claim of unpaid wages open before the labour court (demo).")
    ctx.accounts.append(("Transfers demo", "worker-abroad", f"a granted change of employer ({granted.reference}) and "
                                                            f"a refused one ({refused.reference})"))


def load(ctx) -> None:
    if PeerClearance.objects.exists() and "inspector" in ctx.users:
        load_destination(ctx)
    if ctx.country in ORIGINS and {"officer", "agency", "fund", "attache"} <= set(ctx.users):
        load_origin(ctx)


# --- a year of past deployments (for the statistics: docs/indicators.md, "The demo") ---------------------------------
# Synthetic Filipino names (common given names and surnames), combined at random; no real person is meant.
GIVEN_F = ["Maria", "Ana", "Rosario", "Josephine", "Maricel", "Jocelyn", "Lorna", "Marilou", "Rowena", "Girlie",
           "Arlene", "Lovely", "Janet", "Divina", "Mylene", "Leah", "Charity", "Rhea", "Grace", "Joy", "Liza",
           "Elena", "Teresita", "Cherry", "Jonalyn", "Kristine", "Aileen", "Mary Ann", "Princess", "Ruby"]
GIVEN_M = ["Jose", "Juan", "Mark", "Rodel", "Jayson", "Ramil", "Ronald", "Arnel", "Joel", "Rey", "Michael",
           "Jerome", "Danilo", "Edwin", "Romeo", "Noel", "Reynaldo", "Christian", "Rolando", "Alvin"]
SURNAMES = ["Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Garcia", "Mendoza", "Torres", "Tomas", "Andrada",
            "Castillo", "Flores", "Villanueva", "Ramos", "Castro", "Rivera", "Aquino", "Navarro", "Salazar",
            "Mercado", "Aguilar", "Dela Cruz", "Gonzales", "Lopez", "Perez", "Del Rosario", "Manalo", "Domingo",
            "Soriano", "Pascual", "Dizon", "Valdez", "Fernandez", "Marquez", "Lim", "Tan", "Sy", "Macaraeg"]
# Deployments a month to each destination (a mean; the demo draws around it): the demo corridor's destination and a
# second one, so that the statistics have more than one row. Occupations (ISCO-08 unit groups of household work)
# with their share; the contracts are the demo's domestic-work contract with that occupation.
YEAR_DESTINATIONS = {"SA": 45, "AE": 22}
YEAR_OCCUPATIONS = [("9111", "Household service worker", 0.56), ("5120", "Cook (household)", 0.24),
                    ("5322", "Home-based personal care worker", 0.2)]
REFUSAL_REASONS = ["Orientation certificate could not be verified (demo).",
                   "Fees paid by the worker above the cap (demo).", "Worker under the minimum age for the job (demo)."]
HALT_REASONS = ["Complaint from the worker's family about the employer (demo).",
                "Employer placed on a watchlist (demo)."]


def _year_employer(ctx, destination: str, verifier):
    employer = Employer.objects.filter(country_id=destination, status="verified").first()
    if employer is None:
        employer = registry.employer_register(acting_user=None, name="Emirates Family Care LLC (demo)",
                                              country=destination, registration_number="CN-1234567",
                                              address="Al Wasl Road, Dubai", screen=False)
        employer = registry.employer_verify(acting_user=verifier, employer=employer, note="Trade licence seen (demo)")
    return employer


def _year_job_order(ctx, *, agency, employer, officer, destination, occupation, title, places):
    nobody = SimpleNamespace(full_name="", nationality_id=ctx.country, date_of_birth=None, sex="F", passport_number="")
    terms = base_contract(origin=ctx.country, destination=destination, employer=employer, worker=nobody)
    terms.pop("worker")
    terms.pop("signatures")
    terms["job"] = {**terms["job"], "title": title, "isco08": occupation}
    order = registry.job_order_create(acting_user=None, employer=employer, agency=agency, occupation=occupation,
                                      title=title, workers_needed=places, worksite=terms["job"]["worksite"],
                                      offered_terms=terms, expires_on=timezone.localdate() + dt.timedelta(days=90),
                                      languages=["en"])
    return registry.job_order_approve(acting_user=officer, job_order=order), terms


def year_months(today: dt.date) -> list[dt.date]:
    """The first days of the twelve whole months before `today`'s month, oldest first."""
    months, first = [], today.replace(day=1)
    for _i in range(12):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        months.append(first)
    return months[::-1]


def year_plan(today: dt.date, seed: int = 2026) -> list[dict]:
    """The year's deployments as plain facts (deterministic for a seed): month, day, destination, occupation, sex,
    age at the decision, outcome and its reason, days to the departure or halt."""
    rng = random.Random(seed)
    # age at the decision: a quarter under 30 and a fifth 45 or older, as in the Philippine Statistics Authority's
    # surveys of overseas Filipino workers (the shape, not their figures)
    ages = [21, 22, 23, 24] * 3 + list(range(25, 35)) * 4 + list(range(35, 45)) * 3 + list(range(45, 55)) * 2
    plan = []
    for month in year_months(today):
        for destination, mean in YEAR_DESTINATIONS.items():
            for _i in range(max(0, round(rng.gauss(mean, mean / 8)))):
                occupation = rng.choices(YEAR_OCCUPATIONS, weights=[o[2] for o in YEAR_OCCUPATIONS])[0]
                sex = "F" if rng.random() < 0.72 else "M"
                draw = rng.random()
                outcome = "refuse" if draw < 0.06 else "halt" if draw < 0.08 else "depart" if draw < 0.9 else "grant"
                plan.append({"month": month, "day": rng.randint(0, 27), "destination": destination,
                             "occupation": occupation[:2], "sex": sex, "age": rng.choice(ages), "outcome": outcome,
                             "name": f"{rng.choice(GIVEN_F if sex == 'F' else GIVEN_M)} {rng.choice(SURNAMES)} "
                                     f"{rng.choice(SURNAMES)}",
                             "later": rng.randint(3, 25), "reason": rng.choice(
                                 REFUSAL_REASONS if outcome == "refuse" else HALT_REASONS)})
    return plan


# The destination's check of the contract presented at the workplace, for a departed worker: most are checked within
# weeks of arrival, and some contracts are found substituted, by destination. The shares are the demo's fiction (no
# survey's figures); the kinds of substitution are the ones the ILO and worker organisations describe: a lower wage,
# longer hours, the weekly rest taken away, the passport kept, food charged.
YEAR_CHECKED = 0.9
YEAR_SUBSTITUTED = {"SA": 0.09, "AE": 0.05}
SUBSTITUTIONS = [
    lambda d: d["wage"].update(amount=f"{float(d['wage']['amount']) * 0.8:.2f}"),
    lambda d: d["hours"].update(normal_daily=12, normal_weekly=72),
    lambda d: d["rest"].update(weekly_rest_hours=0, annual_leave_days=15),
    lambda d: d["documents"].update(worker_keeps_identity_documents=False),
    lambda d: d["food"].update(charge_to_worker="200"),
]


def destination_reports(rng: random.Random, document: dict, departed, now) -> dict:
    """The destination's reports of one departed worker (clearances_backfill's fields): arrived a day or two after
    departure; checked one to three weeks later (nine in ten), on the registered terms or on substituted ones (one to
    three of the changes above)."""
    arrived = departed.date() + dt.timedelta(days=rng.randint(1, 2))
    if arrived > now.date():
        return {}
    checked = dt.datetime.combine(arrived + dt.timedelta(days=rng.randint(7, 21)), dt.time(10, 0), tzinfo=dt.UTC) \
        + dt.timedelta(minutes=rng.randint(0, 420))
    if checked > now or rng.random() > YEAR_CHECKED:
        return {"arrived_on": arrived}
    presented = copy.deepcopy(document)
    if rng.random() < YEAR_SUBSTITUTED.get(document["corridor"]["destination"], 0.05):
        for change in rng.sample(SUBSTITUTIONS, k=rng.randint(1, 3)):
            change(presented)
    return {"arrived_on": arrived, "checked_at": checked, "presented": presented}


def load_year(ctx) -> None:
    """A year of past deployments of the demo agency (the twelve months before this one), written in bulk by
    `clearances_backfill` with their real dates; the statistics count them at the indicators' rebuild. Called by the
    indicators' demo (the last one), so that the other apps' demos keep working on the handful of current records."""
    if ctx.country not in ORIGINS or not {"officer", "agency", "fund", "attache"} <= set(ctx.users):
        return
    destination, officer, agency_user, _fund, agency, employer, _order = demo_corridor(ctx, places=0)
    employers = {destination: employer}
    for other in YEAR_DESTINATIONS:
        if other not in employers:
            employers[other] = _year_employer(ctx, other, _verified(ctx.users["attache"]))
    now = timezone.now()
    plan = year_plan(timezone.localdate())
    counts = {}
    for p in plan:
        counts[(p["destination"], p["occupation"][0])] = counts.get((p["destination"], p["occupation"][0]), 0) + 1
    orders = {key: _year_job_order(ctx, agency=agency, employer=employers[key[0]], officer=officer,
                                   destination=key[0], occupation=key[1],
                                   title=dict((o, t) for o, t, _w in YEAR_OCCUPATIONS)[key[1]], places=n)
              for key, n in counts.items()}
    past = []
    reports = random.Random(2027)  # the destination's reports, drawn apart so that the plan above stays as it was
    for n, p in enumerate(plan):
        decided = dt.datetime.combine(p["month"] + dt.timedelta(days=p["day"]), dt.time(9, 0), tzinfo=dt.UTC) \
            + dt.timedelta(minutes=7 * (n % 60))
        applied = decided - dt.timedelta(days=3)
        born = dt.date(decided.year - p["age"], 1 + n % 12, 1 + n % 28)
        order, terms = orders[(p["destination"], p["occupation"][0])]
        document = copy.deepcopy(terms) | {
            "worker": {"full_name": p["name"], "nationality": ctx.country, "date_of_birth": born.isoformat(),
                       "sex": p["sex"], "passport_number": f"P{8100000 + n}A", "languages": ["en"]},
            "signatures": {"worker_signed_on": (applied - dt.timedelta(days=30)).date().isoformat(),
                           "employer_signed_on": (applied - dt.timedelta(days=30)).date().isoformat()}}
        document["term"] = {**document["term"], "start_date": (decided + dt.timedelta(days=30)).date().isoformat()}
        later = min(decided + dt.timedelta(days=p["later"]), now) if p["outcome"] in ("depart", "halt") else None
        outcome = p["outcome"] if later is None or later > decided else "grant"
        past.append(history.PastDeployment(
            full_name=p["name"], sex=p["sex"], date_of_birth=born, passport_number=f"P{8100000 + n}A",
            document=document, job_order_id=order.pk, employer_id=employers[p["destination"]].pk,
            applied_at=applied, decided_at=decided, outcome=outcome,
            reason=p["reason"] if outcome in ("refuse", "halt") else "", later_at=later,
            **(destination_reports(reports, document, later, now) if outcome == "depart" else {})))
    written = history.clearances_backfill(acting_user=None, agency_user=agency_user, officer=officer, past=past)
    ctx.accounts.append(("Clearance demo (a year)", "officer", f"{written} past clearances of the last twelve months "
                                                               f"(for the statistics at /statistics/)"))
