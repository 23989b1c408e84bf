"""Registry in a real browser: a worker verifies a recruiter by a misspelled name in Filipino and in Arabic;
an officer suspends an agency and its job orders leave the board."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from playwright.sync_api import expect

from corridor.accounts import services as account_services
from corridor.accounts.choices import Role
from corridor.registry import services
from tests.conftest import verified

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "a-long-test-password-2026"


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogues(django_db_blocker):
    """Without compiled catalogues Django treats Filipino as unavailable (the browser branch has a shared helper)."""
    from pathlib import Path

    from django.conf import settings
    from django.core.management import call_command
    from django.utils.translation import trans_real

    if not all(po.with_suffix(".mo").exists() for path in settings.LOCALE_PATHS for po in Path(path).glob("*/LC_MESSAGES/*.po")):
        call_command("compilemessages", verbosity=0, ignore_patterns=[".venv"])
    trans_real.translation_catalog_exists.cache_clear()
    trans_real.get_languages.cache_clear()
    trans_real._get_supported_language_variant.cache_clear()
    trans_real._translations = {}
    trans_real._default = None


def _agency(officer, name, number):
    org = account_services.organisation_create(acting_user=None, name=name, kind="recruitment_agency", country="PH")
    licence = services.agency_apply(acting_user=None, organisation=org, name=name, address="Manila")
    today = timezone.localdate()
    return services.licence_grant(acting_user=officer, licence=licence, number=number, valid_from=today - timedelta(days=5),
                                  valid_until=today + timedelta(days=400)).agency


def _officer():
    ministry = account_services.organisation_create(acting_user=None, name="Ministry", kind="ministry", country="PH")
    return verified(account_services.user_create(acting_user=None, username="teresa", password=PASSWORD,
                                                 role=Role.ORIGIN_OFFICER, organisation=ministry))


def _switch_language(page, code):
    page.locator("#language-select").select_option(code)
    page.locator("form.lang button[type=submit]").click()


def test_worker_verifies_a_misspelled_recruiter_in_filipino_and_arabic(live_server, page):
    _agency(_officer(), "Bayanihan Manpower Services Inc.", "DMW-777-LB")
    page.goto(f"{live_server.url}/recruiters/")
    _switch_language(page, "fil")
    expect(page.locator("html")).to_have_attribute("lang", "fil")
    page.locator("#id_q").fill("bayanihn manpwer")
    page.locator("form[role=search] button[type=submit]").click()
    expect(page.get_by_role("heading", level=3)).to_have_text("Bayanihan Manpower Services Inc.")
    expect(page.locator(".status-licensed")).to_be_visible()
    _switch_language(page, "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("#id_q").fill("Bayanihan Manpowr Services")
    page.locator("form[role=search] button[type=submit]").click()
    expect(page.get_by_role("heading", level=3)).to_have_text("Bayanihan Manpower Services Inc.")
    page.locator("#id_q").fill("Nobody Such Agency")
    page.locator("form[role=search] button[type=submit]").click()
    expect(page.locator(".status-not_found")).to_be_visible()


def test_officer_suspends_an_agency_and_its_job_orders_leave_the_board(live_server, page):
    import json
    from pathlib import Path

    officer = _officer()
    agency = _agency(officer, "Kalayaan Placement Corp.", "DMW-778-LB")
    inspectorate = account_services.organisation_create(acting_user=None, name="Inspectorate", kind="labour_inspectorate",
                                                        country="SA")
    inspector = verified(account_services.user_create(acting_user=None, username="farah", password=PASSWORD,
                                                      role=Role.DESTINATION_OFFICER, organisation=inspectorate))
    employer = services.employer_register(acting_user=None, name="Gulf Star Contracting", country="SA",
                                          registration_number="2050", address="Jeddah")
    employer = services.employer_verify(acting_user=inspector, employer=employer, note="seen")
    terms = json.loads((Path(__file__).resolve().parents[1] / "rules/cases/base/ph-sa-domestic.json").read_text())
    terms.pop("worker")
    order = services.job_order_create(acting_user=None, employer=employer, agency=agency, occupation="9111",
                                      title="Household service worker", workers_needed=3, worksite="Jeddah",
                                      offered_terms=terms, expires_on=timezone.localdate() + timedelta(days=30))
    services.job_order_approve(acting_user=officer, job_order=order)
    base = live_server.url
    page.goto(f"{base}/jobs/")
    expect(page.get_by_role("link", name="Household service worker")).to_be_visible()

    # Sign the officer in (both factors) by handing the browser a session made by the test client.
    client = Client()
    client.force_login(officer)
    device, _ = StaticDevice.objects.get_or_create(user=officer, name="test", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    page.context.add_cookies([{"name": "sessionid", "value": session.session_key, "url": base}])

    licence = agency.current_licence
    page.goto(f"{base}/registry/agencies/{agency.pk}/")
    page.get_by_role("link", name="Notify a charge").click()
    page.get_by_label("Charge").fill("Charged workers placement fees")
    page.get_by_label("Proposed penalty").select_option("suspend")
    page.get_by_label("The agency must answer by").fill(str(timezone.localdate()))
    page.get_by_role("button", name="Save").click()
    # Back on the agency's page once the charge is stored (a reload during the redirect races it).
    page.wait_for_url(f"{base}/registry/agencies/{agency.pk}/")
    # The time to answer passes without an answer; the officer decides.
    assert licence.proceedings.update(answer_due=timezone.localdate() - timedelta(days=1)) == 1
    page.goto(f"{base}/registry/agencies/{agency.pk}/")
    page.get_by_role("link", name="Decide").click()
    page.get_by_label("Outcome").select_option("sanctioned")
    page.get_by_label("Penalty", exact=True).select_option("suspend")
    page.get_by_label("Decision and reasons").fill("Fees proven by receipts")
    page.get_by_label("Suspended until").fill(str(timezone.localdate() + timedelta(days=60)))
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".status-suspended")).to_be_visible()
    page.goto(f"{base}/jobs/")
    expect(page.get_by_role("link", name="Household service worker")).to_have_count(0)
    page.goto(f"{base}/registry/job-orders/{order.pk}/")
    expect(page.get_by_text("Taken off the job board")).to_be_visible()
