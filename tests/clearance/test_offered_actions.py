"""The decision form offers only what the clearance's lifecycle table allows in its status."""

from django.urls import reverse


def _offered(response) -> list[str]:
    form = response.context["decide_form"]
    return [key for key, _label in form.fields["action"].choices]


def test_an_application_offers_grant_refuse_and_halt(signed_in, officer, clearance):
    response = signed_in(officer).get(reverse("clearance:detail", args=[clearance.reference]))
    assert response.status_code == 200 and response.context["can_decide"]
    assert _offered(response) == ["grant", "refuse", "halt"]


def test_a_granted_clearance_offers_halt_and_departure_only(signed_in, officer, granted):
    response = signed_in(officer).get(reverse("clearance:detail", args=[granted.reference]))
    assert _offered(response) == ["halt", "depart"]
    assert b'value="grant"' not in response.content


def test_a_decided_clearance_offers_nothing(signed_in, officer, clearance):
    client = signed_in(officer)
    client.post(reverse("clearance:decide", args=[clearance.reference]), {"action": "refuse", "reason": "Fees over the cap"})
    response = client.get(reverse("clearance:detail", args=[clearance.reference]))
    assert not response.context["can_decide"] and _offered(response) == []
    # A step the table refuses, posted anyway, is refused with the service's code and changes nothing.
    assert client.post(reverse("clearance:decide", args=[clearance.reference]), {"action": "grant"}).status_code == 409
    clearance.refresh_from_db()
    assert clearance.status == "refused"


def test_the_agency_is_offered_no_decision(signed_in, agency_user, clearance):
    response = signed_in(agency_user).get(reverse("clearance:detail", args=[clearance.reference]))
    assert not response.context["can_decide"] and response.context["can_record"]
