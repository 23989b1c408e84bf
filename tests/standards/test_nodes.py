"""A joint committee's record crossing two running nodes (PH convenes under the 2013 PH-SA agreement; SA keeps the
record as received, with its decisions and actions)."""

import textwrap

import pytest

from tests.exchange.nodes import Node, running_pair

pytestmark = [pytest.mark.nodes, pytest.mark.usefixtures("django_db_setup")]

PRELUDE = """
import datetime as dt
import json
from corridor.accounts import services as accounts
from corridor.accounts.models import User
from corridor.standards import services
from corridor.standards.models import Agreement, Meeting
def officer():
    user = User.objects.get(username="officer")
    user.is_verified = lambda: True
    return user
"""


def run(node: Node, code: str) -> dict:
    return node.shell_json(PRELUDE + textwrap.dedent(code))


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    base = tmp_path_factory.mktemp("standards-nodes")
    ph, sa = Node("PH", base).init(), Node("SA", base).init()
    with running_pair(ph, sa, kinds=("standards.joint_committee",)):
        for node in (ph, sa):
            node.cli("standards", "load-agreements")
        run(ph, """
            ministry = accounts.organisation_create(acting_user=None, name="DMW", kind="ministry", country="PH")
            accounts.user_create(acting_user=None, username="officer", password=None, role="origin_officer", organisation=ministry)
            print(json.dumps({"ok": True}))
        """)
        yield ph, sa


def test_the_peer_keeps_the_committee_record(nodes):
    ph, sa = nodes
    sent = run(ph, """
        today = dt.date.today()
        m = services.meeting_schedule(acting_user=officer(), agreement=Agreement.objects.get(treaty_id=751),
                                      scheduled_for=today, place="Riyadh")
        m = services.meeting_hold(acting_user=officer(), meeting=m, held_on=today, attendees="DMW; MHRSD")
        services.decision_record(acting_user=officer(), meeting=m, text="Arrears are referred within 30 days.")
        services.action_add(acting_user=officer(), meeting=m, description="Report on arrears cases", owner="MHRSD",
                            owner_country="SA", due_on=today + dt.timedelta(days=60))
        m = services.meeting_approve_minutes(acting_user=officer(), meeting=m, minutes="Agreed.")
        print(json.dumps({"reference": str(m.reference)}))
    """)
    ph.cli("exchange", "deliver", "--once")
    received = run(sa, """
        m = Meeting.objects.get()
        print(json.dumps({"reference": str(m.reference), "convened_by": m.convened_by, "peer": m.peer_country,
                          "status": m.status, "treaty": m.agreement.treaty_id, "agenda": m.agenda.count(),
                          "decisions": [d.text for d in m.decisions.all()],
                          "actions": [[a.owner, a.owner_country, a.status] for a in m.actions.all()]}))
    """)
    assert received == {"reference": sent["reference"], "convened_by": "PH", "peer": "SA", "status": "minutes_approved",
                        "treaty": 751, "agenda": 4, "decisions": ["Arrears are referred within 30 days."],
                        "actions": [["MHRSD", "SA", "open"]]}
