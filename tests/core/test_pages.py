"""Every page: the permission matrix (anonymous, half signed-in staff, wrong role, wrong scope, allowed), every language.

The matrix is a table, one row per (url, method, allowed roles, scope rule); the cases are generated from it
in the manner of NetBox's utilities/testing views.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.test import Client

from corridor.accounts.choices import Role
from corridor.core.languages import SHIPPED
from corridor.core.models import AuditEntry
from tests.catalogues import ensure_compiled
from tests.world import ALL_ROLES, IN_SCOPE, OUT_OF_SCOPE, world  # noqa: F401

R = Role
WORKER_VIEW = frozenset({R.AGENCY_STAFF, R.ORIGIN_OFFICER, R.CONSULAR_ATTACHE, R.CASEWORKER, R.FUND_OFFICER, R.AUDITOR, R.WORKER})
WORKER_CREATE = frozenset({R.AGENCY_STAFF, R.ORIGIN_OFFICER, R.CONSULAR_ATTACHE, R.CASEWORKER})
PUBLIC = None  # allowed roles for a page anyone may open


def _new_worker_form(n: int) -> dict:
    return {"full_name": f"Ana Test {n}", "nationality": "PH", "passport_number": f"PX{n:06d}", "languages": ["en"]}


@dataclass(frozen=True)
class PageRow:
    url: str
    allowed: frozenset | None
    method: str = "get"
    data: object = None  # a dict, or a callable(n) -> dict for POSTs that must not collide
    scoped: bool = False  # the url holds {worker}: a worker the user may or may not see
    allowed_status: int = 200
    sign_in_url: str = "/accounts/sign-in/"
    denied_status: int = 404
    extra: dict = field(default_factory=dict)

    def __str__(self):
        return f"{self.method.upper()} {self.url}"


PAGES = [
    PageRow("/", PUBLIC),
    PageRow("/dashboard/", ALL_ROLES),
    PageRow("/audit/", frozenset({R.AUDITOR})),
    PageRow("/audit/?actor=u-auditor&reads_only=on", frozenset({R.AUDITOR})),
    PageRow("/workers/", WORKER_VIEW),
    PageRow("/workers/?q=worker", WORKER_VIEW),
    PageRow("/workers/new/", WORKER_CREATE),
    PageRow("/workers/new/", WORKER_CREATE, method="post", data=_new_worker_form, allowed_status=302),
    PageRow("/workers/{worker}/", WORKER_VIEW, scoped=True),
    PageRow("/accounts/api-tokens/", ALL_ROLES),
    PageRow("/accounts/api-tokens/", ALL_ROLES, method="post", data={"name": "reporting", "days": 30}),
    PageRow("/admin/", frozenset({R.ADMINISTRATOR}), sign_in_url="/accounts/sign-in/"),
    PageRow("/admin/accounts/user/", frozenset({R.ADMINISTRATOR})),
]


def _cases():
    for row in PAGES:
        yield pytest.param(row, "anonymous", None, id=f"{row}-anonymous")
        yield pytest.param(row, "unverified", None, id=f"{row}-password-only")
        for role in R:
            allowed = row.allowed is None or role in row.allowed
            yield pytest.param(row, "allowed" if allowed else "wrong_role", role, id=f"{row}-{role}")
            if row.scoped and allowed:
                for key in OUT_OF_SCOPE.get(role, []):
                    yield pytest.param(row, f"wrong_scope:{key}", role, id=f"{row}-{role}-not-{key}")


def _request(client: Client, row: PageRow, worker_id: int | None, n: int = 1):
    url = row.url.replace("{worker}", str(worker_id))
    data = row.data(n) if callable(row.data) else row.data
    return getattr(client, row.method)(url, data) if row.method == "post" else client.get(url)


@pytest.mark.once("postgres")  # permissions and pages do not depend on the database; the production one
@pytest.mark.parametrize(("row", "case", "role"), list(_cases()))
def test_page_permission_matrix(world, row, case, role):  # noqa: F811
    if case == "anonymous":
        client, worker = Client(), world.workers["abroad"]
    elif case == "unverified":
        client, worker = world.client(world.unverified, two_factor=False), world.workers["foreign"]
    else:
        client = world.client(role)
        key = case.split(":", 1)[1] if case.startswith("wrong_scope:") else IN_SCOPE.get(role, "abroad")
        worker = world.workers[key]
    response = _request(client, row, worker.pk)

    if case == "anonymous" and row.allowed is not None:
        assert response.status_code == 302
        location = urlsplit(response["Location"])
        assert location.path == row.sign_in_url
        assert "next=" in location.query
    elif case == "unverified":
        # Signed in with a password only: nothing but the two-factor pages until the second step is passed.
        assert response.status_code == 302
        assert response["Location"] == "/accounts/two-factor/"
    elif case in {"wrong_role"} or case.startswith("wrong_scope:"):
        assert response.status_code == row.denied_status
        assert b"Page not found" in response.content
        if row.scoped:
            assert worker.full_name.encode() not in response.content
    else:
        assert response.status_code == row.allowed_status, response.content[:500]


def test_the_two_factor_pages_are_open_to_a_password_only_staff_user(world):  # noqa: F811
    client = world.client(world.unverified, two_factor=False)
    response = client.get("/accounts/two-factor/")
    assert response.status_code == 200
    assert b'id="totp-secret"' in response.content
    assert client.post("/accounts/sign-out/").status_code == 302


def test_the_two_factor_setup_page_sends_a_verified_user_on_and_an_anonymous_one_to_sign_in(world):  # noqa: F811
    assert world.client(R.ORIGIN_OFFICER).get("/accounts/two-factor/")["Location"] == "/dashboard/"
    response = Client().get("/accounts/two-factor/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")
    # The second-step page without a password step first goes back to sign-in.
    assert Client().get("/accounts/two-factor/verify/")["Location"] == "/accounts/sign-in/"


def test_the_admin_sign_in_form_is_not_a_way_around_throttled_sign_in(world):  # noqa: F811
    """/admin/login/ would take a password and code without the sign-in throttle: it sends people to the node's sign-in."""
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/?next=/admin/")
    response = Client().post("/admin/login/", {"username": "u-administrator", "password": "x", "otp_token": "1"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")
    assert world.client(R.AUDITOR).get("/admin/login/").status_code == 404


# --- the worker's record: reads are audited, creation is one entry -----------------------------


def test_a_worker_page_read_is_audited_once_and_a_denied_read_not_at_all(world):  # noqa: F811
    target = world.workers["abroad"]
    before = AuditEntry.objects.filter(action="worker.view").count()
    assert world.client(R.AGENCY_STAFF).get(f"/workers/{target.pk}/").status_code == 200
    assert world.client(R.CASEWORKER).get(f"/workers/{target.pk}/").status_code == 404
    reads = AuditEntry.objects.filter(action="worker.view", object_id=str(target.pk))
    assert reads.count() == before + 1
    entry = reads.get()
    assert entry.is_read and entry.actor_label == "u-agency_staff"


def test_a_caseworker_sees_no_identity_and_leaves_no_read_entry(world):  # noqa: F811
    target = world.workers["ngo"]
    response = world.client(R.CASEWORKER).get(f"/workers/{target.pk}/")
    assert response.status_code == 200
    assert b"PNGO1" not in response.content and b"Passport number" not in response.content
    assert not AuditEntry.objects.filter(action="worker.view", object_id=str(target.pk)).exists()


def test_the_worker_list_shows_only_workers_in_scope(world, django_assert_max_num_queries):  # noqa: F811
    client = world.client(R.AGENCY_STAFF)
    with django_assert_max_num_queries(12):
        response = client.get("/workers/")
    assert b"Worker Abroad" in response.content
    assert b"Worker Other" not in response.content and b"Worker Ngo" not in response.content
    own = world.client(R.WORKER).get("/workers/")
    assert b"Worker Abroad" in own.content and b"Worker Ngo" not in own.content


# --- every language renders every page ---------------------------------------------------------

LANGUAGES = list(SHIPPED)
LANGUAGE_PAGES = [
    (None, "/"), (None, "/accounts/sign-in/"), (R.AUDITOR, "/dashboard/"), (R.AUDITOR, "/audit/"),
    (R.AGENCY_STAFF, "/workers/"), (R.AGENCY_STAFF, "/workers/new/"), (R.AGENCY_STAFF, "/workers/{worker}/"),
    (R.AGENCY_STAFF, "/accounts/api-tokens/"), ("unverified", "/accounts/two-factor/"), (None, "/no-such-page/"),
]


@pytest.fixture(scope="module", autouse=True)
def catalogues():
    ensure_compiled()


@pytest.mark.once("postgres")  # permissions and pages do not depend on the database; the production one
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_renders_in_every_language(world, language):  # noqa: F811
    for who, url in LANGUAGE_PAGES:
        if who is None:
            client = Client()
        elif who == "unverified":
            client = world.client(world.unverified, two_factor=False)
        else:
            client = world.client(who)
        client.cookies["django_language"] = language
        response = client.get(url.replace("{worker}", str(world.workers["abroad"].pk)))
        assert response.status_code == (404 if "no-such" in url else 200), url
        html = response.content.decode()
        assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in html, url
        assert "<main id=\"main\"" in html and "<h1>" in html, url


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_form_switches_language_without_javascript(client, language):
    page = client.get("/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1).decode()
    response = client.post("/i18n/setlang/", {"language": language, "next": "/accounts/sign-in/", "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == "/accounts/sign-in/"
    html = client.get("/accounts/sign-in/").content.decode()
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in html
    assert f'<option value="{language}" lang="{language}" selected>' in html


def test_the_language_switch_refuses_a_next_address_on_another_site(client):
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "https://attacker.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
