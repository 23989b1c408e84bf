"""A return recorded from a real exchange message between two running nodes: the origin's demo clears workers for
Saudi Arabia, the destination's demo records their arrival; the destination's officer records that one of them left,
`worker.returned` reaches the origin, which records the return and closes the deployment."""

import json
import textwrap

import pytest

from tests.exchange.nodes import Node, peer_nodes

pytestmark = [pytest.mark.nodes, pytest.mark.usefixtures("django_db_setup")]

KINDS = ("contract.registered", "clearance.granted", "clearance.halted", "arrival.recorded", "contract.checked",
         "worker.returned")


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    base = tmp_path_factory.mktemp("reintegration-nodes")
    ph = Node("PH", base, CORRIDOR_DEMO="1", DEST_COUNTRY="SA").init()
    sa = Node("SA", base, CORRIDOR_DEMO="1").init()
    ph.start()
    sa.start()
    peer_nodes(ph, sa, kinds=KINDS)
    yield ph, sa
    ph.kill()
    sa.kill()


def test_the_destinations_exit_message_records_the_return_at_the_origin(nodes):
    ph, sa = nodes
    ph.cli("demo")
    ph.cli("exchange", "deliver", "--once")
    sa.cli("demo")
    open_at_origin = {row[0] for row in ph.query("SELECT reference FROM clearance_clearance WHERE status IN ('granted', 'departed')")}
    arrivals = sa.query("SELECT a.id, c.reference FROM clearance_arrival a JOIN clearance_peerclearance c "
                        "ON a.clearance_id = c.id ORDER BY a.id")
    arrival_id, reference = next((pk, ref) for pk, ref in arrivals if ref in open_at_origin)
    code = f"""
        import datetime as dt, json
        from django.utils import timezone
        from corridor.accounts.models import User
        from corridor.clearance.models import Arrival
        from corridor.reintegration import services
        officer = User.objects.get(username="inspector")
        officer.is_verified = lambda: True
        exit = services.exit_report(acting_user=officer, arrival=Arrival.objects.get(pk={arrival_id}),
                                    left_on=timezone.localdate(), cause="end_of_contract")
        print(json.dumps({{"reference": exit.clearance_reference}}))
    """
    sent = json.loads(sa.cli("shell", "-c", textwrap.dedent(code)).stdout.strip().splitlines()[-1])
    assert sent == {"reference": reference}
    sa.cli("exchange", "deliver", "--once")
    recorded = ph.query("SELECT source, cause, destination, status FROM reintegration_return WHERE clearance_reference = ?",
                        (reference,))
    assert recorded == [("exchange", "end_of_contract", "SA", "recorded")]
    assert ph.query("SELECT status FROM clearance_clearance WHERE reference = ?", (reference,)) == [("returned",)]
