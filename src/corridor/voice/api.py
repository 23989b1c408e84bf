"""API: a party's published ratings (public) and a worker's matches with their explanations."""

import datetime as dt

from ninja import Router, Schema

from corridor.accounts.permissions import has_perm
from corridor.core.errors import NotFound, PermissionDenied
from corridor.core.schemas import AUTH_ERRORS, PUBLIC_ERRORS
from corridor.voice import selectors
from corridor.voice.choices import PUBLICATION_THRESHOLD, PartyKind

router = Router(tags=["voice"])


class RatingsOut(Schema):
    kind: str
    party_id: int
    published: bool
    threshold: int
    reviews: int | None  # null until published: a count below the threshold is not told either
    averages: dict[str, float]


@router.get("/voice/ratings/{kind}/{party_id}", auth=None, response={200: RatingsOut, **PUBLIC_ERRORS},
            summary="A party's published ratings (public; empty below the threshold)")
def ratings(request, kind: PartyKind, party_id: int):
    selectors.party_get(kind, party_id)  # 404 for a party that does not exist
    found = selectors.summary(kind, party_id)
    return {"kind": kind, "party_id": party_id, "published": found.published, "threshold": PUBLICATION_THRESHOLD,
            "reviews": found.reviews if found.published else None, "averages": found.averages}


class RequirementOut(Schema):
    key: str
    met: bool
    partial: bool
    detail: list[str]


class MatchOut(Schema):
    reference: str
    title: str
    country: str
    agency_id: int
    employer: str
    starts_on: dt.date | None
    score: int
    requirements: list[RequirementOut]


@router.get("/voice/matches", response={200: list[MatchOut], **AUTH_ERRORS},
            summary="The signed-in worker's top twenty job orders, each with its explanation")
def matches(request):
    if not has_perm(request.auth, "profile.keep"):
        raise PermissionDenied()
    if selectors.my_profile(user=request.auth) is None:
        raise NotFound()
    return [{"reference": order.reference, "title": order.title, "country": order.country_id,
             "agency_id": order.agency_id, "employer": order.employer.name, "starts_on": selectors.job_start(order),
             "score": match.score, "requirements": match.as_list()}
            for order, match in selectors.my_matches(user=request.auth)]
