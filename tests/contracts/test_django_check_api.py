"""POST /api/v1/contracts/check and /compare: the public interface of CONTRACTS.md over HTTP."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.accounts.choices import Role
from corridor.contracts.models import CheckRecord
from corridor.contracts.services import contract_hash

from .django_helpers import sample, violating

CHECK = "/api/v1/contracts/check"
COMPARE = "/api/v1/contracts/compare"
pytestmark = pytest.mark.django_db


def post(client, url, body, **headers):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json", **headers)


def test_compliant_contract(client):
    response = post(client, CHECK, sample())
    assert response.status_code == 200
    body = response.json()
    assert body["compliant"] is True and body["findings"] == []
    assert {"id": "ilo", "version": "2026-11-01"} in body["rulesets"]
    assert body["checked_at"].endswith("Z")


def test_violations_have_the_public_shape(client):
    body = post(client, CHECK, violating()).json()
    assert body["compliant"] is False
    categories = {f["category"] for f in body["findings"]}
    assert {"wage.below_minimum", "documents.retention"} <= categories
    for finding in body["findings"]:
        assert set(finding) >= {"category", "severity", "rule", "term", "expected", "actual", "message", "citation"}
        assert finding["citation"]["instrument"] and finding["citation"]["url"].startswith("http")
        assert "prevails_over" not in finding or finding["prevails_over"]


def test_messages_follow_accept_language(client):
    english = post(client, CHECK, violating()).json()["findings"]
    nepali = post(client, CHECK, violating(), HTTP_ACCEPT_LANGUAGE="ne-NP,ne;q=0.9,en;q=0.5").json()["findings"]
    assert [f["rule"] for f in english] == [f["rule"] for f in nepali]
    assert all(a["message"] != b["message"] for a, b in zip(english, nepali, strict=True))
    assert any("न्यूनतम" in f["message"] for f in nepali)
    tagalog = post(client, CHECK, violating(), HTTP_ACCEPT_LANGUAGE="tl").json()["findings"]
    assert any("sahod" in f["message"] for f in tagalog)


def test_every_check_is_recorded_with_rulesets_and_versions(client, make_user, signed_in):
    doc = violating()
    result = post(client, CHECK, doc).json()
    record = CheckRecord.objects.get()
    assert record.content_hash == contract_hash(doc)
    assert {"id": "ph", "version": "2026-11-01"} in record.rulesets
    expected_violations = sum(1 for f in result["findings"] if f["severity"] == "violation")
    assert record.compliant is False and record.violations == expected_violations >= 2 and record.checked_by is None
    assert record.source == "api"
    worker = make_user(Role.WORKER)
    post(signed_in(worker), CHECK, doc)
    assert CheckRecord.objects.filter(checked_by=worker).count() == 1


def test_a_contract_from_2005_is_checked_by_the_rules_of_2005(client):
    old = post(client, CHECK, sample(term__start_date="2005-03-01")).json()
    assert {"id": "ph", "version": "2006-12-15"} in old["rulesets"]


def test_schema_problems_are_422_by_json_path(client):
    doc = sample(wage__amount=700, hours=None)
    doc["corridor"]["origin"] = "ph"
    response = post(client, CHECK, doc)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "contract.invalid"
    assert set(error["fields"]) == {"$.wage.amount", "$.hours", "$.corridor.origin"}
    assert all(isinstance(m, list) and m for m in error["fields"].values())
    assert not CheckRecord.objects.exists()


def test_wrong_schema_version_is_named(client):
    error = post(client, CHECK, sample(schema="corridor.contract/2")).json()["error"]
    assert "$.schema" in error["fields"]


@pytest.mark.parametrize(("body", "status", "code"), [
    (b"not json at all", 400, "contract.invalid_json"),
    (b"\xff\xfegarbage", 400, "contract.invalid_encoding"),
    (b"\xff\xfe\x00garbage", 400, "nul_character"),
    (b"[1, 2, 3]", 400, "contract.not_object"),
    (b'{"schema": 1, "schema": 2}', 400, "contract.duplicate_key"),
    (b"[" * 100 + b"]" * 100, 400, "contract.too_deep"),
    (b'{"a": NaN}', 400, "contract.invalid_json"),
    (b"", 400, "contract.invalid_json"),
    (b'{"x": "' + b"a" * (1024 * 1024 + 10) + b'"}', 413, "contract.too_large"),
])
def test_garbage_huge_and_deep_bodies_are_refused_cleanly(client, body, status, code):
    response = post(client, CHECK, body)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_a_body_over_the_node_limit_never_reaches_the_view(client):
    response = post(client, CHECK, b"{" + b" " * (3 * 1024 * 1024) + b"}")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"  # the middleware's spelling: see the report


def test_amounts_stay_decimal(client):
    doc = sample()
    body = json.dumps(doc).replace('"normal_daily": 8', '"normal_daily": 8.10000000000000000001')
    assert post(client, CHECK, body).status_code == 200


def test_a_currency_without_a_rate_is_reported_never_guessed(client):
    body = post(client, CHECK, sample(wage__currency="KES", wage__amount="100000.00")).json()
    wage = [f for f in body["findings"] if f["term"] == "wage.amount"]
    assert wage and all("rate" in f["actual"] for f in wage)
    assert "KES" in wage[0]["actual"]


def test_check_only_accepts_post(client):
    response = client.get(CHECK)
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "core.method_not_allowed"


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                    max_leaves=12))
def test_any_json_gets_a_clean_answer(client, value):
    response = post(client, CHECK, value)
    assert response.status_code in (200, 400, 422)
    code = response.status_code == 200 or response.json()["error"]["code"]
    assert code is True or code.startswith("contract.") or code == "nul_character"


# -- compare ---------------------------------------------------------------------------------------------


def test_compare_reports_a_substitution(client):
    registered = sample(wage__amount="1500.00")
    presented = sample(wage__amount="1100.00", job__worksite="Dammam")
    body = post(client, COMPARE, {"registered": registered, "presented": presented}).json()
    assert body["substituted"] is True
    changes = {c["term"]: c for c in body["changes"]}
    assert changes["wage.amount"] == {"term": "wage.amount", "registered": "1500.00", "presented": "1100.00",
                                      "less_favourable": True}
    assert changes["job.worksite"]["less_favourable"] is None


def test_compare_identical_contracts(client):
    body = post(client, COMPARE, {"registered": sample(), "presented": sample()}).json()
    assert body == {"substituted": False, "changes": []}


def test_compare_names_problems_under_each_document(client):
    response = post(client, COMPARE, {"registered": sample(wage__amount=1), "presented": "nope"})
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"$.registered.wage.amount", "$.presented"}
    response = post(client, COMPARE, {"registered": sample()})
    assert set(response.json()["error"]["fields"]) == {"$.presented"}
    assert post(client, COMPARE, b"{nope").json()["error"]["code"] == "contract.invalid_json"


def test_compare_in_another_currency_without_a_rate_has_no_direction(client):
    registered = sample(wage__amount="1500.00")
    presented = sample(wage__amount="400.00", wage__currency="KES")
    changes = {c["term"]: c for c in post(client, COMPARE, {"registered": registered, "presented": presented})
               .json()["changes"]}
    assert changes["wage.amount"]["less_favourable"] is None


def test_openapi_describes_both_endpoints(client):
    spec = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/contracts/check", "/api/v1/contracts/compare"):
        operation = spec["paths"][path]["post"]
        assert {"200", "400", "413", "422"} <= set(operation["responses"])
        assert "requestBody" in operation


def test_the_api_says_what_was_applied_and_what_was_not(client):
    doc = sample()
    doc["corridor"]["destination"] = "DE"
    doc["employer"]["country"] = "DE"
    body = post(client, CHECK, doc, HTTP_ACCEPT_LANGUAGE="es").json()
    assert body["compliant"] is False
    gap = next(n for n in body["not_checked"] if n["blocking"])
    assert gap == {"subject": "DE", "reason": "no_ruleset_destination", "blocking": True, "message": gap["message"]}
    assert "No comprobado" in gap["message"]
    assert body["rules_applied"] and all(r.startswith(("ilo.", "ph.")) for r in body["rules_applied"])


def test_plain_reading_beside_the_public_fields(client):
    english = post(client, CHECK, violating()).json()
    assert {"compliant", "checked_at", "rulesets", "findings"} <= set(english)
    plain = english["plain"]
    assert plain["verdict"] == "no" and plain["headline"] == "Do not sign this offer."
    assert 1 <= len(plain["sentences"]) <= 5 and len(plain["all"]) >= len(plain["sentences"])
    assert all(s["law"]["name"] for s in plain["sentences"] if s["kind"] != "gap")
    rules = {f["rule"] for f in english["findings"]} | {f["term"] for f in english["findings"]}
    assert not any(rule in s["text"] for s in plain["all"] for rule in rules if rule)
    spanish = post(client, CHECK, violating(), HTTP_ACCEPT_LANGUAGE="es").json()["plain"]
    assert spanish["verdict"] == "no" and spanish["headline"] != plain["headline"]
    assert post(client, CHECK, sample()).json()["plain"]["verdict"] == "sign"
