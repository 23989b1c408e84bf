"""Welfare fixtures: a fund officer (two of them, for four eyes), an attaché posted where the members work, members."""

import pytest

from corridor.accounts.choices import Role
from tests.clearance.conftest import (  # noqa: F401 - the clearance fixtures, for membership at clearance
    agency,
    agency_user,
    clearance,
    contract_doc,
    employer,
    inspector,
    job_order,
    make_clearance,
    make_contract,
    make_worker,
    officer,
)
from tests.factories.accounts import OrganisationFactory, UserFactory, verified


@pytest.fixture
def fund_officer(db):
    return verified(UserFactory(role=Role.FUND_OFFICER))


@pytest.fixture
def second_officer(fund_officer):
    return verified(UserFactory(role=Role.FUND_OFFICER, organisation=fund_officer.organisation))


@pytest.fixture
def attache(db):
    consulate = OrganisationFactory(kind="consulate", post_country="SA", name="Labour office, Riyadh")
    return verified(UserFactory(role=Role.CONSULAR_ATTACHE, organisation=consulate))


@pytest.fixture
def member(db, fund_officer):
    from tests.factories.welfare import MembershipFactory

    return MembershipFactory(acting_user=fund_officer)
