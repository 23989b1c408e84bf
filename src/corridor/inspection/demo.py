"""Demo data for inspection. A destination node: worksites, risk signals and scores, a campaign plan, a finished
visit with findings, a confidential interview, an order and a sanction. An origin node: a sanction notice as a
destination inspectorate would send it. All fictional."""

from datetime import timedelta

from django.utils import timezone

from corridor.inspection import checklists, services
from corridor.inspection.choices import RiskFactor, Sector

ORIGINS = {"PH", "NP"}


def _verified(user):
    user.is_verified = lambda: True
    return user


def load(ctx) -> None:
    if ctx.country in ORIGINS:
        _origin(ctx)
        return
    employers = ctx.extra.get("employers")
    inspector = ctx.users.get("inspector")
    if not employers or inspector is None:
        return
    inspector = _verified(inspector)
    today = timezone.localdate()
    household, builder, cleaning, abusive = (employers[k] for k in ("household", "builder", "cleaning", "abusive"))
    sites = {
        "household": services.worksite_register(acting_user=inspector, employer=household, name="Al Noor staff housing (demo)",
                                                region="Riyadh", sector=Sector.DOMESTIC_WORK, workforce=40),
        "camp": services.worksite_register(acting_user=inspector, employer=builder, name="Gulf Star labour camp (demo)",
                                           region="Jeddah", sector=Sector.CONSTRUCTION, workforce=420),
        "tower": services.worksite_register(acting_user=inspector, employer=builder, name="Corniche tower site (demo)",
                                            region="Jeddah", sector=Sector.CONSTRUCTION, workforce=260),
        "cleaning": services.worksite_register(acting_user=inspector, employer=cleaning, name="Desert Rose depot (demo)",
                                               region="Riyadh", sector=Sector.CLEANING, workforce=85),
        "abusive": services.worksite_register(acting_user=inspector, employer=abusive, name="Red Palm dormitory (demo)",
                                              region="Riyadh", sector=Sector.DOMESTIC_WORK, workforce=30),
    }
    # Signals as the other apps would have published them (wages, cases): the subscribers' own service.
    for i, (employer, factor, units) in enumerate([
            (abusive, RiskFactor.WAGE_ARREARS, 3), (abusive, RiskFactor.CASE_FORCED_LABOUR, 1),
            (abusive, RiskFactor.CASE_GRIEVANCE, 1), (abusive, RiskFactor.CASE_GRIEVANCE, 1),
            (builder, RiskFactor.WAGE_LATE, 1), (builder, RiskFactor.WAGE_LATE, 1), (builder, RiskFactor.SUBSTITUTION, 1),
            (cleaning, RiskFactor.WAGE_LATE, 1)]):
        services.signal_record(employer_id=employer.pk, factor=factor, source="demo", source_ref=f"demo:{i}", magnitude=units)
    services.risk_scores_compute()
    services.plan_create(acting_user=inspector, name="Domestic work, Riyadh, first quarter (demo)", sector=Sector.DOMESTIC_WORK,
                         region="Riyadh", starts_on=today, ends_on=today + timedelta(days=90), quotas=[(inspector, 2)])
    services.plan_create(acting_user=inspector, name="Construction camps, Jeddah (demo)", sector=Sector.CONSTRUCTION,
                         region="Jeddah", starts_on=today, ends_on=today + timedelta(days=90), quotas=[(inspector, 1)])
    # A finished visit with findings, an interview, an order and a sanction, at the camp.
    visit = services.visit_schedule(acting_user=inspector, worksite=sites["camp"], kind="complaint",
                                    reason="Complaint about the camp's housing and late wages (demo)")
    visit = services.visit_start(acting_user=inspector, visit=visit)
    broken = {"hs.space": "Twelve workers in one room, no ventilation", "wg.paid_on_time": "October wages paid 40 days late",
              "doc.held": "Passports kept in the site office"}
    for item in checklists.current().for_sector(visit.checklist_sector):
        services.checklist_answer(acting_user=inspector, visit=visit, item=item.key,
                                  answer="no" if item.key in broken else "yes", note=broken.get(item.key, ""))
    services.interview_record(acting_user=inspector, visit=visit, interviewee="", language="ne",
                              notes="Two workers say their passports were taken on arrival and not returned.")
    visit = services.visit_complete(acting_user=inspector, visit=visit, summary="Housing overcrowded; passports held.")
    passports = visit.findings.get(item="doc.held")
    ctx.extra["inspection_order"] = services.order_issue(
        acting_user=inspector, visit=visit, finding=passports, requirement="Return every passport to its holder",
        due_on=today + timedelta(days=7))
    services.order_issue(acting_user=inspector, visit=visit, finding=visit.findings.get(item="hs.space"),
                         requirement="House at most four workers per room", due_on=today + timedelta(days=30))
    services.sanction_issue(acting_user=inspector, visit=visit, kind="fine", amount="20000", workers_concerned=2,
                            reason="Passports of two workers held by the employer (demo)")
    services.risk_scores_compute()
    ctx.extra["inspection_visit"] = visit


def _origin(ctx) -> None:
    """What an origin node shows: a destination's sanction of an employer of our nationals."""
    services.sanction_notice_receive(country="SA", body={
        "reference": "S-DEMO0001", "kind": "fine", "amount": "20000", "currency": "SAR", "days": None,
        "employer": {"name": "Gulf Star Contracting LLC (demo)", "registration_number": "2050112233", "country": "SA"},
        "reason": "Passports of two workers held by the employer (demo)",
        "legal_basis": "Labour Law, art. 229(1)(A)", "issued_on": timezone.localdate().isoformat(),
        "workers_from_recipient": 2})
