"""Issue 14: a licence number in the registry's format, a validity within bounds, one status on the page."""

from datetime import timedelta

import pytest
from django.urls import reverse

from corridor.registry import errors, services
from corridor.registry.choices import LicenceStatus

pytestmark = pytest.mark.django_db


def today():
    from django.utils import timezone

    return timezone.localdate()


@pytest.mark.parametrize("number", ["Documents complete", "ok", "DMW 123", "DMW--1", "-1"])
def test_free_text_is_not_a_licence_number(make_agency, officer, number):
    licence = make_agency(licensed=False).current_licence
    with pytest.raises(errors.LicenceNumberInvalid) as caught:
        services.licence_grant(acting_user=officer, licence=licence, number=number, valid_from=today(),
                               valid_until=today() + timedelta(days=365))
    assert caught.value.code == "registry.licence_number_invalid"
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.APPLIED and not licence.number


def test_a_node_sets_its_own_licence_number_format(make_agency, officer, settings):
    settings.CORRIDOR_LICENCE_NUMBER_PATTERN = r"DMW-\d{3,4}-[A-Z]{2}"
    licence = make_agency(licensed=False).current_licence
    with pytest.raises(errors.LicenceNumberInvalid):
        services.licence_grant(acting_user=officer, licence=licence, number="QA-1", valid_from=today(),
                               valid_until=today() + timedelta(days=365))
    granted = services.licence_grant(acting_user=officer, licence=licence, number="dmw-0042-lb", valid_from=today(),
                                     valid_until=today() + timedelta(days=365))
    assert granted.number == "DMW-0042-LB"


@pytest.mark.parametrize("days", [1, 29, 3654])
def test_a_validity_out_of_bounds_is_refused(make_agency, officer, days):
    licence = make_agency(licensed=False).current_licence
    with pytest.raises(errors.LicenceValidityOutOfBounds) as caught:
        services.licence_grant(acting_user=officer, licence=licence, number="DMW-777-LB", valid_from=today(),
                               valid_until=today() + timedelta(days=days))
    assert caught.value.code == "registry.licence_validity_out_of_bounds"
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.APPLIED


def test_a_renewal_beyond_the_maximum_is_refused(make_agency, officer):
    licence = make_agency(licensed=True).current_licence
    with pytest.raises(errors.LicenceValidityOutOfBounds):
        services.licence_renew(acting_user=officer, licence=licence, valid_until=today() + timedelta(days=4000),
                               reason="Renewal")


def test_a_licence_not_yet_in_force_shows_one_status_and_history_in_date_order(make_agency, officer, signed_in):
    licence = make_agency(licensed=False).current_licence
    services.licence_grant(acting_user=officer, licence=licence, number="DMW-778-LB",
                           valid_from=today() + timedelta(days=10), valid_until=today() + timedelta(days=400))
    response = signed_in(officer).get(reverse("registry:agency-detail", args=[licence.agency_id]))
    html = response.content.decode()
    assert "Not licensed yet" in html and ">Licensed<" not in html
    assert "may recruit you" not in html and "Do not pay anything" not in html  # a staff page, not the worker's
    dates = [e.effective_date for e in response.context["events"]]
    assert dates == sorted(dates)
