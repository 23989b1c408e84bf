"""Corridor figures between two running nodes (PH origin, SA destination): each sends its published tables, signed,
as indicators.aggregate; the other keeps them and its corridor page shows both sides, each labelled with its node.
Suppressed cells travel as null: never a count under the threshold, never a row about a person."""

import textwrap

import pytest

from tests.exchange.nodes import Node, running_pair

# In the PostgreSQL pass, so that the two passes of scripts/test.sh end together (the nodes run on SQLite files).
pytestmark = [pytest.mark.nodes, pytest.mark.once("postgres"), pytest.mark.usefixtures("django_db_setup")]

PRELUDE = """
import json
from corridor.core import events
from django.db import transaction
from corridor.indicators import services
from corridor.indicators.models import PeerCell
def debrief(ref, destination, returned_on):
    with transaction.atomic():
        events.publish("reintegration.debrief_recorded", reference=ref, origin="PH", destination=destination,
                       recruitment_cost="900", cost_currency="SAR", monthly_earnings="1500", earnings_currency="SAR",
                       returned_on=returned_on)
"""


def run(node: Node, code: str) -> dict:
    return node.shell_json(PRELUDE + textwrap.dedent(code))


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    base = tmp_path_factory.mktemp("indicators-nodes")
    ph, sa = Node("PH", base).init(), Node("SA", base).init()
    with running_pair(ph, sa, kinds=("indicators.aggregate",)):
        yield ph, sa


def test_the_origin_s_tables_reach_the_destination_suppressed_and_labelled(nodes):
    ph, sa = nodes
    run(ph, """
        for i in range(14):
            debrief(f"RD-SA-{i}", "SA", "2026-03-10")
        for i in range(2):
            debrief(f"RD-QA-{i}", "QA", "2026-03-11")
        print(json.dumps({"ok": True}))
    """)
    assert "1 peer(s)" in ph.cli("indicators", "share").stdout
    ph.cli("exchange", "deliver", "--once")
    got = run(sa, """
        cells = {(c.peer_country, c.table, c.key, c.period): c.count for c in PeerCell.objects.all()}
        print(json.dumps({"|".join(k): v for k, v in cells.items()}))
    """)
    assert got["PH|returns_by_destination|QA|2026-03"] is None  # two people: suppressed before it left
    assert got["PH|returns_by_destination|QA|total"] is None
    assert all(v is None or v == 0 or v >= 10 for v in got.values())
    assert any(k.startswith("PH|returns_by_destination|SA|") for k in got)

    # and back: the destination's own tables (here empty but for the margins) go to the origin the same way
    assert "1 peer(s)" in sa.cli("indicators", "share").stdout
    sa.cli("exchange", "deliver", "--once")
    back = run(ph, """
        print(json.dumps({"from": sorted({c.peer_country for c in PeerCell.objects.all()})}))
    """)
    assert back == {"from": ["SA"]}
