"""Worker-facing sentences generated from the rules that apply to a corridor, sector and date (issue 10).

What a page tells a worker about recruitment fees must agree with the rules: where the origin allows a placement fee
(the Philippines: up to one month's basic wage, except for household service workers) and the destination does not
forbid it, the page must not say that every fee is forbidden.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from corridor.rules.engine import _applies, _as_bound, _engine_messages, _render, normalise_language
from corridor.rules.evaluators import FEE_ITEMS
from corridor.rules.loader import Catalogue, default_catalogue


def _text(key: str, lang: str, **values: str) -> str:
    table = _engine_messages()[key]
    return _render(table.get(lang) or table["en"], **values)


def _items(items: tuple[str, ...] | list[str], lang: str) -> str:
    names = _engine_messages()["fee_item_names"]
    table = names.get(lang) or names["en"]
    return ", ".join(table.get(item, item) for item in items)


def fee_sentences(origin: str, destination: str, sector: str | None, on: dt.date, *, lang: str = "en",
                  catalogue: Catalogue | None = None) -> list[dict[str, Any]]:
    """One sentence per binding fee rule that applies, most protective first, each with its citation."""
    catalogue = catalogue or default_catalogue()
    lang = normalise_language(lang)
    origin, destination = origin.upper(), destination.upper()
    probe = {"job": {"sector": sector} if sector else {}}
    bans, caps = [], []
    for ruleset in catalogue.applicable(origin, destination, on):
        for rule in ruleset.rules:
            if rule.check != "fees_at_most" or _applies(rule, probe, on, destination, "contract") is not True:
                continue
            rule, bound, _why = _as_bound(rule, origin, destination, on)
            if rule.severity != "violation":
                continue  # guidance: a convention that does not bind here is not stated as the law
            params = rule.params
            items = tuple(params.get("items") or FEE_ITEMS)
            cite = f"{rule.citation.instrument}, {rule.citation.article}"
            if "months_of_wage" in params:
                caps.append((rule, items, cite, params["months_of_wage"]))
            elif "amount" in params and str(params["amount"]).strip("0.") == "":
                bans.append((rule, items, cite))
            elif "amount" in params:
                caps.append((rule, items, cite, f"{params['amount']} {params.get('currency', '')}".strip()))
    sentences = []
    banned_items: set[str] = set()
    for rule, items, cite in bans:
        banned_items |= set(items)
        key = "fee_ban_all" if set(items) >= set(FEE_ITEMS) else "fee_ban_items"
        sentences.append({"rule": rule.id, "text": _text(key, lang, items=_items(items, lang), cite=cite)})
    for rule, items, cite, months in caps:
        if set(items) <= banned_items:
            continue  # a ban that applies here is stricter: saying that a fee is allowed would be wrong
        if "months_of_wage" in rule.params:
            text = _text("fee_cap_months", lang, months=str(months), items=_items(items, lang), cite=cite)
        else:
            text = _text("fee_cap_amount", lang, amount=months, items=_items(items, lang), cite=cite)
        sentences.append({"rule": rule.id, "text": text})
    if not sentences:
        sentences.append({"rule": "", "text": _text("fee_no_rule", lang)})
    return sentences


def rules_for(origin: str, destination: str, sector: str | None, isco: str | None, on: dt.date, *,
              catalogue: Catalogue | None = None) -> list[tuple[Any, Any, bool | None]]:
    """Every contract-stage rule of the rulesets that apply to the corridor on `on` and to a job of this sector and
    ISCO-08 occupation: (ruleset, rule as applied, binding or None when it rests on no convention). A rule whose
    convention does not bind the state comes back as a warning (guidance, not the law). Used by know-before-you-go."""
    catalogue = catalogue or default_catalogue()
    origin, destination = origin.upper(), destination.upper()
    probe = {"job": {k: v for k, v in (("sector", sector), ("isco08", isco)) if v}}
    found = []
    for ruleset in catalogue.applicable(origin, destination, on):
        for rule in ruleset.rules:
            if _applies(rule, probe, on, destination, "contract") is not True:
                continue
            applied, bound, _why = _as_bound(rule, origin, destination, on)
            found.append((ruleset, applied, bound))
    return found
