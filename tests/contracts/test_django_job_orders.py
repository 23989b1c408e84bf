"""A contract is submitted under one of the agency's job orders on the board, matching it, while it has room."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from corridor.accounts import services as accounts
from corridor.contracts import services
from corridor.contracts.choices import ContractStatus
from corridor.contracts.models import Contract
from corridor.contracts.service_errors import (
    JobOrderFull,
    JobOrderMismatch,
    JobOrderNotOpen,
    JobOrderOtherAgency,
)

from .django_helpers import approved_job_order, licensed_agency, registration_parties, sample


@pytest.fixture
def parties(db, make_org, make_user):
    return registration_parties(make_org, make_user)


def new_worker(parties, name="Ana Reyes"):
    return accounts.worker_create(acting_user=None, full_name=name, nationality="PH", recorded_by=parties["agency"],
                                  languages=["en"])


def submit(parties, *, worker=None, doc=None, job_order=None):
    return services.contract_submit(acting_user=parties["staff"], worker=worker or parties["worker"],
                                    doc=doc or sample(), job_order=job_order or parties["job_order"])


def test_the_contract_names_its_job_order(parties):
    contract = submit(parties)
    assert contract.job_order == parties["job_order"]
    assert parties["job_order"].contracts.get() == contract


def test_another_agencys_job_order_is_refused(parties, make_org):
    other_org = make_org(kind="recruitment_agency", name="Other agency")
    other = approved_job_order(agency=licensed_agency(other_org, parties["officer"]), employer=parties["employer"],
                               officer=parties["officer"])
    with pytest.raises(JobOrderOtherAgency) as refused:
        submit(parties, job_order=other)
    assert refused.value.code == "contract.job_order_other_agency" and "job_order" in refused.value.fields
    assert not Contract.objects.exists()


@pytest.mark.parametrize("state", ["submitted", "delisted", "expired", "employer_unverified", "licence_suspended"])
def test_a_job_order_not_on_the_board_is_refused(parties, state):
    from corridor.registry.models import Employer, JobOrder, Licence

    order = parties["job_order"]
    if state == "submitted":
        order = approved_job_order(agency=parties["registry_agency"], employer=parties["employer"],
                                   officer=parties["officer"], approve=False)
    elif state == "delisted":
        JobOrder.objects.filter(pk=order.pk).update(status="delisted")
    elif state == "expired":
        JobOrder.objects.filter(pk=order.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    elif state == "employer_unverified":
        Employer.objects.filter(pk=parties["employer"].pk).update(status="pending")
    else:
        Licence.objects.filter(agency=parties["registry_agency"]).update(
            status="suspended", suspended_until=timezone.localdate() + timedelta(days=30))
    with pytest.raises(JobOrderNotOpen) as refused:
        submit(parties, job_order=order)
    assert refused.value.code == "contract.job_order_not_open"
    assert not Contract.objects.exists()


def test_employer_country_and_occupation_must_match_the_job_order(parties):
    with pytest.raises(JobOrderMismatch) as refused:
        submit(parties, doc=sample(employer__country="QA", job__isco08="7112"))
    assert refused.value.code == "contract.job_order_mismatch"
    assert set(refused.value.fields) == {"$.employer.country", "$.job.isco08"}
    with pytest.raises(JobOrderMismatch) as refused:
        submit(parties, doc=sample(job__isco08=None))
    assert set(refused.value.fields) == {"$.job.isco08"}
    assert not Contract.objects.exists()


def test_a_full_job_order_is_refused_and_a_returned_contract_frees_its_place(parties):
    order = approved_job_order(agency=parties["registry_agency"], employer=parties["employer"],
                               officer=parties["officer"], workers_needed=2)
    first = submit(parties, job_order=order)
    second = submit(parties, worker=new_worker(parties, "Second Worker"), job_order=order)
    services.contract_approve(acting_user=parties["officer"], version=second.versions.get())
    third = new_worker(parties, "Third Worker")
    with pytest.raises(JobOrderFull) as refused:
        submit(parties, worker=third, job_order=order)
    assert refused.value.code == "contract.job_order_full"
    # The same worker's second contract takes no second place.
    again = submit(parties, job_order=order)
    services.contract_return(acting_user=parties["officer"], version=first.versions.get(), reason="Wrong wage")
    first.refresh_from_db()
    assert first.status == ContractStatus.RETURNED
    assert services.job_order_taken(order) == 2  # the worker's other contract still holds the place
    services.contract_return(acting_user=parties["officer"], version=again.versions.get(), reason="Duplicate")
    assert services.job_order_taken(order) == 1
    assert submit(parties, worker=third, job_order=order).job_order == order


def test_resubmitting_a_returned_contract_needs_a_place(parties):
    order = approved_job_order(agency=parties["registry_agency"], employer=parties["employer"],
                               officer=parties["officer"], workers_needed=1)
    first = submit(parties, job_order=order)
    services.contract_return(acting_user=parties["officer"], version=first.versions.get(), reason="Wrong wage")
    taker = submit(parties, worker=new_worker(parties, "Took The Place"), job_order=order)
    with pytest.raises(JobOrderFull):
        services.contract_resubmit(acting_user=parties["staff"], contract=first, doc=sample(wage__amount="1700.00"))
    services.contract_return(acting_user=parties["officer"], version=taker.versions.get(), reason="Withdrawn")
    services.contract_resubmit(acting_user=parties["staff"], contract=first, doc=sample(wage__amount="1700.00"))
    first.refresh_from_db()
    assert first.status == ContractStatus.SUBMITTED


def test_an_amendment_must_still_match_the_job_order(parties):
    contract = submit(parties)
    services.contract_approve(acting_user=parties["officer"], version=contract.versions.get())
    with pytest.raises(JobOrderMismatch):
        services.contract_amend(acting_user=parties["staff"], contract=contract, doc=sample(job__isco08="5120"))


def test_the_submit_page_offers_only_the_agencys_job_orders_on_the_board(parties, make_org, signed_in):
    unapproved = approved_job_order(agency=parties["registry_agency"], employer=parties["employer"],
                                    officer=parties["officer"], approve=False)
    other_org = make_org(kind="recruitment_agency", name="Other agency")
    others = approved_job_order(agency=licensed_agency(other_org, parties["officer"]), employer=parties["employer"],
                                officer=parties["officer"])
    client = signed_in(parties["staff"])
    response = client.get(reverse("contracts:create"))
    offered = list(response.context["form"].fields["job_order"].queryset)
    assert offered == [parties["job_order"]]
    assert parties["job_order"].reference in response.content.decode()
    for refused in (unapproved, others):
        response = client.post(reverse("contracts:create"), {
            "job_order": refused.pk, "worker": parties["worker"].pk, "document": json.dumps(sample())})
        assert response.status_code == 200 and response.context["form"].errors["job_order"]
    assert not Contract.objects.exists()


def test_the_page_shows_a_mismatch_by_its_place_in_the_document(parties, signed_in):
    response = signed_in(parties["staff"]).post(reverse("contracts:create"), {
        "job_order": parties["job_order"].pk, "worker": parties["worker"].pk,
        "document": json.dumps(sample(job__isco08="7112"))})
    assert response.status_code == 200
    assert "$.job.isco08" in response.content.decode()
    assert not Contract.objects.exists()


def test_the_page_refuses_a_full_job_order(parties, signed_in):
    order = approved_job_order(agency=parties["registry_agency"], employer=parties["employer"],
                               officer=parties["officer"], workers_needed=1)
    submit(parties, job_order=order)
    response = signed_in(parties["staff"]).post(reverse("contracts:create"), {
        "job_order": order.pk, "worker": new_worker(parties).pk, "document": json.dumps(sample())})
    assert response.status_code == 200 and response.context["form"].errors["job_order"]


def test_employer_staff_cannot_submit(parties):
    from corridor.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.contract_submit(acting_user=parties["employer_staff"], worker=parties["worker"], doc=sample(),
                                 job_order=parties["job_order"])

