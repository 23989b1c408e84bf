"""The published protocol between real processes: the conformance kit against a running Corridor node and against the
standalone peer (tests/protocol_peer/peer.py, written from spec/ alone), and that peer exchanging a clearance, a
watchlist entry and a case referral with the Corridor node, both ways where the kinds allow.

One Corridor node (SA, a destination, with the demo data set loaded) and one standalone peer (PH, an origin) for the
whole module.
"""

import datetime as dt
import json
import os
import secrets
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from tests.exchange.nodes import ROOT, Node, free_port, kill_group
from tests.protocol_peer import peer as standalone

pytestmark = [pytest.mark.nodes, pytest.mark.usefixtures("django_db_setup")]

PEER_SCRIPT = ROOT / "tests" / "protocol_peer" / "peer.py"
KIT_COUNTRY = "AQ"  # a country neither node has a real peer for
PEER_ACCEPTS = ["arrival.recorded", "contract.checked", "case.referral", "case.update", "watchlist.entry", "clearance.granted"]
PRELUDE = """
import json
from corridor.accounts import services as accounts
from corridor.accounts.models import User
from corridor.cases import referral, services as cases
from corridor.cases.models import Case
from corridor.clearance import services as clearance
from corridor.clearance.models import PeerClearance
from corridor.registry.models import WatchlistEntry
def officer(username):
    user = User.objects.get(username=username)
    user.is_verified = lambda: True
    return user
"""


def shell(node: Node, code: str) -> dict:
    result = node.cli("shell", "-c", PRELUDE + textwrap.dedent(code))
    return json.loads(result.stdout.strip().splitlines()[-1])


class StandalonePeer:
    """The spec-only peer as a separate process (standard library HTTP server), configured by a JSON file."""

    def __init__(self, base: Path, country: str):
        self.country = country
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = base / f"peer-{country.lower()}"
        self.config_path = base / f"peer-{country.lower()}.json"
        self.seed = secrets.token_hex(32)
        self.peers: list[dict] = []
        self.process = None

    def write_config(self) -> None:
        self.config_path.write_text(json.dumps({"country": self.country, "url": self.url, "seed": self.seed,
                                                "data_dir": str(self.data_dir), "peers": self.peers}))

    @property
    def config(self) -> standalone.Config:
        return standalone.Config.load(str(self.config_path))

    def start(self) -> None:
        self.write_config()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CORRIDOR_", "DJANGO_"))}
        env["PYTHONPATH"] = ""  # nothing of Corridor's on its path
        self.process = subprocess.Popen([sys.executable, str(PEER_SCRIPT), "serve", "--config", str(self.config_path),
                                         "--bind", f"127.0.0.1:{self.port}"], env=env, cwd="/", stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the standalone peer did not start")

    def stop(self) -> None:
        if self.process is not None:
            kill_group(self.process)
            self.process = None

    def applied(self, kind: str, sender: str = "SA") -> list[dict]:
        """What the peer applied of a kind from a sender (the kit's messages aside)."""
        path = self.data_dir / "applied.jsonl"
        rows = [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
        return [r for r in rows if r["kind"] == kind and r["from"] == sender]

    def send(self, kind: str, body: dict, ordering_key: str | None = None, to_url: str = "") -> dict:
        token = standalone.Outbox(self.config).token("SA", kind, body, ordering_key)
        return standalone.deliver(to_url + "/api/v1/exchange/inbox", [token])[0]

    def document(self) -> dict:
        with urllib.request.urlopen(self.url + "/.well-known/corridor-node.json", timeout=5) as response:
            return json.loads(response.read())


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    base = tmp_path_factory.mktemp("protocol")
    sa = Node("SA", base).init()
    sa.cli("demo")  # the destination demo node: its demo inspector works the messages below
    sa.start()
    ph = StandalonePeer(base, "PH")
    # The kit's keys and document, made by the kit itself.
    kit = {"key": str(base / "kit.pem"), "second": str(base / "kit2.pem"), "document": str(base / "kit.json")}
    sa.cli("conformance", "identity", "--key", kit["key"], "--second-key", kit["second"], "--country", KIT_COUNTRY,
           "--output", kit["document"])
    kit_document = json.loads(Path(kit["document"]).read_text())
    sa_document = json.loads(sa.identity_file().read_text())
    # The standalone peer's operator adds SA and the kit (documents received out of band).
    ph.peers = [{"country": "SA", "url": sa.url, "document": sa_document, "accept": PEER_ACCEPTS},
                {"country": KIT_COUNTRY, "url": "", "document": kit_document, "accept": PEER_ACCEPTS}]
    ph.start()
    # SA's operator adds PH (key id confirmed out of band) and the kit, accepting every kind SA can apply from the kit.
    ph_kid = ph.document()["keys"][0]["kid"]
    sa.cli("peers", "add", "--country", "PH", "--url", ph.url, "--fetch", "--key-id", ph_kid,
           "--send", "arrival.recorded", "case.update", "case.referral", "watchlist.entry",
           "--accept", "clearance.granted", "clearance.halted", "watchlist.entry", "case.referral", "case.update", "--noinput")
    kinds = [k for k in sa_document["exchange"]["kinds"] if k != "ping"]
    sa.cli("peers", "add", "--country", KIT_COUNTRY, "--url", "http://conformance.invalid", "--key-file", kit["document"],
           "--key-id", kit_document["keys"][0]["kid"], "--accept", *kinds, "--noinput")
    yield sa, ph, kit
    ph.stop()
    sa.kill()


def run_kit(sa: Node, kit: dict, url: str):
    return sa.cli("conformance", "run", url, "--key", kit["key"], "--second-key", kit["second"], "--country", KIT_COUNTRY,
                  check=False)


def test_the_kit_passes_against_a_corridor_node(world):
    sa, _ph, kit = world
    result = run_kit(sa, kit, sa.url)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert not [line for line in lines if line.startswith("FAIL")]
    for must in ("PASS  identity: node document matches", "PASS  idempotency:", "PASS  ordering: sequence 2 before 1",
                 "PASS  signature: an altered signature", "PASS  addressing: a message for another node", "PASS  size:",
                 "PASS  rotation: a message signed with the kit's second", "PASS  kind case.referral:",
                 "PASS  kind watchlist.entry:", "PASS  kind clearance.granted:"):
        assert any(line.startswith(must) for line in lines), must


def test_the_kit_passes_against_the_standalone_peer(world):
    sa, ph, kit = world
    result = run_kit(sa, kit, ph.url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 failed" in result.stdout and "PASS  rotation:" in result.stdout


def test_the_kit_fails_a_node_that_is_not_there(world):
    sa, _ph, kit = world
    result = run_kit(sa, kit, f"http://127.0.0.1:{free_port()}")
    assert result.returncode == 1 and result.stdout.startswith("FAIL  identity")


def test_a_clearance_travels_from_the_standalone_peer_and_the_arrival_comes_back(world):
    sa, ph, _kit = world
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    token = standalone.certificate(
        key=ph.config.key, issuer_url=ph.url, issuer_country="PH", reference="PH-CLR-2026-7000042", name="Maria Santos",
        passport_ending="567A", nationality="PH", destination="SA", employer="Al Noor Cleaning Services",
        contract="PH-CTR-2026-7000123", contract_digest="a" * 64, depart_by=(now + dt.timedelta(days=20)).date().isoformat(),
        valid_from=now, valid_until=now + dt.timedelta(days=34))
    answer = ph.send("clearance.granted", {"reference": "PH-CLR-2026-7000042", "token": token},
                     ordering_key="contract:PH-CTR-2026-7000123", to_url=sa.url)
    assert answer["status"] == "accepted", answer
    assert ph.send("clearance.granted", {"reference": "X", "token": token[:-4] + "AAAA"}, to_url=sa.url)["code"] \
        == "clearance.peer_record_invalid"
    record = shell(sa, """
        record = PeerClearance.objects.get(source_country="PH", reference="PH-CLR-2026-7000042")
        arrival = clearance.arrival_record(acting_user=officer("inspector"), clearance=record, arrived_on=record.issued_at.date())
        print(json.dumps({"name": record.worker_name, "employer": record.employer_name, "key": record.source_key_id}))
    """)
    assert record == {"name": "Maria Santos", "employer": "Al Noor Cleaning Services", "key": ph.document()["keys"][0]["kid"]}
    sa.cli("exchange", "deliver", "--once")
    arrived = ph.applied("arrival.recorded")
    assert len(arrived) == 1 and arrived[0]["body"]["clearance_reference"] == "PH-CLR-2026-7000042"
    assert arrived[0]["ordering_key"] == "clearance:PH-CLR-2026-7000042" and arrived[0]["sequence"] == 1

    halted = ph.send("clearance.halted", {"reference": "PH-CLR-2026-7000042", "reason": "Employer watchlisted",
                                          "halted_at": now.strftime("%Y-%m-%dT%H:%M:%SZ")},
                     ordering_key="contract:PH-CTR-2026-7000123", to_url=sa.url)
    assert halted["status"] == "accepted", halted
    assert shell(sa, """
        print(json.dumps({"halted": PeerClearance.objects.get(reference="PH-CLR-2026-7000042").halted_at is not None}))
    """) == {"halted": True}


def test_a_watchlist_entry_and_its_lifting_from_the_standalone_peer(world):
    sa, ph, _kit = world
    entry = {"id": "wl-7", "subject_kind": "employer", "name": "Desert Build Co.", "country": "SA",
             "registration_number": "1010777777", "date_of_birth": None, "starts_on": "2026-04-01", "ends_on": None,
             "reason": "Withheld the wages of 12 workers for four months.", "evidence_reference": "PH-DMW-2026-0031",
             "lifted_at": None}
    assert ph.send("watchlist.entry", entry, to_url=sa.url)["status"] == "accepted"
    lifted = {**entry, "lifted_at": "2026-06-01T09:00:00Z", "lift_reason": "Wages paid in full."}
    assert ph.send("watchlist.entry", lifted, to_url=sa.url)["status"] == "accepted"
    rows = shell(sa, """
        rows = WatchlistEntry.objects.filter(source_country="PH", peer_entry_id="wl-7")
        print(json.dumps([{"name": e.name, "lifted": e.lifted_at is not None, "evidence": e.evidence_reference} for e in rows]))
    """)
    assert rows == [{"name": "Desert Build Co.", "lifted": True, "evidence": "PH-DMW-2026-0031"}]

    # And the other way: the destination's own entry goes to the standalone peer.
    own = shell(sa, """
        from corridor.registry import services as registry
        entry = registry.watchlist_entry_add(acting_user=officer("inspector"), subject_kind="agency", name="Bayanihan Manpower",
                                             country="PH", registration_number="DMW-0001-LB", reason="Charged workers fees.",
                                             evidence_reference="SA-MHRSD-2026-0012")
        print(json.dumps({"id": str(entry.pk)}))
    """)
    sa.cli("exchange", "deliver", "--once")
    [sent] = ph.applied("watchlist.entry")
    assert sent["body"]["id"] == own["id"] and sent["body"]["evidence_reference"] == "SA-MHRSD-2026-0012"


def test_a_case_referral_both_ways_between_the_standalone_peer_and_corridor(world):
    sa, ph, _kit = world
    body = {"reference": "PH-C-2026-7042", "reason": "The employer is in your jurisdiction.", "urgent": False,
            "nationality": "PH", "country_where": "SA", "place": "Riyadh", "since": "2026-03-01",
            "narrative": "My employer took my passport and has not paid me for three months.", "language": "en",
            "grievances": ["unpaid_wages", "documents_taken"], "answers": {},
            "respondents": [{"role": "employer", "name": "Desert Build Co.", "registration_number": ""}],
            "consent_share_identity": False}
    assert ph.send("case.referral", body, ordering_key="case:PH-C-2026-7042", to_url=sa.url)["status"] == "accepted"
    received = shell(sa, """
        case = Case.objects.get(channel="referral", referrals__peer_country="PH", referrals__remote_reference="PH-C-2026-7042")
        referral.referral_accept(acting_user=officer("inspector"), referral=case.referrals.get(), reason="We will inspect.")
        print(json.dumps({"reference": case.reference, "remote": case.referrals.get().remote_reference}))
    """)
    assert received["remote"] == "PH-C-2026-7042"
    sa.cli("exchange", "deliver", "--once")
    answers = ph.applied("case.update")
    assert [(a["body"]["type"], a["body"]["your_reference"], a["body"]["my_reference"]) for a in answers] == \
        [("accepted", "PH-C-2026-7042", received["reference"])]
    update = {"type": "status", "your_reference": received["reference"], "my_reference": "PH-C-2026-7042",
              "status": "in_progress", "message": "The worker is in the shelter."}
    assert ph.send("case.update", update, ordering_key="case:PH-C-2026-7042", to_url=sa.url)["status"] == "accepted"
    notes = shell(sa, f"""
        case = Case.objects.get(reference="{received['reference']}")
        print(json.dumps({{"notes": [n.body for n in case.notes.all()]}}))
    """)
    assert any("shelter" in n for n in notes["notes"])

    # And the other way: the destination refers a PH national's case to the standalone peer.
    sent = shell(sa, """
        inspector = officer("inspector")
        filed = cases.complaint_file(acting_user=inspector, grievances=["unpaid_wages"],
            respondents=[{"role": "agency", "name": "Bayanihan Manpower"}], nationality="PH", country_where="SA",
            narrative="The agency charged me a fee of four months' wages.", complainant={"full_name": "Ana Reyes"},
            consent_referral=True, consent_referral_identity=False)
        case = cases.case_triage(acting_user=inspector, case=filed.case)
        referral.case_refer(acting_user=inspector, case=case, reason="The recruiter is licensed by you.")
        print(json.dumps({"reference": case.reference}))
    """)
    sa.cli("exchange", "deliver", "--once")
    referrals = ph.applied("case.referral")
    assert [r["body"]["reference"] for r in referrals] == [sent["reference"]]
    assert "complainant" not in referrals[0]["body"]  # consent to refer, not to share the name
