"""Demo registry: agencies in every licence state (some named in Arabic and Devanagari), sub-agents,
employers, job orders and watchlist entries. All fictional."""

import json
from datetime import timedelta

from django.utils import timezone

from corridor.registry import errors, services

TERMS = {
    "schema": "corridor.contract/1",
    "corridor": {"origin": "PH", "destination": "SA"},
    "employer": {"name": "", "country": "SA"},
    "job": {"title": "Household service worker", "isco08": "9111", "sector": "domestic_work", "worksite": "Riyadh", "live_in": True},
    "term": {"start_date": "2027-01-01", "duration_months": 24, "probation_days": 90},
    "wage": {"amount": "1500.00", "currency": "SAR", "period": "month"},
    "hours": {"normal_daily": 8, "normal_weekly": 48, "overtime_premium_pct": 50},
}


def _terms(origin, employer, occupation="9111", title="Household service worker", sector="domestic_work", amount="1500.00"):
    terms = json.loads(json.dumps(TERMS))
    terms["corridor"] = {"origin": origin, "destination": employer.country_id}
    terms["employer"] = {"name": employer.name, "country": employer.country_id, "registration_number": employer.registration_number}
    terms["job"].update({"title": title, "isco08": occupation, "sector": sector, "worksite": employer.address.split(",")[-1].strip()})
    terms["wage"]["amount"] = amount
    terms["wage"]["currency"] = {"SA": "SAR", "QA": "QAR", "AE": "AED"}.get(employer.country_id, "USD")
    return terms


def load(ctx) -> None:
    today = timezone.localdate()
    officer, inspector = ctx.users["officer"], ctx.users["inspector"]
    for user in (officer, inspector):  # the demo acts in their names as if they had signed in with two factors
        user.is_verified = lambda: True
    origin = ctx.country
    abroad = ctx.organisations["employer"].country_id
    year = timedelta(days=365)

    def agency(name, organisation=None, state="licensed", number=None, **extra):
        licence = services.agency_apply(acting_user=None, organisation=organisation, name=name, address=extra.get("address", "Manila"),
                                        registration_number=extra.get("registration_number", ""), screen=False,
                                        owners=extra.get("owners"), branches=extra.get("branches"))
        if state == "applied":
            return licence.agency
        valid_until = today - timedelta(days=20) if state == "expired" else today + 2 * year
        licence = services.licence_grant(acting_user=officer, licence=licence, number=number, valid_from=today - year,
                                         valid_until=valid_until, conditions=extra.get("conditions", ""))
        if state in {"suspended", "cancelled", "banned"}:
            penalty = {"suspended": "suspend", "cancelled": "cancel", "banned": "ban"}[state]
            proceeding = services.sanction_notify(acting_user=officer, licence=licence, charge=extra["charge"],
                                                  proposed_penalty=penalty, answer_due=today)
            services.sanction_answer(acting_user=None, proceeding=proceeding, answer="The agency denies the charge.")
            services.sanction_decide(acting_user=officer, proceeding=proceeding, outcome="sanctioned", decision=extra["charge"],
                                     suspended_until=today + timedelta(days=90) if state == "suspended" else None)
        return licence.agency

    code = "DMW" if origin == "PH" else "DOFE"
    bayanihan = agency("Bayanihan Manpower Services Inc. (demo)", organisation=ctx.organisations["agency"],
                       number=f"{code}-001-LB-2025", registration_number="CS201912345",
                       owners=[{"full_name": "Corazon Villareal", "nationality": origin, "share_percent": 60},
                               {"full_name": "Emilio Navarro", "nationality": origin, "share_percent": 40}],
                       branches=[{"name": "Cebu branch", "address": "Osmeña Blvd, Cebu City"},
                                 {"name": "Davao branch", "address": "J.P. Laurel Ave, Davao City"}])
    others = [
        agency("Mabuhay Global Placement Corp. (demo)", number=f"{code}-002-LB-2025"),
        agency("Sagarmatha Manpower Pvt. Ltd. (demo)", number=f"{code}-003-LB-2025"),
        agency("सगरमाथा ओभरसिज प्रा. लि. (demo)", number=f"{code}-004-LB-2025"),
        agency("شركة النور للاستقدام (demo)", number=f"{code}-005-LB-2025"),
        agency("Tala Overseas Placement Co. (demo)", state="applied"),
        agency("Silangan Recruitment Agency (demo)", state="expired", number=f"{code}-006-LB-2023"),
        agency("Golden Horizon Manpower Inc. (demo)", state="suspended", number=f"{code}-007-LB-2024",
               charge="Charged 14 workers placement fees"),
        agency("Pacific Star Staffing Ltd. (demo)", state="cancelled", number=f"{code}-008-LB-2022",
               charge="Sent workers to an unverified employer"),
        agency("Lucky Dragon Manpower (demo)", state="banned", number=f"{code}-009-LB-2021",
               charge="Trafficking conviction of the owner"),
        agency("हिमालयन म्यानपावर (demo)", number=f"{code}-010-LB-2025"),
    ]
    ctx.extra["agencies"] = [bayanihan, *others]
    for name, locality in [("Pedro Magbanua", "Kalibo, Aklan"), ("Rosalinda Baguio", "Tuguegarao, Cagayan"),
                           ("Ram Kumar Thapa", "Pokhara, Kaski")]:
        services.subagent_register(acting_user=None, agency=bayanihan, full_name=name, locality=locality, screen=False)
    services.subagent_register(acting_user=None, agency=others[6], full_name="Danilo Reyes", locality="Batangas City", screen=False)

    employer = services.employer_register(acting_user=None, name="Al Noor Home Services Co. (demo)", country=abroad,
                                          registration_number="1010998877", address="King Fahd Road, Riyadh",
                                          organisation=ctx.organisations["employer"], screen=False)
    employer = services.employer_verify(acting_user=inspector, employer=employer, note="Commercial registration and site visit")
    builder = services.employer_register(acting_user=None, name="Gulf Star Contracting LLC (demo)", country=abroad,
                                         registration_number="2050112233", address="Industrial Area, Jeddah", screen=False)
    builder = services.employer_verify(acting_user=inspector, employer=builder, note="Documents checked")
    sub = services.employer_register(acting_user=None, name="Desert Rose Cleaning Est. (demo)", country=abroad,
                                     registration_number="4030556677", address="Olaya, Riyadh", principal=builder, screen=False)
    sub = services.employer_verify(acting_user=inspector, employer=sub, note="Visit by the labour attaché's office")
    services.employer_register(acting_user=None, name="Oasis Catering Services (demo)", country=abroad,
                               registration_number="4030000001", address="Dammam", screen=False)
    abusive = services.employer_register(acting_user=None, name="Red Palm Household Services (demo)", country=abroad,
                                         registration_number="1010666666", address="Riyadh", screen=False)
    abusive = services.employer_verify(acting_user=inspector, employer=abusive, note="Documents checked")
    ctx.extra["employers"] = {"household": employer, "builder": builder, "cleaning": sub, "abusive": abusive}

    expires = today + timedelta(days=90)
    orders = [
        (employer, "9111", "Household service worker", "domestic_work", "1500.00", ["fil", "en"]),
        (builder, "7112", "Bricklayer", "construction", "1800.00", ["en", "ne"]),
        (builder, "8342", "Heavy equipment operator", "construction", "2600.00", ["en"]),
        (sub, "9112", "Office cleaner", "other", "1200.00", ["fil", "en"]),
    ]
    for emp, occupation, title, sector, amount, languages in orders:
        order = services.job_order_create(acting_user=None, employer=emp, agency=bayanihan, occupation=occupation, title=title,
                                          workers_needed=10, worksite=emp.address, expires_on=expires, languages=languages,
                                          offered_terms=_terms(origin, emp, occupation, title, sector, amount))
        services.job_order_approve(acting_user=officer, job_order=order)
    services.job_order_create(acting_user=None, employer=employer, agency=others[0], occupation="5120", title="Cook",
                              workers_needed=2, worksite="Riyadh", expires_on=expires, languages=["en"],
                              offered_terms=_terms(origin, employer, "5120", "Cook", "hospitality", "1700.00"))
    red = services.job_order_create(acting_user=None, employer=abusive, agency=bayanihan, occupation="9111",
                                    title="Household service worker", workers_needed=5, worksite="Riyadh", expires_on=expires,
                                    offered_terms=_terms(origin, abusive))
    try:
        services.job_order_approve(acting_user=officer, job_order=red)
    except errors.Watchlisted:
        pass  # two peered demo nodes (scripts/demo.sh): the origin's entry for this employer arrived first
    # A destination officer watchlists the abusive employer: its order leaves the board with the reason.
    services.watchlist_entry_add(acting_user=inspector, subject_kind="employer", name=abusive.name, employer=abusive,
                                 country=abroad, registration_number=abusive.registration_number,
                                 reason="Wages unpaid for six months; passports withheld", evidence_reference="Labour case 2026/118")
    services.watchlist_entry_add(acting_user=officer, subject_kind="agency", name="Lucky Dragon Manpower", agency=others[8],
                                 reason="Owner convicted of trafficking", evidence_reference="Court decision 2025-44")
    services.watchlist_entry_add(acting_user=officer, subject_kind="person", name="Mohammed Al Harbi",
                                 reason="Recruited workers without a licence", evidence_reference="Case 2026/7")
    services.watchlist_entry_receive(peer={"country": abroad, "key_id": f"{abroad.lower()}-demo-key"}, payload={
        "id": "WL-2026-0031", "subject_kind": "employer", "name": "Sunrise Manpower Supply WLL", "country": abroad,
        "registration_number": "5555000011", "reason": "Contract substitution reported by 9 workers",
        "evidence_reference": "Ministry inspection 2026/31", "starts_on": str(today - timedelta(days=10)),
    })
    # A similar name registered as a sub-agent goes to the review queue instead of being blocked.
    services.subagent_register(acting_user=None, agency=others[0], full_name="Muhammad Al-Harbi", locality="Marawi, Lanao del Sur")
    ctx.accounts.append(("Public", "/recruiters/", "verify a recruiter, e.g. 'bayanihn' or 'النور'"))
