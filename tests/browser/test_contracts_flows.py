"""In Chromium: a worker checks an offer in Nepali; an officer approves a contract and the worker downloads its PDF."""

import importlib
import subprocess

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from playwright.sync_api import expect

from corridor.accounts.choices import Role
from corridor.contracts import services
from tests.contracts.django_helpers import registration_parties, violating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """A transactional test empties every table when it ends: put back what the data migrations load."""
    from django.apps import apps

    from corridor.core.audit import GENESIS
    from corridor.core.models import AuditHead

    importlib.import_module("corridor.core.migrations.0002_reference_data").load(apps, None)
    AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "entry_hash": GENESIS})


def sign_in_with_two_factors(page, live_server, user):
    """The officer's session as after password and code (the two-factor pages have their own browser tests)."""
    client = Client()
    client.force_login(user)
    device, _ = StaticDevice.objects.get_or_create(user=user, name="browser", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def test_a_worker_checks_an_offer_in_nepali_and_sees_the_violations(page, live_server):
    page.goto(f"{live_server.url}/contracts/check/")
    page.select_option("#language-select", "ne")
    page.locator("form.lang button").click()
    expect(page.locator("html")).to_have_attribute("lang", "ne")
    page.select_option("#id_terms-origin", "NP")
    page.select_option("#id_terms-destination", "QA")
    page.select_option("#id_terms-sector", "domestic_work")
    page.fill("#id_terms-start_date", "2026-12-01")
    page.fill("#id_terms-duration_months", "24")
    page.fill("#id_terms-wage_amount", "700")
    page.fill("#id_terms-wage_currency", "QAR")
    page.select_option("#id_terms-wage_period", "month")
    page.fill("#id_terms-hours_per_day", "12")
    page.fill("#id_terms-hours_per_week", "84")
    page.fill("#id_terms-weekly_rest_hours", "0")
    page.fill("#id_terms-fees_paid", "90000")
    page.fill("#id_terms-fees_currency", "NPR")
    page.select_option("#id_terms-passport_kept_by", "employer")
    page.locator("button[value=terms]").click()
    result = page.locator("#result")
    expect(result).to_be_visible()
    expect(result).to_have_class("verdict verdict-no")
    expect(result.locator("ol.plain")).to_contain_text("राहदानी")  # the passport sentence, in Nepali
    assert 3 <= result.locator("ol.plain > li").count() <= 5


def test_an_officer_approves_and_the_worker_downloads_the_pdf(page, live_server, make_org, make_user, tmp_path):
    parties = registration_parties(make_org, make_user)
    parties["worker_user"].set_password("worker-password-2026")
    parties["worker_user"].save()
    doc = violating()
    doc["wage"]["amount"] = "1600.00"
    doc["documents"]["worker_keeps_identity_documents"] = True
    doc["worker"]["full_name"] = parties["worker"].full_name
    contract = services.contract_submit(acting_user=parties["staff"], worker=parties["worker"], doc=doc,
                                        job_order=parties["job_order"])

    sign_in_with_two_factors(page, live_server, parties["officer"])
    page.goto(f"{live_server.url}/contracts/{contract.pk}/")
    expect(page.locator("h2", has_text="Version 1")).to_be_visible()
    page.locator("button[value=approve]").click()
    expect(page.locator(".message.success")).to_be_visible()
    contract.refresh_from_db()
    assert contract.reference
    expect(page.locator("h1")).to_contain_text(contract.reference)

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/sign-in/?next=/contracts/")
    page.fill("#id_username", parties["worker_user"].username)
    page.fill("#id_password", "worker-password-2026")
    page.locator("main button[type=submit]").click()
    page.locator(f"a:has-text('{contract.reference}')").click()
    with page.expect_download() as download_info:
        page.locator("a[download]").click()
    path = tmp_path / "contract.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("Maria Luisa Santos") >= 2 and text.count("1600.00 SAR") >= 2  # both columns
    assert contract.reference in text
    assert parties["officer"].role == Role.ORIGIN_OFFICER
