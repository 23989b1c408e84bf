"""A check result told to a worker: a verdict first, a handful of plain sentences, the full list behind them.

The engine's result (spec/CONTRACTS.md section 2) is unchanged; this only reads it. Nothing here names a rule id or
a field path: a term is named by a plain, translatable label, a law by the name of its instrument.

Verdicts:
- "sign": no violation, and nothing a violation-level rule needs is missing;
- "not_yet": no broken rule, but a term the law requires is not stated (or a country's rules are missing): ask for
  it in writing, then check again;
- "no": at least one violation that is not merely a missing term.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

MAX_SENTENCES = 5
SIGN, NOT_YET, DO_NOT_SIGN = "sign", "not_yet", "no"
MISSING = "contract.missing_term"

# Every term of the interchange form a rule can ask for, in the worker's words.
TERM_LABELS = {
    "employer.address": _("the employer's address"),
    "employer.name": _("the employer's name"),
    "job.worksite": _("where you will work"),
    "job.title": _("your job"),
    "job.sector": _("the kind of work"),
    "job.live_in": _("whether you live in the employer's home"),
    "term.start_date": _("the start date"),
    "term.duration_months": _("how long the contract lasts"),
    "term.probation_days": _("how long the trial period lasts"),
    "wage.amount": _("your basic wage"),
    "wage.currency": _("the currency of your wage"),
    "wage.period": _("whether the wage is per month, week, day or hour"),
    "wage.payment_frequency": _("how often you are paid"),
    "wage.payment_method": _("how you are paid (bank, cash)"),
    "wage.paid_directly_to_worker": _("that the wage is paid to you, not to someone else"),
    "wage.national_reference_wage": _("what local workers are paid for the same work"),
    "hours.normal_daily": _("your working hours a day"),
    "hours.normal_weekly": _("your working hours a week"),
    "hours.overtime_premium_pct": _("the extra pay for overtime"),
    "rest.daily_rest_hours": _("your daily rest"),
    "rest.weekly_rest_hours": _("your weekly day off"),
    "rest.annual_leave_days": _("your paid holidays each year"),
    "accommodation.provided": _("whether you get a place to live"),
    "accommodation.charge_to_worker": _("what you pay for your place to live"),
    "food.provided": _("whether you get food"),
    "food.charge_to_worker": _("what you pay for food"),
    "medical.care_paid_by_employer": _("that the employer pays your medical care"),
    "medical.health_insurance": _("your health insurance"),
    "safety.protective_equipment_free": _("free safety equipment"),
    "safety.safety_training": _("safety training"),
    "social_security.work_injury_insurance": _("insurance if you are hurt at work"),
    "social_security.welfare_fund_member": _("your membership of your country's workers' welfare fund"),
    "social_security.pension_portable": _("your pension"),
    "documents.worker_keeps_identity_documents": _("that you keep your own passport"),
    "fees.paid_by_worker": _("the fees you pay"),
    "transport.outbound_paid_by": _("who pays your travel to the job"),
    "transport.return_paid_by": _("who pays your travel home"),
    "termination.notice_days": _("the notice to end the contract"),
    "termination.worker_may_change_employer": _("whether you may change employer"),
    "termination.end_of_service_benefit": _("the end-of-service payment"),
    "languages.contract": _("the language the contract is written in"),
    "signatures.worker_signed_on": _("the date you sign"),
    "signatures.employer_signed_on": _("the date the employer signs"),
}

# What is wrong and what to do, one sentence per category of the closed list in spec/CONTRACTS.md.
CATEGORY_SENTENCES = {
    "contract.language": _("The contract is not in a language you understand: ask for it in your language."),
    "wage.below_minimum": _("The pay is below the legal minimum: ask for at least the minimum wage in writing."),
    "wage.below_parity": _("You would be paid less than local workers for the same work: ask for equal pay."),
    "wage.payment": _("The wage must be paid to you, in money, at least every month: ask for this in writing."),
    "hours.daily": _("The working day is longer than the law allows: ask for shorter hours in writing."),
    "hours.weekly": _("The working week is longer than the law allows: ask for shorter hours in writing."),
    "hours.overtime": _("Overtime is paid less than the law requires: ask for the legal overtime pay."),
    "rest.daily": _("You would get less daily rest than the law requires: ask for the legal rest."),
    "rest.weekly": _("You would get less weekly rest than the law requires: ask for a full day off each week."),
    "leave.annual": _("You would get fewer paid holidays than the law requires: ask for the legal leave."),
    "documents.retention": _("Someone else would keep your passport: you must keep it yourself. Do not agree to "
                             "hand it over."),
    "fees.worker_paid": _("You would pay fees the law does not allow: do not pay them, and ask for a contract "
                          "without them."),
    "deductions.accommodation": _("The charge for your place to live is too high: ask for the legal amount."),
    "deductions.food": _("The charge for food is too high: ask for the legal amount."),
    "deductions.total": _("Too much would be taken from your wage: ask for smaller deductions."),
    "health.medical": _("Your medical care is not covered as the law requires: ask for it in writing."),
    "health.safety": _("Safety at work is not provided as the law requires: ask for it in writing."),
    "social.protection": _("You would not have the insurance the law requires: ask for it in writing."),
    "transport.return": _("The employer must pay your travel: ask for this in writing."),
    "mobility.employer_change": _("The contract stops you changing employer where the law allows it: ask for "
                                  "this clause to be removed."),
    "term.duration": _("The contract or its trial period is longer than the law allows: ask for a shorter one."),
}
FALLBACK_SENTENCE = _("A term breaks the rules: ask for it to be changed before you sign.")
NOT_STATED = _("Not stated: %(term)s. Ask for it in writing before you sign.")
NO_RULES = _("Corridor has no rules for one of the countries on this date, so the offer could not be fully "
             "checked: ask the labour office before you sign.")


def term_label(path: str) -> str:
    label = TERM_LABELS.get(path)
    if label is not None:
        return str(label)
    head = path.split(".", 1)[0]
    return str(TERM_LABELS.get(head, _("a term of the contract")))


def _law(finding: dict[str, Any]) -> dict[str, str]:
    citation = finding.get("citation") or {}
    return {"name": citation.get("instrument", ""), "article": citation.get("article", ""),
            "url": citation.get("url", "")}


def _item(finding: dict[str, Any]) -> dict[str, Any]:
    if finding["category"] == MISSING:
        text = NOT_STATED % {"term": term_label(finding.get("term", ""))}
        kind = "missing"
    else:
        text = str(CATEGORY_SENTENCES.get(finding["category"], FALLBACK_SENTENCE))
        kind = finding["severity"]
    return {"kind": kind, "severity": finding["severity"], "text": text, "law": _law(finding),
            "key": (finding["category"], finding.get("term", "")) if kind == "missing" else (finding["category"],)}


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    """The worker's reading of a check result: verdict, at most five sentences, and every item in plain words."""
    findings = result.get("findings", [])
    breaking = [f for f in findings if f["severity"] == "violation" and f["category"] != MISSING]
    missing_needed = [f for f in findings if f["severity"] == "violation" and f["category"] == MISSING]
    gaps = [n for n in result.get("not_checked", []) if n.get("blocking") and n.get("reason") != "missing_term"
            and n.get("reason") != "missing_rate"]
    if breaking:
        verdict = DO_NOT_SIGN
    elif missing_needed or gaps or not result.get("compliant", False):
        verdict = NOT_YET
    else:
        verdict = SIGN

    # what is wrong first (a broken rule, then a warning of one), then what must be asked for, then the rest
    ordered = (breaking
               + [f for f in findings if f["severity"] != "violation" and f["category"] != MISSING]
               + missing_needed
               + [f for f in findings if f["severity"] != "violation" and f["category"] == MISSING])
    items, seen, everything, seen_all = [], set(), [], set()
    for finding in ordered:
        item = _item(finding)
        if (item["text"], item["law"]["name"]) not in seen_all:  # the full list: every law that says it
            seen_all.add((item["text"], item["law"]["name"]))
            everything.append(item)
        if item["key"] in seen:  # the short list: one sentence per problem
            continue
        seen.add(item["key"])
        items.append(item)
    if gaps:
        gap = {"kind": "gap", "severity": "violation", "text": str(NO_RULES),
               "law": {"name": "", "article": "", "url": ""}, "key": ("gap",)}
        items.insert(len({(f["category"],) for f in ordered if f["category"] != MISSING}), gap)
        everything.insert(0, gap)
    notes = [n["message"] for n in result.get("not_checked", []) if str(n.get("reason", "")).startswith("theme_")]
    # The short list: what changes the verdict, then warnings; "not stated" notes that change nothing stay below.
    top = [i for i in items if i["severity"] == "violation" or i["kind"] == "warning"][:MAX_SENTENCES]
    return {"verdict": verdict, "top": top, "items": everything, "notes": notes}


VERDICT_HEADLINES = {SIGN: _("You can sign this offer."), NOT_YET: _("Do not sign yet."),
                     DO_NOT_SIGN: _("Do not sign this offer.")}
VERDICT_ADVICE = {
    SIGN: _("It meets every rule that applies. Keep a copy, and keep your passport yourself."),
    NOT_YET: _("Some terms the law requires are not stated. Ask for them in writing, then check again."),
    DO_NOT_SIGN: _("It breaks the law. Ask for these terms to be changed, or ask for help."),
}


def _public(item: dict[str, Any]) -> dict[str, Any]:
    return {"kind": item["kind"], "severity": item["severity"], "text": str(item["text"]), "law": dict(item["law"])}


def explain(result: dict[str, Any]) -> dict[str, Any]:
    """The worker's reading as plain data (the API's `plain` extension), in the active language: the same verdict,
    sentences and full list that the check page shows. Render it inside `translation.override(lang)`."""
    summary = summarise(result)
    verdict = summary["verdict"]
    return {"verdict": verdict, "headline": str(VERDICT_HEADLINES[verdict]), "advice": str(VERDICT_ADVICE[verdict]),
            "sentences": [_public(i) for i in summary["top"]], "all": [_public(i) for i in summary["items"]],
            "notes": [str(n) for n in summary["notes"]]}


# The same terms named for officers (substitution changes, refusals): neutral titles, no field paths.
TERM_TITLES = {
    "corridor.origin": _("Country of origin"), "corridor.destination": _("Country of work"),
    "worker.full_name": _("Worker's name"), "worker.nationality": _("Nationality"),
    "worker.date_of_birth": _("Date of birth"), "worker.sex": _("Sex"), "worker.passport_number": _("Passport number"),
    "worker.languages": _("Worker's languages"),
    "employer.name": _("Employer"), "employer.country": _("Employer's country"),
    "employer.registration_number": _("Employer's registration number"), "employer.address": _("Employer's address"),
    "recruiters": _("Recruiters"), "job.title": _("Job title"), "job.isco08": _("Occupation"),
    "job.sector": _("Kind of work"), "job.worksite": _("Worksite"), "job.live_in": _("Lives in"),
    "term.start_date": _("Start date"), "term.duration_months": _("Length of the contract"),
    "term.probation_days": _("Trial period"), "wage.amount": _("Basic wage"), "wage.currency": _("Wage currency"),
    "wage.period": _("Wage period"), "wage.allowances": _("Allowances"),
    "wage.payment_frequency": _("How often paid"), "wage.payment_method": _("How paid"),
    "wage.paid_directly_to_worker": _("Paid to the worker directly"),
    "wage.national_reference_wage": _("Wage of national workers"),
    "hours.normal_daily": _("Hours a day"), "hours.normal_weekly": _("Hours a week"),
    "hours.overtime_premium_pct": _("Overtime premium"), "rest.daily_rest_hours": _("Daily rest"),
    "rest.weekly_rest_hours": _("Weekly rest"), "rest.annual_leave_days": _("Paid annual leave"),
    "accommodation.provided": _("Housing provided"), "accommodation.charge_to_worker": _("Housing charge"),
    "accommodation.standard": _("Housing standard"), "food.provided": _("Food provided"),
    "food.charge_to_worker": _("Food charge"), "food.standard": _("Food standard"), "deductions": _("Deductions"),
    "medical.care_paid_by_employer": _("Medical care paid by the employer"),
    "medical.health_insurance": _("Health insurance"),
    "safety.protective_equipment_free": _("Free protective equipment"), "safety.safety_training": _("Safety training"),
    "social_security.work_injury_insurance": _("Work-injury insurance"),
    "social_security.welfare_fund_member": _("Welfare fund membership"),
    "social_security.pension_portable": _("Portable pension"),
    "documents.worker_keeps_identity_documents": _("Worker keeps the passport"),
    "fees.paid_by_worker": _("Fees paid by the worker"), "transport.outbound_paid_by": _("Outbound travel paid by"),
    "transport.return_paid_by": _("Return travel paid by"), "termination.notice_days": _("Notice period"),
    "termination.worker_may_change_employer": _("May change employer"),
    "termination.end_of_service_benefit": _("End-of-service benefit"),
    "languages.contract": _("Language of the contract"), "dispute_resolution": _("Dispute resolution"),
    "signatures.worker_signed_on": _("Signed by the worker on"),
    "signatures.employer_signed_on": _("Signed by the employer on"),
}


def term_title(path: str) -> str:
    """An officer's name for a term of the interchange form; an unknown path shows as 'Other term'."""
    title = TERM_TITLES.get(path) or TERM_TITLES.get(path.split(".", 1)[0])
    return str(title) if title is not None else str(_("Other term"))
