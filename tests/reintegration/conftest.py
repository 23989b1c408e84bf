"""Reintegration fixtures: a granted clearance whose worker can sign in, the people who act on a return."""

import pytest

from corridor.accounts.choices import Role
from tests.clearance.conftest import (  # noqa: F401 - the clearance fixtures: a worker cleared for Saudi Arabia
    agency,
    agency_user,
    contract_doc,
    employer,
    fund_officer,
    inspector,
    job_order,
    make_clearance,
    make_contract,
    make_worker,
    officer,
)
from tests.factories.accounts import OrganisationFactory, UserFactory, verified


@pytest.fixture
def granted_for_worker(make_clearance, make_contract, officer):  # noqa: F811 - the imported fixtures
    """A granted clearance of a worker who has a sign-in; returns (clearance, the worker's user)."""
    from corridor.clearance import services

    contract = make_contract(username="returning-worker", passport="P7777777A")
    clearance = services.clearance_grant(acting_user=officer, clearance=make_clearance(contract=contract))
    user = verified(clearance.worker.user)
    return clearance, user


@pytest.fixture
def attache(db):
    consulate = OrganisationFactory(kind="consulate", post_country="SA", name="Labour office, Riyadh")
    return verified(UserFactory(role=Role.CONSULAR_ATTACHE, organisation=consulate))


@pytest.fixture
def caseworker(db):
    return verified(UserFactory(role=Role.CASEWORKER))


@pytest.fixture
def origin_officer(officer):  # noqa: F811 - the imported fixture
    return verified(officer)
