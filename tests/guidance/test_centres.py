"""Resource centres and referrals: consent, the subject seen by the referrer, the lifecycle, and a centre's account
that sees its own referrals and nothing else."""

import pytest
from django.urls import reverse

from corridor.accounts.choices import Role
from corridor.cases import selectors as cases_selectors
from corridor.core.errors import InvalidInput, NotFound, PermissionDenied
from corridor.guidance import errors, selectors, services
from corridor.guidance.models import Referral
from tests.factories.accounts import OrganisationFactory, UserFactory, signed_in_client, verified
from tests.factories.cases import ComplaintFactory

pytestmark = pytest.mark.django_db


def _centre(name="Centre", *, accepts=True, staffed=True):
    organisation = OrganisationFactory(kind="resource_centre", country="SA", name=f"{name} org") if staffed else None
    centre = services.resource_centre_register(
        acting_user=None, name=name, kind="resource_centre", country="SA", city="Riyadh", serves="Migrant workers",
        hours="9-17", phone="+966 0", organisation=organisation, accepts_referrals=accepts)
    staff = UserFactory(role=Role.RESOURCE_CENTRE_STAFF, organisation=organisation) if staffed else None
    return centre, staff


@pytest.fixture
def scene():
    consulate = OrganisationFactory(kind="consulate", name="Migrant Workers Office Riyadh", country="PH", post_country="SA")
    referrer = verified(UserFactory(role=Role.CONSULAR_ATTACHE, organisation=consulate))
    employer = OrganisationFactory(kind="employer", name="Desert Build Co.", country="SA")
    agency = OrganisationFactory(kind="recruitment_agency", name="Manila Manpower Inc.", country="PH")
    filed = ComplaintFactory(respondents=[{"role": "employer", "name": "", "organisation": employer},
                                          {"role": "agency", "name": "", "organisation": agency}])
    case = filed.case
    assert cases_selectors.case_scope(referrer).filter(pk=case.pk).exists()  # the attaché's post: the case's country
    centre, staff = _centre("Centre A")
    other, other_staff = _centre("Centre B")
    return {"case": case, "referrer": referrer, "centre": centre, "staff": verified(staff), "other": other,
            "other_staff": verified(other_staff)}


def _refer(s, centre=None, **kw):
    args = {"acting_user": s["referrer"], "centre": centre or s["centre"], "subject_kind": "case",
            "subject_reference": s["case"].reference, "need": "Legal advice", "worker_consents": True} | kw
    return services.referral_propose(**args)


def test_referral_lifecycle_proposed_accepted_closed(scene):
    referral = _refer(scene)
    assert referral.status == "proposed" and referral.consent_given_at is not None
    referral = services.referral_accept(acting_user=scene["staff"], referral=referral)
    assert referral.status == "accepted"
    with pytest.raises(InvalidInput):
        services.referral_close(acting_user=scene["staff"], referral=referral, outcome="maybe")
    referral = services.referral_close(acting_user=scene["staff"], referral=referral, outcome="helped", note="Claim filed")
    assert (referral.status, referral.outcome) == ("closed", "helped")
    assert [e.action for e in referral.events.order_by("pk")] == ["propose", "accept", "close"]
    with pytest.raises(errors.ReferralTransitionNotAllowed) as refused:
        services.referral_accept(acting_user=scene["staff"], referral=referral)
    assert refused.value.code == "guidance.referral_transition_not_allowed"


def test_no_referral_without_consent_or_a_subject_the_referrer_sees(scene):
    with pytest.raises(errors.ConsentRequired) as no_consent:
        _refer(scene, worker_consents=False)
    assert no_consent.value.code == "guidance.consent_required"
    with pytest.raises(errors.ReferralSubjectUnknown) as unknown:
        _refer(scene, subject_reference="CASE-NOPE")
    assert unknown.value.code == "guidance.referral_subject_unknown"
    shelter, _staff = _centre("Shelter", accepts=False, staffed=False)
    with pytest.raises(errors.CentreNotAccepting) as closed:
        _refer(scene, centre=shelter)
    assert closed.value.code == "guidance.centre_not_accepting"
    with pytest.raises(PermissionDenied):
        _refer(scene, acting_user=scene["staff"])  # a centre refers no one
    assert Referral.objects.count() == 0


def test_centre_staff_see_only_their_own_referrals(scene):
    mine, theirs = _refer(scene), _refer(scene, centre=scene["other"])
    assert list(selectors.referral_list(user=scene["staff"])) == [mine]
    with pytest.raises(NotFound):
        selectors.referral_get(user=scene["staff"], reference=theirs.reference)
    with pytest.raises(NotFound):  # another centre cannot act on it either
        services.referral_accept(acting_user=scene["other_staff"], referral=mine)
    with pytest.raises(PermissionDenied):  # the referrer does not answer for the centre
        services.referral_accept(acting_user=scene["referrer"], referral=mine)
    assert set(selectors.referral_list(user=scene["referrer"])) == {mine, theirs}
    # the centre's account sees no case, no worker, no inspection: its pages answer "not found"
    client = signed_in_client(scene["staff"])
    page = client.get(reverse("guidance:referrals")).content.decode()
    assert mine.reference in page and theirs.reference not in page
    for name in ("cases:queue", "accounts:worker-list", "clearance:list"):
        assert client.get(reverse(name)).status_code == 404
    assert client.get(reverse("guidance:referral", args=[theirs.reference])).status_code == 404
    assert not cases_selectors.case_scope(scene["staff"]).exists()


def test_referral_pages_propose_accept_close(scene):
    officer = signed_in_client(scene["referrer"])
    response = officer.post(reverse("guidance:referral-new"), {
        "centre": scene["centre"].pk, "subject_kind": "case", "subject_reference": scene["case"].reference,
        "need": "A shelter", "contact": "", "worker_consents": ""})
    assert response.status_code == 422 and "consent" in response.content.decode()
    response = officer.post(reverse("guidance:referral-new"), {
        "centre": scene["centre"].pk, "subject_kind": "case", "subject_reference": scene["case"].reference,
        "need": "A shelter", "contact": "", "worker_consents": "on"})
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("guidance:referral", args=[referral.reference])
    centre = signed_in_client(scene["staff"])
    assert "Accept the referral" in centre.get(response["Location"]).content.decode()
    centre.post(reverse("guidance:referral-act", args=[referral.reference]), {"action": "accept"})
    centre.post(reverse("guidance:referral-act", args=[referral.reference]), {"action": "close", "outcome": "helped"})
    referral.refresh_from_db()
    assert (referral.status, referral.outcome) == ("closed", "helped")


def test_public_directory_lists_centres_with_how_to_reach_them(client):
    _centre("Open Door Centre")
    page = client.get(reverse("guidance:centres")).content.decode()
    assert "Open Door Centre" in page and "+966 0" in page and "9-17" in page
    assert "Open Door Centre" not in client.get(reverse("guidance:centres"), {"kind": "shelter"}).content.decode()


def test_register_needs_a_way_to_reach_the_centre():
    with pytest.raises(InvalidInput) as refused:
        services.resource_centre_register(acting_user=None, name="X", kind="shelter", country="SA", city="Riyadh",
                                          serves="All", hours="24h")
    assert "phone" in refused.value.fields
