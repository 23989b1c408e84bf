"""Soak (issue 13, fault 1): the receiver killed and restarted five times, the delivery daemon twice, under mixed
ordered and unordered traffic; nothing may be lost, applied twice or applied out of order. About a minute;
`python benchmarks/exchange_soak.py` runs it larger."""

import pytest

from .nodes import Node, running_pair
from .soak import soak

# In the PostgreSQL pass, so that the two passes of scripts/test.sh end together (the nodes run on SQLite files).
pytestmark = [pytest.mark.nodes, pytest.mark.once("postgres"), pytest.mark.usefixtures("django_db_setup")]


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    base = tmp_path_factory.mktemp("soak")
    ph, sa = Node("PH", base).init(), Node("SA", base).init()
    with running_pair(ph, sa):
        yield ph, sa


def test_kills_and_restarts_lose_nothing_duplicate_nothing_and_keep_each_keys_order(nodes):
    ph, sa = nodes
    report = soak(ph, sa, cycles=5, keys=4, per_key=15, unordered=30)
    print(f"\nsoak: {report}")  # noqa: T201 - the figures for THREAT_MODEL.md
    assert report.faults == 7 and report.messages == 450
    assert (report.lost, report.duplicated, report.out_of_order_keys) == (0, 0, [])
    assert report.applied == report.messages
    assert set(report.outbox) == {"accepted"}
