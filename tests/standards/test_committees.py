"""Joint committees: an agenda drafted from corridor figures, decisions and actions followed to the next meeting
(overdue ones carried), the record shared with the peer and kept there as received."""

import datetime as dt

import pytest

from corridor.accounts.choices import Role
from corridor.exchange import services as exchange
from corridor.standards import selectors, services
from corridor.standards.errors import (
    AgreementNotOurs,
    MeetingTransitionNotAllowed,
    NotOurMeeting,
    PeerRecordInvalid,
)
from corridor.standards.models import Agreement, Meeting
from tests.exchange.payloads import outbox_matches_spec, sent_bodies  # noqa: F401 - the fixture
from tests.factories.accounts import UserFactory, signed_in_client, verified

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("outbox_matches_spec")]


@pytest.fixture
def officer():
    return verified(UserFactory(role=Role.ORIGIN_OFFICER))


@pytest.fixture
def agreement(shared_data):
    services.agreements_load(acting_user=None, directory=shared_data)
    return Agreement.objects.get(treaty_id=751)


@pytest.fixture
def peer(settings):
    settings.CORRIDOR_EXCHANGE_AUTO_DELIVER = False
    return exchange.peer_add(acting_user=None, country="SA", url="http://sa.invalid", jwks=[],
                             send=["standards.joint_committee"], accept=["standards.joint_committee"])


def _held(officer, agreement, on):
    meeting = services.meeting_schedule(acting_user=officer, agreement=agreement, scheduled_for=on, place="Riyadh")
    return services.meeting_hold(acting_user=officer, meeting=meeting, held_on=on)


def test_a_meeting_through_its_lifecycle_and_actions_carried(officer, agreement, peer):
    first_day = dt.date.today() - dt.timedelta(days=120)
    meeting = services.meeting_schedule(acting_user=officer, agreement=agreement, scheduled_for=first_day, place="Riyadh")
    topics = [item.topic for item in meeting.agenda.all()]
    assert topics == ["substitution", "arrears", "forced_labour", "halts"]
    halts = meeting.agenda.get(topic="halts")
    assert [f["value"] for f in halts.figures["lines"]] == ["0", "0"]
    with pytest.raises(MeetingTransitionNotAllowed):
        services.decision_record(acting_user=officer, meeting=meeting, text="Too early")
    meeting = services.meeting_hold(acting_user=officer, meeting=meeting, held_on=first_day, attendees="DMW; MHRSD")
    services.decision_record(acting_user=officer, meeting=meeting, text="Share agency investigations monthly.")
    late = services.action_add(acting_user=officer, meeting=meeting, description="List agencies under investigation",
                               owner="DMW", owner_country="PH", due_on=first_day + dt.timedelta(days=30))
    services.action_add(acting_user=officer, meeting=meeting, description="Report on arrears cases", owner="MHRSD",
                        owner_country="SA", due_on=dt.date.today() + dt.timedelta(days=300))
    meeting = services.meeting_approve_minutes(acting_user=officer, meeting=meeting, minutes="Agreed as recorded.")
    assert meeting.status == "minutes_approved"
    with pytest.raises(MeetingTransitionNotAllowed):
        services.meeting_cancel(acting_user=officer, meeting=meeting, reason="no")

    second = services.meeting_schedule(acting_user=officer, agreement=agreement, scheduled_for=dt.date.today(),
                                       place="Manila")
    carried = [item for item in second.agenda.all() if item.topic == "carried_action"]
    assert len(carried) == 2 and second.number == 2
    assert carried[0].carried_action == late and carried[0].title.startswith("OVERDUE")
    assert not carried[1].title.startswith("OVERDUE")

    services.action_complete(acting_user=officer, action=late, done_on=dt.date.today(), outcome="Sent")
    third = services.meeting_schedule(acting_user=officer, agreement=agreement, scheduled_for=dt.date.today(), place="Jeddah")
    assert len([i for i in third.agenda.all() if i.topic == "carried_action"]) == 1

    bodies = [body for kind, body in sent_bodies() if kind == "standards.joint_committee"]
    approved = [b for b in bodies if b["status"] == "minutes_approved" and b["meeting"] == str(meeting.reference)]
    assert approved and approved[-1]["actions"][0]["status"] == "done"  # resent when the action was done


def test_the_peer_keeps_the_record_and_cannot_change_it(officer, agreement, peer, settings):
    meeting = _held(officer, agreement, dt.date.today())
    services.action_add(acting_user=officer, meeting=meeting, description="Do it", owner="DMW", owner_country="PH",
                        due_on=dt.date.today())
    body = selectors.meeting_body(meeting)
    settings.CORRIDOR_COUNTRY = "SA"
    copy_body = {**body, "meeting": "0b5e7d7c-2c0a-4b4f-8d7e-1f2a3b4c5d6e",
                 "actions": [{**body["actions"][0], "reference": "1b5e7d7c-2c0a-4b4f-8d7e-1f2a3b4c5d6e"}]}
    ph = type("PeerStub", (), {"country_id": "PH"})()
    copy = services.peer_meeting_receive(peer=ph, body=copy_body)
    assert (copy.convened_by, copy.peer_country, copy.status, copy.actions.count()) == ("PH", "SA", "held", 1)
    from corridor.core import lifecycle
    from corridor.standards.lifecycles import MEETING

    assert not lifecycle.verify(MEETING)  # the copy's history agrees with its status
    with pytest.raises(NotOurMeeting):
        services.decision_record(acting_user=officer, meeting=copy, text="mine now")
    with pytest.raises(PeerRecordInvalid):
        services.peer_meeting_receive(peer=ph, body={**copy_body, "convened_by": "SA"})
    with pytest.raises(PeerRecordInvalid):
        services.peer_meeting_receive(peer=ph, body={"meeting": "not-a-uuid"})


def test_an_agreement_of_another_country_is_refused(officer, agreement, settings):
    settings.CORRIDOR_COUNTRY = "NP"
    with pytest.raises(AgreementNotOurs):
        services.meeting_schedule(acting_user=officer, agreement=agreement, scheduled_for=dt.date.today(), place="X")


def test_pages_walk_the_meeting(officer, agreement):
    client = signed_in_client(officer)
    response = client.post(f"/standards/agreements/{agreement.treaty_id}/",
                           {"scheduled_for": dt.date.today().isoformat(), "place": "Riyadh"})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    url = f"/standards/committees/{meeting.reference}/"
    assert "Cases by forced-labour indicator" in client.get(url).content.decode()
    assert client.post(url + "hold/", {"held_on": dt.date.today().isoformat()}).status_code == 302
    assert client.post(url + "decision/", {"text": "Agreed."}).status_code == 302
    assert client.post(url + "action/", {"text": "Do", "owner": "DMW", "owner_country": "PH",
                                         "due_on": dt.date.today().isoformat()}).status_code == 302
    assert client.post(url + "action/", {"text": "Do", "owner": "DMW", "owner_country": "XX",
                                         "due_on": dt.date.today().isoformat()}).status_code == 422
    action = meeting.actions.get()
    assert client.post(f"/standards/actions/{action.reference}/done/",
                       {"done_on": dt.date.today().isoformat()}).status_code == 302
    assert client.post(url + "approve_minutes/", {"minutes": "Agreed."}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "minutes_approved" and meeting.decisions.count() == 1
    assert client.post(url + "nonsense/", {}).status_code == 404
