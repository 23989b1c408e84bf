"""The case page offers the transitions the lifecycle table allows in the case's status, to the team holding it."""

from django.urls import reverse

from corridor.cases import services
from corridor.cases.lifecycles import CASE
from corridor.core import lifecycle


def test_the_case_page_offers_the_tables_actions_to_the_team(client, signed_in, people, file_case):
    case = file_case().case
    signed_in(people["attache"])
    assert client.get(reverse("cases:detail", args=[case.reference])).context["actions"] == ["triage", "close"]
    services.case_triage(acting_user=people["attache"], case=case, reason="r")
    case.refresh_from_db()
    assert client.get(reverse("cases:detail", args=[case.reference])).context["actions"] == ["assign", "close"]


def test_someone_outside_the_team_is_offered_nothing(people, file_case):
    case = file_case().case
    assert lifecycle.available_actions(CASE, case, people["attache"]) == ["triage", "close"]
    assert lifecycle.available_actions(CASE, case, people["other_officer"]) == []
    assert lifecycle.available_actions(CASE, case, people["caseworker"]) == []


def test_a_transition_leaves_the_status_and_the_log_in_agreement(people, file_case):
    case = file_case().case
    services.case_triage(acting_user=people["attache"], case=case, reason="r")
    services.case_close(acting_user=people["attache"], case=case, reason="withdrawn")
    assert lifecycle.last_status(CASE, case) == "closed"
    assert lifecycle.verify(CASE) == []
