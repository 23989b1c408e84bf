"""The admin changes accounts through the account services: the same role and organisation check, an audit entry."""

import pytest
from django.urls import reverse

from corridor.accounts import services
from corridor.accounts.choices import Role
from corridor.accounts.errors import RoleOrganisationMismatch
from corridor.accounts.models import User
from corridor.core.errors import PermissionDenied
from corridor.core.models import AuditEntry
from tests.conftest import verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, signed_in, make_user):
    signed_in(make_user(Role.ADMINISTRATOR))
    return client


def _form(user, **changes) -> dict:
    data = {"username": user.username, "first_name": user.first_name, "last_name": user.last_name, "email": user.email,
            "role": user.role, "organisation": user.organisation_id or "", "preferred_language": user.preferred_language,
            "is_active": "on" if user.is_active else ""}
    data.update(changes)
    return data


def test_the_admin_refuses_a_role_in_an_organisation_of_the_wrong_kind(admin_client, make_user, make_org):
    officer = make_user(Role.ORIGIN_OFFICER)
    agency = make_org(kind="recruitment_agency")
    url = reverse("admin:accounts_user_change", args=[officer.pk])
    response = admin_client.post(url, _form(officer, organisation=agency.pk))  # an officer in an agency
    assert response.status_code == 200 and b"errorlist" in response.content
    officer.refresh_from_db()
    assert officer.organisation_id != agency.pk
    response = admin_client.post(url, _form(officer, role=Role.WORKER))  # a worker in an organisation
    assert response.status_code == 200
    assert User.objects.get(pk=officer.pk).role == Role.ORIGIN_OFFICER


def test_the_admin_changes_a_role_through_the_service(admin_client, make_user, make_org):
    officer = make_user(Role.ORIGIN_OFFICER)
    agency = make_org(kind="recruitment_agency")
    url = reverse("admin:accounts_user_change", args=[officer.pk])
    response = admin_client.post(url, _form(officer, role=Role.AGENCY_STAFF, organisation=agency.pk))
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.role == Role.AGENCY_STAFF and officer.organisation_id == agency.pk and not officer.is_staff
    entry = AuditEntry.objects.filter(action="user.update", object_id=str(officer.pk)).get()
    assert entry.from_state == Role.ORIGIN_OFFICER and entry.to_state == Role.AGENCY_STAFF


def test_the_admin_adds_an_account_through_the_service(admin_client, make_org):
    agency = make_org(kind="recruitment_agency")
    data = {"username": "new-staff", "first_name": "", "last_name": "", "email": "", "role": Role.AGENCY_STAFF,
            "organisation": agency.pk, "preferred_language": "", "is_active": "on"}
    assert admin_client.post(reverse("admin:accounts_user_add"), data).status_code == 302
    user = User.objects.get(username="new-staff")
    assert user.organisation_id == agency.pk and not user.has_usable_password()
    assert AuditEntry.objects.filter(action="user.create", object_id=str(user.pk)).exists()


def test_user_update_checks_permission_and_fields(make_user, make_org):
    officer = make_user(Role.ORIGIN_OFFICER)
    with pytest.raises(PermissionDenied):
        services.user_update(acting_user=verified(make_user(Role.ORIGIN_OFFICER)), user=officer, role=Role.AUDITOR)
    admin = verified(make_user(Role.ADMINISTRATOR))
    with pytest.raises(RoleOrganisationMismatch):
        services.user_update(acting_user=admin, user=officer, organisation=make_org(kind="recruitment_agency"))
    officer.refresh_from_db()
    assert officer.role == Role.ORIGIN_OFFICER
