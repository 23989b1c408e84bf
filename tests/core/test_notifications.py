"""The one notification service: stored as a message id, rendered in the reader's language, read only by its
recipients, marked read only through the service."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from corridor.accounts.choices import Role
from corridor.core import notifications
from corridor.core.models import Notification
from tests.conftest import verified

pytestmark = pytest.mark.django_db

MESSAGE = gettext_noop("Clearance %(ref)s is granted; depart by %(day)s.")


@pytest.fixture
def agency_pair(make_org, make_user):
    agency = make_org(kind="recruitment_agency", name="Agency A")
    other = make_org(kind="recruitment_agency", name="Agency B")
    return {
        "staff": verified(make_user(Role.AGENCY_STAFF, organisation=agency)),
        "other_staff": verified(make_user(Role.AGENCY_STAFF, organisation=other)),
        "officer": verified(make_user(Role.ORIGIN_OFFICER)),
        "agency": agency,
    }


def send_to_agency(agency):
    return notifications.notification_send(kind="clearance.granted", message=MESSAGE,
                                           params={"ref": "CL-1", "day": "2026-12-24"}, link="/clearances/CL-1/",
                                           about="clearance:CL-1", organisation=agency, role=Role.AGENCY_STAFF)


def test_rendered_when_read_in_the_readers_language(agency_pair):
    with translation.override("es"):  # the triggering user's language does not matter
        send_to_agency(agency_pair["agency"])
    note = notifications.notification_list(user=agency_pair["staff"]).get()
    assert note.message == MESSAGE and note.params == {"ref": "CL-1", "day": "2026-12-24"}
    with translation.override("en"):
        assert note.text == "Clearance CL-1 is granted; depart by 2026-12-24."
    with translation.override("es"):
        assert note.text.startswith("La autorización de salida CL-1")


def test_a_legacy_text_is_shown_as_it_was_stored(agency_pair):
    note = Notification.objects.create(organisation=agency_pair["agency"], kind="clearance.halted", message="%(text)s",
                                       params={"text": "Texto antiguo"})
    assert note.text == "Texto antiguo"


def test_only_recipients_see_and_mark_read(agency_pair):
    send_to_agency(agency_pair["agency"])
    notifications.notification_send(kind="case.assigned", message=gettext_noop("Case %(ref)s assigned to you"),
                                    params={"ref": "C-1"}, users=[agency_pair["officer"]])
    assert notifications.notification_unread_count(user=agency_pair["staff"]) == 1
    assert notifications.notification_unread_count(user=agency_pair["other_staff"]) == 0
    assert notifications.notification_unread_count(user=agency_pair["officer"]) == 1
    others = list(Notification.objects.values_list("pk", flat=True))
    # Another organisation's staff cannot mark them read, even naming their ids.
    assert notifications.notification_mark_read(acting_user=agency_pair["other_staff"], notification_ids=others) == 0
    assert notifications.notification_mark_read(acting_user=agency_pair["staff"]) == 1
    assert notifications.notification_unread_count(user=agency_pair["staff"]) == 0
    assert notifications.notification_unread_count(user=agency_pair["officer"]) == 1


def test_notifications_page_permissions(client, signed_in, agency_pair):
    send_to_agency(agency_pair["agency"])
    url = reverse("core:notifications")
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]  # anonymous
    signed_in(agency_pair["other_staff"])  # wrong scope: sees nothing of it
    assert b"CL-1" not in client.get(url).content
    client.post(url)
    assert Notification.objects.get().read_at is None
    client.logout()
    signed_in(agency_pair["staff"])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and b"Clearance CL-1 is granted" in response.content
    assert client.post(url).status_code == 302
    assert Notification.objects.get().read_at is not None


def test_the_dashboard_counts_unread(client, signed_in, agency_pair):
    send_to_agency(agency_pair["agency"])
    signed_in(agency_pair["staff"])
    assert b"Notifications (1 new)" in client.get(reverse("core:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content
