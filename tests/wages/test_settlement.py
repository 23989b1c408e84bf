"""The final settlement flow on the law of rules.settlement: computed, confirmed, paid (in full or short), a signed
statement to the worker and the origin, and a worker who leaves with money owed gets a case with the right to stay."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from corridor.core import crypto
from corridor.core.errors import InvalidInput, TransitionNotAllowed
from corridor.wages import services
from tests.wages.conftest import csv_file

pytestmark = pytest.mark.django_db


def test_settlement_paid_short_opens_a_case_with_the_right_to_stay(arrival, dest_officer, as_destination, make_worker,
                                                                   signed_in, client):
    from corridor.cases.models import Claim, WageArrearsCase
    from corridor.exchange.models import OutboundMessage, PeerGrant

    PeerGrant.objects.create(peer=as_destination, direction="send", kind="wages.unpaid")
    services.salary_file_import(acting_user=dest_officer, format="csv",
                                data=csv_file([{"basic": "1300.00", "paid_amount": "1300.00"}]))
    settlement = services.settlement_compute(acting_user=dest_officer, arrival=arrival, end_date=dt.date(2027, 11, 30),
                                             end_reason="contract_end", annual_leave_days_taken=0,
                                             return_ticket_provided=True)
    lines = {ln["kind"]: ln for ln in settlement.result["lines"]}
    assert lines["unpaid_wages"]["amount"] == "200.00"  # the arrears found by reconciliation
    assert all(ln["rule"] and ln["citation"] for ln in settlement.result["lines"])
    assert settlement.total == sum((Decimal(ln["amount"]) for ln in settlement.result["lines"]), Decimal("0"))
    with pytest.raises(TransitionNotAllowed):  # the payment comes after the officer's confirmation
        services.settlement_payment_record(acting_user=dest_officer, settlement=settlement, amount=Decimal("1"),
                                           paid_on=dt.date(2027, 12, 1))
    settlement = services.settlement_confirm(acting_user=dest_officer, settlement=settlement)
    settlement = services.settlement_payment_record(acting_user=dest_officer, settlement=settlement,
                                                    amount=Decimal("100.00"), paid_on=dt.date(2027, 12, 1))
    assert settlement.status == "paid_short" and settlement.outstanding == settlement.total - Decimal("100.00")
    claims = json.loads(crypto.b64url_decode(settlement.statement.split(".")[1]))
    assert claims["outstanding"] == str(settlement.outstanding) and claims["clr"] == arrival.clearance.reference
    message = OutboundMessage.objects.get(kind="wages.unpaid")
    from pathlib import Path

    from jsonschema import Draft202012Validator

    body = json.loads(crypto.b64url_decode(message.token.split(".")[1]))
    body = body.get("body", body)
    schema = json.loads((Path(__file__).resolve().parents[2] / "spec/exchange/kinds/wages.unpaid.schema.json").read_text())
    Draft202012Validator(schema).validate(body)
    assert body["amount"] == str(settlement.outstanding)
    # the origin keeps it for the attaché
    from corridor.exchange.models import Peer
    from corridor.wages.models import PeerArrears

    sa = Peer.objects.create(country_id="SA", url="http://sa.invalid")
    services.peer_settlement_receive(peer=sa, body=body)
    assert PeerArrears.objects.get().statement == settlement.statement
    link = WageArrearsCase.objects.get(arrival_id=arrival.pk)
    # the arrears were claimed on the case when they were found; the settlement paid short adds no more than owed
    assert link.right_to_stay and link.claimed >= settlement.outstanding
    assert sum(Claim.objects.filter(case=link.case).values_list("amount", flat=True)) == link.claimed
    # and what the employer paid is recovered from it: the case's outstanding is the settlement's
    from corridor.cases.models import Recovery

    recovered = sum(Recovery.objects.filter(claim__case=link.case).values_list("amount", flat=True))
    assert (recovered, link.claimed - recovered) == (Decimal("100.00"), settlement.outstanding)
    assert link.case.events.filter(action="right_to_stay").exists()
    # the worker sees the statement, each line explained, and that they may stay to pursue the claim
    from django.urls import reverse

    from corridor.clearance import services as clearance_services

    worker = make_worker(name="Maria Luisa Santos", passport="P7654321B", username="maria-settled")
    clearance_services.arrival_worker_link(acting_user=dest_officer, arrival=arrival, worker=worker)
    signed_in(worker.user)
    page = client.get(reverse("wages:mine"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Wages earned and not yet paid" in page and "You may stay to pursue what is still owed" in page


def test_settlement_refusals(arrival, dest_officer):
    with pytest.raises(InvalidInput) as exc:
        services.settlement_compute(acting_user=dest_officer, arrival=arrival, end_date=dt.date(2026, 1, 1),
                                    end_reason="contract_end")
    assert "end_date" in exc.value.fields
    with pytest.raises(InvalidInput) as exc:
        services.settlement_compute(acting_user=dest_officer, arrival=arrival, end_date=dt.date(2027, 1, 1),
                                    end_reason="ran_away")
    assert "end_reason" in exc.value.fields


def test_settlement_pages(arrival, dest_officer, signed_in, client):
    from django.urls import reverse

    signed_in(dest_officer)
    response = client.post(reverse("wages:settlement-compute"), {
        "arrival": arrival.pk, "end_date": "2027-11-30", "end_reason": "contract_end", "annual_leave_days_taken": "0"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200 and b"Confirm the settlement" in page.content
    act = response["Location"] + "act/"
    assert client.post(act, {"action": "confirm"}).status_code == 302
    assert client.post(act, {"action": "record_payment", "amount": "5", "paid_on": "2027-12-01"}).status_code == 302
    assert b"Signed statement" in client.get(response["Location"]).content


def test_an_accepted_transfer_computes_the_settlement_with_the_old_employer(arrival, dest_officer):
    """The officer's acceptance of a change of employer (clearance publishes `transfer.accepted`) computes the final
    settlement at once, on the date the old employment ends, for the officer to confirm."""
    from django.db import transaction

    from corridor.core import events
    from corridor.wages.models import Settlement

    with transaction.atomic():
        events.publish("transfer.accepted", pk=1, arrival_id=arrival.pk, old_employer_id=None, new_employer_id=None,
                       end_date="2027-06-30", ground="unpaid_wages", actor_id=dest_officer.pk)
    settlement = Settlement.objects.get(arrival=arrival)
    assert settlement.end_reason == "transfer" and settlement.end_date == dt.date(2027, 6, 30)
    assert settlement.status == "computed" and settlement.computed_by == dest_officer
    assert all(ln["rule"] and ln["citation"] for ln in settlement.result["lines"])
    # a second acceptance while that settlement is open computes nothing more, and loses nothing
    with transaction.atomic():
        events.publish("transfer.accepted", pk=2, arrival_id=arrival.pk, old_employer_id=None, new_employer_id=None,
                       end_date="2027-07-31", ground="abuse", actor_id=dest_officer.pk)
    assert Settlement.objects.filter(arrival=arrival).count() == 1


def test_an_accepted_transfer_without_an_officer_computes_nothing(arrival):
    from django.db import transaction

    from corridor.core import events
    from corridor.wages.models import Settlement

    with transaction.atomic():
        events.publish("transfer.accepted", pk=1, arrival_id=arrival.pk, old_employer_id=None, new_employer_id=None,
                       end_date="2027-06-30", ground="unpaid_wages", actor_id=None)
    assert not Settlement.objects.exists()
