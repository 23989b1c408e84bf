"""Inspection in a real browser on a phone-sized screen: an inspector starts a visit, answers the checklist, loses
the connection for one step (the answer waits on the phone and is sent when the connection is back), completes the
visit and issues an order."""

import re
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import expect

from corridor.accounts import services as accounts
from corridor.accounts.choices import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password-2026"


@pytest.fixture
def browser_context_args(browser_context_args):
    # A phone: 390 x 844 CSS pixels, touch.
    return {**browser_context_args, "locale": "en-GB", "viewport": {"width": 390, "height": 844}, "is_mobile": True,
            "has_touch": True}


@pytest.fixture(autouse=True)
def reference_data(transactional_db, settings):
    from importlib import import_module

    from corridor.core import node
    from corridor.core.audit import GENESIS
    from corridor.core.models import AuditHead, Country

    settings.CORRIDOR_COUNTRY = "SA"
    node.identity.cache_clear()
    if not Country.objects.exists():
        import_module("corridor.core.migrations.0002_reference_data").load(django_apps, None)
    AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "entry_hash": GENESIS})
    yield
    node.identity.cache_clear()


def test_an_inspector_runs_a_visit_on_a_phone_through_a_dropped_connection(live_server, page, context):
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from corridor.inspection import checklists, services
    from corridor.inspection.models import ChecklistAnswer, Order
    from corridor.registry import services as registry

    inspectorate = accounts.organisation_create(acting_user=None, name="Labour Inspectorate", kind="labour_inspectorate",
                                                country="SA")
    farah = accounts.user_create(acting_user=None, username="farah", password=PASSWORD, role=Role.DESTINATION_OFFICER,
                                 organisation=inspectorate)
    device = StaticDevice.objects.create(user=farah, name="backup", confirmed=True)
    StaticToken.objects.create(device=device, token="11223344")
    employer = registry.employer_register(acting_user=None, name="Seaside Hotel Co.", country="SA",
                                          registration_number="7000000001", address="Corniche, Jeddah", screen=False)
    site = services.worksite_register(acting_user=None, employer=employer, name="Seaside Hotel", region="Jeddah",
                                      sector="hospitality", workforce=60)
    visit = services.visit_schedule(acting_user=None, worksite=site, kind="unannounced", inspector=farah)
    items = [item.key for item in checklists.current().for_sector("hospitality")]

    base = live_server.url
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("Username").fill("farah")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill("11223344")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{base}/dashboard/")
    page.goto(f"{base}/inspection/visits/{visit.reference}/")
    page.get_by_role("button", name="Start the visit").click()
    expect(page).to_have_url(f"{base}/inspection/visits/{visit.reference}/checklist/")

    def answer(key, choice="Compliant", note=""):
        form = page.locator(f'form[data-item="{key}"]')
        form.get_by_label(choice, exact=True).check()
        if note:
            form.get_by_label("Note").fill(note)
        form.get_by_role("button", name="Save").click()
        return form.locator(f'[data-status-for="{key}"]')

    expect(answer(items[0])).to_have_text("Saved")
    # The connection drops: the answer stays on the phone.
    context.set_offline(True)
    status = answer(items[1], "Not compliant", note="No weekly day off since June")
    expect(status).to_have_text("Kept on this phone, not sent yet")
    assert not ChecklistAnswer.objects.filter(visit=visit, item=items[1]).exists()
    assert items[1] in page.evaluate(f"localStorage.getItem('corridor.checklist.{visit.reference}')")
    # Back online: the phone sends what it kept.
    context.set_offline(False)
    expect(status).to_have_text("Saved", timeout=10_000)
    saved = ChecklistAnswer.objects.get(visit=visit, item=items[1])
    assert (saved.answer, saved.note) == ("no", "No weekly day off since June")
    assert page.evaluate(f"localStorage.getItem('corridor.checklist.{visit.reference}')") is None
    for key in items[2:]:
        expect(answer(key)).to_have_text("Saved")
    page.get_by_role("button", name="Complete the visit").click()
    expect(page.get_by_text("Completed", exact=True)).to_be_visible()
    page.get_by_label("What the employer must do").fill("Give every worker a weekly day of rest")
    page.get_by_label("Deadline").fill((timezone.localdate() + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Issue the order").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Order "))).to_be_visible()
    order = Order.objects.get(visit=visit)
    expect(page.get_by_role("heading", name=f"Order {order.reference}")).to_be_visible()
    assert order.requirement == "Give every worker a weekly day of rest" and order.status == "open"
