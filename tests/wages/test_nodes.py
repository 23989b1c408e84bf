"""Arrears reaching the origin between two running nodes: the origin's demo clears workers for Saudi Arabia, the
destination's demo records their arrival and a month of salary files (one employer pays a worker short); the
`wages.arrears` message reaches the origin, which stores it for its labour attaché."""

import pytest

from tests.exchange.nodes import Node, peer_nodes

pytestmark = [pytest.mark.nodes, pytest.mark.usefixtures("django_db_setup")]

KINDS = ("contract.registered", "clearance.granted", "clearance.halted", "arrival.recorded", "contract.checked",
         "wages.arrears", "wages.unpaid")


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    base = tmp_path_factory.mktemp("wages-nodes")
    ph = Node("PH", base, CORRIDOR_DEMO="1", DEST_COUNTRY="SA").init()
    sa = Node("SA", base, CORRIDOR_DEMO="1").init()
    ph.start()
    sa.start()
    peer_nodes(ph, sa, kinds=KINDS)
    yield ph, sa
    ph.kill()
    sa.kill()


def test_arrears_found_at_the_destination_reach_the_origins_attache(nodes):
    ph, sa = nodes
    ph.cli("demo")
    ph.cli("exchange", "deliver", "--once")
    sa.cli("demo")
    month_files = ("SELECT count(*) FROM wages_salaryfile WHERE original_name LIKE 'demo-underpaying-%'"
                   " OR original_name LIKE 'demo-paid-%' OR original_name LIKE 'demo-late-%'")
    assert sa.query(month_files)[0][0] == 3  # last month's three files, beside the demo's year of past ones
    alerts = sa.query("SELECT total_arrears, currency FROM wages_arrearsalert WHERE arrival_id IS NOT NULL")
    assert alerts and float(alerts[0][0]) > 0
    sa.cli("exchange", "deliver", "--once")
    reported = ph.query("SELECT clearance_reference, total_arrears, currency, months_unpaid FROM wages_peerarrears")
    assert reported, "the origin stored no arrears"
    reference, total, currency, months = reported[0]
    assert ph.query("SELECT count(*) FROM clearance_clearance WHERE reference = ?", (reference,))[0][0] == 1
    assert str(total) == str(alerts[0][0]) and currency == alerts[0][1] and months == 1
