"""Two real nodes (PH and SA) on loopback ports: outages, kill -9 in mid-delivery, floods of invalid messages."""

import json
import threading
import time
import urllib.error
import urllib.request

import pytest

from .nodes import Node, kill_group, running_pair

pytestmark = [pytest.mark.nodes, pytest.mark.usefixtures("django_db_setup")]


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    base = tmp_path_factory.mktemp("nodes")
    ph, sa = Node("PH", base).init(), Node("SA", base).init()
    with running_pair(ph, sa):
        yield ph, sa


def wait_until(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    raise AssertionError("timed out")


def assert_once(node: Node, run: str, count: int):
    applied = node.applied(run)
    assert len(applied) == count, f"{count - len(applied)} messages missing"
    assert set(applied.values()) == {1}, "a message was applied twice"


def test_ping_both_ways(nodes):
    ph, sa = nodes
    assert "accepted ping" in ph.cli("peers", "ping", "SA").stdout
    assert "accepted ping" in sa.cli("peers", "ping", "PH").stdout


def test_a_peer_that_was_down_gets_everything_in_order_exactly_once(nodes):
    ph, sa = nodes
    sa.kill()
    ph.cli("exchange_test_send", "SA", "--run", "outage", "--count", "60", "--ordering-key", "contract-1")
    ph.cli("exchange_test_send", "SA", "--run", "outage-free", "--count", "40")
    ph.cli("exchange", "deliver", "--once")
    assert ph.outbox().get("retrying", 0) >= 1 and ph.outbox().get("accepted", 0) <= 2  # the pings
    sa.start()
    ph.cli("exchange", "deliver", "--once", "--now")
    assert_once(sa, "outage", 60)
    assert_once(sa, "outage-free", 40)
    assert sa.applied_order("outage") == list(range(60))
    assert set(ph.outbox()) == {"accepted"}


def test_killing_the_receiver_mid_drain_loses_nothing_and_applies_nothing_twice(nodes):
    ph, sa = nodes
    ph.cli("exchange_test_send", "SA", "--run", "kill-receiver", "--count", "400")
    ph.cli("exchange_test_send", "SA", "--run", "kill-receiver-ordered", "--count", "100", "--ordering-key", "contract-2")
    drain = ph.cli_background("exchange", "deliver", "--once", "--batch-size", "5")
    wait_until(lambda: len(sa.applied("kill-receiver")) >= 40)
    sa.kill()
    drain.wait(timeout=120)
    applied_before = len(sa.applied("kill-receiver"))
    assert applied_before < 400
    sa.start()
    for _ in range(3):
        ph.cli("exchange", "deliver", "--once", "--now")
    assert_once(sa, "kill-receiver", 400)
    assert_once(sa, "kill-receiver-ordered", 100)
    assert sa.applied_order("kill-receiver-ordered") == list(range(100))
    assert set(ph.outbox()) == {"accepted"}


def test_killing_the_sender_mid_drain_loses_nothing_and_applies_nothing_twice(nodes):
    ph, sa = nodes
    ph.cli("exchange_test_send", "SA", "--run", "kill-sender", "--count", "400")
    drain = ph.cli_background("exchange", "deliver", "--once", "--batch-size", "5")
    wait_until(lambda: len(sa.applied("kill-sender")) >= 40)
    kill_group(drain)
    assert len(sa.applied("kill-sender")) < 400
    time.sleep(2.1)  # the lease of the messages it had claimed runs out
    ph.cli("exchange", "deliver", "--once", "--now")
    assert_once(sa, "kill-sender", 400)
    assert set(ph.outbox()) == {"accepted"}


def post(url, data: bytes) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_forged_altered_replayed_and_misaddressed_messages_change_nothing(nodes):
    ph, sa = nodes
    ph.cli("exchange_test_send", "SA", "--run", "replay", "--count", "1")
    ph.cli("exchange", "deliver", "--once")
    token = ph.query("SELECT token FROM exchange_outboundmessage ORDER BY created_at DESC LIMIT 1")[0][0]
    inbox = sa.url + "/api/v1/exchange/inbox"
    status, answer = post(inbox, json.dumps({"message": token}).encode())
    assert status == 200 and answer["duplicate"] is True
    header, payload, signature = token.split(".")
    assert post(inbox, json.dumps({"message": f"{header}.{payload[:-4]}AAAA.{signature}"}).encode())[1]["code"] in {
        "bad_signature", "malformed"}
    # A message PH meant for SA, posted to PH itself: it is not for this node (and PH is not its own peer).
    assert post(ph.url + "/api/v1/exchange/inbox", json.dumps({"message": token}).encode())[1]["code"] == "unknown_sender"
    assert_once(sa, "replay", 1)


def test_a_flood_of_invalid_messages_does_not_stop_valid_ones(nodes):
    ph, sa = nodes
    inbox = sa.url + "/api/v1/exchange/inbox"
    stop = threading.Event()
    answers = []
    refused_before = sa.query("SELECT COALESCE(SUM(count), 0) FROM exchange_inboundrejection")[0][0]

    def flood():
        junk = json.dumps({"messages": ["forged.token.here"] * 50}).encode()
        while not stop.is_set():
            answers.append(post(inbox, junk)[0])

    threads = [threading.Thread(target=flood) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        ph.cli("exchange_test_send", "SA", "--run", "flood", "--count", "200")
        ph.cli("exchange", "deliver", "--once")
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert_once(sa, "flood", 200)
    assert len(answers) >= 2
    logged = sa.query("SELECT COUNT(*) FROM exchange_inboundrejection WHERE reason != ''")[0][0]
    assert logged <= 122  # at most REJECTIONS_PER_MINUTE rows a minute per address, then one aggregate row a minute
    refused = sa.query("SELECT COALESCE(SUM(count), 0) FROM exchange_inboundrejection")[0][0] - refused_before
    assert refused == 50 * len(answers)  # and yet every refusal is counted
