"""The API's conventions: one spelling of error codes, one pagination, filters refused when unknown or invalid."""

import re
from pathlib import Path

import pytest
from django.test import Client

from corridor.accounts.choices import Role
from corridor.api import api
from corridor.core import pagination
from corridor.core.errors import STATUS_CODES, CorridorError
from tests.world import world  # noqa: F401

API = "/api/v1"
SRC = Path(__file__).resolve().parents[2] / "src" / "corridor"
# The spelling of the public contract-check codes (spec/CONTRACTS.md: `wage.below_minimum`): app, dot, snake case.
CODE = re.compile(r"^[a-z]+\.[a-z][a-z0-9_]*$")


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_error_code_is_spelt_app_dot_name():
    import corridor.accounts.errors  # noqa: F401
    import corridor.cases.errors  # noqa: F401
    import corridor.clearance.errors  # noqa: F401
    import corridor.exchange.errors  # noqa: F401
    import corridor.registry.errors  # noqa: F401

    codes = {cls.__name__: cls.code for cls in [CorridorError, *_subclasses(CorridorError)]}
    codes.update({f"HTTP {status}": code for status, code in STATUS_CODES.items()})
    # what a node answers a peer (exchange REJECTION_CODES) is the exchange protocol's own vocabulary, not an API code
    protocol = set(corridor.exchange.errors.REJECTION_CODES)
    wrong = {name: code for name, code in codes.items() if not CODE.match(code) and code not in protocol}
    assert not wrong, wrong


def test_codes_given_at_a_raise_are_spelt_the_same_way():
    wrong = []
    for path in SRC.rglob("*.py"):
        for code in re.findall(r'(?:Error|Input|NotFound|Denied|Allowed)\([^)]*code="([^"]+)"', path.read_text("utf-8")):
            if not CODE.match(code):
                wrong.append((path.name, code))
    assert not wrong


@pytest.fixture
def auditor(world):  # noqa: F811
    return world.client(Role.AUDITOR)


def test_a_list_is_paged_with_limit_and_offset(auditor):
    body = auditor.get(f"{API}/audit?limit=2&offset=1").json()
    assert set(body) == {"count", "limit", "offset", "results"}
    assert body["limit"] == 2 and body["offset"] == 1 and len(body["results"]) == 2 and body["count"] > 3
    everything = auditor.get(f"{API}/audit?limit=200").json()["results"]
    assert [e["seq"] for e in body["results"]] == [e["seq"] for e in everything[1:3]]


@pytest.mark.parametrize("query", ["limit=0", f"limit={pagination.MAX_LIMIT + 1}", "offset=-1", "limit=abc",
                                   "offset=99999999999999999999999999", f"offset={pagination.MAX_OFFSET + 1}"])
def test_a_page_outside_the_bounds_is_refused_not_a_crash(auditor, query):
    response = auditor.get(f"{API}/audit?{query}")
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "core.invalid_input" and set(error["fields"]) <= {"limit", "offset"}


def test_a_huge_offset_within_the_bound_is_an_empty_page(auditor):
    body = auditor.get(f"{API}/audit?offset={pagination.MAX_OFFSET}").json()
    assert body["results"] == [] and body["offset"] == pagination.MAX_OFFSET


@pytest.mark.parametrize(("path", "query", "field"), [
    ("/audit", "acter=u-auditor", "acter"),  # a misspelt filter
    ("/audit", "page=2", "page"),  # the old page-number parameter
    ("/workers", "nationalty=PH", "nationalty"),
    ("/cases", "stauts=new", "stauts"),
    ("/clearances", "worker=1", "worker"),
])
def test_an_unknown_query_parameter_is_refused(world, path, query, field):  # noqa: F811
    client = world.client(Role.ORIGIN_OFFICER if path != "/audit" else Role.AUDITOR)
    response = client.get(f"{API}{path}?{query}")
    assert response.status_code == 422, response.content
    assert response.json() == {"error": {"code": "core.invalid_input", "message": "Some fields are not valid.",
                                         "fields": {field: ["This parameter is not known here."]}}}


@pytest.mark.parametrize(("path", "query", "field"), [
    ("/cases", "status=no-such-status", "status"),
    ("/clearances", "status=no-such-status", "status"),
    ("/cases", "urgent=perhaps", "urgent"),
    ("/audit", "since=yesterday", "since"),
])
def test_an_invalid_filter_value_is_refused_not_dropped(world, path, query, field):  # noqa: F811
    client = world.client(Role.AUDITOR if path == "/audit" else Role.ORIGIN_OFFICER)
    response = client.get(f"{API}{path}?{query}")
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "core.invalid_input" and field in error["fields"]


@pytest.mark.django_db
def test_an_unknown_parameter_on_a_public_endpoint_is_refused_and_anonymous_still_gets_401():
    assert Client().get(f"{API}/node?verbose=1").status_code == 422
    assert Client().get(f"{API}/audit?acter=x").status_code == 401  # authentication first: nothing about the shape


def test_every_operation_with_query_parameters_declares_the_422_it_can_answer():
    schema = api.get_openapi_schema()
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if any(p.get("in") == "query" for p in operation.get("parameters", [])):
                if "422" not in {str(status) for status in operation["responses"]}:
                    missing.append(f"{method.upper()} {path}")
    assert not missing


def test_paged_lists_share_one_shape_in_openapi():
    schema = api.get_openapi_schema()
    for path in ("/api/v1/audit", "/api/v1/cases"):
        operation = schema["paths"][path]["get"]
        names = {p["name"] for p in operation["parameters"]}
        assert {"limit", "offset"} <= names, path
        responses = {str(status): answer for status, answer in operation["responses"].items()}
        ref = responses["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        assert set(schema["components"]["schemas"][ref]["properties"]) == {"count", "limit", "offset", "results"}
