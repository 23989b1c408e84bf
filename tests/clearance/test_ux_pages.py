"""Issue 14 on the clearance pages: only possible actions, refusals and changes named for people, not by key."""

import pytest
from django.urls import reverse
from django.utils import timezone

from corridor.clearance import services
from corridor.clearance.errors import ArrivalHalted
from corridor.clearance.models import Arrival
from corridor.core import notifications
from tests.clearance.test_exchange import as_destination, receive  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_a_refused_grant_names_the_failed_checks_not_their_keys(signed_in, officer, make_clearance):
    clearance = make_clearance(facts=False)
    response = signed_in(officer).post(reverse("clearance:decide", args=[clearance.reference]), {"action": "grant"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "welfare_fund:" not in html and "orientation:" not in html


def test_a_granted_clearance_is_not_offered_grant_or_refuse(signed_in, officer, granted):
    form = signed_in(officer).get(reverse("clearance:detail", args=[granted.reference])).context["decide_form"]
    offered = {value for value, _label in form.fields["action"].choices if value}
    assert offered == {"halt", "depart"}


def test_an_arrival_halted_by_the_origin_is_not_offered_and_is_refused(granted, as_destination, inspector,  # noqa: F811
                                                                       signed_in):
    _contract, record = receive(granted, as_destination)
    services.peer_clearance_halt_receive(peer=as_destination, body={
        "reference": granted.reference, "reason": "Watchlist", "halted_at": timezone.now().isoformat()})
    record.refresh_from_db()
    # the destination officer who must act is told, on the dashboard count too
    (notice,) = notifications.notification_list(user=inspector).filter(kind="clearance.halt_received")
    assert granted.reference in notice.text and notice.link.endswith(f"/arrivals/{record.pk}/")
    assert notifications.notification_unread_count(user=inspector) >= 1
    html = signed_in(inspector).get(reverse("clearance:arrival", args=[record.pk])).content.decode()
    assert "Record the arrival" not in html and "no arrival is recorded on it" in html
    with pytest.raises(ArrivalHalted):
        services.arrival_record(acting_user=inspector, clearance=record, arrived_on=timezone.localdate())
    assert not Arrival.objects.filter(clearance=record).exists()


def test_substitution_changes_are_named_by_title(granted, as_destination, inspector, signed_in):  # noqa: F811
    contract, record = receive(granted, as_destination)
    worse = services.presented_from_paper(contract.as_document(), {"wage_amount": "1100.00", "worksite": "Dammam"})
    check = services.presented_check(acting_user=inspector, clearance=record, document=worse, source="paper")
    html = signed_in(inspector).get(reverse("clearance:matter", args=[check.matter.pk])).content.decode()
    assert "Worksite" in html and "Basic wage" in html
    assert "job.worksite" not in html and "wage.amount" not in html
    assert "cannot be told: look at it" in html  # the worksite has no direction


def test_the_origin_officer_gets_a_notice_and_a_count_for_a_substitution_and_an_arrival(granted, officer, signed_in):
    from corridor.core import notifications
    from corridor.exchange.models import Peer

    sa = Peer.objects.create(country_id="SA", url="http://sa.invalid")
    before = notifications.notification_unread_count(user=officer)
    services.contract_check_report_receive(peer=sa, body={
        "clearance_reference": granted.reference, "substituted": True,
        "changes": [{"term": "wage.amount", "registered": "1500.00", "presented": "1100.00", "less_favourable": True}]})
    services.arrival_report_receive(peer=sa, body={"clearance_reference": granted.reference, "arrived_on": "2026-12-20"})
    mine = notifications.notification_list(user=officer).filter(about=f"clearance:{granted.reference}")
    assert set(mine.values_list("kind", flat=True)) >= {"clearance.substitution", "clearance.arrived"}
    assert notifications.notification_unread_count(user=officer) == before + 2
    text = next(n.text for n in mine if n.kind == "clearance.substitution")
    assert granted.reference in text and "worse for the worker: 1" in text and "wage.amount" not in text


def test_the_verify_page_names_the_issuing_country_and_speaks_plainly(client, granted):
    client.cookies["django_language"] = "es"
    html = client.get(reverse("clearance:verify"), {"token": granted.token}).content.decode()
    assert "Filipinas" in html and ">PH<" not in html
    client.cookies["django_language"] = "en"
    html = client.get(reverse("clearance:verify"), {"token": "not-a-token"}).content.decode()
    assert "JWS" not in html and "whole code was copied" in html
