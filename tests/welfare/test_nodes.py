"""Repatriation between two running nodes (PH origin, SA destination): the fund approves, the destination is told
through the exchange; the return is recorded and the destination told again."""

import textwrap

import pytest

from tests.exchange.nodes import Node, running_pair

pytestmark = [pytest.mark.nodes, pytest.mark.usefixtures("django_db_setup")]

PRELUDE = """
import datetime as dt
import json
from corridor.accounts import services as accounts
from corridor.accounts.models import User
from corridor.welfare import services
from corridor.welfare.models import Membership, PeerRepatriation, Repatriation
def officer(username):
    user = User.objects.get(username=username)
    user.is_verified = lambda: True
    return user
"""


def run(node: Node, code: str) -> dict:
    return node.shell_json(PRELUDE + textwrap.dedent(code))


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    base = tmp_path_factory.mktemp("welfare-nodes")
    ph, sa = Node("PH", base).init(), Node("SA", base).init()
    with running_pair(ph, sa, kinds=("welfare.repatriation",)):
        run(ph, """
            fund = accounts.organisation_create(acting_user=None, name="OWWA", kind="welfare_fund", country="PH")
            accounts.user_create(acting_user=None, username="fund", password=None, role="fund_officer", organisation=fund)
            worker = accounts.worker_create(acting_user=None, full_name="Maria Santos", nationality="PH", passport_number="P7654321A")
            services.membership_start(acting_user=officer("fund"), worker=worker, contract_months=24,
                starts_on=dt.date(2026, 1, 15), payer="employer", amount="25.00", currency="USD", exchange_rate="58.00",
                destination="SA", source="enrolment")
            print(json.dumps({"ok": True}))
        """)
        yield ph, sa


def test_the_destination_is_told_of_an_approved_repatriation_and_of_the_return(nodes):
    ph, sa = nodes
    sent = run(ph, """
        fund = officer("fund")
        r = services.repatriation_request(acting_user=fund, membership=Membership.objects.get(), case_reference="PH-CASE-1",
                                          reason="Sheltered at the labour office.")
        r = services.repatriation_approve(acting_user=fund, repatriation=r, travel_on=dt.date(2026, 7, 1))
        print(json.dumps({"reference": r.reference}))
    """)
    ph.cli("exchange", "deliver", "--once")
    received = run(sa, """
        notice = PeerRepatriation.objects.get()
        print(json.dumps({"reference": notice.reference, "country": notice.source_country, "status": notice.body["status"],
                          "passport": notice.body["passport_last4"], "travel_on": notice.body["travel_on"]}))
    """)
    assert received == {"reference": sent["reference"], "country": "PH", "status": "approved", "passport": "321A",
                        "travel_on": "2026-07-01"}

    run(ph, """
        r = Repatriation.objects.get()
        services.repatriation_record_return(acting_user=officer("fund"), repatriation=r, returned_on=dt.date(2026, 7, 2))
        print(json.dumps({"ok": True}))
    """)
    ph.cli("exchange", "deliver", "--once")
    back = run(sa, """
        notice = PeerRepatriation.objects.get()
        print(json.dumps({"status": notice.body["status"], "returned_on": notice.body["returned_on"],
                          "count": PeerRepatriation.objects.count()}))
    """)
    assert back == {"status": "returned", "returned_on": "2026-07-02", "count": 1}
