"""The pages: the worker says they are home and gives the debrief; the office plans and follows up; the published
figures reveal no small group; the public project page shows the money."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from corridor.accounts.choices import Role
from corridor.reintegration import errors, services
from corridor.reintegration.models import Debrief, Return
from tests.factories.accounts import UserFactory, signed_in_client, verified

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_the_worker_says_they_are_home_and_answers_the_debrief(granted_for_worker):
    clearance, user = granted_for_worker
    client = signed_in_client(user)
    page = client.get(reverse("reintegration:mine"))
    assert page.status_code == 200 and b"clearance_reference" in page.content
    refused = client.post(reverse("reintegration:mine"), {"clearance_reference": "NOPE", "returned_on": TODAY.isoformat(),
                                                          "cause": "end_of_contract"})
    assert refused.status_code == 422 and not Return.objects.exists()
    done = client.post(reverse("reintegration:mine"), {"clearance_reference": clearance.reference,
                                                       "returned_on": TODAY.isoformat(), "cause": "end_of_contract"})
    record = Return.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("reintegration:return", args=[record.reference])
    detail = client.get(done["Location"])
    assert detail.status_code == 200 and clearance.contract.reference.encode() in detail.content  # the history
    answered = client.post(reverse("reintegration:debrief", args=[record.reference]), {
        "paid_to": "sub_agent", "recruitment_cost": "30000", "cost_currency": "PHP", "sub_agent_name": "Mr. B",
        "wages": "as_contract", "documents": "kept", "would_use_again": "yes"})
    assert answered.status_code == 302 and Debrief.objects.get().sub_agent_name == "Mr. B"
    again = client.get(reverse("reintegration:debrief", args=[record.reference]))
    assert again.status_code == 302  # given once


def test_the_office_plans_refers_and_records_an_outcome(db):
    officer = verified(UserFactory(role=Role.ORIGIN_OFFICER))
    caseworker = verified(UserFactory(role=Role.CASEWORKER))
    record = services.return_record(acting_user=officer, returned_on=TODAY - dt.timedelta(days=120), cause="exit",
                                    source="officer", worker_name="Ana Cruz", destination="SA")
    provider = services.provider_register(acting_user=officer, name="Training Centre")
    training = services.service_add(acting_user=officer, provider=provider, kind="training", name="Welding course")
    client = signed_in_client(caseworker)
    url = reverse("reintegration:return", args=[record.reference])
    assert client.post(reverse("reintegration:plan", args=[record.reference]), {"goals": ""}).status_code == 422
    assert client.post(reverse("reintegration:plan", args=[record.reference]), {"goals": "A welding job."})["Location"] == url
    assert client.post(reverse("reintegration:refer", args=[record.reference]), {"service": training.pk}).status_code == 302
    follow_up = record.plan.referrals.get().follow_ups.get(months=3)
    type(follow_up).objects.filter(pk=follow_up.pk).update(due_on=TODAY - dt.timedelta(days=1))  # test-only: made late
    listed = client.get(reverse("reintegration:follow-ups") + "?overdue=1")
    assert record.reference.encode() in listed.content
    assert client.post(reverse("reintegration:follow-up", args=[follow_up.pk]), {"outcome": "in_training"}).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.outcome == "in_training" and follow_up.recorded_by == caseworker
    closed = client.post(reverse("reintegration:close", args=[record.reference]), {"reason": "Working."})
    assert closed.status_code == 302
    record.refresh_from_db()
    assert record.status == "closed"
    with pytest.raises(errors.ReturnTransitionNotAllowed):
        services.return_close(acting_user=caseworker, record=record)
    again = client.post(reverse("reintegration:close", args=[record.reference]))
    assert again.status_code == 409


def test_the_public_figures_never_show_a_small_group(db, client):
    for i in range(3):
        record = Return.objects.create(reference=f"RET-V-{i}", worker_name=f"W{i}", destination="QA",
                                       returned_on=TODAY, cause="exit", source="officer")
        Debrief.objects.create(return_record=record, paid_to="agency", recruitment_cost=77777, cost_currency="PHP",
                               agency_licence="LIC-77", wages="less", documents="employer", would_use_again="no")
    page = client.get(reverse("reintegration:figures"))
    assert page.status_code == 200 and b"QA" in page.content and b"77777" not in page.content
    api = client.get("/api/v1/reintegration/figures?by=agency").json()
    assert api == [{"group": "LIC-77", "answers": None, "suppressed": True, "median_cost": None, "cost_currency": "",
                    "paid_fee_share": None, "documents_taken_share": None, "would_use_again_share": None}]
    assert client.get("/api/v1/reintegration/figures?by=worker").status_code == 422


def test_the_public_project_page_shows_the_money_and_the_criteria_page_the_rules(db, client):
    officer = verified(UserFactory(role=Role.ORIGIN_OFFICER))
    association = services.association_register(
        acting_user=officer, name="Club", hometown="Jerez", based_in="US",
        members=[{"full_name": f"M{i}", "is_representative": i == 0} for i in range(10)])
    proposal = services.proposal_submit(acting_user=officer, association=association, title="Clinic roof",
                                        description="A new roof for the clinic that serves 2,000 people, kept up by the "
                                                    "municipality's health budget.", kind="public_service",
                                        municipality="Jerez", migrant_amount="1000.00", currency="MXN")
    assert client.get(reverse("reintegration:project", args=[proposal.reference])).status_code == 404  # not approved
    proposal = services.proposal_check(acting_user=officer, proposal=proposal)
    proposal = services.proposal_score(acting_user=officer, proposal=proposal, scores={
        "benefit": 20, "poverty": 20, "jobs": 5, "sustainability": 10, "community": 5})
    with pytest.raises(errors.ProposalTransitionNotAllowed):
        services.proposal_check(acting_user=officer, proposal=proposal)
    services.proposal_approve(acting_user=officer, proposal=proposal, reason="A clinic for 2,000 people.",
                              tranches=[("Roof done", "4000.00")])
    page = client.get(reverse("reintegration:project", args=[proposal.reference]))
    assert page.status_code == 200 and b"4000.00" in page.content and b"A clinic for 2,000 people." in page.content
    api = client.get(f"/api/v1/reintegration/projects/{proposal.reference}").json()
    assert api["pledged"] == "4000.00" and [p["level"] for p in api["pledges"]] == [
        "migrants", "federal", "state", "municipal"]
    criteria = client.get(reverse("reintegration:criteria"))
    assert criteria.status_code == 200 and b"How many people benefit" in criteria.content
