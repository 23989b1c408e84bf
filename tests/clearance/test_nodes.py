"""A way out between two running nodes: the origin (PH) clears workers, the destination (SA) records their arrival and
decides their requests to change employer (its demo: one granted, one refused), and the origin receives
`transfer.decided` on the clearances they concern."""

import json
import re
import textwrap
from pathlib import Path

import pytest

from tests.exchange.nodes import Node, peer_nodes

pytestmark = [pytest.mark.nodes, pytest.mark.usefixtures("django_db_setup")]

# what `make demo` peers the two nodes for, so that this test loads the two demos as scripts/demo.sh does
KINDS = tuple(re.search(r"^KINDS=\((.*)\)$", (Path(__file__).resolve().parents[2] / "scripts" / "demo.sh").read_text(),
                        re.MULTILINE).group(1).split())


def run(node: Node, code: str) -> dict:
    result = node.cli("shell", "-c", "import json\n" + textwrap.dedent(code))
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    base = tmp_path_factory.mktemp("transfer-nodes")
    ph, sa = Node("PH", base, CORRIDOR_DEMO="1").init(), Node("SA", base, CORRIDOR_DEMO="1").init()
    ph.start()
    sa.start()
    peer_nodes(ph, sa, kinds=KINDS)
    yield ph, sa
    ph.kill()
    sa.kill()


def test_the_origin_receives_the_destinations_transfer_decisions(nodes):
    ph, sa = nodes
    ph.cli("demo", timeout=600)  # clearances granted: the registered contracts and certificates queue for SA
    ph.cli("exchange", "deliver", "--once")
    sa.cli("demo", timeout=600)  # arrivals, then a granted and a refused change of employer
    decided = run(sa, """
        from corridor.clearance.models import TransferRequest
        print(json.dumps({t.reference: [t.status, t.arrival.clearance.reference]
                          for t in TransferRequest.objects.all()}))
    """)
    statuses = sorted(status for status, _ref in decided.values())
    assert statuses in (["accepted", "refused"], ["completed", "refused"]), decided
    sa.cli("exchange", "deliver", "--once")
    origin = run(ph, """
        from corridor.clearance.models import DestinationReport
        print(json.dumps([[r.clearance.reference, r.body["outcome"], r.body["transfer_reference"]]
                          for r in DestinationReport.objects.filter(kind="transfer.decided").order_by("id")]))
    """)
    received = {(ref, transfer) for ref, _outcome, transfer in origin}
    assert {(clearance, transfer) for transfer, (_status, clearance) in decided.items()} <= received
    assert "refused" in {outcome for _ref, outcome, _t in origin}
    assert set(ph.outbox()) <= {"accepted"} and set(sa.outbox()) <= {"accepted"}
