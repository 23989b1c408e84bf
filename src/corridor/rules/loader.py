"""Reads every ruleset file under rulesets/, refuses any that breaks the format, and indexes them once."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import string
import tomllib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from corridor.core.languages import SHIPPED
from corridor.rules import errors
from corridor.rules.evaluators import EVALUATORS, SECTORS, param_problem

CATEGORIES = (
    "contract.missing_term", "contract.language", "wage.below_minimum", "wage.below_parity", "wage.payment",
    "hours.daily", "hours.weekly", "hours.overtime", "rest.daily", "rest.weekly", "leave.annual",
    "documents.retention", "fees.worker_paid", "deductions.accommodation", "deductions.food", "deductions.total",
    "health.medical", "health.safety", "social.protection", "transport.return", "mobility.employer_change",
    "term.duration",
)
SEVERITIES = ("violation", "warning", "info")  # most severe first
JURISDICTIONS = ("international", "origin", "destination", "bilateral")
LANGUAGES = SHIPPED  # the shipped languages, from core
STAGES = ("contract", "clearance")

_RULESET_KEYS = {"id", "title", "jurisdiction", "countries", "version", "effective_from", "effective_to", "note",
                 "not_encoded"}
_RULE_KEYS = {"id", "category", "severity", "check", "sectors", "occupations", "exclude_sectors", "destinations",
              "effective_from", "effective_to", "params", "note", "sources", "citation", "message", "stage", "floor",
              "convention", "bound_by"}
_RULESET_ID = re.compile(r"^[a-z]{2,3}(-[a-z]{2,3})?$")
_RULE_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_FLOOR = re.compile(r"^[a-z_]+(\.[a-z_]+)*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_ISCO = re.compile(r"^[0-9]{1,4}$")
_NUMERIC_KINDS = {"decimal", "number"}
_CONVENTION = re.compile(r"^C[0-9]{3}$")
BOUND_BY = ("destination", "origin", "either")


class RulesetError(ValueError):
    """A ruleset file that breaks the format; the message names the file and, where it applies, the rule."""

    code = errors.RULESET_INVALID

    def __init__(self, file: str, message: str, rule: str | None = None):
        self.file, self.rule, self.detail = file, rule, message
        super().__init__(f"{file}: rule {rule}: {message}" if rule else f"{file}: {message}")


@dataclass(frozen=True)
class Citation:
    instrument: str
    article: str
    url: str

    def as_dict(self) -> dict[str, str]:
        return {"instrument": self.instrument, "article": self.article, "url": self.url}


@dataclass(frozen=True)
class Rule:
    id: str
    ruleset: str
    category: str | None
    severity: str
    check: str
    params: Mapping[str, Any]
    sectors: tuple[str, ...]
    occupations: tuple[str, ...]
    exclude_sectors: tuple[str, ...]
    destinations: tuple[str, ...]
    effective_from: dt.date
    effective_to: dt.date | None
    citation: Citation
    messages: Mapping[str, str]
    note: str
    sources: tuple[str, ...]
    stage: str
    floor: str | None
    position: int  # order in its file: findings keep the order the author wrote
    convention: str | None = None  # an ILO convention ("C189") that binds only the states that ratified it
    bound_by: str = "destination"  # whose ratification makes the rule binding: destination | origin | either

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True)
class Gap:
    """Law of this version's period that the version does not encode: the check lists it as not checked."""

    subject: str
    sectors: tuple[str, ...]  # [] = every sector
    blocking: bool


@dataclass(frozen=True)
class Ruleset:
    id: str
    title: str
    jurisdiction: str
    countries: tuple[str, ...]
    version: str
    effective_from: dt.date
    effective_to: dt.date | None
    note: str
    rules: tuple[Rule, ...]
    path: str
    not_encoded: tuple[Gap, ...] = ()

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


class Catalogue:
    """Every version of every ruleset, indexed by id and by who it applies to."""

    def __init__(self, rulesets: list[Ruleset]):
        self.versions: dict[str, tuple[Ruleset, ...]] = {}
        by_id: dict[str, list[Ruleset]] = defaultdict(list)
        for ruleset in rulesets:
            by_id[ruleset.id].append(ruleset)
        for ruleset_id, versions in by_id.items():
            self.versions[ruleset_id] = tuple(sorted(versions, key=lambda r: r.effective_from))
        self._selection: dict[tuple[str, str, dt.date], tuple[Ruleset, ...]] = {}

    def ids(self) -> list[str]:
        return sorted(self.versions)

    def version_on(self, ruleset_id: str, on: dt.date) -> Ruleset | None:
        for ruleset in self.versions.get(ruleset_id, ()):
            if ruleset.in_force(on):
                return ruleset
        return None

    def applicable_ids(self, origin: str, destination: str) -> list[str]:
        """International first, then the origin's, the destination's and the bilateral ruleset of the pair."""
        wanted = [("international", ()), ("origin", (origin,)), ("destination", (destination,)),
                  ("bilateral", (origin, destination))]
        found = []
        for jurisdiction, countries in wanted:
            for ruleset_id, versions in sorted(self.versions.items()):
                head = versions[-1]
                if head.jurisdiction == jurisdiction and (jurisdiction == "international" or head.countries == countries):
                    found.append(ruleset_id)
        return found

    def applicable(self, origin: str, destination: str, on: dt.date) -> tuple[Ruleset, ...]:
        key = (origin, destination, on)
        if key not in self._selection:
            chosen = []
            for ruleset_id in self.applicable_ids(origin, destination):
                version = self.version_on(ruleset_id, on)
                if version is not None:
                    chosen.append(version)
            if len(self._selection) > 4096:  # a bounded memo: one entry per corridor and start date
                self._selection.clear()
            self._selection[key] = tuple(chosen)
        return self._selection[key]

    def rules(self):
        for versions in self.versions.values():
            for ruleset in versions:
                yield from ruleset.rules


# ---------------------------------------------------------------------------------------------------------
# Reading and checking one file


def _date(file: str, value: Any, what: str, rule: str | None = None) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value  # TOML's own date type: effective_from = 2021-03-20
    if isinstance(value, str) and re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise RulesetError(file, f"{what} must be an ISO date such as \"2026-11-01\", not {value!r}", rule)


def _text(file: str, table: Mapping[str, Any], key: str, what: str, rule: str | None = None) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RulesetError(file, f"{what} is missing or empty", rule)
    return value


def _str_list(file: str, value: Any, what: str, pattern: re.Pattern | None = None, allowed=None,
              rule: str | None = None) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulesetError(file, f"{what} must be a list of strings", rule)
    for v in value:
        if pattern is not None and not pattern.match(v):
            raise RulesetError(file, f"{what} has a malformed entry {v!r}", rule)
        if allowed is not None and v not in allowed:
            raise RulesetError(file, f"{what} has an unknown value {v!r}; known: {', '.join(allowed)}", rule)
    return tuple(value)


def _message_problem(text: str) -> str | None:
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        return f"is not a valid message template ({exc})"
    unknown = fields - {"expected", "actual"}
    return f"uses unknown placeholders {sorted(unknown)}; only {{expected}} and {{actual}}" if unknown else None


def _has_number(params: Mapping[str, Any], evaluator) -> bool:
    return any(evaluator.params[name].kind in _NUMERIC_KINDS for name in params if name in evaluator.params)


def _rule(file: str, ruleset_id: str, ruleset_from: dt.date, raw: Any, position: int) -> Rule:
    if not isinstance(raw, dict):
        raise RulesetError(file, f"rules[{position}] must be a table")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id.startswith(ruleset_id + ".") \
            or not _RULE_SLUG.match(rule_id[len(ruleset_id) + 1:]):
        raise RulesetError(file, f"rules[{position}] needs an id \"{ruleset_id}.<slug>\" (lower case, digits, hyphens), "
                                 f"not {rule_id!r}")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise RulesetError(file, f"unknown keys {sorted(unknown)}", rule_id)

    stage = raw.get("stage", "contract")
    if stage not in STAGES:
        raise RulesetError(file, f"stage must be one of {', '.join(STAGES)}", rule_id)
    check = raw.get("check")
    if check not in EVALUATORS:
        raise RulesetError(file, f"unknown check {check!r}; known: {', '.join(sorted(EVALUATORS))}", rule_id)
    evaluator = EVALUATORS[check]
    if evaluator.stage != stage:
        raise RulesetError(file, f"check {check} runs at stage {evaluator.stage!r}, so the rule needs "
                                 f"stage = \"{evaluator.stage}\"", rule_id)
    category = raw.get("category")
    if category is None and stage == "contract":
        raise RulesetError(file, "category is missing", rule_id)
    if category is not None and category not in CATEGORIES:
        raise RulesetError(file, f"unknown category {category!r}; the list in CONTRACTS.md is closed", rule_id)
    severity = raw.get("severity")
    if severity not in SEVERITIES:
        raise RulesetError(file, f"severity must be one of {', '.join(SEVERITIES)}, not {severity!r}", rule_id)

    params = raw.get("params", {})
    if not isinstance(params, dict):
        raise RulesetError(file, "params must be a table", rule_id)
    for name, value in params.items():
        if name not in evaluator.params:
            raise RulesetError(file, f"check {check} takes no param {name!r}; it takes: "
                                     f"{', '.join(evaluator.params) or 'none'}", rule_id)
        problem = param_problem(evaluator.params[name], value)
        if problem:
            raise RulesetError(file, f"param {name} {problem} (got {value!r})", rule_id)
    for name, param in evaluator.params.items():
        if param.required and name not in params:
            raise RulesetError(file, f"check {check} needs param {name}", rule_id)
    for group in evaluator.one_of:
        given = [name for name in group if name in params]
        if len(given) != 1:
            raise RulesetError(file, f"check {check} needs exactly one of {', '.join(group)}", rule_id)
    if check == "fees_at_most" and "amount" in params and "currency" not in params:
        raise RulesetError(file, "check fees_at_most with an amount needs its currency", rule_id)

    citation = raw.get("citation")
    if not isinstance(citation, dict):
        raise RulesetError(file, "citation is missing", rule_id)
    cited = Citation(_text(file, citation, "instrument", "citation.instrument", rule_id),
                     _text(file, citation, "article", "citation.article", rule_id),
                     _text(file, citation, "url", "citation.url", rule_id))
    if not re.match(r"^https?://\S+$", cited.url):
        raise RulesetError(file, f"citation.url must be an http(s) address, not {cited.url!r}", rule_id)

    messages = raw.get("message")
    if not isinstance(messages, dict) or not isinstance(messages.get("en"), str) or not messages["en"].strip():
        raise RulesetError(file, "message.en is missing (English is required; the other shipped languages should be there)", rule_id)
    for lang, text in messages.items():
        if lang not in LANGUAGES:
            raise RulesetError(file, f"message has an unknown language {lang!r}; known: {', '.join(LANGUAGES)}", rule_id)
        if not isinstance(text, str) or not text.strip():
            raise RulesetError(file, f"message.{lang} is empty", rule_id)
        problem = _message_problem(text)
        if problem:
            raise RulesetError(file, f"message.{lang} {problem}", rule_id)

    sources = _str_list(file, raw.get("sources"), "sources", rule=rule_id)
    if _has_number(params, evaluator) and not sources:
        raise RulesetError(file, "sources is missing: every number in params needs its source", rule_id)

    effective_from = _date(file, raw.get("effective_from", ruleset_from), "effective_from", rule_id)
    effective_to = _date(file, raw["effective_to"], "effective_to", rule_id) if "effective_to" in raw else None
    if effective_to is not None and effective_to < effective_from:
        raise RulesetError(file, "effective_to is before effective_from", rule_id)

    floor = raw.get("floor")
    if floor is not None:
        if not isinstance(floor, str) or not _FLOOR.match(floor):
            raise RulesetError(file, f"floor must be a dotted name such as \"wage.minimum\", not {floor!r}", rule_id)
        if evaluator.strength is None:
            raise RulesetError(file, f"check {check} sets no comparable floor, so it cannot carry floor", rule_id)

    note = raw.get("note", "")
    if not isinstance(note, str):
        raise RulesetError(file, "note must be a string", rule_id)
    convention = raw.get("convention")
    if convention is not None and (not isinstance(convention, str) or not _CONVENTION.match(convention)):
        raise RulesetError(file, f"convention must be an ILO convention such as \"C189\", not {convention!r}", rule_id)
    bound_by = raw.get("bound_by", "destination")
    if bound_by not in BOUND_BY:
        raise RulesetError(file, f"bound_by must be one of {', '.join(BOUND_BY)}", rule_id)
    if "bound_by" in raw and convention is None:
        raise RulesetError(file, "bound_by needs convention", rule_id)
    return Rule(
        id=rule_id, ruleset=ruleset_id, category=category, severity=severity, check=check, params=params,
        sectors=_str_list(file, raw.get("sectors"), "sectors", allowed=SECTORS, rule=rule_id),
        occupations=_str_list(file, raw.get("occupations"), "occupations", pattern=_ISCO, rule=rule_id),
        exclude_sectors=_str_list(file, raw.get("exclude_sectors"), "exclude_sectors", allowed=SECTORS, rule=rule_id),
        destinations=_str_list(file, raw.get("destinations"), "destinations", pattern=_COUNTRY, rule=rule_id),
        effective_from=effective_from, effective_to=effective_to, citation=cited, messages=dict(messages),
        note=note, sources=sources, stage=stage, floor=floor, position=position, convention=convention,
        bound_by=bound_by,
    )


def parse_ruleset(text: str, file: str, *, expected_id: str | None = None, expected_version: str | None = None) -> Ruleset:
    """One ruleset file, checked strictly; RulesetError names the file and the rule."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesetError(file, f"not valid TOML: {exc}") from exc
    unknown = set(data) - {"ruleset", "rules"}
    if unknown:
        raise RulesetError(file, f"unknown top-level keys {sorted(unknown)}")
    head = data.get("ruleset")
    if not isinstance(head, dict):
        raise RulesetError(file, "the [ruleset] table is missing")
    unknown = set(head) - _RULESET_KEYS
    if unknown:
        raise RulesetError(file, f"[ruleset] has unknown keys {sorted(unknown)}")
    ruleset_id = _text(file, head, "id", "ruleset.id")
    if not _RULESET_ID.match(ruleset_id):
        raise RulesetError(file, f"ruleset.id {ruleset_id!r} must be lower case, e.g. ilo, ph, ph-sa")
    if expected_id is not None and ruleset_id != expected_id:
        raise RulesetError(file, f"ruleset.id {ruleset_id!r} does not match its folder {expected_id!r}")
    version = head.get("version")
    version = version.isoformat() if isinstance(version, dt.date) else version
    _date(file, version, "ruleset.version")
    if expected_version is not None and version != expected_version:
        raise RulesetError(file, f"ruleset.version {version!r} does not match the file name {expected_version!r}")
    jurisdiction = head.get("jurisdiction")
    if jurisdiction not in JURISDICTIONS:
        raise RulesetError(file, f"ruleset.jurisdiction must be one of {', '.join(JURISDICTIONS)}")
    countries = _str_list(file, head.get("countries", []), "ruleset.countries", pattern=_COUNTRY)
    wanted = {"international": 0, "origin": 1, "destination": 1, "bilateral": 2}[jurisdiction]
    if len(countries) != wanted:
        raise RulesetError(file, f"a {jurisdiction} ruleset lists {wanted} countr{'y' if wanted == 1 else 'ies'} "
                                 f"in ruleset.countries")
    effective_from = _date(file, head.get("effective_from"), "ruleset.effective_from")
    effective_to = _date(file, head["effective_to"], "ruleset.effective_to") if "effective_to" in head else None
    if effective_to is not None and effective_to < effective_from:
        raise RulesetError(file, "ruleset.effective_to is before ruleset.effective_from")
    not_encoded = []
    for position, gap in enumerate(head.get("not_encoded", [])):
        if not isinstance(gap, dict) or set(gap) - {"subject", "sectors", "blocking"} or \
                not isinstance(gap.get("subject"), str) or not isinstance(gap.get("blocking", False), bool):
            raise RulesetError(file, f"ruleset.not_encoded[{position}] must be {{subject, sectors, blocking}}")
        not_encoded.append(Gap(gap["subject"], _str_list(file, gap.get("sectors"), "not_encoded.sectors",
                                                        allowed=SECTORS), gap.get("blocking", False)))

    raw_rules = data.get("rules", [])
    if not isinstance(raw_rules, list):
        raise RulesetError(file, "rules must be an array of tables ([[rules]])")
    rules, seen = [], set()
    for position, raw in enumerate(raw_rules):
        rule = _rule(file, ruleset_id, effective_from, raw, position)
        if rule.id in seen:
            raise RulesetError(file, "duplicate rule id", rule.id)
        seen.add(rule.id)
        rules.append(rule)
    return Ruleset(ruleset_id, _text(file, head, "title", "ruleset.title"), jurisdiction, countries, version,
                   effective_from, effective_to, head.get("note", ""), tuple(rules), file, tuple(not_encoded))


def _check_versions(versions: list[Ruleset]) -> None:
    """Versions of one ruleset must not overlap; only the latest may be open-ended."""
    ordered = sorted(versions, key=lambda r: r.effective_from)
    for earlier, later in itertools.pairwise(ordered):
        if earlier.effective_to is None or earlier.effective_to >= later.effective_from:
            raise RulesetError(later.path, f"its effective period overlaps {earlier.path} "
                                           f"(give the earlier version an effective_to before {later.effective_from})")
        if (earlier.jurisdiction, earlier.countries) != (later.jurisdiction, later.countries):
            raise RulesetError(later.path, f"its jurisdiction or countries differ from {earlier.path}")


def _check_floors(rulesets: list[Ruleset]) -> None:
    """Rules that set the same floor must use the same check (and term), or they cannot be compared."""
    first: dict[str, Rule] = {}
    paths = {ruleset.id + ruleset.version: ruleset.path for ruleset in rulesets}
    for ruleset in rulesets:
        for rule in ruleset.rules:
            if rule.floor is None:
                continue
            seen = first.setdefault(rule.floor, rule)
            if (seen.check, seen.params.get("term"), seen.params.get("provision")) != \
                    (rule.check, rule.params.get("term"), rule.params.get("provision")):
                raise RulesetError(paths[ruleset.id + ruleset.version],
                                   f"floor {rule.floor!r} is set by {seen.id} with check {seen.check}; "
                                   f"a rule setting the same floor must use the same check and term", rule.id)


def load_catalogue(root: Path | None = None) -> Catalogue:
    """Every `<root>/<ruleset-id>/<version>.toml`, checked; RulesetError on the first problem."""
    if root is None:
        root = Path(str(resources.files("corridor.rules").joinpath("rulesets")))
    rulesets: list[Ruleset] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        for path in sorted(folder.glob("*.toml")):
            label = f"rulesets/{folder.name}/{path.name}"
            rulesets.append(parse_ruleset(path.read_text("utf-8"), label, expected_id=folder.name,
                                          expected_version=path.stem))
    by_id: dict[str, list[Ruleset]] = defaultdict(list)
    for ruleset in rulesets:
        by_id[ruleset.id].append(ruleset)
    for versions in by_id.values():
        _check_versions(versions)
    _check_floors(rulesets)
    return Catalogue(rulesets)


@functools.cache
def default_catalogue() -> Catalogue:
    """The rulesets shipped in src/corridor/rules/rulesets/, read and checked once per process."""
    return load_catalogue()
