"""Checks a contract against every ruleset that applies to it, giving the result of CONTRACTS.md section 2."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from typing import Any, NamedTuple

from corridor.core.languages import normalise_language
from corridor.rules import errors, ratifications
from corridor.rules.evaluators import EVALUATORS, MISSING, Breach, Context, get, missing
from corridor.rules.loader import (
    SEVERITIES,
    Catalogue,
    Rule,
    default_catalogue,
)
from corridor.rules.rates import RateTable, default_rates

CheckResult = dict[str, Any]


class UncheckableContract(ValueError):
    """The contract lacks what the engine needs to pick rulesets (corridor, start date): validate it first."""

    code = errors.CONTRACT_UNCHECKABLE


@functools.cache
def _engine_messages() -> dict[str, dict[str, str]]:
    text = resources.files("corridor.rules").joinpath("messages.toml").read_text("utf-8")
    return tomllib.loads(text)


def _render(template: str, **values: str) -> str:
    # str.format_map with only the placeholders the loader allows; braces elsewhere stay as written
    try:
        return template.format_map(values)
    except (KeyError, IndexError, ValueError):
        return template


def _message(rule: Rule, breach: Breach, lang: str) -> str:
    if breach.kind == "breach":
        template = rule.messages.get(lang) or rule.messages["en"]
    else:
        table = _engine_messages()[breach.kind]
        template = table.get(lang) or table["en"]
    return _render(template, expected=breach.expected, actual=breach.actual, term=breach.term, pair=breach.pair,
                   rule=rule.id)


class _Applied(NamedTuple):  # a tuple, not a frozen dataclass: made ~40 times a check (issue 12)
    rule: Rule
    breaches: list[Breach]  # as the evaluator returned them (a list, never changed)
    strength_of: Any  # the evaluator's strength function, or None: how protective the rule is, worked out by _select


_applied = functools.partial(tuple.__new__, _Applied)  # _Applied from a tuple, without NamedTuple's Python-level __new__


def _applies(rule: Rule, contract: Mapping[str, Any], on: dt.date, destination: str, stage: str) -> bool | str:
    """True, False, or the term that decides it but is missing (then the rule reports it)."""
    if rule.stage != stage or not rule.in_force(on):
        return False
    if rule.destinations and destination not in rule.destinations:
        return False
    return _applies_to_document(rule, get(contract, "job.sector"),
                                get(contract, "job.isco08") if rule.occupations else MISSING)


def _severity_rank(severity: str) -> int:
    return len(SEVERITIES) - SEVERITIES.index(severity)  # violation 3, warning 2, info 1


def _select(applied: list[_Applied], ctx: Context, groups: tuple) -> list[tuple[_Applied, list[str]]]:
    """Which applied rules report, with the rules each prevails over.

    Rules that set the same floor are compared: a failing rule is not reported when another rule of the
    group is at least as protective and at least as severe and also fails (it says the same thing, louder
    or stricter). The reported rule names every other rule of the group that is less protective.
    Where any rule of a group cannot be ranked (a missing rate), each reports on its own. How protective a rule is
    is worked out only for the groups where a rule fails (issue 12: most contracts pass most floors). `groups` is
    the document plan's: for each applied rule, its group (see _floor_groups).
    """
    strengths: dict[int, Fraction | None] = {}

    def strength(item: _Applied) -> Fraction | None:
        if id(item) not in strengths:
            strengths[id(item)] = item.strength_of(ctx, item.rule.params) if item.strength_of else None
        return strengths[id(item)]

    reported: list[tuple[_Applied, list[str]]] = []
    for item, floor_group in zip(applied, groups, strict=True):
        if not item.breaches:
            continue
        if floor_group is None:
            reported.append((item, []))
            continue
        members, ranks = floor_group
        group = [applied[i] for i in members]
        if any(strength(g) is None for g in group):
            reported.append((item, []))
            continue
        order = {id(g): rank for g, rank in zip(group, ranks, strict=True)}

        def beats(a: _Applied, b: _Applied, order=order) -> bool:
            """a makes b redundant: a fails, is at least as protective and severe (ties go to the first)."""
            if not a.breaches:
                return False
            stronger = strength(a) > strength(b) or (strength(a) == strength(b) and order[id(a)] < order[id(b)])
            return stronger and _severity_rank(a.rule.severity) >= _severity_rank(b.rule.severity)

        if any(beats(other, item) for other in group if other is not item):
            continue
        weaker = [g.rule.id for g in group if g is not item and
                  (strength(g) < strength(item) or (strength(g) == strength(item) and order[id(g)] > order[id(item)]))]
        reported.append((item, weaker))
    return reported


def _floor_groups(rules: list[Rule]) -> tuple:
    """For each rule (in order), None, or its group of rules setting the same floor when there are two or more:
    (their positions in order, and each one's rank: on a tie, national law and bilateral agreements are cited before
    international standards, which bind only by ratification, then the order of the files)."""
    by_floor: dict[str, list[int]] = {}
    for position, rule in enumerate(rules):
        if rule.floor is not None:
            by_floor.setdefault(rule.floor, []).append(position)
    groups = []
    for rule in rules:
        members = by_floor.get(rule.floor) if rule.floor else None
        if not members or len(members) == 1:
            groups.append(None)
            continue
        ranked = sorted(members, key=lambda i: rules[i].ruleset == "ilo")
        groups.append((tuple(members), tuple(ranked.index(i) for i in members)))
    return tuple(groups)


def _as_bound(rule: Rule, origin: str, destination: str, on: dt.date) -> tuple[Rule, bool | None, str]:
    """A rule resting on a convention that does not bind (or is not known to bind) the state is guidance: a
    violation becomes a warning. Returns (the rule as applied, binding or None when no convention, status)."""
    if rule.convention is None:
        return rule, None, ""
    bound, why = ratifications.binding(rule.convention, rule.bound_by, origin, destination, on)
    if not bound and rule.severity == "violation":
        rule = dataclasses.replace(rule, severity="warning")
    return rule, bound, why


def _guidance_prefix(rule: Rule, why: str, lang: str) -> str:
    table = _engine_messages()[f"guidance_{why}"]
    return _render(table.get(lang) or table["en"], convention=rule.convention) + " "


def _start_date(contract: Mapping[str, Any]) -> dt.date:
    start = get(contract, "term.start_date")
    try:
        return dt.date.fromisoformat(start)
    except (TypeError, ValueError) as exc:
        raise UncheckableContract("the contract has no valid term.start_date; validate it first") from exc


# Themes of issue 10 that a contract check must speak to. Each is "checked" when at least one applied rule reports
# under one of its categories (whether it passed or not); otherwise the result lists it as not checked. Maternity
# protection and freedom of association have no term in corridor.contract/1, so they are never checked here.
THEMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("occupational_safety", ("health.safety",)),
    ("social_security", ("social.protection",)),
    ("deductions_food_lodging", ("deductions.accommodation", "deductions.food")),
    ("deductions_cap", ("deductions.total",)),
    ("identity_documents", ("documents.retention",)),
    ("maternity_protection", ()),
    ("freedom_of_association", ()),
)


def _not_checked_entry(kind: str, subject: str, blocking: bool, lang: str, **values: str) -> dict[str, Any]:
    return {"subject": subject, "reason": kind, "blocking": blocking,
            "message": _not_checked_message(kind, subject, lang, tuple(values.items()))}


@functools.lru_cache(maxsize=8192)
def _not_checked_message(kind: str, subject: str, lang: str, values: tuple[tuple[str, str], ...]) -> str:
    table = _engine_messages()[f"not_checked_{kind}"]
    return _render(table.get(lang) or table["en"], subject=subject, **dict(values))


def _ruleset_gaps(catalogue: Catalogue, origin: str, destination: str, on: dt.date,
                  chosen: tuple, lang: str) -> list[dict[str, Any]]:
    """The origin and destination must each have a ruleset in force on the date; a bilateral ruleset that exists
    for the pair but is not in force on the date is reported too (not blocking: the agreement may not have existed)."""
    gaps = []
    in_force = {r.id for r in chosen}
    wanted = (("origin", (origin,), True), ("destination", (destination,), True),
              ("bilateral", (origin, destination), False))
    for jurisdiction, countries, blocking in wanted:
        ids = [rid for rid, versions in catalogue.versions.items()
               if versions[-1].jurisdiction == jurisdiction and versions[-1].countries == countries]
        if not ids:
            if blocking:
                gaps.append(_not_checked_entry(f"no_ruleset_{jurisdiction}", "-".join(countries), True, lang,
                                               date=on.isoformat()))
            continue
        for rid in ids:
            if rid not in in_force:
                first = catalogue.versions[rid][0].effective_from
                gaps.append(_not_checked_entry("ruleset_not_in_force", rid, blocking, lang, date=on.isoformat(),
                                               first=first.isoformat()))
    return gaps


@dataclass(frozen=True)
class _Plan:
    rulesets: tuple
    steps: tuple[tuple[Rule, bool | None, str, Any, Any, bool], ...]  # _Step's fields, and: reads sector/occupation
    gaps: dict[str, list[dict[str, Any]]]  # by language: _ruleset_gaps, the same for every document of the plan
    reads_occupation: bool  # whether any step depends on job.isco08 (else documents differ only by sector)
    by_document: dict[tuple, _DocumentPlan]  # by sector and occupation (each with its type): see _document_plan


@dataclass(frozen=True)
class _DocumentPlan:
    """What a plan runs for documents of one sector and occupation (issue 12): decided once, not per document."""

    # each: the rule as applied, its evaluator, its strength function, the missing term that decides whether it
    # applies ("" when it applies and its evaluator runs), and the earlier step whose evaluator and parameters are
    # the same (its breaches are this step's), or -1
    steps: tuple[tuple[Rule, Any, Any, str, int], ...]
    groups: tuple  # for each step, its group of rules setting the same floor (_floor_groups)
    binding: dict[str, tuple[bool | None, str]]  # by rule id: whether it binds and why (read only)
    rules_applied: tuple[str, ...]
    tail: dict[str, list[dict[str, Any]]]  # by language: the not-encoded subjects and the unchecked themes


_PLANS_KEPT = 20_000  # (corridor, date, stage) plans kept per catalogue; a batch has a few thousand dates at most
_DOCUMENT_PLANS_KEPT = 1_024  # (sector, occupation) plans kept per plan


def _plan(catalogue: Catalogue, origin: str, destination: str, on: dt.date, stage: str) -> _Plan:
    """The rules to run for a corridor on a date, compiled once per catalogue and ruleset version (issue 12): what
    depends only on the ruleset versions (stage, dates in force, destinations, ratifications, the evaluator) is
    decided here, not for every document; what depends on the document (sector, occupation, its terms) is left to
    `check`. A plan is kept while the catalogue selects the same ruleset versions for its corridor and date: a
    changed ruleset (a new catalogue, or a catalogue whose selection changed) compiles anew."""
    plans = catalogue.__dict__.setdefault("_engine_plans", {})
    key = (origin, destination, on, stage)
    plan = plans.get(key)
    rulesets = catalogue.applicable(origin, destination, on)
    if plan is not None and plan.rulesets is rulesets:
        return plan
    steps = []
    for ruleset in rulesets:
        for rule in ruleset.rules:
            if rule.stage != stage or not rule.in_force(on):
                continue
            if rule.destinations and destination not in rule.destinations:
                continue
            applied, bound, why = _as_bound(rule, origin, destination, on)
            evaluator = EVALUATORS[applied.check]
            steps.append((applied, bound, why, evaluator.fn,
                          evaluator.strength if applied.floor and evaluator.strength else None,
                          bool(applied.sectors or applied.exclude_sectors or applied.occupations)))
    if len(plans) >= _PLANS_KEPT:
        plans.clear()
    plan = plans[key] = _Plan(rulesets, tuple(steps), {}, any(step[0].occupations for step in steps), {})
    return plan


def _document_plan(plan: _Plan, sector: Any, isco: Any) -> _DocumentPlan:
    """The steps of `plan` for a document of this sector and occupation, with what follows from them alone (which
    rules apply, which are missing a term that decides whether they apply, the themes and gaps not checked)."""
    isco_key = isco if plan.reads_occupation else MISSING
    key = (type(sector), sector, type(isco_key), isco_key)  # types too: True == 1, but str(True) != str(1)
    try:
        found = plan.by_document.get(key)
    except TypeError:  # a sector or occupation that is not text (an unvalidated document): decided, not kept
        key, found = None, None
    if found is not None:
        return found
    steps, binding, first_of = [], {}, {}
    for rule, bound, why, fn, strength_of, reads_document in plan.steps:
        applies = _applies_to_document(rule, sector, isco) if reads_document else True
        if applies is False:
            continue
        binding[rule.id] = (bound, why)
        missing_term = "" if applies is True else applies
        # rules of several rulesets that run the same evaluator on the same parameters (ILO C189 and a national
        # law both asking for 24 hours of weekly rest) find the same breaches: the later ones take the first's
        same = -1
        if not missing_term:
            same = first_of.setdefault((fn, repr(sorted(rule.params.items()))), len(steps))
            same = -1 if same == len(steps) else same
        steps.append((rule, fn, strength_of, missing_term, same))
    found = _DocumentPlan(tuple(steps), _floor_groups([step[0] for step in steps]), binding,
                          tuple(sorted({step[0].id for step in steps})), {})
    if key is not None:
        if len(plan.by_document) >= _DOCUMENT_PLANS_KEPT:
            plan.by_document.clear()
        plan.by_document[key] = found
    return found


def _tail(plan: _Plan, document_plan: _DocumentPlan, sector: Any, lang: str) -> list[dict[str, Any]]:
    """The not-encoded subjects of the rulesets for this sector, then the themes no applied rule speaks to."""
    tail = []
    for ruleset in plan.rulesets:
        for gap in ruleset.not_encoded:
            if not gap.sectors or sector in gap.sectors:
                tail.append(_not_checked_entry("not_encoded", gap.subject, gap.blocking, lang,
                                               ruleset=f"{ruleset.id} {ruleset.version}"))
    categories = {step[0].category for step in document_plan.steps}
    for theme, theme_categories in THEMES:
        if not categories & set(theme_categories):
            tail.append(_not_checked_entry(f"theme_{theme}", theme, False, lang))
    return tail


def _applies_to_document(rule: Rule, sector: Any, isco: Any) -> bool | str:
    """The part of `_applies` that reads the document: its sector and occupation."""
    if rule.sectors or rule.exclude_sectors:
        if sector is MISSING:
            return "job.sector"
        if rule.sectors and sector not in rule.sectors:
            return False
        if sector in rule.exclude_sectors:
            return False
    if rule.occupations:
        if isco is MISSING:
            return "job.isco08"
        if not any(str(isco).startswith(prefix) for prefix in rule.occupations):
            return False
    return True


def check(contract: Mapping[str, Any], *, lang: str = "en", on: dt.date | None = None,
          rates: RateTable | None = None, catalogue: Catalogue | None = None, stage: str = "contract",
          now: dt.datetime | None = None) -> CheckResult:
    """Check a valid interchange contract against every ruleset that applies, each at the contract's start date.

    `on` overrides the date at which rulesets, rules and rates are chosen (default: term.start_date).
    `stage="clearance"` runs only the rules that the departure clearance uses (e.g. a minimum age).
    """
    catalogue = catalogue or default_catalogue()
    rates = rates or default_rates()
    lang = normalise_language(lang)
    on = on or _start_date(contract)
    origin, destination = get(contract, "corridor.origin"), get(contract, "corridor.destination")
    if not isinstance(origin, str) or not isinstance(destination, str):
        raise UncheckableContract("the contract has no corridor.origin and corridor.destination; validate it first")

    plan = _plan(catalogue, origin.upper(), destination.upper(), on, stage)
    rulesets = plan.rulesets
    ctx = Context(contract, on, rates)
    applied: list[_Applied] = []
    sector, isco = get(contract, "job.sector"), get(contract, "job.isco08")
    document_plan = _document_plan(plan, sector, isco)
    binding = document_plan.binding
    # each step: the rule as applied (a violation becomes a warning where its convention does not bind), its
    # evaluator and strength function, the missing term that decides whether it applies ("" when none), and the
    # earlier step whose breaches it shares (same evaluator and parameters), or -1
    for rule, fn, strength_of, missing_term, same in document_plan.steps:
        if missing_term:
            applied.append(_applied((rule, [missing(missing_term)], None)))
        elif same >= 0:
            applied.append(_applied((rule, applied[same].breaches, strength_of)))
        else:
            applied.append(_applied((rule, fn(ctx, rule.params), strength_of)))

    findings = []
    for item, prevails_over in _select(applied, ctx, document_plan.groups):
        rule = item.rule
        for breach in item.breaches:
            finding = {
                "category": "contract.missing_term" if breach.kind == "missing_term" else rule.category,
                "severity": rule.severity,
                "rule": rule.id,
                "term": breach.term,
                "expected": breach.expected,
                "actual": breach.actual,
                "message": _message(rule, breach, lang),
                "citation": rule.citation.as_dict(),
            }
            bound, why = binding.get(rule.id, (None, ""))
            if bound is not None:
                finding["binding"] = bound
                if not bound:
                    finding["message"] = _guidance_prefix(rule, why, lang) + finding["message"]
            if prevails_over:
                finding["prevails_over"] = prevails_over
            findings.append(finding)

    gaps = plan.gaps.get(lang)
    if gaps is None:
        gaps = plan.gaps[lang] = _ruleset_gaps(catalogue, origin.upper(), destination.upper(), on, rulesets, lang)
    not_checked = [dict(gap) for gap in gaps]
    for item in applied:
        for breach in item.breaches:
            if breach.kind == "missing_term":
                not_checked.append(_not_checked_entry("missing_term", item.rule.id, item.rule.severity == "violation",
                                                      lang, term=breach.term))
            elif breach.kind == "missing_rate":
                not_checked.append(_not_checked_entry("missing_rate", item.rule.id, item.rule.severity == "violation",
                                                      lang, pair=breach.pair))
    if stage == "contract":
        tail = document_plan.tail.get(lang)
        if tail is None:
            tail = document_plan.tail[lang] = _tail(plan, document_plan, sector, lang)
        not_checked.extend(dict(entry) for entry in tail)

    now = now or dt.datetime.now(dt.UTC)
    return {
        # compliant only when every applicable rule was applied and passed: no violation, and nothing that a
        # violation-level rule needed (a ruleset in force, a term, a rate) was missing
        "compliant": not any(f["severity"] == "violation" for f in findings)
        and not any(n["blocking"] for n in not_checked),
        "checked_at": _stamp(math.floor(now.timestamp())),
        "rulesets": [{"id": r.id, "version": r.version} for r in rulesets],
        "findings": findings,
        "rules_applied": list(document_plan.rules_applied),
        "not_checked": not_checked,
    }


@functools.lru_cache(maxsize=1)
def _stamp(second: int) -> str:
    """The UTC time of a check to the second, as 2026-12-05T10:00:00Z: written once a second, not once a contract."""
    return dt.datetime.fromtimestamp(second, dt.UTC).isoformat().replace("+00:00", "Z")


def rule_findings(rule_id: str, contract: Mapping[str, Any], *, on: dt.date | None = None,
                  rates: RateTable | None = None, catalogue: Catalogue | None = None,
                  lang: str = "en") -> list[dict[str, Any]] | None:
    """What one rule alone reports on a contract, before the most-protective choice among floors.

    None when the rule does not apply to this contract (another corridor, sector or date). Rule tests use it.
    """
    catalogue = catalogue or default_catalogue()
    rates = rates or default_rates()
    on = on or _start_date(contract)
    origin = str(get(contract, "corridor.origin")).upper()
    destination = str(get(contract, "corridor.destination")).upper()
    for ruleset in catalogue.applicable(origin, destination, on):
        for rule in ruleset.rules:
            if rule.id != rule_id:
                continue
            applies = _applies(rule, contract, on, destination, rule.stage)
            if applies is False:
                return None
            rule, _bound, _why = _as_bound(rule, origin, destination, on)
            if isinstance(applies, str):
                breaches = [missing(applies)]
            else:
                breaches = EVALUATORS[rule.check].fn(Context(contract, on, rates), rule.params)
            return [{"severity": rule.severity, "term": b.term, "expected": b.expected, "actual": b.actual,
                     "kind": b.kind, "message": _message(rule, b, normalise_language(lang))} for b in breaches]
    return None
