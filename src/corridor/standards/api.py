"""API: ratifications per country (public, as the country page), and for the node's officers the corridor gap
analysis and the bilateral agreements with what their coding says they provide (as the pages, `standards.view`)."""

import datetime as dt

import pycountry
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from corridor.accounts.permissions import has_perm
from corridor.core import node
from corridor.core.errors import NotFound, PermissionDenied
from corridor.core.schemas import AUTH_ERRORS, PUBLIC_ERRORS
from corridor.standards import selectors

router = Router(tags=["standards"])
COUNTRY = r"^[A-Za-z]{2}$"


def _country(code: str) -> str:
    code = code.upper()
    if pycountry.countries.get(alpha_2=code) is None:
        raise NotFound()
    return code


class RatificationOut(Schema):
    instrument: str
    name: str
    status: str = Field(description="ratified, not_ratified, denounced, signed, or unknown (the data cannot say)")
    coverage: str = Field(description="complete: the file lists every country; partial: silence is unknown")
    year: int | None
    ratified_on: dt.date | None
    in_force_on: dt.date | None
    source: str
    note: str


class CountryOut(Schema):
    country: str
    ratifications: list[RatificationOut]


def _ratification(line: dict) -> dict:
    return {key: line[key] for key in ("instrument", "status", "coverage", "year", "ratified_on", "in_force_on",
                                       "source", "note")} | {"name": str(line["name"]), "status": str(line["status"])}


@router.get("/ratifications/{code}", auth=None, response={200: CountryOut, **PUBLIC_ERRORS},
            summary="A country's ratifications of the migrant-worker and fundamental instruments (public)")
def ratifications(request, code: str):
    code = _country(code)
    return {"country": code, "ratifications": [_ratification(line) for line in selectors.country_ratifications(code)]}


class GapQuery(Schema):
    origin: str = Field("", pattern=r"^([A-Za-z]{2})?$", description="ISO alpha-2; default: this node's country")
    destination: str = Field("", pattern=r"^([A-Za-z]{2})?$", description="ISO alpha-2")
    on: dt.date | None = Field(None, description="the date the rules are taken at; default: today")


class SideOut(Schema):
    country: str
    not_ratified: list[str]
    unknown: list[str]
    ratified: list[str]


class GapRuleOut(Schema):
    ruleset: str
    version: str
    rule: str
    convention: str
    binding: bool = Field(description="false: the rule guides, it does not bind (the instrument is not ratified)")
    status: str
    severity: str
    citation: dict


class GapOut(Schema):
    origin: SideOut
    destination: SideOut
    on: dt.date
    rules: list[GapRuleOut]


def _side(side: dict) -> dict:
    return {"country": side["country"], **{key: [line["instrument"] for line in side[key]]
                                           for key in ("not_ratified", "unknown", "ratified")}}


@router.get("/gap", response={200: GapOut, **AUTH_ERRORS},
            summary="The corridor's gap analysis: instruments not ratified, and which encoded rules bind")
def gap(request, params: Query[GapQuery]):
    if not has_perm(request.auth, "standards.view"):
        raise PermissionDenied()
    here = node.identity().country
    origin = _country(params.origin or here)
    destination = _country(params.destination or ("SA" if origin == here else here))
    found = selectors.corridor_gap(origin=origin, destination=destination, on=params.on or timezone.localdate())
    return {"origin": _side(found["origin"]), "destination": _side(found["destination"]), "on": found["on"],
            "rules": [{**{key: rule[key] for key in ("ruleset", "rule", "convention", "binding", "severity")},
                       "version": str(rule["version"]), "status": str(rule["status"]),
                       "citation": rule["citation"].as_dict()} for rule in found["rules"]]}


class AgreementOut(Schema):
    treaty_id: int
    parties: list[str]
    peer: str | None
    year: int | None
    signed_on: dt.date | None
    title: str
    coded: bool
    provides: dict[str, bool | None] = Field(description="what the content coding says it provides; null: not coded")
    ruleset: str | None = Field(description="the ruleset that encodes it; null: work to do")


def _agreement(row: dict) -> dict:
    agreement = row["agreement"]
    return {"treaty_id": agreement.treaty_id, "parties": [agreement.name_a, agreement.name_b], "peer": row["peer"] or None,
            "year": agreement.year, "signed_on": agreement.signed_on, "title": agreement.title, "coded": agreement.coded,
            "provides": {p["name"]: p["value"] for p in row["provisions"]}, "ruleset": row["ruleset"]}


@router.get("/agreements", response={200: list[AgreementOut], **AUTH_ERRORS},
            summary="The node's bilateral agreements (Chilton and Woda), with the ruleset that encodes each")
def agreements(request):
    if not has_perm(request.auth, "standards.view"):
        raise PermissionDenied()
    return [_agreement(row) for row in selectors.agreement_list(user=request.auth)]


@router.get("/agreements/{treaty_id}", response={200: AgreementOut, **AUTH_ERRORS}, summary="One agreement")
def agreement(request, treaty_id: int):
    if not has_perm(request.auth, "standards.view"):
        raise PermissionDenied()
    return _agreement(selectors.agreement_get(user=request.auth, treaty_id=treaty_id))
