"""Every /api/v1/ endpoint: the permission matrix with a two-factor session, a password-only session and a bearer
token; audit of API writes; and the answers to bad input (JSON errors, never an HTML page or a stack trace)."""

import json
from dataclasses import dataclass

import pytest
from django.test import Client, override_settings

from corridor.accounts.choices import Role
from corridor.accounts.models import ApiToken, Worker
from corridor.core.models import AuditEntry
from tests.world import ALL_ROLES, IN_SCOPE, OUT_OF_SCOPE, reference_data, world  # noqa: F401

R = Role
API = "/api/v1"
WORKER_VIEW = frozenset({R.AGENCY_STAFF, R.ORIGIN_OFFICER, R.CONSULAR_ATTACHE, R.CASEWORKER, R.FUND_OFFICER, R.AUDITOR, R.WORKER})
WORKER_CREATE = frozenset({R.AGENCY_STAFF, R.ORIGIN_OFFICER, R.CONSULAR_ATTACHE, R.CASEWORKER})


@dataclass(frozen=True)
class EndpointRow:
    path: str
    allowed: frozenset | None  # None: public
    method: str = "get"
    body: dict | None = None
    scoped: bool = False
    allowed_status: int = 200
    denied_status: int = 403  # wrong role; wrong scope is always 404

    def __str__(self):
        return f"{self.method.upper()} {self.path}"


ENDPOINTS = [
    EndpointRow("/node", None),
    EndpointRow("/reference/countries", None),
    EndpointRow("/reference/currencies", None),
    EndpointRow("/reference/languages", None),
    EndpointRow("/reference/occupations?level=1", None),
    EndpointRow("/me", ALL_ROLES),
    EndpointRow("/workers", WORKER_VIEW),
    EndpointRow("/workers?q=worker&nationality=PH", WORKER_VIEW),
    EndpointRow("/workers/{worker}", WORKER_VIEW, scoped=True, denied_status=404),
    EndpointRow("/workers", WORKER_CREATE, method="post", allowed_status=201,
                body={"full_name": "Ana Api", "nationality": "PH", "passport_number": "PAPI001", "languages": ["en"]}),
    EndpointRow("/tokens", ALL_ROLES, method="post", body={"name": "reporting", "days": 30}, allowed_status=201),
    EndpointRow("/audit", frozenset({R.AUDITOR})),
    EndpointRow("/audit?reads_only=true&since=2020-01-01", frozenset({R.AUDITOR})),
]


def _cases():
    for row in ENDPOINTS:
        yield pytest.param(row, "anonymous", None, None, id=f"{row}-anonymous")
        yield pytest.param(row, "bad_token", None, None, id=f"{row}-unknown-token")
        yield pytest.param(row, "unverified", None, "session", id=f"{row}-password-only-session")
        for auth in ("session", "token"):
            for role in R:
                allowed = row.allowed is None or role in row.allowed
                yield pytest.param(row, "allowed" if allowed else "wrong_role", role, auth, id=f"{row}-{role}-{auth}")
                if row.scoped and allowed:
                    for key in OUT_OF_SCOPE.get(role, []):
                        yield pytest.param(row, f"wrong_scope:{key}", role, auth, id=f"{row}-{role}-{auth}-not-{key}")


def _call(client: Client, row: EndpointRow, worker_id: int, headers=None):
    url = API + row.path.replace("{worker}", str(worker_id))
    if row.method == "post":
        return client.post(url, json.dumps(row.body), content_type="application/json", headers=headers or {})
    return client.get(url, headers=headers or {})


@pytest.mark.once("postgres")  # permissions and pages do not depend on the database; the production one
@pytest.mark.parametrize(("row", "case", "role", "auth"), list(_cases()))
def test_api_permission_matrix(world, row, case, role, auth):  # noqa: F811
    headers = {}
    worker = world.workers["abroad"]
    if case in {"anonymous", "bad_token"}:
        client = Client()
        if case == "bad_token":
            headers["Authorization"] = "Bearer crd_not-a-token"
    elif case == "unverified":
        client = world.client(world.unverified, two_factor=False)
    else:
        key = case.split(":", 1)[1] if case.startswith("wrong_scope:") else IN_SCOPE.get(role, "abroad")
        worker = world.workers[key]
        if auth == "session":
            client = world.client(role)
        else:
            client = Client()
            headers["Authorization"] = f"Bearer {world.token(role)}"
    response = _call(client, row, worker.pk, headers)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()

    if row.allowed is None:
        assert response.status_code == 200, body
    elif case in {"anonymous", "bad_token", "unverified"}:
        assert response.status_code == 401, body
        assert body["error"]["code"] == "core.not_authenticated"
    elif case == "wrong_role":
        assert response.status_code == row.denied_status, body
        assert body["error"]["code"] == ("core.not_found" if row.denied_status == 404 else "core.permission_denied")
    elif case.startswith("wrong_scope:"):
        assert response.status_code == 404, body
        assert body == {"error": {"code": "core.not_found", "message": "Not found."}}
    else:
        assert response.status_code == row.allowed_status, body
        if row.path == "/workers" and row.method == "get":
            names = {w["full_name"] for w in body["results"]}
            assert names == {w.full_name for w in Worker.objects.all() if _in_scope(world, role, w)}


def _in_scope(world, role, worker) -> bool:  # noqa: F811
    from corridor.accounts.selectors import worker_scope

    user = world.users[role]
    user.is_verified = lambda: True
    return worker_scope(user).filter(pk=worker.pk).exists()


def test_identity_fields_only_for_roles_that_may_see_them(world):  # noqa: F811
    target = world.workers["ngo"]
    caseworker = world.client(R.CASEWORKER).get(f"{API}/workers/{target.pk}").json()
    assert caseworker["passport_number"] is None and caseworker["full_name"] == "Worker Ngo"
    officer = world.client(R.ORIGIN_OFFICER).get(f"{API}/workers/{target.pk}").json()
    assert officer["passport_number"] == "PNGO1"


def test_session_writes_need_the_csrf_token(world):  # noqa: F811
    client = world.client(R.ORIGIN_OFFICER, enforce_csrf_checks=True)
    response = client.post(f"{API}/tokens", json.dumps({"name": "x"}), content_type="application/json")
    assert response.status_code in {401, 403}
    assert "error" in response.json()
    assert not ApiToken.objects.exists()


def test_a_revoked_or_expired_token_is_refused(world):  # noqa: F811
    from django.utils import timezone

    plaintext = world.token(R.ORIGIN_OFFICER)
    auth = {"Authorization": f"Bearer {plaintext}"}
    assert Client().get(f"{API}/me", headers=auth).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now())
    assert Client().get(f"{API}/me", headers=auth).status_code == 401
    ApiToken.objects.update(expires_at=timezone.now() + timezone.timedelta(days=1), revoked_at=timezone.now())
    assert Client().get(f"{API}/me", headers=auth).status_code == 401


# --- audit of API writes and reads ---------------------------------------------------------------


def test_worker_creation_through_the_api_leaves_exactly_one_entry(world):  # noqa: F811
    before = AuditEntry.objects.count()
    response = world.client(R.AGENCY_STAFF).post(
        f"{API}/workers", json.dumps({"full_name": "Rosa Api", "nationality": "PH"}), content_type="application/json"
    )
    assert response.status_code == 201
    created = AuditEntry.objects.filter(seq__gt=before)
    assert [(e.action, e.object_id, e.to_state, e.actor_label) for e in created] == [
        ("worker.create", str(response.json()["id"]), "recorded", "u-agency_staff")
    ]


@pytest.mark.django_db(transaction=True)
def test_a_failing_write_leaves_neither_the_worker_nor_an_entry(monkeypatch, reference_data):  # noqa: F811
    """The audit entry is written in the worker's transaction: when the write fails after it, both are gone."""
    from tests.world import build_world

    w = build_world()
    before_workers, before_entries = Worker.objects.count(), AuditEntry.objects.count()

    import corridor.accounts.services as services

    original = services.audit.record

    def record_then_fail(**kwargs):
        original(**kwargs)
        raise RuntimeError("crash after the audit entry")

    monkeypatch.setattr(services.audit, "record", record_then_fail)
    response = w.client(R.AGENCY_STAFF).post(
        f"{API}/workers", json.dumps({"full_name": "Half Saved", "nationality": "PH"}), content_type="application/json"
    )
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "core.server_error"
    assert "Traceback" not in response.content.decode()
    assert Worker.objects.count() == before_workers
    assert AuditEntry.objects.count() == before_entries


def test_a_refused_write_leaves_no_entry(world):  # noqa: F811
    before = AuditEntry.objects.count()
    client = world.client(R.AGENCY_STAFF)
    response = client.post(f"{API}/workers", json.dumps({"full_name": "X", "nationality": "ZZ", "languages": ["qq"]}),
                           content_type="application/json")
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"nationality", "languages"}
    assert AuditEntry.objects.count() == before


def test_a_duplicate_passport_is_a_field_error(world):  # noqa: F811
    client = world.client(R.AGENCY_STAFF)
    body = json.dumps({"full_name": "Twin", "nationality": "PH", "passport_number": "pabroad1"})
    response = client.post(f"{API}/workers", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "accounts.duplicate_passport"
    assert "passport_number" in response.json()["error"]["fields"]


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_unknown_api_address_is_a_json_404(client):
    response = client.get(f"{API}/no-such-thing")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "core.not_found"
    response = client.get("/api/v2/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "core.not_found"


@pytest.mark.django_db
def test_a_wrong_method_is_405_with_allow(client):
    response = client.delete(f"{API}/node")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "core.method_not_allowed"
    assert "GET" in response["Allow"]
    page = client.put("/")
    assert page.status_code == 405 and "GET" in page["Allow"]


@pytest.mark.django_db
@override_settings(CORRIDOR_MAX_BODY_BYTES=1000)
def test_a_body_over_the_limit_is_413_before_anything_reads_it(client):
    response = client.post(f"{API}/workers", "x" * 1001, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"  # the middleware's own spelling (see the report)
    page = client.post("/accounts/sign-in/", {"username": "a" * 1200})
    assert page.status_code == 413


@pytest.mark.parametrize("body", ["{", "[1, 2", "null", "\"text\"", "\xff\xfe", "{\"full_name\": }"])
def test_a_malformed_json_body_is_a_json_client_error(world, body):  # noqa: F811
    client = world.client(R.AGENCY_STAFF)
    response = client.post(f"{API}/workers", body.encode("latin-1"), content_type="application/json")
    assert response.status_code in {400, 422}
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] in {"core.bad_request", "core.invalid_input"}


def test_wrong_types_are_answered_field_by_field(world):  # noqa: F811
    client = world.client(R.AGENCY_STAFF)
    body = {"full_name": "", "nationality": "ph", "date_of_birth": "yesterday", "sex": "Q", "languages": "en"}
    response = client.post(f"{API}/workers", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) >= {"full_name", "nationality", "date_of_birth", "sex", "languages"}
    assert not Worker.objects.filter(full_name="").exists()


def test_out_of_range_query_values_are_422(world):  # noqa: F811
    client = world.client(R.AUDITOR)
    for query in ("limit=0", "offset=abc", "since=notadate", "reads_only=maybe", "page=2"):
        response = client.get(f"{API}/audit?{query}")
        assert response.status_code == 422, query
        assert response.json()["error"]["code"] == "core.invalid_input"
    assert Client().get(f"{API}/reference/occupations?level=9").status_code == 422


def test_a_path_id_out_of_range_is_a_client_error_not_a_crash(world):  # noqa: F811
    client = world.client(R.ORIGIN_OFFICER)
    for worker_id in ("99999999999999999999999", "-1", "abc"):
        response = client.get(f"{API}/workers/{worker_id}")
        assert response.status_code in {404, 422}, (worker_id, response.content)
