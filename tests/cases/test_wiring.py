"""Cases with the registry (linked parties, the chain it knows, what a resolved case adds to a record) and with the
exchange (referral, accept, reject, return, updates both ways), in one process: handlers called as the inbox calls them."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from corridor.accounts.choices import Role
from corridor.cases import referral, selectors, services
from corridor.cases.errors import ConsentRequired, ReferralNotAllowed
from corridor.cases.models import Case, RegistryRecord
from corridor.exchange.models import OutboundMessage, Peer, PeerGrant
from corridor.registry import services as registry
from corridor.registry.models import WatchlistEntry
from tests.conftest import verified
from tests.exchange.payloads import outbox_matches_spec  # noqa: F401 - the bodies sent must match spec/exchange/kinds

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("outbox_matches_spec")]


@pytest.fixture
def reg(orgs):
    today = timezone.localdate()
    licence = registry.agency_apply(acting_user=None, organisation=orgs["agency"], name="Manila Manpower Inc.",
                                    address="1 Rizal St", registration_number="CS000123")
    licence = registry.licence_grant(acting_user=None, licence=licence, number="DMW-0001-LB", valid_from=today - timedelta(days=30),
                                     valid_until=today + timedelta(days=300))
    agency = licence.agency
    principal = registry.employer_register(acting_user=None, name="Main Contractor Ltd", country="SA",
                                           registration_number="1010101010", address="Riyadh", organisation=orgs["contractor"])
    employer = registry.employer_register(acting_user=None, name="Desert Build Co.", country="SA",
                                          registration_number="2020202020", address="Riyadh", principal=principal,
                                          organisation=orgs["employer"])
    subagent = registry.subagent_register(acting_user=None, agency=agency, full_name="Pedro Reyes", locality="Ilocos Sur")
    return {"agency": agency, "employer": employer, "principal": principal, "subagent": subagent}


def test_respondents_link_to_the_registry_and_bring_the_chain_it_knows(file_case, reg, people):
    case = file_case(respondents=[{"role": "employer", "name": "DESERT BUILD CO"},
                                  {"role": "sub_agent", "name": "Pedro Reyes"}]).case
    parties = {r.role: r for r in case.respondents.all()}
    assert parties["employer"].employer == reg["employer"] and parties["employer"].organisation == reg["employer"].organisation
    assert parties["principal_contractor"].employer == reg["principal"] and parties["principal_contractor"].added_from_registry
    assert parties["sub_agent"].subagent == reg["subagent"]
    assert parties["agency"].agency == reg["agency"] and parties["agency"].added_from_registry
    attache = people["attache"]
    for step in (services.case_triage, lambda **k: services.case_assign(**k, officer=attache), services.case_start):
        case = step(acting_user=attache, case=case)
    wages = services.claim_add(acting_user=attache, case=case, kind="wages", amount="1200", currency="SAR")
    assert [p.respondent.role for p in wages.liabilities.all()] == ["employer", "principal_contractor", "agency", "sub_agent"]
    services.claim_default(acting_user=attache, claim=wages, reason="Employer closed.")
    assert selectors.owed_by_party(case)[parties["principal_contractor"]] == {"SAR": 1200}


def test_an_unknown_or_ambiguous_name_links_nothing(file_case, reg):
    case = file_case(respondents=[{"role": "employer", "name": "Some Other Firm"}]).case
    assert case.respondents.get().employer is None


def test_a_resolved_case_adds_to_the_record_and_the_officer_may_watchlist_and_serve_notice(file_case, reg, make_user, orgs):
    officer = verified(make_user(Role.ORIGIN_OFFICER, organisation=orgs["licensing"], username="lic"))
    case = file_case(grievances=["recruitment_fees"], narrative="They charged me 90,000 pesos.", answers={},
                     respondents=[{"role": "agency", "organisation": orgs["agency"]}]).case
    assert case.assigned_team == orgs["licensing"]
    for step in (services.case_triage, lambda **k: services.case_assign(**k, officer=officer), services.case_start):
        case = step(acting_user=officer, case=case)
    agency_party = case.respondents.get(role="agency")
    services.claim_add(acting_user=officer, case=case, kind="fees", amount="90000", currency="PHP")
    case = services.case_resolve(acting_user=officer, case=case, resolution="Illegal fee proven; refund ordered.",
                                 watchlist={agency_party.pk}, sanction={agency_party.pk})
    record = RegistryRecord.objects.get(case=case)
    assert record.agency == reg["agency"] and record.upheld and record.unpaid == "90000.00 PHP"
    assert record.watchlist_entry.agency == reg["agency"] and WatchlistEntry.objects.filter(agency=reg["agency"]).exists()
    assert record.sanction.licence.agency == reg["agency"] and record.sanction.status == "notified"
    assert case.registry_fed_at is not None
    assert list(selectors.registry_records(user=officer, agency=reg["agency"])) == [record]
    assert not selectors.registry_records(user=verified(make_user(Role.WORKER)), agency=reg["agency"]).exists()


def test_resolving_over_the_api_feeds_the_registry(client, signed_in, file_case, reg, people):
    attache = people["attache"]
    case = file_case(respondents=[{"role": "employer", "organisation": reg["employer"].organisation}]).case
    for step in (services.case_triage, lambda **k: services.case_assign(**k, officer=attache), services.case_start):
        case = step(acting_user=attache, case=case)
    employer = case.respondents.get(role="employer")
    signed_in(attache)
    response = client.post(f"/api/v1/cases/{case.reference}/actions/resolve",
                           {"reason": "Wages unpaid, proven.", "watchlist": [employer.pk]}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "resolved"
    assert RegistryRecord.objects.get(case=case, respondent=employer).watchlist_entry.employer == reg["employer"]


def test_a_complaint_not_upheld_is_recorded_as_such_and_nothing_else_happens(file_case, reg, people):
    attache = people["attache"]
    case = file_case(respondents=[{"role": "employer", "organisation": reg["employer"].organisation}]).case
    for step in (services.case_triage, lambda **k: services.case_assign(**k, officer=attache), services.case_start):
        case = step(acting_user=attache, case=case)
    services.case_resolve(acting_user=attache, case=case, resolution="Wages were paid; complaint not upheld.", upheld=set(),
                          watchlist={r.pk for r in case.respondents.all()})
    records = RegistryRecord.objects.filter(case=case)
    assert records.count() == 2 and not any(r.upheld for r in records)
    assert not WatchlistEntry.objects.exists()


# --- referral through the exchange ---------------------------------------------------------------------------


@dataclass
class FakePeer:
    country_id: str


def _peer(country):
    peer = Peer.objects.create(country_id=country, url=f"http://{country.lower()}.example", name=country)
    for direction in ("send", "accept"):
        for kind in (referral.REFERRAL, referral.UPDATE):
            PeerGrant.objects.create(peer=peer, direction=direction, kind=kind)
    return peer


def _last_body(kind):
    """The body of the last message of a kind in the outbox, read out of its signed envelope."""
    import json

    from corridor.core.crypto import b64url_decode

    message = OutboundMessage.objects.filter(kind=kind).order_by("-created_at", "-sequence").first()
    envelope = json.loads(b64url_decode(message.token.split(".")[1]))
    return message, envelope["body"]


def test_referral_with_consent_only_and_identity_only_where_agreed(file_case, people, settings):
    _peer("SA")
    attache = people["attache"]
    case = file_case(acting_user=attache, complainant={"full_name": "Jose Cruz", "phone": "+63 1"}).case
    case = services.case_triage(acting_user=attache, case=case)
    with pytest.raises(ConsentRequired) as info:
        referral.case_refer(acting_user=attache, case=case, reason="Inspect the employer.")
    assert info.value.code == "cases.consent_required"
    Case.objects.filter(pk=case.pk).update(consent_referral=True)
    case.refresh_from_db()
    with pytest.raises(ConsentRequired):
        referral.case_refer(acting_user=attache, case=case, reason="x", include_identity=True)
    sent = referral.case_refer(acting_user=attache, case=case, reason="Inspect the employer.")
    message, body = _last_body(referral.REFERRAL)
    assert message.ordering_key == f"case:{case.reference}" and "complainant" not in body and "Jose" not in str(body)
    with pytest.raises(ReferralNotAllowed) as info:
        referral.case_refer(acting_user=attache, case=case, reason="again")
    assert info.value.code == "cases.referral_not_allowed"
    assert sent.status == "pending"


def test_referral_round_trip_accept_updates_and_return(file_case, people, make_user, make_org, settings):
    """PH consulate refers to SA's inspectorate; SA accepts, works, returns; updates flow both ways."""
    _peer("SA")
    _peer("PH")  # one database plays both nodes here
    attache = people["attache"]
    case = file_case(acting_user=attache, complainant={"full_name": "Jose Cruz"}, consent_referral=True,
                     consent_referral_identity=True, narrative="My employer took my passport.").case
    case = services.case_triage(acting_user=attache, case=case)
    referral.case_refer(acting_user=attache, case=case, reason="Please inspect Desert Build Co.", include_identity=True)
    _msg, body = _last_body(referral.REFERRAL)
    assert body["complainant"]["full_name"] == "Jose Cruz"

    # The SA node receives it (same database here; the two-node test runs two real nodes).
    settings.CORRIDOR_COUNTRY = "SA"
    inspectorate = make_org(kind="labour_inspectorate", name="SA Inspectorate", country="SA")
    inspector = verified(make_user(Role.DESTINATION_OFFICER, organisation=inspectorate, username="inspector"))
    referral.handle_referral(FakePeer("PH"), body)
    received = Case.objects.get(channel="referral")
    assert received.assigned_team == inspectorate and received.jurisdiction == "destination"
    assert received.complainant.full_name == "Jose Cruz"
    assert received.findings.filter(indicator="retention_of_documents").exists()
    referral.handle_referral(FakePeer("PH"), body)  # the same referral again changes nothing
    assert Case.objects.filter(channel="referral").count() == 1
    incoming = received.referrals.get()
    referral.referral_accept(acting_user=inspector, referral=incoming)
    _m, accepted = _last_body(referral.UPDATE)
    assert accepted["type"] == "accepted" and accepted["your_reference"] == case.reference

    # Back on PH: the answer and later progress arrive.
    settings.CORRIDOR_COUNTRY = "PH"
    referral.handle_update(FakePeer("SA"), accepted)
    outgoing = case.referrals.get()
    assert outgoing.status == "accepted" and outgoing.remote_reference == received.reference
    settings.CORRIDOR_COUNTRY = "SA"
    received = services.case_assign(acting_user=inspector, case=services.case_triage(acting_user=inspector, case=received),
                                    officer=inspector)
    _m, status_update = _last_body(referral.UPDATE)
    assert status_update == {**status_update, "type": "status", "status": "assigned", "your_reference": case.reference}
    settings.CORRIDOR_COUNTRY = "PH"
    referral.handle_update(FakePeer("SA"), status_update)
    assert case.events.filter(action="peer_update").exists()
    referral.update_send(acting_user=attache, case=case, message="The worker is now in the shelter.")
    _m, from_ph = _last_body(referral.UPDATE)
    settings.CORRIDOR_COUNTRY = "SA"
    referral.handle_update(FakePeer("PH"), from_ph)
    assert received.notes.filter(body__isnull=False).count() >= 2
    referral.referral_return(acting_user=inspector, referral=incoming, reason="Employer paid; returned to the consulate.")
    received.refresh_from_db()
    assert received.status == "closed"
    _m, returned = _last_body(referral.UPDATE)
    settings.CORRIDOR_COUNTRY = "PH"
    referral.handle_update(FakePeer("SA"), returned)
    outgoing.refresh_from_db()
    assert outgoing.status == "returned"


def test_a_referral_can_be_rejected(file_case, people, make_user, make_org, settings):
    _peer("SA")
    _peer("PH")
    attache = people["attache"]
    case = services.case_triage(acting_user=attache, case=file_case(consent_referral=True).case)
    referral.case_refer(acting_user=attache, case=case, reason="Please look.")
    _m, body = _last_body(referral.REFERRAL)
    settings.CORRIDOR_COUNTRY = "SA"
    inspectorate = make_org(kind="labour_inspectorate", country="SA")
    inspector = verified(make_user(Role.DESTINATION_OFFICER, organisation=inspectorate, username="insp2"))
    referral.handle_referral(FakePeer("PH"), body)
    incoming = Case.objects.get(channel="referral").referrals.get()
    with pytest.raises(Exception):  # noqa: B017 - a reason is required
        referral.referral_reject(acting_user=inspector, referral=incoming, reason="")
    referral.referral_reject(acting_user=inspector, referral=incoming, reason="Not in our jurisdiction.")
    _m, rejected = _last_body(referral.UPDATE)
    settings.CORRIDOR_COUNTRY = "PH"
    referral.handle_update(FakePeer("SA"), rejected)
    assert case.referrals.get().status == "rejected"
    # Now it may be referred again.
    referral.case_refer(acting_user=attache, case=case, reason="Second try.")


def test_an_update_about_an_unknown_case_is_rejected_by_the_handler(orgs):
    from corridor.core.errors import CorridorError

    with pytest.raises(CorridorError):
        referral.handle_update(FakePeer("SA"), {"type": "status", "your_reference": "C-NOPE", "my_reference": "C-X"})


def test_resolving_from_the_page_with_the_officers_choices(client, signed_in, file_case, reg, people):
    from django.urls import reverse

    attache = people["attache"]
    case = file_case(respondents=[{"role": "employer", "organisation": reg["employer"].organisation}]).case
    for step in (services.case_triage, lambda **k: services.case_assign(**k, officer=attache), services.case_start):
        case = step(acting_user=attache, case=case)
    employer = case.respondents.get(role="employer")
    principal = case.respondents.get(role="principal_contractor")
    signed_in(attache)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert f'name="watchlist" value="{employer.pk}"' in page
    response = client.post(reverse("cases:act", args=[case.reference, "resolve"]),
                           {"reason": "Employer at fault; contractor not.", "feed": "1", "upheld": [employer.pk],
                            "watchlist": [employer.pk, principal.pk]})
    assert response.status_code == 302
    records = {r.respondent_id: r for r in RegistryRecord.objects.filter(case=case)}
    assert records[employer.pk].upheld and records[employer.pk].watchlist_entry is not None
    assert not records[principal.pk].upheld and records[principal.pk].watchlist_entry is None
    assert "Added to the registry" in client.get(reverse("cases:detail", args=[case.reference])).content.decode()
