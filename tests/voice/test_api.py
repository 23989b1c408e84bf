"""API: a party's ratings (public, nothing below the threshold) and the worker's matches with explanations."""

import pytest
from django.test import Client

from tests.factories.accounts import UserFactory, WorkerUserFactory, signed_in_client
from tests.factories.voice import corridor, profile, review

pytestmark = pytest.mark.django_db


def test_ratings_are_public_and_say_nothing_below_the_threshold():
    chain = corridor()
    user, clearance = chain.deploy()
    review(user, clearance, party_id=chain.agency.pk)
    answer = Client().get(f"/api/v1/voice/ratings/agency/{chain.agency.pk}")
    assert answer.status_code == 200
    assert answer.json() == {"kind": "agency", "party_id": chain.agency.pk, "published": False, "threshold": 5,
                             "reviews": None, "averages": {}}
    assert Client().get("/api/v1/voice/ratings/agency/987654321").status_code == 404
    assert Client().get(f"/api/v1/voice/ratings/someone/{chain.agency.pk}").status_code == 422


def test_a_worker_gets_their_matches_with_the_explanation():
    chain = corridor()
    user = WorkerUserFactory()
    client = signed_in_client(user)
    assert client.get("/api/v1/voice/matches").status_code == 404  # no profile yet
    profile(user)
    found = client.get("/api/v1/voice/matches").json()
    assert [m["reference"] for m in found] == [chain.job_order.reference]
    assert {r["key"] for r in found[0]["requirements"]} == {"occupation", "destination", "language", "start", "skills"}
    assert signed_in_client(UserFactory(role="origin_officer")).get("/api/v1/voice/matches").status_code == 403
