"""Coming home: a return recorded by the worker, an attaché, the welfare fund's repatriation or the destination's
message; it closes the deployment and is announced as `worker.returned`."""

import datetime as dt

import pytest
from django.utils import timezone

from corridor.clearance.models import Clearance
from corridor.core import events
from corridor.core.errors import NotFound, PermissionDenied
from corridor.reintegration import errors, services
from corridor.reintegration.models import Return

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def announced():
    seen = []

    def catch(**payload):
        seen.append(payload)

    events.subscriber("worker.returned")(catch)
    yield seen
    events._subscribers["worker.returned"].remove(catch)


def test_the_worker_records_their_own_return_and_the_deployment_closes(granted_for_worker, announced):
    clearance, user = granted_for_worker
    record = services.return_record(acting_user=user, returned_on=TODAY, cause="end_of_contract", source="worker",
                                    clearance_reference=clearance.reference)
    assert record.worker == clearance.worker and record.destination == "SA" and record.status == "recorded"
    assert record.events.get().action == "record"
    assert Clearance.objects.get(pk=clearance.pk).status == "returned"
    assert announced == [{"reference": record.reference, "clearance_reference": clearance.reference,
                          "returned_on": TODAY.isoformat(), "cause": "end_of_contract"}]


def test_a_second_report_of_the_same_return_changes_nothing(granted_for_worker, attache, announced):
    clearance, user = granted_for_worker
    first = services.return_record(acting_user=attache, returned_on=TODAY, cause="exit", source="attache",
                                   clearance_reference=clearance.reference)
    again = services.return_record(acting_user=user, returned_on=TODAY, cause="end_of_contract", source="worker",
                                   clearance_reference=clearance.reference)
    assert again.pk == first.pk and again.cause == "exit"
    assert Return.objects.count() == 1 and len(announced) == 1


def test_a_worker_cannot_record_someone_elses_return(granted_for_worker):
    from tests.factories.accounts import WorkerUserFactory, verified

    clearance, _user = granted_for_worker
    stranger = verified(WorkerUserFactory())
    with pytest.raises(errors.UnknownClearance):
        services.return_record(acting_user=stranger, returned_on=TODAY, cause="exit", source="worker",
                               clearance_reference=clearance.reference)
    assert not Return.objects.exists()


def test_an_attache_posted_elsewhere_cannot_name_the_clearance(granted_for_worker):
    from corridor.accounts.choices import Role
    from tests.factories.accounts import OrganisationFactory, UserFactory, verified

    clearance, _user = granted_for_worker
    kuwait = verified(UserFactory(role=Role.CONSULAR_ATTACHE,
                                  organisation=OrganisationFactory(kind="consulate", post_country="KW")))
    with pytest.raises(errors.UnknownClearance):
        services.return_record(acting_user=kuwait, returned_on=TODAY, cause="exit", source="attache",
                               clearance_reference=clearance.reference)


def test_a_return_in_the_future_is_refused(granted_for_worker):
    clearance, user = granted_for_worker
    with pytest.raises(errors.ReturnDateInvalid):
        services.return_record(acting_user=user, returned_on=TODAY + dt.timedelta(days=2), cause="exit",
                               source="worker", clearance_reference=clearance.reference)
    assert Clearance.objects.get(pk=clearance.pk).status == "granted"


def test_an_agency_may_not_record_a_return(granted_for_worker, agency_user):
    clearance, _user = granted_for_worker
    with pytest.raises(PermissionDenied):
        services.return_record(acting_user=agency_user, returned_on=TODAY, cause="exit", source="officer",
                               clearance_reference=clearance.reference)


def test_the_destinations_message_records_the_return(granted_for_worker):
    from corridor.core.models import Country

    clearance, _user = granted_for_worker
    peer = type("Peer", (), {"country_id": "SA"})()
    body = {"clearance_reference": clearance.reference, "worker_name": clearance.worker.full_name,
            "returned_on": TODAY.isoformat(), "reason": "end_of_contract", "at": "2026-05-01T12:00:00Z"}
    record = services.peer_return_receive(peer=peer, body=body)
    assert record.source == "exchange" and record.cause == "end_of_contract"
    assert Clearance.objects.get(pk=clearance.pk).status == "returned"
    assert Country.objects.filter(pk="KW").exists()
    with pytest.raises(Exception) as refused:
        services.peer_return_receive(peer=type("Peer", (), {"country_id": "KW"})(), body=body)
    assert refused.value.code == "core.invalid_input"


def test_a_repatriation_returned_by_the_fund_records_the_return(granted_for_worker, fund_officer):
    from corridor.welfare import services as welfare
    from tests.factories.welfare import MembershipFactory

    clearance, _user = granted_for_worker
    fund = fund_officer
    fund.is_verified = lambda: True
    membership = MembershipFactory(acting_user=None, worker=clearance.worker, clearance_reference=clearance.reference)
    repatriation = welfare.repatriation_request(acting_user=None, membership=membership, reason="Sheltered.")
    repatriation = welfare.repatriation_approve(acting_user=None, repatriation=repatriation)
    welfare.repatriation_record_return(acting_user=None, repatriation=repatriation, returned_on=TODAY)
    record = Return.objects.get()
    assert record.cause == "repatriation" and record.source == "repatriation"
    assert record.source_reference == repatriation.reference and record.clearance_reference == clearance.reference
    assert Clearance.objects.get(pk=clearance.pk).status == "returned"


def test_a_return_is_not_found_by_a_worker_outside_it(granted_for_worker):
    from corridor.reintegration import selectors
    from tests.factories.accounts import WorkerUserFactory, verified

    clearance, user = granted_for_worker
    record = services.return_record(acting_user=user, returned_on=TODAY, cause="exit", source="worker",
                                    clearance_reference=clearance.reference)
    assert selectors.return_get(user=user, reference=record.reference) == record
    with pytest.raises(NotFound):
        selectors.return_get(user=verified(WorkerUserFactory()), reference=record.reference)
