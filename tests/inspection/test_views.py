"""Pages: the phone checklist with and without JavaScript, the score page showing every factor, and what the
employer's staff see (nothing that names a worker)."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from corridor.accounts.choices import Role
from corridor.inspection import services
from corridor.inspection.choices import RiskFactor
from tests.factories.accounts import OrganisationFactory, UserFactory, WorkerFactory, signed_in_client
from tests.factories.inspection import VisitFactory, WorksiteFactory, answer_all, inspector
from tests.factories.registry import EmployerFactory

pytestmark = pytest.mark.django_db
NAME = "Maria Interviewed Santos"


@pytest.fixture
def officer():
    return inspector()


def test_checklist_saves_an_answer_without_javascript(officer):
    visit = VisitFactory(acting_user=officer, start=True)
    client = signed_in_client(officer)
    url = reverse("inspection:checklist", args=[visit.reference])
    page = client.get(url)
    assert page.status_code == 200 and b'data-checklist="' + visit.reference.encode() in page.content
    assert b"inspection/checklist.js" in page.content
    response = client.post(url, {"item": "wt.hours", "answer": "no", "note": "16-hour shifts"})
    assert response.status_code == 302 and response["Location"].endswith("#item-wt.hours")
    assert visit.answers.get(item="wt.hours").note == "16-hour shifts"


def test_checklist_answers_the_offline_script_in_json(officer):
    visit = VisitFactory(acting_user=officer, start=True)
    client = signed_in_client(officer)
    url = reverse("inspection:checklist", args=[visit.reference])
    response = client.post(url, {"item": "wt.rest", "answer": "yes"}, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 200 and response.json() == {"saved": True, "item": "wt.rest"}
    bad = client.post(url, {"item": "nope", "answer": "yes"}, HTTP_X_REQUESTED_WITH="fetch")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "inspection.checklist_item_unknown"
    assert list(visit.answers.values_list("item", flat=True)) == ["wt.rest"]


def test_api_saves_an_answer(officer):
    visit = VisitFactory(acting_user=officer, start=True)
    client = signed_in_client(officer)
    url = f"/api/v1/inspection/visits/{visit.reference}/answers"
    ok = client.post(url, json.dumps({"item": "wt.hours", "answer": "yes"}), content_type="application/json")
    assert ok.status_code == 200 and ok.json() == {"item": "wt.hours", "answer": "yes"}
    bad = client.post(url, json.dumps({"item": "wt.hours", "answer": "maybe"}), content_type="application/json")
    assert bad.status_code == 422 and visit.answers.get().answer == "yes"


def test_score_page_shows_every_factor_and_weight(officer):
    site = WorksiteFactory()
    services.signal_record(employer_id=site.employer_id, factor=RiskFactor.WATCHLIST, source="t", source_ref="w")
    services.risk_scores_compute()
    page = signed_in_client(officer).get(reverse("inspection:employer-score", args=[site.employer_id]))
    text = page.content.decode()
    assert page.status_code == 200
    for factor in RiskFactor:
        assert str(factor.label).split(" (")[0].split(":")[0] in text
    api = signed_in_client(officer).get(f"/api/v1/inspection/employers/{site.employer_id}/score").json()
    assert {f["factor"] for f in api["factors"]} == {f.value for f in RiskFactor}
    assert api["score"] == "35.40"  # watchlist 25 + construction 8 + 120 workers / 50 = 2.40


def test_weights_page_changes_a_weight(officer):
    client = signed_in_client(officer)
    response = client.post(reverse("inspection:weights"), {"factor": "watchlist", "weight": "30", "cap": "30",
                                                           "window_days": "1000", "reasoning": "A known abuser"})
    assert response.status_code == 302
    assert services.weights_in_force()["watchlist"].weight == 30
    refused = client.post(reverse("inspection:weights"), {"factor": "watchlist", "weight": "-1", "cap": "30",
                                                          "window_days": "1000", "reasoning": "x"})
    assert refused.status_code == 422 and services.weights_in_force()["watchlist"].weight == 30


def test_the_employer_sees_nothing_that_names_a_worker(officer):
    organisation = OrganisationFactory(kind="employer", country="SA", name="Camp Owner Co")
    employer = EmployerFactory(name="Camp Owner Co", organisation=organisation)
    visit = VisitFactory(acting_user=officer, start=True, worksite=WorksiteFactory(employer=employer))
    worker = WorkerFactory(full_name=NAME)
    services.interview_record(acting_user=officer, visit=visit, worker=worker, interviewee=NAME,
                              notes=f"{NAME} says the supervisor took her passport")
    confidential = services.finding_add(acting_user=officer, visit=visit, topic="documents", severity="critical",
                                        description=f"{NAME}'s passport is held", confidential=True)
    answer_all(visit, officer)
    visit = services.visit_complete(acting_user=officer, visit=visit)
    order = services.order_issue(acting_user=officer, visit=visit, finding=confidential,
                                 requirement="Return every passport held", due_on=timezone.localdate() + timedelta(days=7))
    services.sanction_issue(acting_user=officer, visit=visit, kind="warning", reason="Passports held")
    staff = UserFactory(role=Role.EMPLOYER_STAFF, organisation=organisation)
    client = signed_in_client(staff)
    seen = []
    for url in [reverse("inspection:respond"), reverse("inspection:respond-order", args=[order.reference]),
                "/api/v1/inspection/orders", "/notifications/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        seen.append(response.content.decode())
    assert order.reference in seen[0] and "Return every passport held" in seen[1]
    for text in seen:
        assert "Maria" not in text and "Santos" not in text and "passport is held" not in text
    for url in [reverse("inspection:visit", args=[visit.reference]), reverse("inspection:interviews", args=[visit.reference]),
                reverse("inspection:checklist", args=[visit.reference])]:
        assert client.get(url).status_code == 404, url
    # another employer's staff do not find the order at all
    other = UserFactory(role=Role.EMPLOYER_STAFF, organisation=OrganisationFactory(kind="employer", country="SA"))
    assert signed_in_client(other).get(reverse("inspection:respond-order", args=[order.reference])).status_code == 404
    # the inspector reads the interview, and the read is logged
    page = signed_in_client(officer).get(reverse("inspection:interviews", args=[visit.reference]))
    assert NAME in page.content.decode() and page["Cache-Control"] == "no-store"
