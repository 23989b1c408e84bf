"""The demo corridor between two running nodes, as `make demo` sets it up (scripts/demo.sh: its kinds, the origin's
demo delivered before the destination's loads): what each side's demo does reaches the other, and what an officer
then does at the destination reaches the origin. The two demos are loaded once for the module (two nodes and two
demos take most of a minute); each test then sends what it checks.

- clearance: the destination's changes of employer (one granted, one refused) reach the origin as `transfer.decided`;
- wages: the destination's month of salary files finds arrears, which reach the origin's attaché (`wages.arrears`);
- reintegration: the destination records that a worker left; `worker.returned` closes the deployment at the origin;
- in Chromium, a destination officer records an expected worker's arrival and finds the contract substituted; the
  origin's officer sees the destination's report on the clearance and is told on the notifications page.
"""

import re
import textwrap
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.exchange.nodes import Node, running_pair

pytestmark = [pytest.mark.nodes, pytest.mark.usefixtures("django_db_setup")]

KINDS = tuple(re.search(r"^KINDS=\((.*)\)$", (Path(__file__).resolve().parents[1] / "scripts" / "demo.sh").read_text(),
                        re.MULTILINE).group(1).split())


def run(node: Node, code: str) -> dict:
    return node.shell_json("import json\n" + textwrap.dedent(code))


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    base = tmp_path_factory.mktemp("demo-corridor")
    ph = Node("PH", base, CORRIDOR_DEMO="1", DEST_COUNTRY="SA").init()
    sa = Node("SA", base, CORRIDOR_DEMO="1").init()
    with running_pair(ph, sa, kinds=KINDS):
        ph.cli("demo", timeout=600)  # clearances granted: the registered contracts and certificates queue for SA
        ph.cli("exchange", "deliver", "--once")
        sa.cli("demo", timeout=600)  # arrivals, changes of employer, a month of salary files
        yield ph, sa


def test_the_origin_receives_the_destinations_transfer_decisions(nodes):
    ph, sa = nodes
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


def test_arrears_found_at_the_destination_reach_the_origins_attache(nodes):
    ph, sa = nodes
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


def test_the_destinations_exit_message_records_the_return_at_the_origin(nodes):
    ph, sa = nodes
    open_at_origin = {row[0] for row in ph.query("SELECT reference FROM clearance_clearance WHERE status IN ('granted', 'departed')")}
    arrivals = sa.query("SELECT a.id, c.reference FROM clearance_arrival a JOIN clearance_peerclearance c "
                        "ON a.clearance_id = c.id ORDER BY a.id")
    arrival_id, reference = next((pk, ref) for pk, ref in arrivals if ref in open_at_origin)
    sent = run(sa, f"""
        import datetime as dt
        from django.utils import timezone
        from corridor.accounts.models import User
        from corridor.clearance.models import Arrival
        from corridor.reintegration import services
        officer = User.objects.get(username="inspector")
        officer.is_verified = lambda: True
        exit = services.exit_report(acting_user=officer, arrival=Arrival.objects.get(pk={arrival_id}),
                                    left_on=timezone.localdate(), cause="end_of_contract")
        print(json.dumps({{"reference": exit.clearance_reference}}))
    """)
    assert sent == {"reference": reference}
    sa.cli("exchange", "deliver", "--once")
    recorded = ph.query("SELECT source, cause, destination, status FROM reintegration_return WHERE clearance_reference = ?",
                        (reference,))
    assert recorded == [("exchange", "end_of_contract", "SA", "recorded")]
    assert ph.query("SELECT status FROM clearance_clearance WHERE reference = ?", (reference,)) == [("returned",)]


def sign_in(page, node, username):
    page.context.clear_cookies()
    page.goto(f"{node.url}/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("corridor-demo-2026")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(node.cli("totp", username).stdout.strip())
    page.get_by_role("button", name="Continue").click()


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB"}


@pytest.mark.browser
def test_destination_finds_a_substitution_that_then_appears_on_the_origin(nodes, page):
    ph, sa = nodes
    sign_in(page, sa, "inspector")
    page.goto(f"{sa.url}/arrivals/")
    expected = page.locator("tbody tr", has_text="Expected").locator("a")  # the demo has recorded some arrivals
    expect(expected.first).to_be_visible()
    expected.first.click()
    reference = page.locator("h1 small").inner_text()
    page.get_by_label("Arrived on").fill("2026-12-20")
    page.get_by_role("button", name="Record the arrival").click()
    paper = page.locator("form", has=page.locator('input[name="source"][value="paper"]'))
    paper.get_by_label("Basic wage").fill("900.00")
    paper.get_by_label("Currency").fill("SAR")
    paper.get_by_label("Weekly rest (hours)").fill("0")
    paper.get_by_role("button", name="Compare with the registered contract").click()
    expect(page.locator("h1")).to_contain_text("Substitution matter")
    expect(page.locator("table")).to_contain_text("Basic wage")  # the term by its title, not its path

    sa.cli("exchange", "deliver", "--once", "--now")
    sign_in(page, ph, "officer")
    page.goto(f"{ph.url}/clearances/{reference}/")
    report = page.locator('li[data-report="contract.checked"]').first
    expect(report).to_contain_text("Substituted contract")
    expect(report).to_contain_text("Basic wage")
    expect(page.locator(".facts")).to_contain_text("Dec 20, 2026")  # in the page's language
    # the origin officer was told: a notice on the notifications page, counted on the dashboard
    page.goto(f"{ph.url}/notifications/")
    expect(page.locator("main")).to_contain_text(f"Clearance {reference}: the destination reports a substituted contract")
