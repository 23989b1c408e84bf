"""Know before you go: what a worker going to one destination for one occupation should know, built from the node's
own data (the rulesets, the registry, the curated hotlines, the shipped data files), never written by hand.

Every line carries its `source`, which a test resolves: a rule of the catalogue (`{"kind": "rule", "id": ...}`), a
row of a shipped data file (`{"kind": "data", "file": ..., "line": n}`), a record of this node
(`{"kind": "record", "model": ..., "pk": ...}`) or a page of this node (`{"kind": "page", "url": ...}`)."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from corridor.contracts.plain import term_label
from corridor.core import hotlines
from corridor.core.languages import normalise_language
from corridor.guidance import localise
from corridor.guidance.remittance import SDG_TARGET_PCT
from corridor.registry import selectors as registry_selectors
from corridor.rules import guidance as rules_guidance

MINIMUM_WAGES = Path(__file__).resolve().parent / "data" / "minimum_wage_statutory_monthly_ilostat.csv"

# The sector of the contract form that an ISCO-08 occupation falls in, for choosing the rules that apply (the longest
# matching prefix wins; anything else is "other", for which only rules of every sector apply).
ISCO_SECTORS = {
    "9111": "domestic_work", "5152": "domestic_work", "5322": "care", "5321": "care",
    "71": "construction", "9312": "construction", "9313": "construction",
    "61": "agriculture", "62": "fishing", "92": "agriculture", "9216": "fishing",
    "8": "manufacturing", "9321": "manufacturing", "9329": "manufacturing",
    "51": "hospitality", "94": "hospitality", "83": "transport", "22": "health", "32": "health",
}
# Occupations the index offers besides those of the job board: the commonest of labour migration.
COMMON_OCCUPATIONS = ("9111", "5322", "5120", "5131", "7112", "9313", "8322", "9112", "6111", "7411")


def sector_of(isco: str) -> str:
    for length in range(len(isco), 0, -1):
        if isco[:length] in ISCO_SECTORS:
            return ISCO_SECTORS[isco[:length]]
    return "other"


def _num(value) -> str:
    """A number in the reader's locale and its default numbering system (CLDR, guidance/localise.py)."""
    return localise.number(Decimal(str(value)))


def _right(rule) -> str:
    """The right a rule gives, in one plain sentence in the reader's language."""
    p = rule.params
    check = rule.check
    if check == "hours_daily_at_most":
        return _("Normal working hours: at most %(hours)s a day.") % {"hours": _num(p["hours"])}
    if check == "hours_weekly_at_most":
        return _("Normal working hours: at most %(hours)s a week.") % {"hours": _num(p["hours"])}
    if check == "weekly_rest_at_least":
        return _("A weekly rest of at least %(hours)s hours in a row.") % {"hours": _num(p.get("hours", 24))}
    if check == "daily_rest_at_least":
        return _("A daily rest of at least %(hours)s hours.") % {"hours": _num(p.get("hours", 0))}
    if check == "annual_leave_at_least":
        if "working_weeks" in p:
            return _("Paid annual leave of at least %(weeks)s working weeks.") % {"weeks": _num(p["working_weeks"])}
        return _("Paid annual leave of at least %(days)s days a year.") % {"days": _num(p.get("days", 0))}
    if check == "wage_at_least":
        return _("A basic wage of at least %(amount)s %(currency)s a %(period)s.") % {
            "amount": _num(p["amount"]), "currency": p.get("currency", ""), "period": _period(p.get("period", "month"))}
    if check == "wage_payment":
        return _("Your wage is paid to you, in money, at least every month.")
    if check == "overtime_premium_at_least":
        return _("Overtime is paid at least %(pct)s%% more than normal hours.") % {"pct": _num(p["pct"])}
    if check == "term_at_most" and p.get("term") == "term.probation_days":
        return _("A trial period of at most %(days)s days.") % {"days": _num(p["value"])}
    if check == "term_equals":
        sentence = _term_rights().get(p.get("term"))
        if sentence is not None:
            return str(sentence)
    if check == "worker_age_at_least":
        return _("You must be at least %(years)s years old for this work.") % {"years": _num(p["years"])}
    if check == "contract_language_understood":
        return _("A written contract in a language you understand.")
    if check == "terms_present":
        return _("A written contract that states: %(terms)s.") % {"terms": ", ".join(term_label(t) for t in p.get("terms", []))}
    if check == "provided_or_allowance_at_least":
        what = {"accommodation": _("A place to live"), "food": _("Food")}.get(p.get("provision"), p.get("provision"))
        return _("%(what)s provided by the employer, or an allowance of at least %(amount)s %(currency)s.") % {
            "what": what, "amount": _num(p.get("amount", 0)), "currency": p.get("currency", "")}
    if check == "fees_at_most":
        return _("Limits on what you may be charged for recruitment (see below).")
    if check == "wage_parity":
        return _("The same pay as local workers for the same work.")
    if check == "provision_charge_at_most":
        if str(p.get("amount", "")).strip("0.") == "":
            return _("You are not charged for %(what)s.") % {"what": term_label(f"{p.get('provision')}.provided")}
        return _("What you are charged for %(what)s is limited to %(amount)s %(currency)s.") % {
            "what": term_label(f"{p.get('provision')}.provided"), "amount": _num(p["amount"]),
            "currency": p.get("currency", "")}
    return _("A rule of law on %(term)s applies.") % {"term": term_label(p.get("term", rule.category or ""))}


def _period(period: str) -> str:
    return {"hour": _("hour"), "day": _("day"), "week": _("week"), "month": _("month")}.get(period, period)


def _term_rights() -> dict[str, str]:
    return {
        "documents.worker_keeps_identity_documents": _("You keep your own passport and identity documents."),
        "transport.return_paid_by": _("The employer pays your travel home."),
        "transport.outbound_paid_by": _("The employer pays your travel to the job."),
        "social_security.welfare_fund_member": _("You are a member of your country's workers' welfare fund."),
        "termination.worker_may_change_employer": _("You may change employer."),
        "social_security.work_injury_insurance": _("You are insured if you are hurt at work."),
        "safety.protective_equipment_free": _("Safety equipment is free for you."),
        "medical.care_paid_by_employer": _("The employer pays your medical care."),
    }


def _line(text: str, source: dict, *, cite: dict | None = None, note: str = "", binding: bool | None = None) -> dict:
    ref = source.get("id") or source.get("file") or source.get("model") or source.get("url") or ""
    return {"text": text, "source": source, "ref": f"{source['kind']}:{ref}", "cite": cite or {}, "note": note,
            "binding": binding}


def _rule_line(ruleset, rule, bound) -> dict:
    cite = {"instrument": rule.citation.instrument, "article": rule.citation.article, "url": rule.citation.url}
    if bound is False:
        note = _("An international standard this country has not ratified: guidance, not its law.")
    elif rule.severity != "violation":
        note = _("The law leaves some room here (for example with your written consent): ask for it in writing.")
    else:
        note = ""
    return _line(_right(rule), {"kind": "rule", "id": rule.id, "ruleset": ruleset.id, "version": ruleset.version},
                 cite=cite, note=note, binding=bound)


@cache
def _minimum_wage_rows() -> dict[str, tuple[int, dict]]:
    with MINIMUM_WAGES.open(newline="", encoding="utf-8") as handle:
        return {row["iso3"]: (number, row) for number, row in enumerate(csv.DictReader(handle), start=2)}


@dataclass
class Guide:
    origin: str
    destination: str
    isco: str
    sector: str
    occupation_title: str
    on: dt.date
    rights: list = field(default_factory=list)
    wages: list = field(default_factory=list)
    fees: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    agencies: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    remittance: list = field(default_factory=list)
    complain: list = field(default_factory=list)
    remittance_summary: object = None
    contacts_note: str = ""

    def sections(self) -> list[tuple[str, list]]:
        return [("rights", self.rights), ("wages", self.wages), ("fees", self.fees), ("documents", self.documents),
                ("agencies", self.agencies), ("contacts", self.contacts), ("remittance", self.remittance),
                ("complain", self.complain)]

    def lines(self) -> list[dict]:
        return [line for _name, lines in self.sections() for line in lines]


DOCUMENT_CATEGORIES = ("documents.retention", "contract.language", "contract.missing_term", "social.protection")


def build(*, origin: str, destination: str, isco: str, occupation_title: str = "", on: dt.date | None = None,
          alpha3=None, remittance=None) -> Guide:
    """The guide for a worker from `origin` going to `destination` for ISCO-08 unit group `isco`, in the active
    language."""
    on = on or timezone.localdate()
    sector = sector_of(isco)
    guide = Guide(origin=origin, destination=destination, isco=isco, sector=sector, occupation_title=occupation_title, on=on)
    lang = normalise_language(get_language())
    applied = rules_guidance.rules_for(origin, destination, sector, isco, on)
    for ruleset, rule, bound in applied:
        if rule.check == "fees_at_most":
            continue
        line = _rule_line(ruleset, rule, bound)
        if rule.check == "wage_at_least":
            guide.wages.append(line)
            continue
        guide.rights.append(line)
        if rule.category in DOCUMENT_CATEGORIES or rule.params.get("term") == "documents.worker_keeps_identity_documents":
            text = _document(rule)
            if text not in {d["text"] for d in guide.documents}:
                guide.documents.append(_line(text, line["source"], cite=line["cite"]))
    if not guide.wages and alpha3:
        number, row = _minimum_wage_rows().get(alpha3, (None, None))
        source = {"kind": "data", "file": MINIMUM_WAGES.name, "line": number}
        if row and row["minimum_wage_monthly_local"]:
            text = _("ILOSTAT figure, not a rule Corridor applies: the statutory minimum wage was %(amount)s %(currency)s "
                     "a month in %(year)s.") % {"amount": _num(row["minimum_wage_monthly_local"]),
                                              "currency": row["currency_code"], "year": localise.year(row["year_reported"])}
            note = _("One national figure can hide rates for nationals only or for some sectors; it may not apply to you. "
                     "Ask for the wage in writing in your contract.")
            guide.wages.append(_line(text, source, note=note))
        elif row:
            guide.wages.append(_line(_("ILOSTAT lists no statutory national minimum wage for this country: your wage "
                                       "is what your contract says. Ask for it in writing."), source))
    for sentence in rules_guidance.fee_sentences(origin, destination, sector, on, lang=lang):
        if sentence["rule"]:
            guide.fees.append(_line(sentence["text"], {"kind": "rule", "id": sentence["rule"]}))
    if guide.fees:
        guide.fees.append(_line(_("Anything else you are asked to pay for your recruitment: ask the labour office "
                                  "before you pay, and keep every receipt."), guide.fees[0]["source"]))
    seen_agencies = set()
    for order in registry_selectors.job_board(country=destination, occupation=isco)[:50]:
        agency = order.agency
        if agency.pk in seen_agencies:
            continue
        seen_agencies.add(agency.pk)
        licences = list(agency.licences.all())
        number = next((licence.number for licence in licences if licence.number), "")
        guide.agencies.append(_line(agency.name, {"kind": "record", "model": "registry.agency", "pk": agency.pk},
                                    note=number))
    guide.agencies.append(_line(_("Check any recruiter by name or licence number before you pay or sign."),
                                {"kind": "page", "url": reverse("registry:verify")}))
    for country in (destination, origin):
        for contact in hotlines.for_country(country):
            guide.contacts.append(_line(f"{contact['label']}: {contact['name']}", {
                "kind": "data", "file": "hotlines.toml", "country": country, "phone": contact["phone"]},
                note=contact["phone"]) | {"tel": contact["tel"], "country": country,
                                         "international": contact.get("international", ""),
                                         "caveat": _SECONDARY() if contact.get("confidence") != "official" else ""})
    guide.contacts_note = _("Numbers were checked against official or press sources when compiled; they change, "
                            "especially in the Gulf: check them again when you arrive.")
    guide.remittance_summary = remittance
    guide.remittance = remittance_lines(remittance, origin, destination)
    guide.complain = [
        _line(_("File a complaint online, from anywhere, also without giving your name: you get a code to follow it."),
              {"kind": "page", "url": reverse("cases:complaint-new")}),
        _line(_("Follow your complaint with its code."), {"kind": "page", "url": reverse("cases:follow")}),
    ]
    return guide


def remittance_lines(summary, origin: str, destination: str) -> list[dict]:
    """What sending USD 200 home costs on the corridor, against the SDG target, and how it changed in a year."""
    if summary is None:
        return []
    latest = summary.latest
    source = {"kind": "record", "model": "guidance.remittancecost", "origin": origin, "destination": destination,
              "period": latest.period}
    lines = [_line(
        _("Sending USD 200 home cost on average %(pct)s%% (USD %(usd)s) in %(period)s, over all providers surveyed.")
        % {"pct": _num(round(latest.cost_pct, 2)), "usd": localise.number(latest.cost_usd, places=2),
           "period": latest.period}, source)]
    target = {"target": _num(SDG_TARGET_PCT)}
    if latest.above_sdg_target:
        lines.append(_line(_("That is above the %(target)s%% the world has agreed to reach by 2030 (SDG target 10.c).")
                           % target, source))
    else:
        lines.append(_line(_("That is below the %(target)s%% the world has agreed to reach by 2030 (SDG target 10.c).")
                           % target, source))
    if summary.earlier is not None:
        values = {"period": summary.earlier.period, "pct": _num(round(summary.earlier.cost_pct, 2))}
        text = (_("A year before (%(period)s) it cost %(pct)s%%: it has gone up.") if summary.change_pct > 0
                else _("A year before (%(period)s) it cost %(pct)s%%: it has gone down or stayed the same."))
        lines.append(_line(text % values, source | {"period": summary.earlier.period}))
    # The figures written into the sentences themselves (USD 200, the year 2030, the quarter) in the reader's digits.
    return [line | {"text": localise.digits(line["text"])} for line in lines]


def _SECONDARY() -> str:  # noqa: N802 - a message, translated when the guide is built
    return _("Reported by the press quoting the agency, not read on the agency's own page: check it again.")


def _document(rule) -> str:
    if rule.category == "documents.retention" or rule.params.get("term") == "documents.worker_keeps_identity_documents":
        return _("Your passport and identity documents: keep them yourself; no one may hold them.")
    if rule.category in ("contract.language", "contract.missing_term"):
        return _("Your signed contract, in a language you understand: keep a copy.")
    return _("Proof of your insurance and welfare-fund membership.")
