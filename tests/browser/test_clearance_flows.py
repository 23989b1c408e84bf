"""In Chromium: an officer grants a clearance and the worker shows its QR code, which opens with no connection (the
destination officer who finds a substituted contract on two real nodes: tests/test_demo_corridor.py)."""

import importlib
import subprocess

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from playwright.sync_api import expect

from tests.clearance.conftest import (  # noqa: F401 - fixtures
    agency,
    agency_user,
    clearance,
    contract_doc,
    employer,
    fund_officer,
    inspector,
    job_order,
    make_clearance,
    make_contract,
    make_worker,
    officer,
)

pytestmark = [pytest.mark.browser]


@pytest.fixture
def browser_context_args(browser_context_args):
    """A phone-like screen density, so that the QR code's modules come out sharp in screenshots."""
    return {**browser_context_args, "device_scale_factor": 3}


@pytest.fixture
def reference_data(transactional_db):
    """A transactional test empties every table when it ends: put back what the data migrations load."""
    from django.apps import apps

    from corridor.core.audit import GENESIS
    from corridor.core.models import AuditHead

    importlib.import_module("corridor.core.migrations.0002_reference_data").load(apps, None)
    AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "entry_hash": GENESIS})


def session_cookie(page, live_server, user):
    client = Client()
    client.force_login(user)
    if user.needs_two_factor:
        device, _ = StaticDevice.objects.get_or_create(user=user, name="browser", defaults={"confirmed": True})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


@pytest.mark.django_db(transaction=True)
def test_officer_grants_and_the_worker_shows_the_qr_code(reference_data, page, live_server, clearance, officer, tmp_path):  # noqa: F811
    from corridor.accounts import services as accounts

    session_cookie(page, live_server, officer)
    page.goto(f"{live_server.url}/clearances/{clearance.reference}/")
    expect(page.locator('tr[data-check="licence"]')).to_contain_text("Passed")
    expect(page.locator("tr.fail")).to_have_count(0)
    page.get_by_label("Grant").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".status")).to_contain_text("Granted")
    clearance.refresh_from_db()

    worker_user = accounts.worker_link_user(worker=clearance.worker, username="maria", password="a-long-test-password-2026")
    session_cookie(page, live_server, worker_user)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/my/clearance/")
    qr = page.locator(".qr-large svg")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 300  # large on a phone
    shot = tmp_path / "qr.png"
    qr.screenshot(path=str(shot))
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(shot)], capture_output=True, text=True, check=True).stdout.strip()
    assert decoded == clearance.token
    # Once loaded the page needs nothing more from the network: the code is inline SVG, nothing is fetched later.
    page.context.set_offline(True)
    expect(page.locator(".qr-large svg")).to_be_visible()
    page.context.set_offline(False)

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/verify/")
    page.get_by_label("Certificate code").fill(decoded)
    page.get_by_role("button", name="Verify").click()
    expect(page.locator("#verdict")).to_have_text("Valid")


@pytest.mark.django_db(transaction=True)
def test_the_workers_clearance_page_opens_with_no_connection(reference_data, page, live_server, clearance,  # noqa: F811
                                                            officer):  # noqa: F811
    from corridor.accounts import services as accounts
    from corridor.clearance import services
    from corridor.core import crypto

    services.clearance_grant(acting_user=officer, clearance=clearance, reason="")
    worker_user = accounts.worker_link_user(worker=clearance.worker, username="maria", password="a-long-test-password-2026")
    session_cookie(page, live_server, worker_user)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/my/clearance/")
    assert page.locator('link[rel="manifest"]').count() == 1
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the worker's control, which keeps what it fetches
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.evaluate("fetch('/api/v1/clearances/revocations').then(r => r.ok)")
    page.context.set_offline(True)
    page.reload()
    expect(page.locator("h1")).to_have_text("My clearance certificate")
    expect(page.locator(".qr-large svg")).to_be_visible()
    expect(page.locator("#revocations-age")).to_be_visible()
    expect(page.locator("#revocations-age [data-days]")).to_have_text("0")
    keys = page.evaluate("fetch('/.well-known/corridor-node.json').then(r => r.json())")
    assert keys["keys"]
    page.goto(f"{live_server.url}/verify/")
    expect(page.locator("h1")).to_have_text("Verify a clearance certificate")
    expect(page.locator("#offline-list-age [data-days]")).to_have_text("0")
    # The certificate the node issued is checked on this device (the network cannot be reached), and reads as valid.
    clearance.refresh_from_db()
    verdict = page.locator("#offline-verdict")
    page.fill("#id_token", clearance.token)
    page.click("#verify-form button[type=submit]")
    expect(verdict.locator("h2")).to_have_text("Valid")
    expect(verdict).to_contain_text("Checked without a connection")
    expect(verdict.locator("[data-age] [data-days]")).to_have_text("0")
    expect(verdict.locator('[data-f="ref"]')).to_have_text(clearance.reference)
    # The same certificate with another name written into it: the signature no longer matches.
    header, payload, signature = clearance.token.split(".")
    altered = crypto.b64url(crypto.b64url_decode(payload).replace(b"Maria", b"Marta"))
    assert altered != payload
    page.fill("#id_token", f"{header}.{altered}.{signature}")
    page.click("#verify-form button[type=submit]")
    expect(verdict.locator("h2")).to_have_text("Not valid")
    expect(verdict).to_have_class("verdict verdict-invalid")
    page.context.set_offline(False)
    page.fill("#id_token", clearance.token)  # with a connection, the node checks it, as without JavaScript
    page.click("#verify-form button[type=submit]")
    expect(page.locator("section.verdict-valid:not(#offline-verdict) h2")).to_have_text("Valid")
    expect(page.locator("#offline-verdict")).to_be_hidden()
    # Halted at the node: once the device has the new list, the check without a connection says so.
    services.clearance_halt(acting_user=officer, clearance=clearance, reason="Employer watchlisted")
    assert page.evaluate("fetch('/api/v1/clearances/revocations').then(r => r.ok)")
    page.context.set_offline(True)
    page.fill("#id_token", clearance.token)
    page.click("#verify-form button[type=submit]")
    expect(verdict.locator("h2")).to_have_text("Halted")
    page.context.set_offline(False)
