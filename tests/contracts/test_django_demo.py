"""The demo data set has a contract in every state for the demo workers."""

import pytest

from corridor.contracts.choices import ContractStatus, VersionStatus
from corridor.contracts.models import Contract, ContractVersion


@pytest.mark.django_db
@pytest.mark.once("sqlite")  # as `make demo` runs it
@pytest.mark.parametrize("demo_context", ["PH", "NP"], indirect=True)
def test_demo_contracts_in_every_state(demo_context):
    ctx = demo_context
    assert {c.status for c in Contract.objects.all()} == set(ContractStatus.values)
    statuses = set(ContractVersion.objects.values_list("status", flat=True))
    assert {VersionStatus.SUBMITTED, VersionStatus.RETURNED, VersionStatus.REGISTERED,
            VersionStatus.AWAITING_WORKER} <= statuses
    assert ContractVersion.objects.filter(check_record__violations__gt=0, status=VersionStatus.SUBMITTED).exists()
    assert ContractVersion.objects.filter(override_confirmed_by__isnull=False).exists()
    registered = ctx.extra["contract_registered"]
    assert registered.worker.user == ctx.users["worker"]
    assert registered.versions.filter(status=VersionStatus.REGISTERED).exists()
