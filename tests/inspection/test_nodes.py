"""A sanction reaching the origin between two running nodes: the origin's demo clears workers for Saudi Arabia; at
the destination an inspector visits their employer, finds passports held and fines it; the `inspection.sanction`
message reaches the origin, which keeps it as a notice its labour attaché reads (a worker does not)."""

import json

import pytest

from tests.exchange.nodes import Node, running_pair

pytestmark = [pytest.mark.nodes, pytest.mark.usefixtures("django_db_setup")]

KINDS = ("contract.registered", "clearance.granted", "clearance.halted", "arrival.recorded", "contract.checked",
         "inspection.sanction")

INSPECT = """
import json
from corridor.accounts import services as accounts
from corridor.clearance.models import PeerClearance
from corridor.inspection import checklists, services
from corridor.registry import services as registry
clearance = PeerClearance.objects.filter(source_country="PH").order_by("id").first()
inspectorate = accounts.organisation_create(acting_user=None, name="Labour Inspectorate", kind="labour_inspectorate",
                                            country="SA")
inspector = accounts.user_create(acting_user=None, username="inspector", password=None, role="destination_officer",
                                 organisation=inspectorate)
inspector.is_verified = lambda: True
employer = registry.employer_register(acting_user=None, name=clearance.employer_name, country="SA",
                                      registration_number="2050999999", address="Industrial Area, Riyadh", screen=False)
site = services.worksite_register(acting_user=inspector, employer=employer, name="Camp", region="Riyadh",
                                  sector="construction", workforce=120)
visit = services.visit_start(acting_user=inspector, visit=services.visit_schedule(
    acting_user=inspector, worksite=site, kind="complaint", reason="Workers say their passports are held"))
for item in checklists.current().for_sector(visit.checklist_sector):
    held = item.key == "doc.held"
    services.checklist_answer(acting_user=inspector, visit=visit, item=item.key, answer="no" if held else "yes",
                              note="Passports kept in the site office" if held else "")
visit = services.visit_complete(acting_user=inspector, visit=visit, summary="Passports held.")
sanction = services.sanction_issue(acting_user=inspector, visit=visit, kind="fine", amount="20000",
                                   reason="Passports of the workers held by the employer")
print(json.dumps({"reference": sanction.reference, "notified": sanction.notified_countries,
                  "employer": employer.name, "amount": str(sanction.amount), "currency": sanction.currency}))
"""

ATTACHE_READS = """
import json
from corridor.accounts.models import User
from corridor.accounts.permissions import has_perm
from corridor.inspection import selectors
attache = User.objects.get(username="attache")
attache.is_verified = lambda: True  # signed in with the second factor
seen = [n.reference for n in selectors.notice_list(user=attache)]
worker = User.objects.get(username="worker")
worker.is_verified = lambda: True
print(json.dumps({"perm": has_perm(attache, "inspection.notice_view"), "seen": seen,
                  "worker_sees": [n.reference for n in selectors.notice_list(user=worker)]}))
"""


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    base = tmp_path_factory.mktemp("inspection-nodes")
    ph = Node("PH", base, CORRIDOR_DEMO="1", DEST_COUNTRY="SA").init()
    sa = Node("SA", base).init()
    with running_pair(ph, sa, kinds=KINDS):
        yield ph, sa


def _last_json(result) -> dict:
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_sanction_issued_at_the_destination_reaches_the_origins_attache(nodes):
    ph, sa = nodes
    ph.cli("demo")
    ph.cli("exchange", "deliver", "--once")
    assert sa.query("SELECT count(*) FROM clearance_peerclearance WHERE source_country = 'PH'")[0][0] >= 1
    issued = _last_json(sa.cli("shell", "-c", INSPECT))
    reference, amount, currency, employer = issued["reference"], issued["amount"], issued["currency"], issued["employer"]
    assert issued["notified"] == ["PH"], "the sanction was not addressed to the origin of the employer's workers"
    sa.cli("exchange", "deliver", "--once")

    kept = ph.query("SELECT source_country, kind, amount, currency, employer_name, our_workers, legal_basis "
                    "FROM inspection_sanctionnotice WHERE reference = ?", (reference,))
    assert len(kept) == 1, "the origin kept no notice of the destination's sanction"
    country, kind, kept_amount, kept_currency, name, our_workers, basis = kept[0]
    assert (country, kind, kept_currency, name) == ("SA", "fine", currency, employer)
    assert float(kept_amount) == float(amount) and our_workers >= 1 and "229" in basis

    # The origin's labour attaché reads it; a worker does not.
    seen = _last_json(ph.cli("shell", "-c", ATTACHE_READS))
    assert seen["perm"] is True and reference in seen["seen"] and seen["worker_sees"] == []

    # Delivered twice, it is still one notice.
    sa.cli("exchange", "deliver", "--once")
    assert ph.query("SELECT count(*) FROM inspection_sanctionnotice WHERE reference = ?", (reference,))[0][0] == 1
