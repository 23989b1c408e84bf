"""The standards API: ratifications public (unknown kept unknown), the gap analysis and agreements only for the
roles that see the officers' pages."""

import pytest

from corridor.accounts.choices import Role
from corridor.standards import services
from tests.factories.accounts import UserFactory, signed_in_client, verified

pytestmark = pytest.mark.django_db


def test_ratifications_public_gap_and_agreements_for_officers(client, shared_data):
    services.ratifications_load(acting_user=None, directory=shared_data)
    services.agreements_load(acting_user=None, directory=shared_data)
    found = client.get("/api/v1/standards/ratifications/sa")
    assert found.status_code == 200 and found.json()["country"] == "SA"
    statuses = {row["instrument"]: row for row in found.json()["ratifications"]}
    assert statuses["C189"]["coverage"] == "partial" and statuses["C189"]["status"] in {"unknown", "not_ratified", "ratified"}
    assert statuses["C029"]["status"] == "ratified"  # Saudi Arabia ratified C029 (NORMLEX, the complete file)
    assert client.get("/api/v1/standards/ratifications/zz").status_code == 404
    assert client.get("/api/v1/standards/gap?origin=PH&destination=SA").status_code == 401
    assert client.get("/api/v1/standards/agreements").status_code == 401

    worker = signed_in_client(UserFactory(role=Role.WORKER))
    assert worker.get("/api/v1/standards/agreements").status_code == 403
    officer = signed_in_client(verified(UserFactory(role=Role.ORIGIN_OFFICER)))
    gap = officer.get("/api/v1/standards/gap?origin=PH&destination=SA").json()
    assert gap["origin"]["country"] == "PH" and gap["destination"]["country"] == "SA"
    assert gap["rules"] and {rule["binding"] for rule in gap["rules"]} <= {True, False}
    assert officer.get("/api/v1/standards/gap?origin=PHL").status_code == 422
    agreements = officer.get("/api/v1/standards/agreements").json()
    assert len(agreements) == 79 and any(row["ruleset"] == "ph-sa" for row in agreements)
    one = officer.get("/api/v1/standards/agreements/751").json()
    assert one["treaty_id"] == 751 and set(one["provides"]) >= {"fees", "wages"}
    assert officer.get("/api/v1/standards/agreements/1").status_code == 404  # USA-Canada: not this node's
