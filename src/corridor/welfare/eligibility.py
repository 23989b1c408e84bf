"""Eligibility of a claim, evaluated on frozen inputs only: the same inputs always give the same answer, and the
answer says why, rule by rule, with the fund's citation (as the contract checks do). Nothing here reads the
database or the clock."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from corridor.core.canonical import canonical_json
from corridor.core.money import to_decimal
from corridor.welfare.funds import Fund, fund_version

# What each reason code means, for people (rendered in the reader's language when shown).
MESSAGES = {
    "benefit.known": _("The fund's rules have this benefit."),
    "benefit.unknown": _("The fund's rules have no such benefit."),
    "claimant.allowed": _("This benefit may be claimed by %(claimant)s."),
    "claimant.not_allowed": _("This benefit may not be claimed by %(claimant)s."),
    "cover.on_event": _("The member was covered on %(event_date)s (cover %(cover_from)s to %(cover_until)s)."),
    "cover.grace": _("The event on %(event_date)s falls within %(days)s days after the cover ended on %(cover_until)s."),
    "cover.not_on_event": _("The member was not covered on %(event_date)s (cover %(cover_from)s to %(cover_until)s)."),
    "cover.not_required": _("This benefit does not need cover on the date of the event."),
    "filing.in_time": _("Filed %(days)s days after the event, within the limit of %(limit)s days."),
    "filing.late": _("Filed %(days)s days after the event: the limit is %(limit)s days."),
    "filing.no_limit": _("The fund's rules set no time limit for this claim."),
    "amount.fixed": _("The benefit is %(amount)s %(currency)s."),
    "amount.degree": _("For %(degree)s the benefit is %(amount)s %(currency)s."),
    "amount.degree_unknown": _("The degree %(degree)s is not in the fund's table."),
    "amount.degree_range": _("For %(degree)s the fund pays from %(min)s to %(max)s %(currency)s by its schedule: "
                             "%(amount)s is due."),
    "amount.degree_below": _("For %(degree)s the fund pays from %(min)s to %(max)s %(currency)s: %(requested)s is "
                             "below that range."),
    "amount.capped": _("Asked %(requested)s %(currency)s; the most the fund pays is %(max)s %(currency)s: %(amount)s is due."),
    "amount.requested": _("The amount is the cost shown, %(amount)s %(currency)s (no fixed amount in the rules)."),
    "amount.missing": _("An amount must be asked: the rules set no fixed amount for this benefit."),
}


def freeze(*, fund: Fund, benefit: str, claimant_kind: str, event_date: dt.date, filed_on: dt.date,
           cover_from: dt.date, cover_until: dt.date, cause: str = "", requested_amount: Decimal | None = None) -> dict:
    """The inputs of one evaluation, as JSON facts (strings and ints): what the claim stores."""
    return {
        "fund": fund.id, "fund_version": fund.version, "benefit": benefit, "claimant_kind": claimant_kind,
        "event_date": event_date.isoformat(), "filed_on": filed_on.isoformat(), "cover_from": cover_from.isoformat(),
        "cover_until": cover_until.isoformat(), "cause": cause or "",
        "requested_amount": None if requested_amount is None else str(to_decimal(requested_amount)),
    }


def inputs_hash(inputs: dict) -> str:
    return hashlib.sha256(canonical_json(inputs)).hexdigest()


def _reason(code: str, passed: bool, citation: dict | None = None, **params) -> dict:
    return {"code": code, "passed": passed, "params": {k: str(v) for k, v in params.items()}, "citation": citation or {}}


def evaluate(inputs: dict) -> dict:
    """{eligible, amount (str or None), currency, reasons[{code, passed, params, citation}]} for frozen inputs."""
    fund = fund_version(inputs["fund"], inputs["fund_version"])
    reasons: list[dict] = []
    if fund is None or fund.benefit(inputs["benefit"]) is None:
        reasons.append(_reason("benefit.unknown", False))
        return {"eligible": False, "amount": None, "currency": fund.currency if fund else "", "reasons": reasons}
    benefit = fund.benefit(inputs["benefit"])
    cite = benefit.citation()
    reasons.append(_reason("benefit.known", True, cite))
    claimant = inputs["claimant_kind"]
    reasons.append(_reason("claimant.allowed" if claimant in benefit.claimants else "claimant.not_allowed",
                           claimant in benefit.claimants, cite, claimant=claimant))
    event_date = dt.date.fromisoformat(inputs["event_date"])
    filed_on = dt.date.fromisoformat(inputs["filed_on"])
    cover_from = dt.date.fromisoformat(inputs["cover_from"])
    cover_until = dt.date.fromisoformat(inputs["cover_until"])
    dates = {"event_date": event_date, "cover_from": cover_from, "cover_until": cover_until}
    if not benefit.requires_cover_on_event:
        reasons.append(_reason("cover.not_required", True, cite))
    elif cover_from <= event_date <= cover_until:
        reasons.append(_reason("cover.on_event", True, cite, **dates))
    elif cover_until < event_date <= cover_until + dt.timedelta(days=benefit.grace_after_cover_days):
        reasons.append(_reason("cover.grace", True, cite, days=benefit.grace_after_cover_days, **dates))
    else:
        reasons.append(_reason("cover.not_on_event", False, cite, **dates))
    if benefit.filing_limit_days is None:
        reasons.append(_reason("filing.no_limit", True, cite))
    else:
        days = (filed_on - event_date).days
        reasons.append(_reason("filing.in_time" if days <= benefit.filing_limit_days else "filing.late",
                               days <= benefit.filing_limit_days, cite, days=days, limit=benefit.filing_limit_days))
    currency = fund.currency
    requested = None if inputs.get("requested_amount") in (None, "") else to_decimal(inputs["requested_amount"])
    amount: Decimal | None = None
    if benefit.amount is not None:
        amount = benefit.amount
        reasons.append(_reason("amount.fixed", True, cite, amount=amount, currency=currency))
    elif benefit.degrees:
        table = dict(benefit.degrees)
        degree = inputs.get("cause", "")
        if degree in table:
            amount = table[degree]
            reasons.append(_reason("amount.degree", True, cite, degree=degree, amount=amount, currency=currency))
        else:
            reasons.append(_reason("amount.degree_unknown", False, cite, degree=degree or "-"))
    elif benefit.degree_ranges:
        ranges = {degree: (low, high) for degree, low, high in benefit.degree_ranges}
        degree = inputs.get("cause", "")
        if degree not in ranges:
            reasons.append(_reason("amount.degree_unknown", False, cite, degree=degree or "-"))
        elif requested is None or requested <= 0:
            reasons.append(_reason("amount.missing", False, cite))
        elif requested < ranges[degree][0]:
            reasons.append(_reason("amount.degree_below", False, cite, degree=degree, min=ranges[degree][0],
                                   max=ranges[degree][1], requested=requested, currency=currency))
        else:
            amount = min(requested, ranges[degree][1])
            reasons.append(_reason("amount.degree_range", True, cite, degree=degree, min=ranges[degree][0],
                                   max=ranges[degree][1], amount=amount, currency=currency))
    elif requested is None or requested <= 0:
        reasons.append(_reason("amount.missing", False, cite))
    elif benefit.max_amount is not None:
        amount = min(requested, benefit.max_amount)
        reasons.append(_reason("amount.capped", True, cite, requested=requested, max=benefit.max_amount, amount=amount,
                               currency=currency))
    else:
        amount = requested
        reasons.append(_reason("amount.requested", True, cite, amount=amount, currency=currency))
    eligible = all(r["passed"] for r in reasons)
    return {"eligible": eligible, "amount": None if amount is None else f"{amount:.2f}", "currency": currency,
            "reasons": reasons}


def explain(reason: dict) -> str:
    """One reason in the reader's language."""
    message = MESSAGES.get(reason["code"])
    return str(message) % reason.get("params", {}) if message is not None else reason["code"]
