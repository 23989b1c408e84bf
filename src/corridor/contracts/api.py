"""Public API of CONTRACTS.md: check a contract, compare a registered one with the one presented."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header
from ninja import Router, Schema

from corridor.contracts import compare as comparing
from corridor.contracts import interchange, plain, services
from corridor.contracts.choices import CheckSource
from corridor.contracts.service_errors import ContractInvalid
from corridor.core.languages import first_shipped
from corridor.core.schemas import PUBLIC_ERRORS, ErrorOut
from corridor.rules.rates import default_rates

router = Router(tags=["contracts"])

PARSE_ERRORS = {400: ErrorOut, 413: ErrorOut}


class RulesetApplied(Schema):
    id: str
    version: str


class Citation(Schema):
    instrument: str
    article: str
    url: str


class Finding(Schema):
    category: str
    severity: str
    rule: str
    term: str
    expected: str
    actual: str
    message: str
    citation: Citation
    prevails_over: list[str] | None = None
    binding: bool | None = None  # extension: false = guidance, the convention does not bind the state


class NotChecked(Schema):
    subject: str
    reason: str
    blocking: bool
    message: str


class Law(Schema):
    name: str
    article: str
    url: str


class PlainItem(Schema):
    kind: str  # "violation", "warning", "info", "missing" (not stated: ask for it in writing) or "gap" (no rules)
    severity: str
    text: str
    law: Law


class PlainOut(Schema):
    verdict: str  # "sign", "not_yet" (do not sign yet) or "no" (do not sign)
    headline: str
    advice: str
    sentences: list[PlainItem]  # at most five: what changes the verdict, then warnings
    all: list[PlainItem]
    notes: list[str]


class CheckOut(Schema):
    compliant: bool
    checked_at: str
    rulesets: list[RulesetApplied]
    findings: list[Finding]
    # extensions of CONTRACTS.md section 2 (docs/rulesets.md, "What was not checked")
    rules_applied: list[str] = []
    not_checked: list[NotChecked] = []
    plain: PlainOut | None = None  # extension: the worker's reading (docs/contracts.md, "The worker's reading")


class Change(Schema):
    term: str
    registered: str | None
    presented: str | None
    less_favourable: bool | None


class CompareOut(Schema):
    substituted: bool
    changes: list[Change]


def language_of(request) -> str:
    """The first language of Accept-Language that rulesets have messages in; English otherwise."""
    codes = [code for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")) if code != "*"]
    return first_shipped(codes) or "en"


def _contract_body(description: str) -> dict[str, Any]:
    return {"requestBody": {"required": True, "description": description,
                            "content": {"application/json": {"schema": {"type": "object"}}}}}


@router.post(
    "/contracts/check", auth=None, exclude_none=True, summary="Check a contract against every applicable ruleset",
    response={200: CheckOut, **PARSE_ERRORS, **PUBLIC_ERRORS},
    openapi_extra=_contract_body("A contract in the interchange form corridor.contract/1."),
)
def check(request):
    """The body is the contract. 422 lists every schema problem in `error.fields`, keyed by JSON path."""
    doc = services.document_load(request.body)
    lang = language_of(request)
    result, _record = services.contract_check(acting_user=request.user, doc=doc, lang=lang, source=CheckSource.API)
    with translation.override(lang):
        return {**result, "plain": plain.explain(result)}


@router.post(
    "/contracts/compare", auth=None, summary="Compare a registered contract with the one presented (substitution)",
    response={200: CompareOut, **PARSE_ERRORS, **PUBLIC_ERRORS},
    openapi_extra=_contract_body('{"registered": {contract}, "presented": {contract}}'),
)
def compare(request):
    """Every changed term, and whether each change is worse for the worker."""
    try:
        body = interchange.parse(request.body, max_bytes=2 * interchange.MAX_BYTES)
    except interchange.InterchangeError as exc:
        raise services.refusal(exc) from exc
    registered, presented = validated_pair(body)
    return comparing.compare(registered, presented, rates=default_rates())


def validated_pair(body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Both documents of a compare request, or ContractInvalid naming every problem under $.registered/$.presented."""
    fields: dict[str, list[str]] = {}
    for key in ("registered", "presented"):
        if key not in body:
            fields.setdefault(f"$.{key}", []).append("is required")
            continue
        for problem in interchange.validate(body[key]):
            fields.setdefault("$." + key + problem.path[1:], []).append(problem.message)
    if fields:
        raise ContractInvalid(fields=fields)
    return body["registered"], body["presented"]
