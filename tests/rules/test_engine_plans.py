"""The rule plans the engine compiles (issue 12) follow the ruleset versions: a changed version is never checked with
the rules of the one before, and a plan kept for one sector or occupation is never used for another."""

from __future__ import annotations

import dataclasses
import datetime as dt

from corridor.rules import engine
from corridor.rules.loader import Catalogue, default_catalogue

from .conftest import apply_patch, load_base

NOW = dt.datetime(2026, 12, 5, tzinfo=dt.UTC)


def _fresh() -> Catalogue:
    """A catalogue of the shipped rulesets with no plan compiled yet."""
    return Catalogue([ruleset for versions in default_catalogue().versions.values() for ruleset in versions])


def _breaking() -> dict:
    """A contract that breaks rules: a day of rest too short, a placement fee paid by the worker."""
    return apply_patch(load_base("np-sa-construction.json"), {
        "rest.weekly_rest_hours": 12,
        "fees.paid_by_worker": [{"item": "placement_fee", "amount": "500.00", "currency": "USD"}]})


def _without_the_first_finding(catalogue: Catalogue, contract: dict) -> tuple[str, list[object]]:
    """The rule of the contract's first finding, and the rulesets with a new version of its ruleset lacking it."""
    first = engine.check(contract, catalogue=catalogue, now=NOW)["findings"][0]
    on = dt.date.fromisoformat(contract["term"]["start_date"])
    rulesets = []
    for ruleset_id, versions in catalogue.versions.items():
        for ruleset in versions:
            if ruleset_id == first["rule"].split(".")[0] and ruleset.in_force(on):
                ruleset = dataclasses.replace(ruleset, version=ruleset.version + "-test",
                                              rules=tuple(r for r in ruleset.rules if r.id != first["rule"]))
            rulesets.append(ruleset)
    return first["rule"], rulesets


def test_a_plan_is_compiled_once_per_corridor_date_and_ruleset_versions():
    catalogue, contract = _fresh(), _breaking()
    engine.check(contract, catalogue=catalogue, now=NOW)
    (plan,) = catalogue._engine_plans.values()
    engine.check(apply_patch(contract, {"rest.weekly_rest_hours": 24}), catalogue=catalogue, now=NOW)
    assert list(catalogue._engine_plans.values()) == [plan]


def test_a_new_ruleset_version_is_checked_with_its_own_rules():
    catalogue, contract = _fresh(), _breaking()
    rule, rulesets = _without_the_first_finding(catalogue, contract)
    assert rule in engine.check(contract, catalogue=catalogue, now=NOW)["rules_applied"]
    changed = engine.check(contract, catalogue=Catalogue(rulesets), now=NOW)
    assert rule not in changed["rules_applied"] and all(f["rule"] != rule for f in changed["findings"])
    assert any(r["version"].endswith("-test") for r in changed["rulesets"])


def test_a_catalogue_whose_selection_changes_compiles_its_plan_again():
    catalogue, contract = _fresh(), _breaking()
    rule, rulesets = _without_the_first_finding(catalogue, contract)
    engine.check(contract, catalogue=catalogue, now=NOW)
    changed = Catalogue(rulesets)
    catalogue.versions = changed.versions  # the versions replaced in place: the selection memo is recomputed
    catalogue._selection.clear()
    found = engine.check(contract, catalogue=catalogue, now=NOW)
    assert found == engine.check(contract, catalogue=Catalogue(rulesets), now=NOW)
    assert rule not in found["rules_applied"]


def test_the_plans_kept_per_sector_and_occupation_give_what_a_fresh_catalogue_gives():
    catalogue = _fresh()
    contracts = [apply_patch(load_base(name), patch) for name in
                 ("np-sa-construction.json", "np-sa-domestic.json", "ph-qa-domestic.json", "np-ae-hospitality.json")
                 for patch in ({}, {"job.sector": "domestic_work"}, {"job.sector": "construction"},
                               {"job.sector": "__delete__"}, {"job.isco08": "9111"}, {"job.isco08": "__delete__"})]
    for contract in contracts + contracts:  # the second round reads the kept plans
        assert engine.check(contract, catalogue=catalogue, now=NOW) == \
            engine.check(contract, catalogue=_fresh(), now=NOW)


def test_rules_running_the_same_evaluator_on_the_same_parameters_share_one_evaluation_and_report_as_alone():
    """PH-SA domestic work: several rulesets ask for the same weekly rest; their evaluator runs once a contract, and
    each rule still reports what it reports alone. Rules whose parameters differ are never shared."""
    catalogue = _fresh()
    contract = apply_patch(load_base("ph-sa-domestic.json"), {"rest.weekly_rest_hours": 12})
    result = engine.check(contract, catalogue=catalogue, now=NOW)
    on = dt.date.fromisoformat(contract["term"]["start_date"])
    plan = engine._plan(catalogue, "PH", "SA", on, "contract")
    steps = engine._document_plan(plan, contract["job"]["sector"], contract["job"]["isco08"]).steps
    shared = [(step, steps[step[4]]) for step in steps if step[4] >= 0]
    assert shared, "the shipped PH-SA rulesets repeat a rule: the sharing is not exercised"
    for (rule, fn, _, _, _), (first, first_fn, _, _, _) in shared:
        assert fn is first_fn and rule.params == first.params and rule.id != first.id
    kinds = {(step[1], repr(sorted(step[0].params.items()))) for step in steps if step[4] < 0 and not step[3]}
    assert len(kinds) == len([step for step in steps if step[4] < 0 and not step[3]])
    reported = {finding["rule"] for finding in result["findings"]}
    compared = 0
    for rule, _, _, _, _ in (pair[0] for pair in shared):
        if rule.id in reported:  # the shared weekly-rest rule that prevails over the others of its floor
            mine = [f for f in result["findings"] if f["rule"] == rule.id]
            alone = engine.rule_findings(rule.id, contract, catalogue=catalogue)
            assert [(f["term"], f["expected"], f["actual"], f["message"]) for f in mine] == \
                   [(f["term"], f["expected"], f["actual"], f["message"]) for f in alone]
            compared += 1
    assert compared, "no rule that shares an evaluation was reported: the comparison did not run"


def test_whole_numbers_stay_exact_integers_and_divide_into_fractions():
    from fractions import Fraction

    from corridor.rules import evaluators
    from corridor.rules.rates import default_rates

    ctx = evaluators.Context({"hours": {"normal_weekly": 45, "normal_daily": 8}, "rest": {"weekly_rest_hours": 24}},
                             dt.date(2026, 12, 5), default_rates())
    assert ctx.number("hours.normal_weekly") == 45 and type(ctx.number("hours.normal_weekly")) is int
    assert ctx.per_month("day") == Fraction(45, 8) * Fraction(52, 12)  # not 5.625 as a float
    assert type(ctx.per_month("day")) is Fraction
    assert evaluators.exact("7.5") == Fraction(15, 2) and evaluators.exact(7) == 7
