"""What a case tells the welfare fund: a death or injury (a claim prompted for the family) and a repatriation request
(the fund's queue), end to end through the domain events; who may, and when."""

import datetime as dt

import pytest

from corridor.accounts.choices import Role
from corridor.cases import services
from corridor.cases.errors import CaseNotOpen, NoWorkerOnCase, RepatriationNotUrgent
from corridor.cases.models import CaseEvent
from corridor.core.errors import InvalidInput, NotFound
from corridor.core.models import AuditEntry, DomainEvent
from corridor.welfare.models import Claim, Repatriation
from tests.factories.accounts import UserFactory, WorkerFactory, verified
from tests.factories.welfare import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    return MembershipFactory(acting_user=verified(UserFactory(role=Role.FUND_OFFICER)), worker=WorkerFactory())


@pytest.fixture
def urgent_case(file_case, people, member):
    return file_case(acting_user=people["caseworker"], worker=member.worker, grievances=["confinement"],
                     narrative="They locked me in and the madam hits me.", complainant={"full_name": "Jose Cruz"}).case


@pytest.fixture
def plain_case(file_case, people, member):
    return file_case(acting_user=people["caseworker"], worker=member.worker, complainant={"full_name": "Jose Cruz"}).case


def test_a_death_recorded_in_a_case_prompts_the_familys_claim(urgent_case, people, member,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.death_or_injury_record(acting_user=people["caseworker"], case=urgent_case, kind="death",
                                        on=dt.date(2026, 11, 1), note="Died in hospital.")
    claim = Claim.objects.get(prompted_by=f"case:{urgent_case.pk}")
    assert claim.status == "prompted" and claim.membership == member and claim.benefit == "death_natural"
    assert claim.event_date == dt.date(2026, 11, 1)
    event = CaseEvent.objects.get(case=urgent_case, action="welfare_death")
    assert event.reason == "Died in hospital." and event.effective_date == dt.date(2026, 11, 1)
    assert AuditEntry.objects.filter(action="case.death_or_injury_record").count() == 1


def test_a_repatriation_request_from_an_urgent_case_reaches_the_funds_queue(urgent_case, people, member,
                                                                             django_capture_on_commit_callbacks):
    assert services.may_request_repatriation(people["attache"], urgent_case)
    with django_capture_on_commit_callbacks(execute=True):
        services.repatriation_request(acting_user=people["attache"], case=urgent_case, reason="Sheltered at the embassy.")
    request = Repatriation.objects.get(membership=member)
    assert request.case_reference == urgent_case.reference and request.status == "requested"
    assert AuditEntry.objects.filter(action="case.repatriation_request").count() == 1


def test_repatriation_is_refused_for_a_case_neither_urgent_nor_trafficking(plain_case, people):
    assert not plain_case.is_urgent and not services.may_request_repatriation(people["caseworker"], plain_case)
    with pytest.raises(RepatriationNotUrgent):
        services.repatriation_request(acting_user=people["caseworker"], case=plain_case, reason="Wants to go home.")
    assert not DomainEvent.objects.filter(name="case.repatriation_requested").exists()


def test_nothing_is_told_from_a_closed_case(plain_case, people):
    officer = next(people[k] for k in ("attache", "licensing") if people[k].organisation_id == plain_case.assigned_team_id)
    services.case_close(acting_user=officer, case=plain_case, reason="Settled.")
    plain_case.refresh_from_db()
    assert not services.may_tell_welfare(people["caseworker"], plain_case)
    with pytest.raises(CaseNotOpen):
        services.death_or_injury_record(acting_user=people["caseworker"], case=plain_case, kind="injury",
                                        on=dt.date(2026, 11, 1))
    assert not DomainEvent.objects.filter(name="case.death_or_injury_recorded").exists()


@pytest.mark.parametrize("who", ["other_officer", "auditor", "employer"])
def test_only_those_on_the_case_may_tell_the_fund(urgent_case, people, who):
    with pytest.raises(NotFound):
        services.death_or_injury_record(acting_user=people[who], case=urgent_case, kind="death", on=dt.date(2026, 11, 1))
    with pytest.raises(NotFound):
        services.repatriation_request(acting_user=people[who], case=urgent_case, reason="Home.")
    assert not DomainEvent.objects.filter(name__startswith="case.death").exists()


def test_bad_input_and_a_case_without_a_worker_are_refused(file_case, urgent_case, people):
    for kind, on in (("murder", dt.date(2026, 11, 1)), ("death", dt.date.today() + dt.timedelta(days=2))):
        with pytest.raises(InvalidInput):
            services.death_or_injury_record(acting_user=people["caseworker"], case=urgent_case, kind=kind, on=on)
    with pytest.raises(InvalidInput):
        services.repatriation_request(acting_user=people["caseworker"], case=urgent_case, reason="  ")
    anonymous = file_case(grievances=["confinement"], narrative="They locked me in.").case
    with pytest.raises(NoWorkerOnCase):
        services.death_or_injury_record(acting_user=people["attache"], case=anonymous, kind="death", on=dt.date(2026, 11, 1))
    assert not DomainEvent.objects.filter(name__startswith="case.death").exists()


def test_the_case_page_offers_both_only_to_who_may(client, signed_in, urgent_case, people):
    signed_in(people["caseworker"])
    page = client.get(f"/cases/{urgent_case.reference}/").content.decode()
    assert f"/cases/{urgent_case.reference}/death-or-injury/" in page and f"/cases/{urgent_case.reference}/repatriation/" in page
    signed_in(people["auditor"])
    page = client.get(f"/cases/{urgent_case.reference}/").content.decode()
    assert "death-or-injury" not in page and "/repatriation/" not in page


def test_the_page_form_records_and_the_api_requests(client, signed_in, urgent_case, people, member,
                                                   django_capture_on_commit_callbacks):
    signed_in(people["caseworker"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/cases/{urgent_case.reference}/death-or-injury/",
                               {"kind": "accidental_death", "on": "2026-11-01", "note": ""})
    assert response.status_code == 302
    assert Claim.objects.get(prompted_by=f"case:{urgent_case.pk}").benefit == "death_accidental"
    signed_in(people["attache"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/cases/{urgent_case.reference}/repatriation", {"reason": "Sheltered."},
                               content_type="application/json")
    assert response.status_code == 200
    assert Repatriation.objects.get(membership=member).case_reference == urgent_case.reference
    signed_in(people["employer"])
    response = client.post(f"/api/v1/cases/{urgent_case.reference}/repatriation", {"reason": "x"},
                           content_type="application/json")
    assert response.status_code == 403
