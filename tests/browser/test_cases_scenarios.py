"""Cases in a real browser: an anonymous worker files in Filipino and follows the case by receipt code; an attaché
triages an urgent case and refers it to the destination node."""

from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real
from playwright.sync_api import expect

from corridor.accounts import services as accounts
from corridor.accounts.choices import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password-2026"


@pytest.fixture(scope="module", autouse=True)
def catalogues(tmp_path_factory):
    """Compile the catalogues into a temporary locale directory (without one Django treats Filipino as unavailable).

    A copy, so that the source tree is left alone; a placeholder plural header (as a fresh catalogue has) is
    replaced by Filipino's real rule so that gettext can load it.
    """
    import shutil

    source = Path(settings.LOCALE_PATHS[0])
    target = tmp_path_factory.mktemp("locale") / "locale"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.mo"))
    for po in target.glob("*/LC_MESSAGES/*.po"):
        text = po.read_text(encoding="utf-8")
        po.write_text(text.replace("nplurals=INTEGER; plural=EXPRESSION;", "nplurals=2; plural=(n > 1);"), encoding="utf-8")
    old = settings.LOCALE_PATHS
    settings.LOCALE_PATHS = [target]
    import subprocess

    for po in target.glob("*/LC_MESSAGES/*.po"):
        subprocess.run(["msgfmt", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
    _reset_translations()
    yield
    settings.LOCALE_PATHS = old
    _reset_translations()


def _reset_translations():
    trans_real.translation_catalog_exists.cache_clear()
    trans_real.get_languages.cache_clear()
    trans_real._get_supported_language_variant.cache_clear()
    trans_real._translations = {}
    trans_real._default = None
    translation.deactivate()


@pytest.fixture(autouse=True)
def reference_data(transactional_db, settings):
    """A transactional test empties the tables the migrations filled; put the countries and currencies back."""
    from importlib import import_module

    from corridor.core.models import Country

    settings.CORRIDOR_RECEIPT_SCRYPT_N = 2**10
    settings.CORRIDOR_COUNTRY = "PH"
    if not Country.objects.exists():
        import_module("corridor.core.migrations.0002_reference_data").load(django_apps, None)
    from corridor.core.audit import GENESIS
    from corridor.core.models import AuditHead

    AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "entry_hash": GENESIS})


def _orgs():
    consulate = accounts.organisation_create(acting_user=None, name="MWO Riyadh", kind="consulate", country="PH",
                                             post_country="SA")
    accounts.organisation_create(acting_user=None, name="Desert Build Co.", kind="employer", country="SA")
    return consulate


def test_an_anonymous_worker_files_in_filipino_and_follows_the_case_with_the_receipt_code(live_server, page):
    _orgs()
    base = live_server.url
    page.goto(f"{base}/")
    page.select_option("#language-select", "fil")
    page.locator("form.lang button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "fil")  # the choice is stored before we move on
    page.goto(f"{base}/complaints/new/")
    expect(page.locator("html")).to_have_attribute("lang", "fil")
    page.check("input[name=grievances][value=documents_taken]")
    page.check("input[name=grievances][value=unpaid_wages]")
    page.fill("#id_employer_name", "Desert Build Co.")
    page.select_option("#id_nationality", "PH")
    page.select_option("#id_country_where", "SA")
    page.fill("#id_place", "Riyadh")
    page.fill("#id_narrative", "Kinuha ng amo ko ang aking pasaporte at hindi ako pinapayagang lumabas ng bahay. "
                               "Tatlong buwan na akong walang sahod.")
    page.check("input[name=q_can_leave][value=no]")
    page.check("input[name=q_passport_holder][value=employer]")
    page.locator("main form button[type=submit]").click()
    code = page.locator("#receipt-code").inner_text().strip()
    assert len(code) == 19
    expect(page.locator("#help-now")).to_be_visible()  # urgent: the emergency contacts where the worker is

    page.goto(f"{base}/complaints/follow/")
    page.fill("#id_code", code.lower())
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#case-status")).to_be_visible()
    page.fill("#id_body", "Nasa bahay pa rin po ako. Tulungan po ninyo ako.")
    page.locator("form[action$='/message/'] button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Tulungan po ninyo ako.")
    assert not [c for c in page.context.cookies() if c["name"] == "sessionid"]

    from corridor.cases.models import Case

    case = Case.objects.get()
    assert case.channel == "anonymous" and case.is_urgent and case.language == "fil"
    assert case.findings.filter(indicator="retention_of_documents", source="narrative").exists()


def test_an_attache_triages_an_urgent_case_and_refers_it_to_the_destination_node(live_server, page):
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from corridor.cases import services
    from corridor.cases.models import Case
    from corridor.exchange.models import OutboundMessage, Peer, PeerGrant

    consulate = _orgs()
    attache = accounts.user_create(acting_user=None, username="ramon", password=PASSWORD, role=Role.CONSULAR_ATTACHE,
                                   organisation=consulate)
    device = StaticDevice.objects.create(user=attache, name="backup", confirmed=True)
    StaticToken.objects.create(device=device, token="11223344")
    peer = Peer.objects.create(country_id="SA", url="http://127.0.0.1:9/", name="Corridor Saudi Arabia")
    PeerGrant.objects.create(peer=peer, direction="send", kind="case.referral")
    calm = services.complaint_file(acting_user=None, grievances=["unpaid_wages"], nationality="PH", country_where="SA",
                                   respondents=[{"role": "employer", "name": "Desert Build Co."}],
                                   narrative="Salary late.").case
    urgent = services.complaint_file(acting_user=None, grievances=["confinement", "violence"], nationality="PH",
                                     country_where="SA", respondents=[{"role": "employer", "name": "Desert Build Co."}],
                                     narrative="They lock me in and the madam hits me.", consent_referral=True).case
    base = live_server.url
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("Username").fill("ramon")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill("11223344")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{base}/dashboard/")
    page.goto(f"{base}/cases/")
    rows = page.locator("tbody tr th[scope=row] a")
    expect(rows.first).to_have_text(urgent.reference)  # urgent first, before the older calm case
    expect(rows.nth(1)).to_have_text(calm.reference)
    rows.first.click()
    expect(page.locator("h1")).to_contain_text("Urgent")
    expect(page.locator("#ind")).to_be_visible()
    page.fill("#reason-triage", "Confinement and violence confirmed by phone.")
    page.locator("button[name=do][value=triage]").click()
    expect(page.locator("#case-status")).to_have_text("Triaged")
    page.fill("#refer-reason", "Please inspect the household and rescue the worker.")
    page.locator("#refer-form button[type=submit]").click()
    expect(page.locator(".referral-status").first).to_have_text("Sent, awaiting an answer")
    message = OutboundMessage.objects.get(kind="case.referral")
    assert message.ordering_key == f"case:{urgent.reference}"
    assert Case.objects.get(pk=urgent.pk).referrals.get().peer_country == "SA"
