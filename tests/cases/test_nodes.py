"""A referral between two running nodes (PH origin, SA destination) through the exchange, and back."""

import textwrap

import pytest

from tests.exchange.nodes import Node, running_pair

pytestmark = [pytest.mark.nodes, pytest.mark.usefixtures("django_db_setup")]

PRELUDE = """
import json
from corridor.accounts import services as accounts
from corridor.accounts.models import User, Organisation
from corridor.cases import referral, services
from corridor.cases.models import Case, Referral
def officer(username):
    user = User.objects.get(username=username)
    user.is_verified = lambda: True
    return user
"""


def run(node: Node, code: str) -> dict:
    return node.shell_json(PRELUDE + textwrap.dedent(code))


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    base = tmp_path_factory.mktemp("case-nodes")
    ph, sa = Node("PH", base).init(), Node("SA", base).init()
    with running_pair(ph, sa, kinds=("case.referral", "case.update")):
        run(ph, """
            consulate = accounts.organisation_create(acting_user=None, name="MWO Riyadh", kind="consulate", country="PH", post_country="SA")
            accounts.user_create(acting_user=None, username="attache", password=None, role="consular_attache", organisation=consulate)
            print(json.dumps({"ok": True}))
        """)
        run(sa, """
            inspectorate = accounts.organisation_create(acting_user=None, name="Inspectorate", kind="labour_inspectorate", country="SA")
            accounts.user_create(acting_user=None, username="inspector", password=None, role="destination_officer", organisation=inspectorate)
            print(json.dumps({"ok": True}))
        """)
        yield ph, sa


def test_a_consulate_refers_to_the_destination_inspectorate_which_accepts_updates_and_returns(nodes):
    ph, sa = nodes
    sent = run(ph, """
        attache = officer("attache")
        filed = services.complaint_file(acting_user=attache, grievances=["documents_taken", "unpaid_wages"],
            respondents=[{"role": "employer", "name": "Desert Build Co."}], nationality="PH", country_where="SA",
            narrative="My employer took my passport and has not paid me.", complainant={"full_name": "Jose Cruz", "phone": "+63 9"},
            consent_referral=True, consent_referral_identity=False)
        case = services.case_triage(acting_user=attache, case=filed.case)
        referral.case_refer(acting_user=attache, case=case, reason="Please inspect the employer.")
        print(json.dumps({"reference": case.reference}))
    """)
    ph.cli("exchange", "deliver", "--once")
    received = run(sa, """
        case = Case.objects.get(channel="referral")
        r = case.referrals.get()
        print(json.dumps({"reference": case.reference, "remote": r.remote_reference, "team": case.assigned_team.name,
                          "has_identity": hasattr(case, "complainant"), "indicators": sorted(set(case.findings.values_list("indicator", flat=True)))}))
    """)
    assert received["remote"] == sent["reference"] and received["team"] == "Inspectorate"
    assert received["has_identity"] is False  # the complainant agreed to the referral, not to sending their name
    assert "retention_of_documents" in received["indicators"]

    run(sa, """
        inspector = officer("inspector")
        case = Case.objects.get(channel="referral")
        referral.referral_accept(acting_user=inspector, referral=case.referrals.get())
        case = services.case_triage(acting_user=inspector, case=case)
        case = services.case_assign(acting_user=inspector, case=case, officer=inspector)
        referral.update_send(acting_user=inspector, case=case, message="Inspection on Monday.")
        print(json.dumps({"ok": True}))
    """)
    sa.cli("exchange", "deliver", "--once")
    origin = run(ph, f"""
        case = Case.objects.get(reference="{sent['reference']}")
        r = case.referrals.get()
        print(json.dumps({{"status": r.status, "remote": r.remote_reference,
                          "events": list(case.events.values_list("action", flat=True)),
                          "notes": [n.body for n in case.notes.all()]}}))
    """)
    assert origin["status"] == "accepted" and origin["remote"] == received["reference"]
    assert origin["events"].count("peer_update") >= 2 and any("Inspection on Monday." in n for n in origin["notes"])

    run(ph, f"""
        attache = officer("attache")
        case = Case.objects.get(reference="{sent['reference']}")
        referral.update_send(acting_user=attache, case=case, message="The worker is in the shelter.")
        print(json.dumps({{"ok": True}}))
    """)
    ph.cli("exchange", "deliver", "--once")
    run(sa, """
        inspector = officer("inspector")
        case = Case.objects.get(channel="referral")
        assert any("shelter" in n.body for n in case.notes.all())
        referral.referral_return(acting_user=inspector, referral=case.referrals.get(), reason="Wages paid; back to the consulate.")
        print(json.dumps({"ok": True}))
    """)
    sa.cli("exchange", "deliver", "--once")
    final = run(ph, f"""
        case = Case.objects.get(reference="{sent['reference']}")
        print(json.dumps({{"status": case.referrals.get().status}}))
    """)
    assert final["status"] == "returned"
    assert set(ph.outbox()) == {"accepted"} and set(sa.outbox()) == {"accepted"}
