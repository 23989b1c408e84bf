"""Demo data of the voice app (fictional): six workers who went through the demo agency review it (published: past
the threshold), three review the employer (not yet published), one comment that may describe a crime for the
moderator, the agency's answer; the demo worker's job profile with matches, and an application."""

import datetime as dt

from django.utils import timezone

from corridor.accounts import services as accounts
from corridor.clearance import services as clearance_services
from corridor.clearance.demo import ORIGINS, _facts, base_contract, demo_corridor
from corridor.contracts import services as contracts
from corridor.core.errors import CorridorError
from corridor.core.models import Country, Language, Occupation
from corridor.registry.models import SubAgent
from corridor.voice import services
from corridor.voice.choices import PUBLICATION_THRESHOLD

REVIEWERS = [
    ("Rosalinda Mercado Dizon", "fil", "Maayos ang ahensya at tapat sila tungkol sa trabaho."),
    ("Jocelyn Bautista Ramos", "en", "Clear information before I left, and they answered my calls."),
    ("Marites Villanueva Cruz", "fil", "Kinuha ng amo ang aking pasaporte at hindi ako pinapayagang umalis ng bahay."),
    ("Sunita Gurung", "ne", "एजेन्सीले राम्रो जानकारी दियो।"),
    ("Analyn Soriano Tan", "en", ""),
    ("Leonora Aquino Reyes", "fil", "Mabilis ang proseso."),
]
SCORES = [(5, 5, 4, 5, 4), (4, 5, 5, 5, 3), (3, 2, 2, 1, 2), (5, 4, 4, 5, 4), (4, 4, 5, 5, 5), (5, 5, 5, 5, 4)]
KEYS = ("no_fees", "truthful", "contract_matched", "documents_kept", "helped")


def _deploy(ctx, *, name, born, agency, employer, job_order, subagent, officer, agency_user, fund_user, destination, n):
    worker = accounts.worker_create(acting_user=None, full_name=name, nationality=ctx.country, sex="F",
                                    date_of_birth=born, passport_number=f"DV{n:07d}", recorded_by=agency.organisation)
    user = accounts.worker_link_user(worker=worker, username=f"reviewer-{n}", password=ctx.password,
                                     first_name=name.split()[0])
    doc = base_contract(origin=ctx.country, destination=destination, employer=employer, worker=worker)
    doc["recruiters"] = [{"name": agency.name, "country": ctx.country, "role": "origin_agency"}]
    if subagent is not None:
        doc["recruiters"].append({"name": subagent.full_name, "country": ctx.country, "role": "sub_agent",
                                  "licence_number": subagent.registration_number})
    contract = contracts.contract_submit(acting_user=agency_user, worker=worker, doc=doc, job_order=job_order)
    contracts.contract_approve(acting_user=officer, version=contract.versions.get())
    contract.refresh_from_db()
    clearance = clearance_services.clearance_apply(acting_user=agency_user, contract=contract,
                                                   departure_date=timezone.localdate() + dt.timedelta(days=30))
    _facts(clearance, agency_user, fund_user)
    clearance = clearance_services.clearance_grant(acting_user=officer, clearance=clearance)
    return user, clearance_services.clearance_depart(acting_user=officer, clearance=clearance)


def load(ctx) -> None:
    if ctx.country not in ORIGINS or not {"officer", "agency", "fund", "attache", "worker"} <= set(ctx.users):
        return
    destination, officer, agency_user, fund_user, agency, employer, job_order = demo_corridor(
        ctx, places=len(REVIEWERS) + 1)
    subagent = SubAgent.objects.filter(agency=agency, status="active").order_by("id").first()
    reviews = []
    try:
        for n, ((name, language, comment), scores) in enumerate(zip(REVIEWERS, SCORES, strict=True), 1):
            user, clearance = _deploy(ctx, name=name, born=dt.date(1985 + n, n, 10 + n), agency=agency, employer=employer,
                                      job_order=job_order, subagent=subagent, officer=officer, agency_user=agency_user,
                                      fund_user=fund_user, destination=destination, n=n)
            ratings = dict(zip(KEYS, scores, strict=True))
            reviews.append(services.review_write(acting_user=user, reference=clearance.reference, stage="departure",
                                                 kind="agency", party_id=agency.pk, ratings=ratings, comment=comment,
                                                 language=language))
            if n <= PUBLICATION_THRESHOLD - 2:  # the employer: fewer reviewers than the threshold, not published
                services.review_write(acting_user=user, reference=clearance.reference, stage="departure",
                                      kind="employer", party_id=employer.pk, ratings=ratings)
            if n == 1:
                services.return_open(reference="RET-DEMO-1", clearance_reference=clearance.reference,
                                     returned_on=timezone.localdate().isoformat(), cause="end_of_contract")
    except CorridorError as exc:
        print(f"voice demo: reviews stopped ({exc.code})")
    if reviews:
        services.review_answer(acting_user=agency_user, review_id=reviews[1].pk,
                               text="Thank you. Our office in Manila answers every call, also on weekends.")
    ctx.extra["voice_reviews"] = reviews
    # The demo worker wants to be found: a profile that matches the household job orders.
    worker_user = ctx.users["worker"]
    occupations = Occupation.objects.filter(code__in=["9111", "5322"])
    profile = services.profile_save(
        acting_user=worker_user, occupations=list(occupations), skills="cooking, cleaning, child care",
        languages=list(Language.objects.filter(code__in=["en", "tl", "ne"])), experience_years=4,
        destinations=list(Country.objects.filter(code__in=[destination])),
        earliest_start=timezone.localdate() - dt.timedelta(days=30), consent=True)
    ctx.extra["voice_profile"] = profile
    if reviews:  # the demo worker applies to the job order through the agency
        try:
            ctx.extra["voice_application"] = services.application_submit(acting_user=worker_user,
                                                                         reference=job_order.reference)
        except CorridorError as exc:
            print(f"voice demo: no application ({exc.code})")
    ctx.accounts.append(("Voice demo", "worker", f"{len(reviews)} workers reviewed {agency.name} (published); "
                                                 "a job profile with matches; reviewers reviewer-1 to reviewer-6"))
