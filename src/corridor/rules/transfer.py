"""Changing employer: whether the law lets a worker move now, with or without consent, and after what notice.

Pure functions on frozen inputs over transfer.toml. Every reason names its rule and citation; what the data does not
settle is listed in `not_checked` and makes `allowed` None rather than a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from corridor.rules import errors, lawdata
from corridor.rules.lawdata import (
    COUNTRY,
    SECTORS,
    LawDataError,
    NotChecked,
    Period,
    add_months,
    citation,
    number,
    period,
    service_years,
    sources,
)
from corridor.rules.loader import Citation

GROUNDS = ("none", "contract_end", "unpaid_wages", "abuse", "trafficking", "employer_absent",
           "no_documented_contract", "permit_not_renewed")
_DAYS_IN_YEAR = Fraction(365)

MSG_NO_CONSENT = N_("The current employer's consent is not needed to change employer.")
MSG_CONSENT_FIRST_YEAR = N_("Before %(months)s months with the current employer, the worker may move only with the "
                            "employer's consent or on a ground the law lists; %(months)s months are reached on "
                            "%(date)s.")
MSG_CONSENT_AFTER = N_("After %(months)s months with the current employer, the worker may move without the "
                       "employer's consent.")
MSG_CONSENT_GIVEN = N_("The current employer consents: the worker may move on the date agreed.")
MSG_CONSENT_UNKNOWN = N_("The move needs the current employer's consent, which is not known yet.")
MSG_CONSENT_REFUSED = N_("The current employer does not consent, and no ground in the law lets the worker move "
                         "without it yet.")
MSG_NOTICE_DAYS = N_("The worker gives the current employer %(days)s days' notice.")
MSG_NOTICE_MONTHS = N_("The worker gives the current employer %(months)s month(s)' notice after %(years)s years "
                       "of service.")
MSG_CONTRACT_ENDED = N_("The contract has ended (on %(date)s): the worker may move without the employer's consent.")
MSG_GROUND = N_("The law lets the worker move at once, without consent or notice, on this ground (%(ground)s).")

NC_NO_LAW = N_("Corridor has no rules on changing employer for %(country)s (%(sector)s workers): decide by hand.")
NC_NOT_IN_FORCE = N_("Corridor's rules on changing employer for %(country)s (%(sector)s workers) do not cover "
                     "%(date)s: decide by hand.")
NC_NOT_ENCODED = N_("Not decided (%(subject)s): %(reason)s")
NC_GROUND = N_("The effect of this ground (%(ground)s) was not verified: %(note)s")
NC_CONSENT = N_("Whether the current employer's consent is needed was not verified: %(note)s")


class TransferInputError(lawdata.InputError):
    code = errors.TRANSFER_INVALID


@dataclass(frozen=True)
class TransferRequest:
    country: str
    sector: str  # "domestic" or "general"
    ground: str  # one of GROUNDS
    contract_start: dt.date
    request_date: dt.date
    contract_end: dt.date | None = None
    employer_consents: bool | None = None  # None: not asked or not answered

    def __post_init__(self):
        problems = {}
        if not isinstance(self.country, str) or not COUNTRY.match(self.country):
            problems["country"] = "must be an ISO 3166-1 alpha-2 code in capitals, such as QA"
        if self.sector not in SECTORS:
            problems["sector"] = f"must be one of {', '.join(SECTORS)}"
        if self.ground not in GROUNDS:
            problems["ground"] = f"must be one of {', '.join(GROUNDS)}"
        for name in ("contract_start", "request_date"):
            if not lawdata.is_day(getattr(self, name)):
                problems[name] = "must be a date"
        if self.contract_end is not None and not lawdata.is_day(self.contract_end):
            problems["contract_end"] = "must be a date or null"
        if not problems.keys() & {"contract_start", "request_date"} and self.request_date < self.contract_start:
            problems["request_date"] = "must not be before contract_start"
        if "contract_end" not in problems and "contract_start" not in problems and self.contract_end is not None \
                and self.contract_end < self.contract_start:
            problems["contract_end"] = "must not be before contract_start"
        if self.ground == "contract_end" and not problems and (self.contract_end is None
                                                               or self.request_date < self.contract_end):
            problems["ground"] = "contract_end needs a contract_end on or before the request date"
        if self.employer_consents not in (True, False, None) or not isinstance(self.employer_consents,
                                                                                 (bool, type(None))):
            problems["employer_consents"] = "must be true, false or null"
        if problems:
            raise TransferInputError(problems)


Reason = tuple[str, Citation, str, dict[str, Any]]  # (rule id, citation, explanation msgid, params)


@dataclass(frozen=True)
class TransferDecision:
    allowed: bool | None  # None: the law as encoded does not settle it (see not_checked)
    needs_employer_consent: bool | None
    notice_days: int | None
    earliest_date: dt.date | None
    reasons: tuple[Reason, ...]
    not_checked: tuple[NotChecked, ...]
    law_version: str | None = None

    def as_dict(self, *, render: bool = True) -> dict[str, Any]:
        def reason(item: Reason) -> dict[str, Any]:
            rule, cited, msgid, params = item
            out = {"rule": rule, "citation": cited.as_dict(), "explanation_msgid": msgid, "params": params}
            if render:
                out["explanation"] = gettext(msgid) % params
            return out

        def gap(item: NotChecked) -> dict[str, Any]:
            out = {"subject": item.subject, "reason": item.reason, "explanation_msgid": item.explanation_msgid,
                   "params": item.params}
            if render:
                out["explanation"] = gettext(item.explanation_msgid) % item.params
            return out

        return {"allowed": self.allowed, "needs_employer_consent": self.needs_employer_consent,
                "notice_days": self.notice_days,
                "earliest_date": self.earliest_date.isoformat() if self.earliest_date else None,
                "law_version": self.law_version,
                "reasons": [reason(item) for item in self.reasons],
                "not_checked": [gap(item) for item in self.not_checked]}


# -- the law as data --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    rule_id: str
    citation: Citation
    note: str
    values: Mapping[str, Any]


@dataclass(frozen=True)
class Ground:
    effect: str  # waives_consent_and_notice | not_checked | no_effect
    part: Part | None
    note: str


@dataclass(frozen=True)
class TransferLaw:
    id: str
    country: str
    sector: str
    version: str
    period: Period
    note: str
    not_encoded: tuple[tuple[str, str], ...]
    consent: Part
    notice: Part | None
    contract_end: Part | None
    with_consent: Part | None
    grounds: Mapping[str, Ground]


_LAW_KEYS = {"id", "country", "sector", "version", "effective_from", "effective_to", "note", "not_encoded",
             "consent", "notice", "contract_end", "with_consent", "grounds"}
_PART_KEYS = {"rule_id", "note", "sources", "citation", "params"}


def _part(raw: Any, where: str, extra: set[str]) -> Part:
    if not isinstance(raw, Mapping):
        raise LawDataError(f"{where}: must be a table")
    unknown = set(raw) - _PART_KEYS - extra
    if unknown:
        raise LawDataError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    if not isinstance(raw.get("rule_id"), str) or not re.match(r"^[a-z]{2}\.[a-z0-9-]+$", raw["rule_id"]):
        raise LawDataError(f"{where}: rule_id must look like 'qa.transfer-notice'")
    sources(raw, where)
    values = {k: raw[k] for k in extra if k in raw}
    values.update(raw.get("params", {}))
    return Part(raw["rule_id"], citation(raw, where), str(raw.get("note", "")), values)


def _days(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise LawDataError(f"{where}: must be a whole number of days, zero or more")
    return value


def _law(raw: Mapping[str, Any], where: str) -> TransferLaw:
    unknown = set(raw) - _LAW_KEYS
    if unknown:
        raise LawDataError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    if not isinstance(raw.get("country"), str) or not COUNTRY.match(raw["country"]) \
            or raw.get("id") != raw["country"].lower():
        raise LawDataError(f"{where}: country must be an ISO alpha-2 code and id the same in lower case")
    if raw.get("sector") not in SECTORS or not isinstance(raw.get("version"), str):
        raise LawDataError(f"{where}: needs a sector ({', '.join(SECTORS)}) and a version")
    gaps = []
    for i, gap in enumerate(raw.get("not_encoded", [])):
        if set(gap) != {"subject", "reason"} or not all(isinstance(gap[k], str) and gap[k] for k in gap):
            raise LawDataError(f"{where}: not_encoded[{i}] needs exactly a subject and a reason")
        gaps.append((gap["subject"], gap["reason"]))

    consent = _part(raw.get("consent"), f"{where}: consent", {"needed", "months"})
    if consent.values.get("needed") not in ("never", "before_service_months", "not_verified"):
        raise LawDataError(f"{where}: consent.needed must be never, before_service_months or not_verified")
    if consent.values["needed"] == "before_service_months":
        _days(consent.values.get("months"), f"{where}: consent.months")

    notice = None
    if "notice" in raw:
        notice = _part(raw["notice"], f"{where}: notice", {"days", "bands"})
        if ("days" in notice.values) == ("bands" in notice.values):
            raise LawDataError(f"{where}: notice needs either days or bands")
        if "days" in notice.values:
            _days(notice.values["days"], f"{where}: notice.days")
        else:
            bands = notice.values["bands"]
            for i, band in enumerate(bands):
                at = f"{where}: notice.bands[{i}]"
                last = i == len(bands) - 1
                if set(band) != ({"months"} if last else {"up_to_service_years", "months"}):
                    raise LawDataError(f"{at}: needs months and, except the last band, up_to_service_years")
                _days(band["months"], f"{at}: months")
                if not last:
                    number(band["up_to_service_years"], f"{at}: up_to_service_years")
    elif not any(subject == "notice" for subject, _ in gaps):
        raise LawDataError(f"{where}: has no [notice] and no not_encoded entry for it")

    ends = _part(raw["contract_end"], f"{where}: contract_end", {"notice_days"}) if "contract_end" in raw else None
    agreed = _part(raw["with_consent"], f"{where}: with_consent", {"notice_days"}) if "with_consent" in raw else None
    for name, found in (("contract_end", ends), ("with_consent", agreed)):
        if found is not None:
            _days(found.values.get("notice_days"), f"{where}: {name}.notice_days")

    grounds_raw = raw.get("grounds", {})
    missing = [g for g in GROUNDS if g not in grounds_raw]
    extra = [g for g in grounds_raw if g not in GROUNDS]
    if missing or extra:
        raise LawDataError(f"{where}: grounds must list every ground exactly (missing {missing}, unknown {extra})")
    grounds = {}
    for name in GROUNDS:
        g, at = grounds_raw[name], f"{where}: grounds.{name}"
        effect = g.get("effect")
        if effect not in ("waives_consent_and_notice", "not_checked", "no_effect"):
            raise LawDataError(f"{at}: effect must be waives_consent_and_notice, not_checked or no_effect")
        if effect == "waives_consent_and_notice":
            grounds[name] = Ground(effect, _part(g, at, {"effect"}), str(g.get("note", "")))
        else:
            if set(g) - {"effect", "note"}:
                raise LawDataError(f"{at}: only effect and note (a ground with a rule must waive something)")
            if effect == "not_checked" and not str(g.get("note", "")).strip():
                raise LawDataError(f"{at}: say in `note` what was not verified")
            grounds[name] = Ground(effect, None, str(g.get("note", "")))
    return TransferLaw(raw["id"], raw["country"], raw["sector"], raw["version"], period(raw, where),
                       str(raw.get("note", "")), tuple(gaps), consent, notice, ends, agreed, grounds)


_LAWS = lawdata.LawFile("transfer.toml", _law)
parse_laws = _LAWS.parse
laws = _LAWS.versions
law_for = _LAWS.law_for


# -- deciding -----------------------------------------------------------------------------------------------------


class _Decision:
    def __init__(self, law: TransferLaw | None):
        self.law = law
        self.reasons: list[Reason] = []
        self.gaps: list[NotChecked] = []

    def reason(self, part: Part, msgid: str, **params: Any) -> None:
        scalars = {k: v for k, v in part.values.items() if not isinstance(v, (list, dict))}
        self.reasons.append((part.rule_id, part.citation, msgid, {**scalars, **params}))

    def gap(self, subject_: str, reason_: str, msgid: str, **params: Any) -> None:
        self.gaps.append(NotChecked(subject_, reason_, msgid, params))

    def done(self, allowed: bool | None, consent: bool | None, notice: int | None,
             earliest: dt.date | None) -> TransferDecision:
        if self.law is not None:
            for subject, why in self.law.not_encoded:
                self.gap(subject, "not_encoded", NC_NOT_ENCODED, subject=subject, reason=why)
        return TransferDecision(allowed, consent, notice, earliest, tuple(self.reasons), tuple(self.gaps),
                                self.law.version if self.law else None)


def _notice(decision: _Decision, law: TransferLaw, req: TransferRequest, start: dt.date) -> tuple[int | None, dt.date | None]:
    """The notice the worker gives from `start`: (days, the day the worker may move)."""
    notice = law.notice
    if notice is None:
        return None, None
    if "days" in notice.values:
        days = notice.values["days"]
        decision.reason(notice, MSG_NOTICE_DAYS, days=days)
        return days, start + dt.timedelta(days=days)
    years = service_years(req.contract_start, start, _DAYS_IN_YEAR)
    bands = notice.values["bands"]
    months = bands[-1]["months"]
    for band in bands[:-1]:
        if years <= number(band["up_to_service_years"], "notice band"):
            months = band["months"]
            break
    moved = add_months(start, months)
    days = (moved - start).days
    decision.reason(notice, MSG_NOTICE_MONTHS, months=months, years=f"{float(years):.2f}".rstrip("0").rstrip("."),
                    days=days)
    return days, moved


def evaluate_transfer(req: TransferRequest) -> TransferDecision:
    """Whether the worker may move to a new employer, and from when, under the law in force on the request date."""
    if not isinstance(req, TransferRequest):
        raise TransferInputError({"request": "must be a TransferRequest"})
    law = law_for(req.country, req.sector, req.request_date)
    decision = _Decision(law)
    if law is None:
        known = (req.country, req.sector) in laws()
        decision.gap("law", "law_not_in_force" if known else "no_law", NC_NOT_IN_FORCE if known else NC_NO_LAW,
                     country=req.country, sector=req.sector, date=req.request_date.isoformat())
        return decision.done(None, None, None, None)

    ended = req.contract_end is not None and req.request_date >= req.contract_end
    if ended and law.contract_end is not None:
        part = law.contract_end
        days = part.values["notice_days"]
        decision.reason(part, MSG_CONTRACT_ENDED, date=req.contract_end.isoformat())
        return decision.done(True, False, days, req.request_date + dt.timedelta(days=days))

    ground = law.grounds[req.ground]
    if ground.effect == "waives_consent_and_notice":
        decision.reason(ground.part, MSG_GROUND, ground=req.ground)
        return decision.done(True, False, 0, req.request_date)
    if ground.effect == "not_checked":
        decision.gap(req.ground, "ground_not_verified", NC_GROUND, ground=req.ground, note=ground.note)
    if ended and not any(gap.subject == "contract_end" for gap in decision.gaps):
        # the contract has ended, but this law's data does not say what follows
        decision.gap("contract_end", "not_encoded", NC_NOT_ENCODED, subject="contract_end",
                     reason="what applies once the contract has ended was not found")

    needed = law.consent.values["needed"]
    if needed == "never":
        decision.reason(law.consent, MSG_NO_CONSENT)
        days, earliest = _notice(decision, law, req, req.request_date)
        return decision.done(True, False, days, earliest)

    if req.employer_consents is True and law.with_consent is not None:
        days = law.with_consent.values["notice_days"]
        decision.reason(law.with_consent, MSG_CONSENT_GIVEN)
        return decision.done(True, None if needed == "not_verified" else _consent_needed(law, req), days,
                             req.request_date + dt.timedelta(days=days))

    if needed == "not_verified":
        decision.gap("consent", "consent_not_verified", NC_CONSENT, note=law.consent.note)
        days, earliest = _notice(decision, law, req, req.request_date)
        return decision.done(None, None, days, earliest)

    months = law.consent.values["months"]
    free_from = add_months(req.contract_start, months)
    if req.request_date >= free_from:
        decision.reason(law.consent, MSG_CONSENT_AFTER, months=months, date=free_from.isoformat())
        days, earliest = _notice(decision, law, req, req.request_date)
        return decision.done(True, False, days, earliest)
    decision.reason(law.consent, MSG_CONSENT_FIRST_YEAR, months=months, date=free_from.isoformat())
    if req.employer_consents is None:
        decision.reason(law.consent, MSG_CONSENT_UNKNOWN)
        allowed = None
    else:
        decision.reason(law.consent, MSG_CONSENT_REFUSED)
        allowed = False
    days, earliest = _notice(decision, law, req, free_from)
    return decision.done(allowed, True, days, earliest)


def _consent_needed(law: TransferLaw, req: TransferRequest) -> bool:
    return req.request_date < add_months(req.contract_start, law.consent.values["months"])
