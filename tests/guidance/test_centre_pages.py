"""The officer's pages that keep the directory of resource centres, the "Refer to a resource centre" block on the case
and visit pages, and the notices a referral sends (to the centre when made, to the referrer when answered)."""

import pytest
from django.urls import reverse

from corridor.accounts.choices import Role
from corridor.core import notifications
from corridor.core.errors import InvalidInput, PermissionDenied
from corridor.core.models import AuditEntry, Language
from corridor.guidance import services
from corridor.guidance.models import Referral, ResourceCentre
from tests.factories.accounts import OrganisationFactory, UserFactory, signed_in_client, verified
from tests.factories.cases import ComplaintFactory
from tests.factories.inspection import VisitFactory, inspector

pytestmark = pytest.mark.django_db

CENTRE = {"name": "Open Door Centre", "kind": "resource_centre", "city": "Riyadh", "serves": "Every migrant worker",
          "hours": "Sunday to Thursday 9:00-17:00", "phone": "+966 11 000 0000", "email": "", "address": "",
          "accepts_referrals": "on", "is_active": "on"}


@pytest.fixture
def officer():
    return verified(UserFactory(role=Role.DESTINATION_OFFICER,
                                organisation=OrganisationFactory(kind="labour_inspectorate", country="SA", name="Inspectorate")))


@pytest.mark.once("postgres")  # a page flow: permissions and pages do not depend on the database
def test_officer_adds_then_edits_a_centre_and_opens_its_staff_account(officer, settings):
    settings.CORRIDOR_COUNTRY = "SA"
    client = signed_in_client(officer)
    assert client.get(reverse("guidance:centre-new")).status_code == 200
    refused = client.post(reverse("guidance:centre-new"), CENTRE | {"phone": ""})
    assert refused.status_code == 422 and "at least one way to reach" in refused.content.decode()
    assert not ResourceCentre.objects.exists()
    Language.objects.get_or_create(code="ne", defaults={"alpha3": "nep", "name": "Nepali"})
    saved = client.post(reverse("guidance:centre-new"), CENTRE | {"languages": ["ne"], "open_account": "on"})
    assert saved.status_code == 302 and saved["Location"] == reverse("guidance:centres-manage")
    centre = ResourceCentre.objects.get()
    assert (centre.name, centre.country_id, [lang.code for lang in centre.languages.all()]) == (
        "Open Door Centre", "SA", ["ne"])
    assert centre.organisation is not None and centre.organisation.kind == "resource_centre"
    page = client.get(reverse("guidance:centre-edit", args=[centre.pk]))
    assert page.status_code == 200 and "Sunday to Thursday" in page.content.decode()
    edited = client.post(reverse("guidance:centre-edit", args=[centre.pk]),
                         CENTRE | {"hours": "24 hours", "accepts_referrals": "", "organisation": centre.organisation_id})
    assert edited.status_code == 302
    centre.refresh_from_db()
    assert (centre.hours, centre.accepts_referrals, centre.is_active) == ("24 hours", False, True)
    entry = AuditEntry.objects.filter(action="resource_centre.update").order_by("-seq").first()
    assert entry.actor_id == officer.pk and entry.detail["changed"]["hours"] == ["Sunday to Thursday 9:00-17:00", "24 hours"]
    assert AuditEntry.objects.filter(action="resource_centre.register", actor=officer).exists()
    assert "Open Door Centre" in client.get(reverse("guidance:centres-manage")).content.decode()


def test_update_is_for_the_directory_keeper_and_a_refused_one_changes_nothing(officer):
    centre = services.resource_centre_register(acting_user=None, name="Clinic", kind="legal_aid", country="SA",
                                               city="Riyadh", serves="Workers with claims", hours="10-16", phone="+966 1")
    caseworker = UserFactory(role=Role.CASEWORKER, organisation=OrganisationFactory(kind="ngo", country="SA"))
    with pytest.raises(PermissionDenied):
        services.resource_centre_update(acting_user=caseworker, centre=centre, hours="never")
    with pytest.raises(InvalidInput) as no_contact:
        services.resource_centre_update(acting_user=officer, centre=centre, phone="", hours="9-5")
    assert set(no_contact.value.fields) == {"phone"}
    employer = OrganisationFactory(kind="employer", country="SA")
    with pytest.raises(InvalidInput) as wrong_kind:
        services.resource_centre_update(acting_user=officer, centre=centre, organisation=employer)
    assert "organisation" in wrong_kind.value.fields
    with pytest.raises(InvalidInput):
        services.resource_centre_update(acting_user=officer, centre=centre, country="PH")  # not a directory field
    centre.refresh_from_db()
    assert (centre.hours, centre.phone, centre.organisation_id) == ("10-16", "+966 1", None)
    assert not AuditEntry.objects.filter(action="resource_centre.update").exists()


def test_centre_pages_are_for_the_directory_keeper_only(officer, client):
    centre = services.resource_centre_register(acting_user=None, name="Clinic", kind="legal_aid", country="SA",
                                               city="Riyadh", serves="Workers", hours="10-16", phone="+966 1")
    urls = [reverse("guidance:centres-manage"), reverse("guidance:centre-new"), reverse("guidance:centre-edit", args=[centre.pk])]
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous: to sign-in
    organisation = OrganisationFactory(kind="resource_centre", country="SA")
    services.resource_centre_update(acting_user=officer, centre=centre, organisation=organisation)
    staff = signed_in_client(verified(UserFactory(role=Role.RESOURCE_CENTRE_STAFF, organisation=organisation)))
    for url in urls:  # the centre's own staff may not rewrite the directory either
        assert staff.get(url).status_code == 404
    assert staff.post(urls[2], CENTRE).status_code == 404
    centre.refresh_from_db()
    assert centre.name == "Clinic"
    assert signed_in_client(officer).get(reverse("guidance:centre-edit", args=[centre.pk + 999])).status_code == 404


def test_refer_from_the_case_and_visit_pages_tells_the_centre_then_the_referrer(officer):
    organisation = OrganisationFactory(kind="resource_centre", country="SA", name="Open Door org")
    centre = services.resource_centre_register(acting_user=None, name="Open Door Centre", kind="resource_centre",
                                               country="SA", city="Riyadh", serves="All", hours="9-17", phone="+966 0",
                                               organisation=organisation)
    staff = verified(UserFactory(role=Role.RESOURCE_CENTRE_STAFF, organisation=organisation))
    consulate = OrganisationFactory(kind="consulate", name="MWO Riyadh", country="PH", post_country="SA")
    attache = verified(UserFactory(role=Role.CONSULAR_ATTACHE, organisation=consulate))
    employer = OrganisationFactory(kind="employer", name="Desert Build Co.", country="SA")
    case = ComplaintFactory(respondents=[{"role": "employer", "name": "", "organisation": employer}]).case
    client = signed_in_client(attache)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Refer to a resource centre" in page and 'name="worker_consents"' in page and "Open Door Centre" in page
    form = {"centre": centre.pk, "subject_kind": "case", "subject_reference": case.reference, "need": "Legal advice",
            "contact": "", "worker_consents": ""}
    assert client.post(reverse("guidance:referral-new"), form).status_code == 422  # no consent: nothing is sent
    assert not Referral.objects.exists() and not notifications.notification_list(user=staff).exists()
    assert client.post(reverse("guidance:referral-new"), form | {"worker_consents": "on"}).status_code == 302
    referral = Referral.objects.get()
    assert (referral.subject_kind, referral.subject_reference, referral.referred_by) == ("case", case.reference, attache)
    told = notifications.notification_list(user=staff).get()
    assert told.kind == "referral.proposed" and referral.reference in told.text
    assert referral.reference in client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    services.referral_accept(acting_user=staff, referral=referral)
    services.referral_close(acting_user=staff, referral=referral, outcome="helped")
    heard = notifications.notification_list(user=attache).order_by("pk")
    assert [n.kind for n in heard] == ["referral.accepted", "referral.closed"]
    assert "Open Door Centre" in heard[0].text and not notifications.notification_list(user=officer).exists()

    visit = VisitFactory(acting_user=inspector(officer.organisation))
    visit_page = signed_in_client(officer).get(reverse("inspection:visit", args=[visit.reference])).content.decode()
    assert "Refer to a resource centre" in visit_page and f'value="{visit.reference}"' in visit_page
    services.referral_propose(acting_user=officer, centre=centre, subject_kind="inspection",
                              subject_reference=visit.reference, need="A shelter", worker_consents=True)
    assert notifications.notification_list(user=staff).count() == 2
    # the centre's staff follow their referrals, and do not see the case or visit pages the block sits on
    staff_client = signed_in_client(staff)
    assert staff_client.get(reverse("cases:detail", args=[case.reference])).status_code == 404
    assert staff_client.get(reverse("inspection:visit", args=[visit.reference])).status_code == 404
    assert referral.reference in staff_client.get(reverse("guidance:referrals")).content.decode()
